"""The espeak-ng engine, for real: many phrases, none lost, truncated or mislabelled."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from support.speech import (
    assert_same_phrase,
    coaching_phrases,
    counting_speech,
    require_espeak_library,
    require_tool,
)

from coach.audio.clarity import clarify
from coach.audio.level import level_speech
from coach.errors import EnvironmentProblem, InputError
from coach.speech import list_voices, open_speech
from coach.speech import libespeak
from coach.speech.audiofile import read_audio
from coach.speech.engines import make_engine
from coach.speech.speech import resample
from coach.speech.trim import trim
from coach.plan.timeline import SAMPLE_RATE

PHRASES = coaching_phrases(300)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The 300 phrases spoken in one go: (speech, {text: clip})."""
    require_espeak_library()
    speech = open_speech("espeak-ng", cache_dir=tmp_path_factory.mktemp("batch"))
    lengths = speech.prepare(PHRASES)
    clips = {text: speech.clip(text) for text in PHRASES}
    assert lengths == {text: len(clip) for text, clip in clips.items()}
    return speech, clips


def spoken_words(text: str) -> int:
    """Words as spoken: a number says one word per digit, plus "hundred"."""
    count = 0
    for word in text.split():
        digits = re.sub(r"\D", "", word)
        count += len(digits) + (len(digits) == 3) if digits else 1
    return count


def test_300_phrases_none_lost_or_empty(batch):
    _, clips = batch
    assert len(clips) == 300
    for text, clip in clips.items():
        assert clip.dtype == np.float32 and clip.ndim == 1, text
        assert np.abs(clip).max() > 0.05, f"{text!r} is silent"


def test_each_length_fits_its_word_count(batch):
    _, clips = batch
    for text, clip in clips.items():
        seconds_per_word = len(clip) / SAMPLE_RATE / spoken_words(text)
        assert 0.15 < seconds_per_word < 0.8, (text, seconds_per_word)


def test_length_grows_with_the_text():
    speech = open_speech("espeak-ng")
    words = "Keep your hips square and your chest tall all the way".split()
    texts = [" ".join(words[:n]) for n in range(1, len(words) + 1)]
    lengths = [speech.prepare(texts)[t] for t in texts]
    assert lengths == sorted(lengths) and len(set(lengths)) == len(lengths), lengths


def test_a_phrase_alone_matches_it_among_others(batch, tmp_path):
    """No crosstalk, no mislabel: each sampled phrase, spoken alone, is nearest to its own clip."""
    _, clips = batch
    alone = open_speech("espeak-ng", cache_dir=tmp_path)
    for text in PHRASES[::15]:
        clip = alone.clip(text)
        others = sorted((t for t in PHRASES if t != text), key=lambda t: abs(len(clips[t]) - len(clip)))
        assert_same_phrase(clip, clips[text], [clips[t] for t in others[:5]])
        assert np.array_equal(clip, clips[text]), text  # and to the sample


def test_matches_the_espeak_ng_command_line(batch, tmp_path):
    """An independent path (the espeak-ng program) says the same, for the same length."""
    _, clips = batch
    program = require_tool("espeak-ng")
    for text in PHRASES[7::40]:
        wav = tmp_path / "cli.wav"
        subprocess.run([program, "-v", "en-us", "-s", "170", "-w", str(wav), text], check=True)
        reference = level_speech(clarify(level_speech(trim(resample(read_audio(wav)), SAMPLE_RATE))))  # as Speech does
        others = sorted((t for t in PHRASES if t != text), key=lambda t: abs(len(clips[t]) - len(reference)))
        assert_same_phrase(clips[text], reference, [clips[t] for t in others[:5]])


def test_engine_gives_its_true_rate_and_some_silence_around():
    pcm = make_engine("espeak-ng").synth("Hold for ten seconds.", "en-us", 170)
    assert pcm.rate == libespeak.sample_rate() == 22050
    clip = resample(pcm)
    assert abs(len(clip) - 2 * len(pcm.samples)) <= 2


def test_clips_are_read_only_and_cached_in_memory():
    speech = open_speech("espeak-ng")
    clip = speech.clip("Breathe out")
    with pytest.raises(ValueError):
        clip[0] = 1.0
    assert speech.clip("Breathe out") is clip


def test_prepare_keys_lengths_by_the_text_as_given(tmp_path):
    speech, engine = counting_speech(tmp_path)
    lengths = speech.prepare(["**Go!**", "Go!", "  Go! ", "Right, 1"])
    assert set(lengths) == {"**Go!**", "Go!", "  Go! ", "Right, 1"}
    assert lengths["**Go!**"] == lengths["Go!"] == lengths["  Go! "]
    assert sorted(engine.calls) == ["Go!", "Right, 1"]


def test_nothing_printed_on_stdout(capfd):
    speech = open_speech("espeak-ng")
    speech.prepare(coaching_phrases(12))
    list_voices("espeak-ng")
    out, _ = capfd.readouterr()
    assert out == ""


def test_voices_are_listed_with_ids_names_and_languages():
    voices = {v.id: v for v in list_voices("espeak-ng")}
    assert voices["en-us"].name == "English (America)"
    assert voices["en-us"].languages[0] == "en-us"
    assert "en-gb-scotland" in voices and len(voices) > 50


@pytest.mark.parametrize(
    ("wanted", "voice"),
    [("en-us", "en-us"), ("EN-US", "en-us"), ("English (America)", "en-us"), ("en-gb", "en"),
     ("en-us+f3", "en-us+f3"), (None, "en-us")],
)
def test_voice_names_resolve(wanted, voice):
    assert open_speech("espeak-ng", voice=wanted).voice == voice


def test_another_voice_sounds_different(batch):
    speech, clips = batch
    scottish = open_speech("espeak-ng", voice="en-gb-scotland")
    text = PHRASES[4]
    assert not np.array_equal(scottish.clip(text), clips[text])


def test_two_voices_in_turn_each_keep_their_own(tmp_path):
    american = open_speech("espeak-ng", voice="en-us", cache_dir=tmp_path / "us")
    german = open_speech("espeak-ng", voice="de", rate=120, cache_dir=tmp_path / "de")
    american.clip("Hold for ten seconds")
    german_clip = german.clip("Hold for ten seconds, please")
    american_clip = american.clip("Hold for ten seconds, please")  # after German at 120
    fresh = open_speech("espeak-ng", voice="en-us", cache_dir=tmp_path / "fresh")
    assert_same_phrase(american_clip, fresh.clip("Hold for ten seconds, please"), [german_clip])
    assert np.array_equal(american_clip, fresh.clip("Hold for ten seconds, please"))


def test_unknown_voice_names_close_matches():
    with pytest.raises(InputError) as error:
        open_speech("espeak-ng", voice="en-uss")
    message = str(error.value)
    assert message.startswith('no voice "en-uss"; close matches: ')
    assert "en-us" in message.split(": ", 1)[1].split(", ")


def test_unknown_voice_without_close_match_gives_examples():
    with pytest.raises(InputError, match=r'no voice "zzzzzz"; some that exist: '):
        open_speech("espeak-ng", voice="zzzzzz")


def test_unknown_variant_is_refused():
    with pytest.raises(InputError, match=r'no voice variant "f33"; close matches: .*f3'):
        open_speech("espeak-ng", voice="en-us+f33")


def test_unknown_engine_lists_the_valid_names():
    with pytest.raises(InputError) as error:
        open_speech("festival")
    assert str(error.value) == 'no speech engine "festival"; choose from: espeak-ng, piper, pyttsx3'


@pytest.mark.parametrize("rate", [79, 401, 0, -5, True, 170.5, "170"])
def test_rate_out_of_range_is_refused(rate):
    with pytest.raises(InputError, match="choose 80 to 400 words a minute"):
        open_speech("espeak-ng", rate=rate)


def test_a_whole_float_rate_is_accepted():
    assert open_speech("espeak-ng", rate=160.0).rate == 160


def test_rate_changes_the_length():
    line = "Turn around at the cone, nice and easy"
    slow = open_speech("espeak-ng", rate=100).prepare([line])[line]
    fast = open_speech("espeak-ng", rate=300).prepare([line])[line]
    assert fast * 2 < slow


def test_missing_library_names_the_package(monkeypatch):
    monkeypatch.setattr(libespeak, "_lib", None)
    monkeypatch.setattr(libespeak, "candidates", lambda: ("libespeak-ng-not-here.so.9",))
    monkeypatch.setattr(libespeak, "_os_release_family", lambda: "debian")
    with pytest.raises(EnvironmentProblem) as error:
        libespeak.library()
    assert "sudo apt-get install espeak-ng" in str(error.value)


def test_install_hints_by_system(monkeypatch):
    monkeypatch.setattr(libespeak.sys, "platform", "darwin")
    assert libespeak.install_hint() == "brew install espeak-ng"
    monkeypatch.setattr(libespeak.sys, "platform", "linux")
    monkeypatch.setattr(libespeak, "_os_release_family", lambda: "fedora")
    assert libespeak.install_hint() == "sudo dnf install espeak-ng"
