"""pyttsx3 through its espeak driver on Linux: one test per workaround of its defects."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from support.speech import (
    child_env,
    assert_same_phrase,
    coaching_phrases,
    ms,
    require_espeak_library,
    require_pyttsx3,
)

from coach.errors import EnvironmentProblem, InputError
from coach.speech import MAX_CHARS, list_voices, open_speech
from coach.speech import libespeak, pyttsx3_engine
from coach.speech.engines import make_engine
from coach.speech.speech import resample

LONG = (
    "Walking lunge with a twist: step forward into a long lunge, keep your front knee over "
    "your ankle, rotate your chest towards the front leg, reach both arms long, breathe out "
    "as you turn, come back to the middle, drive up through the front heel, and step through "
    "into the next lunge on the other side. Keep your back tall and your eyes up the whole way."
)


@pytest.fixture(autouse=True)
def needs_pyttsx3():
    require_espeak_library()
    require_pyttsx3()


@pytest.fixture
def engine():
    return make_engine("pyttsx3")


def test_runs_on_the_espeak_driver_here(engine):
    assert engine.driver == "espeak"
    assert "pyttsx3" in engine.version() and "espeak-ng" in engine.version()


def test_nothing_printed_on_stdout(capfd, tmp_path):
    """The driver prints "Audio saved to ..." for every file; none of it may show."""
    speech = open_speech("pyttsx3", cache_dir=tmp_path)
    speech.prepare(coaching_phrases(6))
    list_voices("pyttsx3")
    out, _ = capfd.readouterr()
    assert out == ""


def test_long_phrase_is_whole(engine, tmp_path):
    """runAndWait returns early; the engine's clip must still hold the whole phrase, as espeak-ng says it."""
    assert len(LONG) <= MAX_CHARS
    whole = resample(make_engine("espeak-ng").synth(LONG, "en-us", 170))
    said = resample(engine.synth(LONG, engine.resolve_voice(None), 170))  # the engines alone: no pacing
    assert len(said) / 44100 > 15
    assert abs(ms(len(said) - len(whole))) < 0.02 * ms(len(whole))
    clip = open_speech("pyttsx3", cache_dir=tmp_path).clip(LONG)  # paced: said again slower, never shorter
    assert len(said) * 0.98 <= len(clip) <= len(said) * 1.25


SLOW_CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    from coach.speech.engines import make_engine
    from test_speech_pyttsx3 import LONG

    engine = make_engine("pyttsx3")
    driver = engine._tts.proxy._driver
    real_synth, real_run = driver._onSynth, engine._tts.runAndWait
    on_disk_at_return = []

    def slow_synth(wav, count, events):
        time.sleep(0.02)  # every buffer of sound takes a while to make
        return real_synth(wav, count, events)

    def run_and_look():
        real_run()
        on_disk_at_return.append(os.path.exists(driver._save_file))

    driver._onSynth = slow_synth
    engine._tts.runAndWait = run_and_look
    pcm = engine.synth(LONG, engine.resolve_voice(None), 170)
    print(json.dumps({"on_disk_at_return": on_disk_at_return, "samples": len(pcm.samples)}))
    """
)


def test_long_phrase_is_whole_when_the_engine_is_slow(tmp_path):
    """runAndWait returns long before the file exists (the first phrase of a process,
    on a slow machine); we wait for the whole file."""
    env = child_env()
    run = subprocess.run(
        [sys.executable, "-c", SLOW_CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)  # and nothing else was printed
    assert result["on_disk_at_return"] == [False]  # the defect happened...
    whole = resample(make_engine("espeak-ng").synth(LONG, "en-us", 170))  # the engine alone: no pacing
    assert abs(result["samples"] * 2 - len(whole)) < 0.02 * len(whole)  # ...and we got it all


def test_each_phrase_gets_its_own_file(tmp_path):
    """Queued save_to_file calls keep only the last file: phrases must not be mixed up."""
    phrases = coaching_phrases(30)[::3]
    spoken = open_speech("pyttsx3", cache_dir=tmp_path / "p").prepare(phrases)
    assert len(spoken) == len(phrases) and len(set(spoken.values())) > 5
    reference = open_speech("espeak-ng", cache_dir=tmp_path / "e")
    pyttsx3_speech = open_speech("pyttsx3", cache_dir=tmp_path / "p")
    references = {p: reference.clip(p) for p in phrases}
    for text in phrases:
        others = [references[p] for p in phrases if p != text]
        assert_same_phrase(pyttsx3_speech.clip(text), references[text], others)


def test_rate_changes_between_phrases_take_effect(engine):
    """Rate changes after the first phrase used to be lost: each phrase gets its own rate."""
    text = "Turn around at the cone, nice and easy"
    voice = engine.resolve_voice(None)
    slow1 = engine.synth(text, voice, 120)
    fast = engine.synth(text, voice, 320)
    slow2 = engine.synth(text, voice, 120)
    assert len(fast.samples) * 2 < len(slow1.samples)
    assert abs(len(slow1.samples) - len(slow2.samples)) < 0.05 * len(slow1.samples)
    assert libespeak.current_rate() == 120


def test_voice_changes_between_phrases_take_effect(engine):
    text = "Hold for ten seconds"
    american = engine.resolve_voice("en-us")
    german = engine.resolve_voice("de")
    first = engine.synth(text, american, 170).samples
    other = engine.synth(text, german, 170).samples
    again = engine.synth(text, american, 170).samples
    assert libespeak.current_voice().casefold() == american
    assert abs(len(first) - len(again)) < 0.05 * len(first)
    assert abs(len(first) - len(other)) > 0.05 * len(first) or not np.allclose(
        first[: len(other)], other[: len(first)]
    )


def test_rate_comes_from_the_library_not_a_fixed_header(engine):
    """The driver always writes 22050 Hz; the true rate is the library's (22050 for espeak)."""
    pcm = engine.synth("Switch sides", engine.resolve_voice(None), 170)
    assert pcm.rate == libespeak.sample_rate() == 22050
    speech = open_speech("pyttsx3")
    clip = speech.clip("Switch sides")
    assert 0.4 < len(clip) / 44100 < 1.5  # read at the wrong rate it would be twice as long or short


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_never_reaches_pyttsx3(engine, monkeypatch, text):
    monkeypatch.setattr(engine._tts, "save_to_file", lambda *a: pytest.fail("pyttsx3 was called"))
    with pytest.raises(InputError, match="nothing to say"):
        engine.synth(text, engine.resolve_voice(None), 170)
    with pytest.raises(InputError, match="nothing to say in cue"):
        open_speech("pyttsx3").clip(text)


def test_long_text_never_reaches_pyttsx3(engine, monkeypatch):
    """Around 13,000 characters crash the process; far less is refused before the engine."""
    monkeypatch.setattr(engine._tts, "save_to_file", lambda *a: pytest.fail("pyttsx3 was called"))
    with pytest.raises(InputError, match="too long"):
        engine.synth("word " * 3000, engine.resolve_voice(None), 170)
    with pytest.raises(InputError, match="too long to say"):
        open_speech("pyttsx3").clip("word " * 3000)


def test_both_engines_take_turns_in_one_process(tmp_path):
    """pyttsx3 drives the installed libespeak-ng, espeak-ng a private copy: neither disturbs the other,
    and espeak-ng says a phrase to the sample whatever pyttsx3 said before."""
    text = "Left side, three to go"
    espeak_first = open_speech("espeak-ng", cache_dir=tmp_path / "1").clip(text)
    pyttsx3_first = open_speech("pyttsx3", cache_dir=tmp_path / "2").clip(text)
    espeak_again = open_speech("espeak-ng", cache_dir=tmp_path / "3").clip(text)
    pyttsx3_again = open_speech("pyttsx3", cache_dir=tmp_path / "4").clip(text)
    lengths = [len(c) for c in (espeak_first, pyttsx3_first, espeak_again, pyttsx3_again)]
    assert max(lengths) - min(lengths) < 0.03 * max(lengths), lengths
    assert np.array_equal(espeak_first, espeak_again)


def test_voices_and_lookup(engine):
    ids = {v.id for v in engine.voices()}
    assert "gmw/en-us" in ids
    assert engine.resolve_voice("en-us") == "gmw/en-us"
    assert engine.resolve_voice("English (America)") == "gmw/en-us"
    with pytest.raises(InputError, match='no voice "gmw/en-uss"; close matches: gmw/en-us'):
        engine.resolve_voice("gmw/en-uss")


def test_missing_pyttsx3_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyttsx3", None)
    with pytest.raises(EnvironmentProblem, match="pip install pyttsx3"):
        pyttsx3_engine.Pyttsx3Engine()
