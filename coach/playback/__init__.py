"""Live playback for ``coach play``.

``outputs`` picks a sound output by name (``--output``) from its table, each
output (``sd_output``, ``sa_output``) behind the protocol in ``output``;
``player`` streams a session's blocks to it with pause, skip and quit, through
the ``ring``; ``keys`` reads those keys from the terminal; ``probe`` starts the
sound system in a child process first. The harness that checks and measures
playback without a sound card lives in ``tests/support/``.

This package imports nothing on purpose: ``coach.playback.outputs`` must stay
importable without numpy so an unusable output is refused before anything heavy
is loaded.
"""
