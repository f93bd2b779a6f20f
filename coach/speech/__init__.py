"""Speech: short cues turned into trimmed 44.1 kHz clips, synthesized once and cached.

>>> speech = open_speech()            # Piper's en_US-joe-medium voice, everywhere
>>> clip = speech.clip("Next up: leg swings")
>>> lengths = speech.prepare(["Right, 1", "Right, 2"])
"""

from coach.speech.engines import ENGINES, VoiceInfo, default_engine_name
from coach.speech.sanitize import MAX_CHARS, sanitize
from coach.speech.speech import DEFAULT_RATE, RATE_RANGE, Speech, list_voices, open_speech

__all__ = [
    "DEFAULT_RATE",
    "ENGINES",
    "MAX_CHARS",
    "RATE_RANGE",
    "Speech",
    "VoiceInfo",
    "default_engine_name",
    "list_voices",
    "open_speech",
    "sanitize",
]
