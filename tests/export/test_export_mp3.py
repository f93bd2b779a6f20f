"""MP3 export: decoded length exact, cues aligned, chapters in order, tags, silence on the console."""

from __future__ import annotations

import sys
import wave

import numpy as np
import pytest
from support.export import DRILLS, blocks, decode, noise, probe, session_meta
from mutagen.id3 import ID3

from coach.export import SessionMeta, export_session
from coach.export.lametag import FrameCounter, crc16, frame_length

RATE = 44100
MS = RATE // 1000  # samples in a millisecond, rounded down


@pytest.mark.parametrize(
    "total",
    [
        RATE,  # 1 s
        10 * RATE + 7,  # 10 s and 7 samples
        61 * RATE,  # 61 s
        77 * 1152 + 5,  # 1..46 samples past a frame: ffmpeg's muxer alone gets these wrong
        38 * 1152 + 47,  # the first length past that range
    ],
)
def test_decoded_length_is_exact(tmp_path, total):
    out = tmp_path / "s.mp3"
    export_session(blocks(noise(total, seed=total)), total, out, SessionMeta("t", "a"))
    assert len(decode(out)) == total


def test_decoded_length_equals_the_wav(tmp_path):
    total = 5 * RATE + 123
    pcm = noise(total)
    export_session(blocks(pcm), total, tmp_path / "s.wav", SessionMeta("t", "a"))
    export_session(blocks(pcm), total, tmp_path / "s.mp3", SessionMeta("t", "a"))
    with wave.open(str(tmp_path / "s.wav"), "rb") as wav:
        assert len(decode(tmp_path / "s.mp3")) == wav.getnframes() == total


def test_click_lands_on_its_sample(tmp_path):
    total, at = 6 * RATE, 3 * RATE + 1234
    pcm = np.zeros((total, 2), dtype=np.int16)
    pcm[at:at + 8] = 20000
    export_session(blocks(pcm), total, tmp_path / "click.mp3", SessionMeta("t", "a"))
    left = decode(tmp_path / "click.mp3")[:, 0].astype(np.float64)
    assert abs(int(np.argmax(np.abs(left))) - at) <= MS
    # cross-correlation with the input around the click: best at lag 0
    window = slice(at - 2000, at + 2000)
    lags = range(-300, 301)
    score = [np.dot(np.roll(left, -lag)[window], pcm[window, 0]) for lag in lags]
    assert lags[int(np.argmax(score))] == 0


def test_chapters_in_time_order_with_titles_and_starts(tmp_path):
    total = 8 * RATE
    meta = session_meta(total)
    out = tmp_path / "s.mp3"
    export_session(blocks(noise(total)), total, out, meta)
    chapters = probe(out, "chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == list(DRILLS)
    for got, want in zip(chapters, meta.chapters):
        assert abs(float(got["start_time"]) - want.start / RATE) <= 0.001
        assert abs(float(got["end_time"]) - want.end / RATE) <= 0.001


def test_tags_read_back_with_mutagen(tmp_path):
    total = 8 * RATE
    out = tmp_path / "s.mp3"
    export_session(blocks(noise(total)), total, out, session_meta(total))
    tags = ID3(out)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Morning hips"
    assert str(tags["TPE1"]) == "coach"
    assert str(tags["TALB"]) == "Hip mobility"
    assert str(tags["TLEN"]) == "8000"
    assert tags.getall("COMM")[0].text == ["\n".join(f"0:0{2 * k} {title}" for k, title in enumerate(DRILLS))]
    toc = tags["CTOC:toc"]
    assert toc.child_element_ids == ["chp0", "chp1", "chp2", "chp3"]
    assert toc.flags == 3  # top level, ordered
    chaps = [tags[f"CHAP:{cid}"] for cid in toc.child_element_ids]
    assert [str(c.sub_frames["TIT2"]) for c in chaps] == list(DRILLS)
    assert [c.start_time for c in chaps] == [0, 2000, 4000, 6000]
    assert probe(out, "streams")["streams"][0]["sample_rate"] == "44100"


def test_info_header_says_delay_and_padding_with_a_valid_crc(tmp_path):
    total = 77 * 1152 + 5
    out = tmp_path / "s.mp3"
    export_session(blocks(noise(total)), total, out, SessionMeta("t", "a"))
    data = out.read_bytes()
    frame = data[ID3(out).size:]  # the Info frame follows the ID3 tag
    # The LAME tag's layout in a stereo MPEG-1 frame: "Info" at 36, "LAME" at 156, CRC of 0..189 at 190.
    assert frame[36:40] == b"Info" and frame[156:165] == b"LAME3.100"
    assert crc16(frame[:190]) == int.from_bytes(frame[190:192], "big")
    field = int.from_bytes(frame[177:180], "big")
    assert field >> 12 == 576  # LAME's encoder delay
    frames = int.from_bytes(frame[44:48], "big")
    assert frames * 1152 - 576 - (field & 0xFFF) == total
    audio = data[ID3(out).size + frame_length(frame):]
    assert int.from_bytes(frame[48:52], "big") == len(audio) + frame_length(frame)
    counted = FrameCounter()
    counted.feed(audio)
    assert counted.frames == frames and counted.bytes == len(audio)


def test_frame_counter_takes_any_piece_sizes():
    frame = bytes.fromhex("fffb9064") + bytes(413)  # 128 kb/s, 44.1 kHz, unpadded: 417 bytes
    padded = bytes.fromhex("fffb9264") + bytes(414)
    stream = (frame + padded) * 5
    whole, pieces = FrameCounter(), FrameCounter()
    whole.feed(stream)
    for i in range(0, len(stream), 3):
        pieces.feed(stream[i:i + 3])
    assert whole.frames == pieces.frames == 10 and pieces.bytes == len(stream)
    with pytest.raises(ValueError, match="not an MPEG-1 Layer III frame header"):
        FrameCounter().feed(b"ID3\x03" + bytes(10))


def test_crc16_matches_the_standard_check_value():
    assert crc16(b"123456789") == 0xBB3D  # CRC-16/ARC


def test_same_input_same_bytes(tmp_path):
    total = 2 * RATE
    for name in ("a.mp3", "b.mp3"):
        export_session(blocks(noise(total)), total, tmp_path / name, session_meta(total))
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()


def test_missing_lameenc_is_one_line_naming_the_fix(tmp_path, monkeypatch):
    from coach.errors import EnvironmentProblem

    monkeypatch.setitem(sys.modules, "lameenc", None)  # as if it were not installed
    with pytest.raises(EnvironmentProblem, match=r"^MP3 export needs lameenc; install it with: pip install lameenc$"):
        export_session(blocks(noise(RATE)), RATE, tmp_path / "s.mp3", SessionMeta("t", "a"))
    assert list(tmp_path.iterdir()) == []
