"""Live playback for ``coach play``.

``outputs`` picks a sound output by name (``--output``), ``player`` streams a
session's blocks to it with pause, skip and quit, ``keys`` reads those keys from
the terminal. ``testing``, ``synthetic`` and ``measure`` are the harness that
checks and measures playback without a sound card.

This package imports nothing on purpose: ``coach.playback.outputs`` must stay
importable without numpy so an unusable output is refused before anything heavy
is loaded.
"""
