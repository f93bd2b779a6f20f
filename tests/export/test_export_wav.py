"""WAV export: exact samples, exact length, tags and chapters, read back from real files."""

from __future__ import annotations

import wave

import numpy as np
import pytest
from support.export import DRILLS, blocks, noise, probe, session_meta
from mutagen.wave import WAVE

from coach.export import SessionMeta, export_session

TOTAL = 44100 * 3 + 7


def test_wav_round_trip_is_exact(tmp_path):
    pcm = noise(TOTAL)
    out = tmp_path / "session.wav"
    assert export_session(blocks(pcm), TOTAL, out, session_meta(TOTAL)) == [out]
    with wave.open(str(out), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (2, 2, 44100)
        assert wav.getnframes() == TOTAL
        back = np.frombuffer(wav.readframes(TOTAL + 10), dtype="<i2").reshape(-1, 2)
    np.testing.assert_array_equal(back, pcm)


def test_wav_tags_and_chapters_read_back(tmp_path):
    out = tmp_path / "session.wav"
    export_session(blocks(noise(TOTAL)), TOTAL, out, session_meta(TOTAL))
    tags = WAVE(out).tags
    assert str(tags["TIT2"]) == "Morning hips"
    assert str(tags["TPE1"]) == "coach"
    assert str(tags["TALB"]) == "Hip mobility"
    assert str(tags["TLEN"]) == str(round(TOTAL * 1000 / 44100))
    chapters = probe(out, "chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == list(DRILLS)


def test_progress_counts_samples_up_to_total(tmp_path):
    seen: list[int] = []
    export_session(blocks(noise(TOTAL)), TOTAL, tmp_path / "s.wav", session_meta(TOTAL), progress=lambda done, total: seen.append(done))
    assert seen == sorted(seen)
    assert seen[-1] == TOTAL


def test_same_input_same_bytes(tmp_path):
    for name in ("a.wav", "b.wav"):
        export_session(blocks(noise(TOTAL)), TOTAL, tmp_path / name, session_meta(TOTAL))
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()


@pytest.mark.parametrize("announced", [TOTAL - 1, TOTAL + 1])
def test_blocks_not_matching_total_is_a_bug_and_leaves_nothing(tmp_path, announced):
    with pytest.raises(ValueError, match="announced"):
        export_session(blocks(noise(TOTAL)), announced, tmp_path / "s.wav", SessionMeta("t", "a"))
    assert list(tmp_path.iterdir()) == []


def test_wrong_block_shape_is_a_bug(tmp_path):
    mono = np.zeros(100, dtype=np.int16)
    with pytest.raises(ValueError, match="int16"):
        export_session([mono], 100, tmp_path / "s.wav", SessionMeta("t", "a"))
    assert list(tmp_path.iterdir()) == []


def test_chapter_past_the_end_is_a_bug(tmp_path):
    meta = session_meta(TOTAL + 100)
    with pytest.raises(ValueError, match="outside"):
        export_session(blocks(noise(TOTAL)), TOTAL, tmp_path / "s.wav", meta)
    assert list(tmp_path.iterdir()) == []
