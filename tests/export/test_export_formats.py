"""M4B/M4A (AAC) and Opus export: lengths, onsets, chapters both ways, tags, same bytes, plain errors.

Real encoders (PyAV's FFmpeg), files read back by the ffmpeg and ffprobe
commands and by mutagen.
"""

from __future__ import annotations

import dataclasses
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from support.export import DRILLS, blocks, decode, noise, probe, require, session_meta
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus

from coach.errors import EnvironmentProblem
from coach.export import Chapter, SessionMeta, export_session
from coach.export import formats
from coach.export.avsink import AvWriter
from coach.export.mp4 import M4B

RATE = 44100
AAC_FRAME = 1024
NEW = (".m4b", ".m4a", ".opus")


def export(tmp_path, suffix, pcm, meta=None, name="s"):
    out = tmp_path / f"{name}{suffix}"
    export_session(blocks(pcm), len(pcm), out, meta or session_meta(len(pcm)))
    return out


def decode_at_44k(path):
    """Decoded left channel at 44.1 kHz (ffmpeg resamples Opus's 48 kHz)."""
    out = subprocess.run(
        [require("ffmpeg"), "-v", "error", "-i", str(path), "-ar", str(RATE), "-f", "s16le", "-"],
        capture_output=True, check=True,
    ).stdout
    return np.frombuffer(out, dtype="<i2").reshape(-1, 2)[:, 0].astype(np.float64)


@pytest.mark.parametrize("total", [RATE, 10 * RATE + 7, 3 * AAC_FRAME, 61 * RATE + 1, 147 * 1000 + 146])
def test_opus_decodes_to_the_length_at_48_khz(tmp_path, total):
    """The shortest 48 kHz length that holds the whole session: never a sample cut, at most 21 us more."""
    out = export(tmp_path, ".opus", noise(total, seed=total))
    assert len(decode(out)) == -(-total * 48000 // RATE)


@pytest.mark.parametrize("suffix", [".m4b", ".m4a"])
@pytest.mark.parametrize("total", [RATE, 10 * RATE + 7, 3 * AAC_FRAME, 61 * RATE + 1])
def test_aac_edit_list_ends_on_the_last_sample(tmp_path, suffix, total):
    out = export(tmp_path, suffix, noise(total, seed=total))
    assert edit_list(out) == (total, AAC_FRAME)  # segment length, priming skipped
    extra = len(decode(out)) - total  # ffmpeg plays the last AAC frame whole
    assert 0 <= extra < AAC_FRAME


@pytest.mark.parametrize("suffix", NEW)
def test_clicks_land_on_their_sample(tmp_path, suffix):
    total, ats = 6 * RATE + 5, (RATE + 1234, 3 * RATE + 77, 5 * RATE + 999)
    pcm = np.zeros((total, 2), dtype=np.int16)
    for at in ats:
        pcm[at:at + 8] = 20000
    left, want = decode_at_44k(export(tmp_path, suffix, pcm)), pcm[:, 0].astype(np.float64)
    for at in ats:
        window = slice(at - 2000, at + 2000)
        lags = range(-300, 301)
        score = [np.dot(left[at - 2000 + lag:at + 2000 + lag], want[window]) for lag in lags]
        assert lags[int(np.argmax(score))] == 0


@pytest.mark.parametrize("suffix", NEW)
def test_chapters_titles_and_starts(tmp_path, suffix):
    total = 8 * RATE + 3
    meta = session_meta(total)
    chapters = probe(export(tmp_path, suffix, noise(total), meta), "chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == list(DRILLS)
    for got, want in zip(chapters, meta.chapters):
        assert abs(float(got["start_time"]) - want.start / RATE) <= 0.001


def test_m4b_has_nero_and_quicktime_chapters_and_audiobook_tags(tmp_path):
    total = 8 * RATE
    meta = session_meta(total)
    out = export(tmp_path, ".m4b", noise(total), meta)
    data = out.read_bytes()
    assert data[4:12] == b"ftypM4B " and data.index(b"moov") < data.index(b"mdat")  # index first
    mp4 = MP4(out)
    nero = [(round(c.start * RATE), c.title) for c in mp4.chapters]  # mutagen reads the chpl box
    assert nero == [(c.start, c.title) for c in meta.chapters]
    tags = mp4.tags
    assert tags["\xa9nam"] == ["Morning hips"] and tags["\xa9ART"] == ["coach"] and tags["\xa9alb"] == ["Hip mobility"]
    assert tags["stik"] == [2]  # Audiobook
    assert tags["\xa9cmt"][0].splitlines() == [f"0:0{2 * k} {title}" for k, title in enumerate(DRILLS)]
    # Hide the chpl box: ffprobe still finds every chapter, in the QuickTime chapter track.
    hidden = tmp_path / "no-chpl.m4b"
    hidden.write_bytes(data.replace(b"chpl", b"free", 1))
    assert [c["tags"]["title"] for c in probe(hidden, "chapters")["chapters"]] == list(DRILLS)


def test_m4a_is_music_not_an_audiobook(tmp_path):
    out = export(tmp_path, ".m4a", noise(RATE))
    assert out.read_bytes()[8:12] == b"M4A " and "stik" not in MP4(out).tags


def test_opus_chapter_comments_start_at_001(tmp_path):
    total = 8 * RATE
    tags = OggOpus(export(tmp_path, ".opus", noise(total))).tags
    assert tags["CHAPTER001"] == ["00:00:00.000"] and tags["CHAPTER001NAME"] == [DRILLS[0]]
    assert tags["CHAPTER004"] == ["00:00:06.000"] and tags["CHAPTER004NAME"] == [DRILLS[3]]
    assert "CHAPTER000" not in tags and "CHAPTER005" not in tags
    assert tags["TITLE"] == ["Morning hips"] and tags["DESCRIPTION"][0].startswith("0:00 World's greatest")


@pytest.mark.parametrize("suffix", NEW)
def test_same_input_same_bytes(tmp_path, suffix):
    pcm = noise(2 * RATE)
    first, second = export(tmp_path, suffix, pcm, name="a"), export(tmp_path, suffix, pcm, name="b")
    assert first.read_bytes() == second.read_bytes()


def test_an_encoder_missing_from_pyav_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    broken = dataclasses.replace(M4B, codec="no-such-aac")
    monkeypatch.setitem(formats.FORMATS, ".m4b", lambda: AvWriter(broken))
    with pytest.raises(EnvironmentProblem, match=r"^this PyAV has no M4B encoder \(no-such-aac\); install the PyAV"):
        export(tmp_path, ".m4b", noise(RATE), SessionMeta("t", "a"))
    assert list(tmp_path.iterdir()) == []


def edit_list(path):
    """(segment duration, media time) of the audio track's edit list, read from the file's boxes."""
    data = path.read_bytes()
    at = data.index(b"elst")
    version = data[at + 4]
    fields = ">QqHH" if version else ">IiHH"
    duration, media_time, _, _ = struct.unpack_from(fields, data, at + 12)
    return duration, media_time


@pytest.mark.parametrize("suffix", NEW)
def test_a_relative_name_with_a_colon_is_a_file_not_a_protocol(tmp_path, monkeypatch, suffix):
    monkeypatch.chdir(tmp_path)
    out = Path(f"06:30 warm-up{suffix}")
    export_session(blocks(noise(RATE)), RATE, out, session_meta(RATE))
    assert [p.name for p in tmp_path.iterdir()] == [out.name] and len(decode(tmp_path / out)) >= RATE


def test_long_chapter_titles_fit_mp4_on_a_character_boundary(tmp_path):
    total = 4 * RATE
    long = "é" * 200  # 400 bytes of UTF-8: past the 255 a Nero chapter title can hold
    meta = SessionMeta("t", "a", chapters=(Chapter("Introduction", 0, RATE), Chapter(long, RATE, total)))
    out = export(tmp_path, ".m4b", noise(total), meta)
    titles = [c.title for c in MP4(out).chapters]  # mutagen refuses a title cut mid-character
    assert titles == ["Introduction", "é" * 127]


def test_a_session_too_short_for_opus_leaves_nothing(tmp_path):
    with pytest.raises(ValueError, match="too few"):
        export(tmp_path, ".opus", noise(10), SessionMeta("t", "a"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".mp3", *NEW])
def test_prints_nothing_even_with_ffmpeg_logging_on(tmp_path, capfd, suffix):
    """Someone else in the process turned FFmpeg's logs on and shows them on stderr: coach still says nothing."""
    import logging
    import sys

    import av

    logger, handler = logging.getLogger("libav"), logging.StreamHandler(sys.stderr)
    before = av.logging.get_level(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    av.logging.set_level(av.logging.DEBUG)
    try:
        export(tmp_path, suffix, noise(RATE))
        import gc

        gc.collect()  # whatever FFmpeg says as its objects are freed, it says by now
    finally:
        av.logging.set_level(before[0])
        logger.setLevel(before[1])
        logger.removeHandler(handler)
    assert capfd.readouterr() == ("", "")
