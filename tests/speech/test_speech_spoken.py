"""Cues written as they are heard, before any engine reads them."""

from __future__ import annotations

import pytest

from coach.errors import InputError
from coach.speech.speech import spoken_form
from coach.speech.spoken import speakable


@pytest.mark.parametrize(
    "text, spoken",
    [
        ("Run 20 m.", "Run 20 metres."),
        ("Jog 1m, then 400m", "Jog 1 metre, then 400 metres"),
        ("Hold 30s, then 2 min", "Hold 30 seconds, then 2 minutes"),
        ("Easy 2.5 km", "Easy 2.5 kilometres"),
        ("Arms & legs", "Arms and legs"),
        ("At 50% effort", "At 50 percent effort"),
        ("20 metres, slow mo", "20 metres, slow mo"),
        ("Room 5m2 stays", "Room 5m2 stays"),
        ("100M hurdles", "100M hurdles"),  # units as written: M is not metres
        ("& + =", "& + ="),  # symbols alone are left for the sanitizer to refuse
    ],
)
def test_units_and_symbols_are_written_as_they_are_heard(text, spoken):
    assert speakable(text) == spoken


def test_the_engine_gets_the_spoken_and_cleaned_form():
    assert spoken_form("  Walk 20 m <b>easy</b>, rest & breathe 🙂 ") == "Walk 20 metres easy , rest and breathe"


def test_symbols_alone_are_still_nothing_to_say():
    with pytest.raises(InputError, match='nothing to say in cue "& \\+"'):
        spoken_form("& +")
