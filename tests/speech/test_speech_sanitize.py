"""The sanitizer: only sayable text reaches an engine."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.errors import InputError
from coach.speech import MAX_CHARS, sanitize

ALLOWED_PUNCTUATION = set(".,!?;:'- ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Right, 17", "Right, 17"),
        ("**Hold** for _ten_ seconds", "Hold for ten seconds"),
        ("# Next up: `leg swings`", "Next up: leg swings"),
        ("left|right \\ [again] {now}", "left right again now"),
        ('<speak><prosody rate="slow">Breathe in</prosody></speak>', "Breathe in"),
        ("<break time='1s'/>Go!", "Go!"),
        ("Great job! 💪🏃‍♀️🔥", "Great job!"),
        ("Hold\x00 it\x07\n\tthere", "Hold it there"),
        ("Don’t rush – breathe", "Don't rush - breathe"),
        ("Élan, façade, Übung, niño", "Élan, façade, Übung, niño"),
        ("Cafe\u0301 au lait", "Café au lait"),
        ("in\u200bvisible joiner", "invisible joiner"),
        ("Twenty metres/turn around", "Twenty metres turn around"),
        ("   lots   of    space  ", "lots of space"),
        ("Ｗｉｄｅ letters", "Wide letters"),
        ("x² reps", "x2 reps"),
    ],
)
def test_cleans_markup_and_symbols(text, expected):
    assert sanitize(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "***", "💪🔥", "<speak></speak>", "...!?", "\x00\x01"])
def test_nothing_to_say_is_refused(text):
    with pytest.raises(InputError, match="^nothing to say in cue "):
        sanitize(text)


def test_message_shows_the_cue_shortened():
    with pytest.raises(InputError) as error:
        sanitize("🔥" * 100)
    message = str(error.value)
    assert message.startswith('nothing to say in cue "') and len(message) < 80


def test_length_is_capped():
    assert len(sanitize("a" * MAX_CHARS)) == MAX_CHARS
    with pytest.raises(InputError, match=r"too long to say \(401 characters; the limit is 400\)"):
        sanitize("a" * (MAX_CHARS + 1))


def test_huge_text_is_refused_quickly():
    with pytest.raises(InputError, match="too long to say"):
        sanitize("Keep going. " * 100_000)


def test_markup_does_not_count_towards_the_cap():
    assert sanitize("**" + "a" * MAX_CHARS + "**") == "a" * MAX_CHARS


@given(st.text(max_size=300))
def test_output_is_clean_stable_and_short(text):
    try:
        cleaned = sanitize(text)
    except InputError:
        return
    assert 0 < len(cleaned) <= MAX_CHARS
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert any(c.isalnum() for c in cleaned)
    assert all(
        c.isalnum() or c in ALLOWED_PUNCTUATION or unicodedata.category(c)[0] == "M"
        for c in cleaned
    )
    assert sanitize(cleaned) == cleaned
    assert sanitize(text) == cleaned
