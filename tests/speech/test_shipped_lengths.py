"""The lengths shipped for the default voice are what the real voice makes, and plans from them are the audio's."""

from __future__ import annotations

import json
import os
import shutil

import pytest

import ship_lengths
from coach.app.produce import production
from coach.app.settings import gather
from coach.speech.known import known_lengths, shipped_lengths, voice_key
from coach.speech.speech import open_speech


@pytest.fixture(scope="module")
def spoken(tmp_path_factory, spoken_phrases):
    """A phrase cache holding every line of the table, spoken by the real default voice (once per module).

    It starts from a copy of the suite's shared cache (the default options' lines, spoken in this run by
    the same voice); the table's other lines are spoken here.
    """
    cache = tmp_path_factory.mktemp("spoken-cache")
    shutil.copytree(spoken_phrases, cache / "phrases", copy_function=os.link)  # read only: linked
    return cache, ship_lengths.make_table(cache)


def test_the_shipped_table_is_what_the_default_voice_makes(spoken):
    _, made = spoken
    shipped = ship_lengths.TABLE.read_text("utf-8")
    assert ship_lengths.dumps(made) == shipped, "run scripts/ship_lengths.py and commit coach/speech/lengths.json"
    assert len(json.loads(shipped)["lengths"]) > 150


@pytest.mark.parametrize("level", ["short", "standard", "full"])
@pytest.mark.parametrize("routine", ["pre-run", "post-run"])
def test_a_plan_from_the_shipped_table_is_the_plan_of_the_spoken_audio(spoken, tmp_path, monkeypatch, routine, level):
    cache, _ = spoken
    monkeypatch.setenv("COACH_CONFIG_DIR", str(tmp_path / "config"))
    chosen = gather([routine], {"level": level})
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cold"))  # nothing spoken here
    cold = production(chosen, audio=False).timeline
    assert not (tmp_path / "cold").exists()
    monkeypatch.setenv("COACH_CACHE_DIR", str(cache))  # every line spoken: the lengths of the audio
    heard = production(chosen)
    assert heard.speech is not None and cold.to_json() == heard.timeline.to_json()


def test_the_cache_comes_before_the_table_and_other_voices_get_nothing(spoken, tmp_path):
    cache, made = spoken
    key = voice_key()
    line = "Stand tall."
    assert known_lengths(key, [line], tmp_path) == {}  # neither shipped nor spoken yet
    speech = open_speech(cache_dir=tmp_path)
    assert known_lengths(key, [line], tmp_path) == {}
    spoken_length = speech.prepare([line])[line]
    assert known_lengths(key, [line], tmp_path) == {line: spoken_length}
    assert shipped_lengths(voice_key(rate=171)) == {} and shipped_lengths(voice_key(engine="espeak-ng")) == {}
    some = next(iter(made["lengths"]))
    assert known_lengths(voice_key(rate=171), [some], tmp_path) == {}
    assert known_lengths(key, [some], tmp_path) == {some: made["lengths"][some]}
