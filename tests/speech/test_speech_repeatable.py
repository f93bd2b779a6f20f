"""espeak-ng: the same phrase, voice and rate give the same samples, whatever was said before."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from support.speech import (
    child_env,
    require_espeak_library,
)

from coach.speech import libespeak, libespeak_fresh, open_speech
from coach.speech.engines import make_engine

PHRASE = "Rest for 15 seconds."
BEFORE = [
    ("Hello there.", "en-us", 170),
    ("Lie on your back and bring your right knee up to your chest, slowly.", "en-us", 170),
    ("Two", "en-us", 170),
    ("Switch sides now.", "en-us+f3", 120),
    ("Halte zehn Sekunden.", "de", 300),
    ("Breathe out as you turn.", "en-gb-scotland", 170),
]
VOICES = ["en-us", "en-us+f3"]  # f3 breathes: its noise comes from the C library's rand()

FIRST_IN_A_NEW_PROCESS = textwrap.dedent(
    """
    import sys
    import numpy as np
    from coach.speech.engines import make_engine

    text, voice, out = sys.argv[1:]
    np.save(out, make_engine("espeak-ng").synth(text, voice, 170).samples)
    """
)


@pytest.fixture(autouse=True)
def needs_espeak():
    require_espeak_library()


@pytest.fixture(scope="module")
def first_in_a_new_process(tmp_path_factory) -> dict[str, np.ndarray]:
    """PHRASE spoken first thing in a new process, per voice."""
    folder = tmp_path_factory.mktemp("new-process")
    samples = {}
    for voice in VOICES:
        out = folder / f"{voice}.npy"
        run = subprocess.run(
            [sys.executable, "-c", FIRST_IN_A_NEW_PROCESS, PHRASE, voice, str(out)],
            capture_output=True, text=True, env=child_env(), timeout=60,
        )
        assert run.returncode == 0, run.stderr
        samples[voice] = np.load(out)
    return samples


@pytest.mark.parametrize("voice", VOICES)
def test_same_samples_after_any_phrase(voice, first_in_a_new_process):
    engine = make_engine("espeak-ng")
    expected = first_in_a_new_process[voice]
    assert len(expected) > 20000
    for text, other_voice, rate in BEFORE:
        engine.synth(text, other_voice, rate)
        got = engine.synth(PHRASE, voice, 170).samples
        assert np.array_equal(got, expected), (text, len(got), len(expected))


def test_same_samples_whatever_rand_was_left_at(first_in_a_new_process):
    libc = ctypes.CDLL(None)
    libc.srand(12345)
    for _ in range(1000):
        libc.rand()
    got = make_engine("espeak-ng").synth(PHRASE, "en-us+f3", 170).samples
    assert np.array_equal(got, first_in_a_new_process["en-us+f3"])


def test_two_engines_in_two_threads_agree(first_in_a_new_process):
    """Each phrase gets its own library: neither the other engine nor the other thread leaves a trace."""
    engines = [make_engine("espeak-ng") for _ in range(2)]
    jobs = [(engines[i % 2], text) for i, (text, _, _) in enumerate(BEFORE)] * 2
    jobs = [job for pair in zip(jobs, [(engine, PHRASE) for engine, _ in jobs]) for job in pair]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda job: job[0].synth(job[1], "en-us", 170).samples, jobs))
    ours = [got for (_, text), got in zip(jobs, results) if text == PHRASE]
    assert len(ours) == len(BEFORE) * 2
    for got in ours:
        assert np.array_equal(got, first_in_a_new_process["en-us"])


def test_a_cached_clip_equals_a_fresh_one(tmp_path):
    """What a plan is built from does not depend on which phrases were cached first."""
    first = open_speech("espeak-ng", cache_dir=tmp_path / "a")
    first.prepare(["Hello there.", "Two", PHRASE])
    second = open_speech("espeak-ng", cache_dir=tmp_path / "b")
    second.prepare([PHRASE])
    assert np.array_equal(first.clip(PHRASE), second.clip(PHRASE))


def test_the_private_library_is_unloaded_after_each_phrase():
    make_engine("espeak-ng").synth("Hold", "en-us", 170)
    fresh = libespeak_fresh.fresh_library()
    assert fresh.path.exists()
    assert not libespeak_fresh.is_loaded(fresh.path)
    if sys.platform.startswith("linux"):
        assert str(fresh.folder) not in Path("/proc/self/maps").read_text()


def test_a_new_copy_when_the_system_keeps_the_library_loaded(monkeypatch, first_in_a_new_process):
    """musl never unloads a library: then every phrase gets a new copy, with the same result."""
    monkeypatch.setattr(libespeak_fresh, "is_loaded", lambda path: True)
    engine = make_engine("espeak-ng")
    engine.synth("Hello there.", "en-us", 170)
    fresh = libespeak_fresh.fresh_library()
    before = fresh.path
    got = engine.synth(PHRASE, "en-us", 170).samples
    assert fresh.path != before and fresh.path.exists() and not before.exists()
    assert np.array_equal(got, first_in_a_new_process["en-us"])


def test_the_lowercase_view_changes_nothing_but_speed(monkeypatch):
    """Voices with capitals (gmw/en-US) found through the view sound exactly as without it."""
    with_view = libespeak_fresh.fresh_library()
    assert Path(with_view._data) != Path(libespeak.data_path())  # the view is in use here
    monkeypatch.setattr(libespeak_fresh, "lowercase_view", lambda data, view: None)
    source = libespeak_fresh.library_file(libespeak.library())
    without = libespeak_fresh.FreshLibrary(source, libespeak.data_path())
    assert without._data == libespeak.data_path()
    for name in ["gmw/en-US", "gmw/en-GB-scotland+f3", "gmw/en"]:
        with libespeak.LOCK:
            assert with_view.speak(name, 170, PHRASE) == without.speak(name, 170, PHRASE), name


def make_data(root: Path, files: list[str]) -> Path:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    return root


def test_lowercase_view_links_everything_and_adds_lowercase_voices(tmp_path):
    data = make_data(tmp_path / "data", [
        "phontab", "en_dict", "lang/gmw/en-US", "lang/gmw/en", "lang/eu",
        "lang/roa/pt-BR", "lang/roa/pt-br", "voices/!v/f3", "voices/mb/mb-en1",
    ])
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    view = libespeak_fresh.lowercase_view(data, tmp_path / "view")
    assert view is not None
    assert (view / "voices" / "gmw" / "en-us").read_text() == "lang/gmw/en-US"
    assert (view / "phontab").read_text() == "phontab"
    assert (view / "lang" / "eu").read_text() == "lang/eu"
    assert (view / "voices" / "!v" / "f3").read_text() == "voices/!v/f3"
    assert not (view / "voices" / "roa" / "pt-br").exists()  # would hide the real pt-br
    assert not (view / "voices" / "gmw" / "en").exists()
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before  # nothing written there


def test_no_view_when_no_voice_needs_one(tmp_path):
    data = make_data(tmp_path / "data", ["phontab", "lang/gmw/en", "voices/!v/f3"])
    assert libespeak_fresh.lowercase_view(data, tmp_path / "view") is None
    assert not (tmp_path / "view").exists()


def test_no_view_in_a_folder_too_long_for_libespeak(tmp_path):
    data = make_data(tmp_path / "data", ["phontab", "lang/gmw/en-US"])
    assert libespeak_fresh.lowercase_view(data, tmp_path / "view") is not None
    deep = tmp_path / ("x" * libespeak_fresh.MAX_VIEW_PATH) / "view"
    assert libespeak_fresh.lowercase_view(data, deep) is None


def test_the_temporary_folder_goes_away_with_the_process(tmp_path):
    code = textwrap.dedent(
        """
        from coach.speech import libespeak_fresh
        from coach.speech.engines import make_engine

        make_engine("espeak-ng").synth("Go", "en-us", 170)
        print(libespeak_fresh.fresh_library().folder)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=child_env(), timeout=60
    )
    assert run.returncode == 0, run.stderr
    folder = Path(run.stdout.strip())
    assert folder.name.startswith("coach-espeak-") and not folder.exists()


def test_the_installed_library_still_works_after_the_engine_spoke():
    """Terminating it would leave espeak_IsPlaying stuck at busy (see libespeak's docstring)."""
    make_engine("espeak-ng").synth("Go", "en-us", 170)
    libespeak.wait_idle(timeout=2.0)
    assert len(libespeak.list_voices()) > 50


def test_bench_synth_reports_its_figures():
    from bench_speech import bench_synth

    figures = bench_synth(phrases=4)
    assert figures["phrases"] == 4
    assert figures["first_ms"] > 0 and 0 < figures["median_ms"] <= 1000 * figures["total_s"]
