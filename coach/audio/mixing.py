"""How the music sits under the voice: the bounds and defaults of its settings.

Kept apart from the bed and the ducking (which need NumPy), so that reading
the runner's settings stays quick.
"""

DEFAULT_LEVEL_DB = -10.0  # the bed's loudness against the voice's
LEVEL_RANGE = (-30.0, 0.0)
DEFAULT_DUCK_DB = 14.0  # how far the music dips under every cue
DUCK_RANGE = (0.0, 40.0)  # dB; 0 leaves the music alone
