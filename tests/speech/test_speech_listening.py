"""A real recognizer (Whisper tiny.en) must understand the built-in routines' lines.

Slow-ish: every distinct line of each routine is transcribed, but of the rep
counts ("Right leg, 3.") only every :data:`COUNTS_EVERY`-th: they are many
(55 of the warm-up's 119 lines) and alike; ``scripts/listen.py`` hears them all.
``COACH_LISTEN_ENGINE=espeak-ng`` listens to another engine for a manual run;
``pytest -s`` shows the figures, and the JUnit XML records them.
"""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from support.listening import (
    describe,
    listen_routine,
    load_recognizer,
    normalize,
    side_misheard,
    thinned_counts,
    transcribe,
    word_errors,
)

from coach.speech import open_speech

ENGINE = os.environ.get("COACH_LISTEN_ENGINE") or "piper"
"""The engine whose clips are heard; the env var overrides it for manual runs."""

ROUTINES = ["pre-run", "post-run"]
MIN_UNDERSTOOD = 0.88
MAX_WER = 0.03
"""Bounds for the sample, below the whole sessions as scripts/listen.py heard them on 24deded: warm-up 92 % / 1.8 %, cool-down 98 % / 0.4 %."""
COUNTS_EVERY = 4
"""Of the rep counts, every this-many-th is heard (the first included); every other line always is."""



@pytest.fixture(scope="module", params=ROUTINES)
def report(request, tmp_path_factory, record_testsuite_property, spoken_phrases):
    """The listener's report on one routine, made once per routine.

    The default voice's lines come from the suite's shared phrase cache (a copy).
    The figures go to the terminal (``pytest -s``) and to the JUnit XML.
    """
    routine = request.param
    cache = tmp_path_factory.mktemp(f"listen-{routine}")
    shutil.copytree(spoken_phrases, cache / "phrases", copy_function=os.link)  # read only: linked
    made = listen_routine(routine, ENGINE, cache, COUNTS_EVERY)
    print(f"\n{describe(made, f'{routine} ({ENGINE})')}")
    record_testsuite_property(f"{routine}-understood", round(made.understood, 4))
    record_testsuite_property(f"{routine}-wer", round(made.wer, 4))
    return made


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return open_speech(ENGINE, cache_dir=tmp_path_factory.mktemp("listen-speech"))


def test_most_lines_are_understood_word_for_word(report) -> None:
    if report.understood < MIN_UNDERSTOOD or report.wer > MAX_WER:
        pytest.fail(
            f"{report.understood:.0%} of lines understood word for word, word errors {report.wer:.1%} "
            f"(need {MIN_UNDERSTOOD:.0%}, {MAX_WER:.0%}); rephrase the misheard lines:\n{describe(report, ENGINE)}"
        )


def test_every_side_is_heard_right(report) -> None:
    wrong = side_misheard(report)
    heard = "\n".join(f'  "{r.text}" -> "{r.heard}"' for r in wrong)
    if wrong:
        pytest.fail(
            f"left/right misheard in {len(wrong)} lines (understood {report.understood:.0%}, "
            f"WER {report.wer:.1%}):\n{heard}"
        )


def test_the_recognizer_hears_the_line_it_is_given(speech) -> None:
    model = load_recognizer()
    heard = normalize(transcribe(model, speech.clip("Stand beside a wall for balance.")))
    same = word_errors(normalize("Stand beside a wall for balance."), heard)
    other = word_errors(normalize("Lie down on your back."), heard)
    assert other > 0
    assert same < other, f"heard {heard}"


def test_the_recognizer_repeats_itself(speech) -> None:
    model = load_recognizer()
    clip = speech.clip("Kneeling hip-flexor stretch. Four each side, 30-second holds.")
    assert transcribe(model, clip) == transcribe(model, clip.copy())


def test_the_sample_keeps_every_line_but_thins_the_counts() -> None:
    cues = {"Go.": "move", "Right, 1.": "rep", "Right, 2.": "rep", "Hold.": "hold", "Right, 3.": "rep"}
    assert thinned_counts(cues, 2) == ["Go.", "Right, 1.", "Hold.", "Right, 3."]
    assert thinned_counts(cues, 1) == list(cues)


def test_silence_is_not_heard_as_a_cue() -> None:
    heard = normalize(transcribe(load_recognizer(), np.zeros(44100, dtype=np.float32)))
    assert not {"left", "right"} & set(heard), heard


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Knee-drive crossover. 20 metres there, 20 back.",
         ["knee", "drive", "cross", "over", "twenty", "meters", "there", "twenty", "back"]),
        ("Spider-Man, Spiderman; cool-down, cooldown", ["spider", "man", "spider", "man", "cool", "down", "cool", "down"]),
        ("Four each side, 30-second holds.", ["four", "each", "side", "thirty", "second", "holds"]),
        ("Right, 2.", ["right", "two"]),
        ("Rest for 15 seconds.", ["rest", "for", "fifteen", "seconds"]),
        ("I'll come back to centre!", ["i'll", "come", "back", "to", "center"]),
        ("I\u2019ll be 'quick'", ["i'll", "be", "quick"]),
        ("Okay: OK?", ["okay", "okay"]),
        ("0, 7, 100, 999 and 1,000", ["zero", "seven", "one", "hundred", "nine", "hundred",
                                      "ninety", "nine", "and", "one", "thousand"]),
        ("215 meters", ["two", "hundred", "fifteen", "meters"]),
        ("Sink forward -- a little...", ["sink", "forward", "a", "little"]),
    ],
)
def test_normalize(text: str, words: list[str]) -> None:
    assert normalize(text) == words


def test_normalize_does_not_loosen_words() -> None:
    assert normalize("Set 4 of 4.") != normalize("Set for of four.")
    assert normalize("Left leg leads.") != normalize("Left leg lead.")


@pytest.mark.parametrize(
    ("ref", "hyp", "errors"),
    [
        ("right two", "right two", 0),
        ("right two", "left two", 1),
        ("right two", "right", 1),
        ("right two", "right two three", 1),
        ("", "right", 1),
        ("right", "", 1),
        ("stop there nice work", "stop there i work", 1),
        ("a b c d", "b c d e", 2),
        ("left leg leads", "leads leg left", 2),
    ],
)
def test_word_errors(ref: str, hyp: str, errors: int) -> None:
    assert word_errors(ref.split(), hyp.split()) == errors
