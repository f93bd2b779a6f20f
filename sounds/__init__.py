"""The session's sounds (WAV files), shipped inside coach as ``coach.sounds``.

Made by scripts/make_sounds.py; loaded by coach.audio.sounds.
"""
