"""The phrase cache: hits without the engine, safe across processes, repairs damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from support.speech import (
    child_env,
    coaching_phrases,
    counting_speech,
    require_espeak_library,
)

from coach.speech import open_speech
from coach.speech.cache import PhraseCache, cache_root, phrase_key
from coach.speech.known import known_lengths



@pytest.fixture(autouse=True)
def needs_espeak():
    require_espeak_library()


def npy_files(folder: Path) -> list[Path]:
    return sorted((folder / "phrases").glob("*.npy"))


def test_second_open_hits_the_cache_without_the_engine(tmp_path):
    phrases = coaching_phrases(20)
    first, engine = counting_speech(tmp_path)
    lengths = first.prepare(phrases)
    assert len(engine.calls) == 20

    second, engine2 = counting_speech(tmp_path)
    assert second.prepare(phrases) == lengths
    assert [len(second.clip(p)) for p in phrases] == [lengths[p] for p in phrases]
    assert engine2.calls == []
    np.testing.assert_array_equal(second.clip(phrases[3]), first.clip(phrases[3]))


def test_a_known_length_reads_the_header_not_the_clip(tmp_path, monkeypatch):
    speech, _ = counting_speech(tmp_path)
    expected = len(speech.clip("Nice and easy"))
    again, engine = counting_speech(tmp_path)
    monkeypatch.setattr(np, "load", lambda *a, **k: pytest.fail("the length look-up loaded the clip"))
    monkeypatch.setattr(np, "frombuffer", lambda *a, **k: pytest.fail("the length look-up read the samples"))
    assert known_lengths(again.key, ["Nice and easy"], tmp_path) == {"Nice and easy": expected}
    assert engine.calls == []


def test_each_setting_has_its_own_entry(tmp_path):
    base = phrase_key("espeak-ng", "espeak-ng 1.51", "en-us", 170, "Go")
    others = {
        phrase_key("pyttsx3", "espeak-ng 1.51", "en-us", 170, "Go"),
        phrase_key("espeak-ng", "espeak-ng 1.52", "en-us", 170, "Go"),
        phrase_key("espeak-ng", "espeak-ng 1.51", "en-gb", 170, "Go"),
        phrase_key("espeak-ng", "espeak-ng 1.51", "en-us", 171, "Go"),
        phrase_key("espeak-ng", "espeak-ng 1.51", "en-us", 170, "Go!"),
    }
    assert base not in others and len(others) == 5
    assert base == phrase_key("espeak-ng", "espeak-ng 1.51", "en-us", 170, "Go")
    slow = open_speech("espeak-ng", rate=120, cache_dir=tmp_path)
    fast = open_speech("espeak-ng", rate=240, cache_dir=tmp_path)
    assert slow.prepare(["Hold it there"])["Hold it there"] > fast.prepare(["Hold it there"])["Hold it there"]
    assert len(npy_files(tmp_path)) == 2


def test_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_root() == tmp_path / "elsewhere"
    open_speech("espeak-ng").clip("Switch sides")
    assert len(npy_files(tmp_path / "elsewhere")) == 2  # the plain clip and the clear one


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b"not a numpy file at all"),
        lambda p: p.write_bytes(b""),
        lambda p: np.save(p, np.zeros(10, dtype=np.int16)),
        lambda p: np.save(p, np.full(10, np.nan, dtype=np.float32)),
        lambda p: p.write_bytes(_overwrite_middle(p.read_bytes())),
        lambda p: (p.unlink(), p.mkdir(), (p / "x").write_bytes(b"x")),
        lambda p: (p.unlink(), os.mkfifo(p)),
    ],
    ids=["truncated", "garbage", "empty", "wrong-type", "not-finite", "changed-inside", "a-folder", "a-fifo"],
)
def test_damaged_entry_is_made_again(tmp_path, damage):
    speech, _ = counting_speech(tmp_path)
    good = speech.clip("Turn around")
    (entry,) = npy_files(tmp_path)
    damage(entry)

    fresh, engine = counting_speech(tmp_path)
    lengths = fresh.prepare(["Turn around"])
    clip = fresh.clip("Turn around")
    assert engine.calls == ["Turn around"]
    assert lengths == {"Turn around": len(clip)} == known_lengths(fresh.key, ["Turn around"], tmp_path)
    assert clip.dtype == np.float32 and abs(len(clip) - len(good)) < 4410
    reloaded = np.load(entry)
    np.testing.assert_array_equal(reloaded, clip)


def _overwrite_middle(data: bytes) -> bytes:
    """The same size and framing, 2 kB in the middle of the samples changed."""
    middle = len(data) // 2
    return data[:middle] + bytes(2048) + data[middle + 2048:]


@pytest.mark.parametrize("keep", [0, 100, -4])
def test_length_notices_a_cut_file(tmp_path, keep):
    speech, _ = counting_speech(tmp_path)
    good = speech.clip("Knees up")
    (entry,) = npy_files(tmp_path)
    data = entry.read_bytes()
    entry.write_bytes(data[:keep])

    fresh, engine = counting_speech(tmp_path)
    assert known_lengths(fresh.key, ["Knees up"], tmp_path) == {}  # a cut entry is no known length
    length = fresh.prepare(["Knees up"])["Knees up"]
    assert engine.calls == ["Knees up"]
    assert length == len(fresh.clip("Knees up")) and abs(length - len(good)) < 4410


def test_memory_stays_bounded(tmp_path):
    cache = PhraseCache(tmp_path / "phrases", memory_bytes=1_000_000)
    clip = np.linspace(-0.5, 0.5, 100_000, dtype=np.float32)  # 400 kB
    for i in range(30):
        cache.put(f"{i:064x}", clip)
        assert cache.held_bytes() <= 1_000_000
    for i in range(30):
        assert cache.get(f"{i:064x}") is not None
        assert cache.held_bytes() <= 1_000_000
    assert len(list((tmp_path / "phrases").glob("*.npy"))) == 30


def test_writes_leave_no_temporary_files(tmp_path):
    speech = open_speech("espeak-ng", cache_dir=tmp_path)
    speech.prepare(coaching_phrases(10))
    names = os.listdir(tmp_path / "phrases")
    assert len(names) == 10 and all(n.endswith(".npy") for n in names)


def test_stale_temporary_files_are_removed(tmp_path):
    folder = tmp_path / "phrases"
    folder.mkdir()
    stale = folder / ".abc.npy.part-1a2b3c4d"  # as coach.atomic names them
    stale.write_bytes(b"half a clip")
    os.utime(stale, (0, 0))
    fresh = folder / ".def.npy.part-5e6f7a8b"
    fresh.write_bytes(b"being written right now")
    older = folder / ".abc-123.tmp"  # as coach named them before coach.atomic
    older.write_bytes(b"half a clip")
    os.utime(older, (0, 0))
    PhraseCache(folder)
    assert not stale.exists() and not older.exists() and fresh.exists()


def test_unwritable_folder_is_a_clear_problem(tmp_path):
    from coach.errors import EnvironmentProblem

    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(EnvironmentProblem, match="cannot create the phrase cache folder .* COACH_CACHE_DIR"):
        open_speech("espeak-ng", cache_dir=blocker)


CHILD = textwrap.dedent(
    """
    import json, sys
    from coach.speech import open_speech
    from support.speech import coaching_phrases
    speech = open_speech("espeak-ng", cache_dir=sys.argv[1])
    phrases = coaching_phrases(60)
    if sys.argv[2:] == ["reversed"]:
        phrases.reverse()
    print(json.dumps(speech.prepare(phrases)))
    """
)


def run_children(*arguments: list[str]) -> list[subprocess.Popen]:
    env = child_env()
    return [
        subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=subprocess.PIPE, env=env)
        for args in arguments
    ]


def test_processes_filling_the_same_cache_at_once(tmp_path):
    children = run_children([str(tmp_path)], [str(tmp_path)], [str(tmp_path)])
    outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0, 0]
    results = [json.loads(out) for out in outputs]  # stdout carried nothing but the JSON

    files = npy_files(tmp_path)
    assert len(files) == 60
    assert not [n for n in os.listdir(tmp_path / "phrases") if not n.endswith(".npy")]
    for path in files:
        clip = np.load(path, allow_pickle=False)
        assert clip.dtype == np.float32 and clip.size > 0 and np.isfinite(clip).all()

    reader, engine = counting_speech(tmp_path)
    lengths = reader.prepare(coaching_phrases(60))
    assert engine.calls == []
    for result in results:
        for text, length in result.items():
            assert abs(length - lengths[text]) < 4410, text


def test_a_cold_cache_is_made_the_same_every_time(tmp_path):
    """Same phrases, same bytes: in whatever order they are asked for, on a fresh start."""
    children = run_children([str(tmp_path / "a")], [str(tmp_path / "b"), "reversed"])
    for child in children:
        child.communicate(timeout=120)
        assert child.returncode == 0
    a, b = npy_files(tmp_path / "a"), npy_files(tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b] and len(a) == 60
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
