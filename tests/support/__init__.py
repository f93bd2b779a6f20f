"""Test support, not part of coach: a private PulseAudio rig and ALSA capture
(``rig``), live-playback measurements (``measure``), a synthetic child player
(``synthetic``) and fake speech and timelines for the renderer (``fakes``).

``scripts/bench_play.py`` uses ``rig`` and ``measure`` too.
"""
