"""Finding the voice a person asked for, with close matches when there is none."""

from __future__ import annotations

import difflib
from typing import Iterable

from coach.errors import InputError
from coach.speech.engine import VoiceInfo


def find_voice(wanted: str, voices: Iterable[VoiceInfo]) -> VoiceInfo:
    """The voice whose id, name or main language is ``wanted`` (case does not matter).

    InputError naming close matches when there is none.
    """
    voices = list(voices)
    key = wanted.strip().casefold()
    language = key.replace("_", "-")
    for field, value in ((_id, key), (_name, key), (_main_language, language)):
        for voice in voices:
            if field(voice) == value:
                return voice
    raise InputError(not_found(wanted, list(dict.fromkeys([v.id for v in voices] + [v.name for v in voices]))))


def not_found(wanted: str, known: list[str], what: str = "voice") -> str:
    """One line: no such voice, and the close matches (or some examples)."""
    lowered = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(wanted.strip().casefold(), list(lowered), n=4, cutoff=0.6)
    if close:
        return f'no {what} "{wanted}"; close matches: {", ".join(lowered[c] for c in close)}'
    examples = ", ".join(sorted(known)[:6])
    return f'no {what} "{wanted}"; some that exist: {examples}'


def _id(voice: VoiceInfo) -> str:
    return voice.id.casefold()


def _name(voice: VoiceInfo) -> str:
    return voice.name.casefold()


def _main_language(voice: VoiceInfo) -> str:
    return voice.languages[0].casefold().replace("_", "-") if voice.languages else ""
