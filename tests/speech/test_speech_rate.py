"""The rate the runner sets is the rate heard: words a minute over a session's lines, and no long line rushed.

Measured from the plans, whose lengths are the real voice's (the shipped table, itself checked against
the voice in test_shipped_lengths.py).
"""

from __future__ import annotations

import pytest

from coach.app.choose import Typed, choices
from coach.app.produce import production
from coach.speech.rates import DEFAULT_RATE, MOST_STRETCH, next_rate, paced_length, word_count, words_a_minute
from coach.units import SAMPLE_RATE


def spoken(routine: str, **typed):
    timeline = production(choices([routine], Typed(**typed)), audio=False).timeline
    return [(e.text, e.length / SAMPLE_RATE) for e in timeline.spoken() if e.text]


@pytest.mark.parametrize("level", ["standard", "full"])
@pytest.mark.parametrize("routine", ["pre-run", "post-run"])
def test_a_session_is_spoken_at_the_rate_set(routine, level) -> None:
    lines = spoken(routine, level=level)
    words = sum(word_count(t) for t, _ in lines)
    said = 60 * words / sum(s for _, s in lines)
    assert abs(said / DEFAULT_RATE - 1) <= 0.05, f"{routine}: {said:.0f} words a minute at --rate {DEFAULT_RATE}"


@pytest.mark.parametrize("routine", ["pre-run", "post-run"])
def test_no_long_line_is_rushed(routine) -> None:
    rushed = {t: round(words_a_minute(t, s)) for t, s in spoken(routine)
              if word_count(t) >= 8 and words_a_minute(t, s) > 1.3 * DEFAULT_RATE}
    assert not rushed


def test_words_are_counted_as_a_listener_hears_them() -> None:
    assert word_count("Right foot forward.") == 3
    assert word_count("20 metres there, 20 back.") == 5
    assert word_count("Kneeling hip-flexor stretch. Don't rush.") == 6


def test_a_rushed_line_is_stretched_towards_the_rate_but_not_too_far() -> None:
    line = "Walk to your wall now."  # 5 words: 1.76 s at 170
    assert paced_length(line, 5 * 60 / 170, 170) is None  # at the rate
    assert paced_length(line, 1.6, 170) == pytest.approx(5 * 60 / 170)  # a little quick: to the rate
    assert paced_length(line, 1.0, 170) == pytest.approx(MOST_STRETCH)  # far too quick: stretched at most
    assert paced_length("", 0.0, 170) is None


def test_the_next_try_follows_what_the_engine_did() -> None:
    assert next_rate([(170, 1.0)], 1.1) == round(170 / 1.1)  # lengths as one over the rate, at first
    # The engine stretched the line half as much as asked: the next step goes further.
    assert next_rate([(170, 1.0), (155, 1.045)], 1.1) < 155 - (170 - 155)
    assert next_rate([(170, 1.0)], 10.0) == round(170 * 0.75)  # never more than one step at a time
    assert next_rate([(90, 1.0)], 2.0) == 80  # never under the lowest rate
