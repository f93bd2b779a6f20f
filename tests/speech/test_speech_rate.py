"""The rate the runner sets is the rate heard: words a minute over a session's lines, and no long line rushed.

Measured from the plans, whose lengths are the real voice's (the shipped table, itself checked against
the voice in test_shipped_lengths.py).
"""

from __future__ import annotations

import pytest

from coach.app.choose import Typed, choices
from coach.app.produce import production
from coach.speech.rates import DEFAULT_RATE, PACED_WORDS, paced_rate, word_count, words_a_minute
from coach.units import SAMPLE_RATE


def spoken(routine: str, **typed):
    timeline = production(choices([routine], Typed(**typed)), audio=False).timeline
    return [(e.text, e.length / SAMPLE_RATE) for e in timeline.spoken() if e.text]


@pytest.mark.parametrize("level", ["standard", "full"])
@pytest.mark.parametrize("routine", ["pre-run", "post-run"])
def test_a_session_is_spoken_at_the_rate_set(routine, level) -> None:
    lines = spoken(routine, level=level)
    words = sum(word_count(t) for t, _ in lines)
    seconds = sum(s for _, s in lines)
    said = 60 * words / seconds
    assert abs(said / DEFAULT_RATE - 1) <= 0.05, f"{routine}: {said:.0f} words a minute at --rate {DEFAULT_RATE}"


@pytest.mark.parametrize("routine", ["pre-run", "post-run"])
def test_no_long_line_is_rushed(routine) -> None:
    lines = spoken(routine)
    rushed = {t: round(words_a_minute(t, s)) for t, s in lines
              if word_count(t) >= 8 and words_a_minute(t, s) > 1.3 * DEFAULT_RATE}
    assert not rushed
    paced = [words_a_minute(t, s) for t, s in lines if word_count(t) >= PACED_WORDS]
    assert max(paced) <= 1.2 * DEFAULT_RATE, max(paced)


def test_words_are_counted_as_a_listener_hears_them() -> None:
    assert word_count("Right foot forward.") == 3
    assert word_count("20 metres there, 20 back.") == 5
    assert word_count("Kneeling hip-flexor stretch. Don't rush.") == 6


def test_a_rushed_line_is_said_again_at_the_rate_and_short_ones_are_left() -> None:
    line = "Walk to your wall now."  # 5 words
    assert paced_rate(line, 5 * 60 / 170, 170) is None  # at the rate
    assert paced_rate(line, 5 * 60 / 300, 170) == round(170 * 170 / 300)
    assert paced_rate("Hold it.", 0.2, 170) is None  # too short to pace
    assert paced_rate(line, 0.01, 100) == 80  # never under the lowest rate
