"""WebVTT subtitles: valid structure, cue per spoken line, monotonic times; read back by ffprobe."""

from __future__ import annotations

import re

from support.export import probe

from coach.export import Caption, Chapter, SessionMeta
from coach.export.vtt import render_vtt, write_vtt
from coach.units import hh_mm_ss_mmm, m_ss_down

RATE = 44100
TIMING = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$")

META = SessionMeta(
    title="Morning hips",
    album="Hip mobility",
    chapters=(Chapter("Leg swings", 0, 60 * RATE), Chapter("Hip circles", 60 * RATE, 3700 * RATE)),
    captions=(
        Caption(RATE // 2, 3 * RATE, "Leg swings. Ten each side."),
        Caption(10 * RATE, 11 * RATE, "Left leg <front> & back"),
        Caption(61 * RATE, 62 * RATE, "Hip circles.\n\nNice and slow."),
        Caption(3661 * RATE + 441, 3662 * RATE, "Done -->  well done"),
    ),
)


def parse(text: str) -> tuple[list[str], list[tuple[int, int, str]]]:
    """A strict little WebVTT reader: (notes, cues as (start ms, end ms, text))."""
    assert text.startswith("WEBVTT\n\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    notes, cues = [], []
    for block in text[len("WEBVTT\n\n"):].rstrip("\n").split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            notes.append(lines[0][5:])
            continue
        match = TIMING.match(lines[0])
        assert match, f"bad timing line {lines[0]!r}"
        h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, match.groups())
        start = ((h1 * 60 + m1) * 60 + s1) * 1000 + ms1
        end = ((h2 * 60 + m2) * 60 + s2) * 1000 + ms2
        assert len(lines) == 2 and "-->" not in lines[1]
        cues.append((start, end, lines[1]))
    return notes, cues


def test_one_cue_per_spoken_line_in_time_order():
    notes, cues = parse(render_vtt(META))
    assert notes == ["Leg swings", "Hip circles"]
    assert len(cues) == len(META.captions)
    starts = [start for start, _, _ in cues]
    assert starts == sorted(starts)
    assert all(start < end for start, end, _ in cues)
    assert cues[0][:2] == (500, 3000)
    assert cues[3][:2] == (3661010, 3662000)


def test_text_is_escaped_and_on_one_line():
    _, cues = parse(render_vtt(META))
    texts = [text for _, _, text in cues]
    assert texts[1] == "Left leg &lt;front&gt; &amp; back"
    assert texts[2] == "Hip circles. Nice and slow."
    assert texts[3] == "Done --&gt; well done"


def test_timestamp_format():
    assert hh_mm_ss_mmm(0) == "00:00:00.000"
    assert hh_mm_ss_mmm(3_723_045) == "01:02:03.045"


def test_cue_shorter_than_a_millisecond_still_ends_after_it_starts():
    meta = SessionMeta("t", "a", captions=(Caption(1000, 1010, "Go"),))
    (_, cues) = parse(render_vtt(meta))
    assert cues[0][0] < cues[0][1]


def test_ffprobe_reads_every_cue(tmp_path):
    out = tmp_path / "s.vtt"
    write_vtt(out, META)
    packets = probe(out, "packets")["packets"]
    assert len(packets) == len(META.captions)
    assert [round(float(p["pts_time"]) * 1000) for p in packets] == [500, 10000, 61000, 3661010]


def test_chapter_list_clock_rounds_down_and_shows_hours():
    from coach.export.meta import chapter_list

    assert [m_ss_down(n) for n in (0, 44099, 44100 * 61, 44100 * 3599 + 44099, 44100 * 3600, 44100 * 3725)] == [
        "0:00", "0:00", "1:01", "59:59", "1:00:00", "1:02:05",
    ]
    meta = SessionMeta("t", "a", chapters=(Chapter("Introduction", 0, 617400), Chapter("Leg swings", 617400, 900000)))
    assert chapter_list(meta) == "0:00 Introduction\n0:14 Leg swings"
