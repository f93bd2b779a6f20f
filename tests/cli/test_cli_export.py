"""Issue 3's checks through the real commands: exported audio is the plan, to the sample.

`coach plan --json` and `coach export` run as separate processes sharing one
phrase cache; the files are read back with the wave module, ffmpeg and ffprobe.
"""

from __future__ import annotations

import json
import wave

import numpy as np
import pytest

from support.tools import decode, probe, read_wav, run_coach

ONE_MS = 44  # samples


coach = run_coach


FORMATS = {"pre-run": (".wav", ".mp3", ".m4b", ".opus"), "post-run": (".wav", ".mp3")}
"""Every format for the warm-up; the longer cool-down (its lines, its length) as WAV and MP3: the
AAC and Opus writers share everything else with the MP3 one, and AAC encodes at a sixth of its speed."""


@pytest.fixture(scope="module")
def exports(env, tmp_path_factory):
    """A routine's (plan JSON, {suffix: path}) at default options in its :data:`FORMATS` (the MP3 with
    subtitles), exported the first time a test asks, whatever the order the tests run in."""
    made: dict[str, tuple[dict, dict]] = {}

    def export(routine: str) -> tuple[dict, dict]:
        if routine not in made:
            folder = tmp_path_factory.mktemp(routine)
            plan = coach(env, "plan", routine, "--json")
            assert plan.returncode == 0, plan.stderr
            files = {suffix: folder / f"{routine}{suffix}" for suffix in FORMATS[routine]}
            for path in files.values():
                subtitles = ["--subtitles"] if path.suffix == ".mp3" else []
                done = coach(env, "export", routine, "-o", str(path), *subtitles)
                assert done.returncode == 0, done.stderr
                assert done.stdout == ""  # not a terminal: nothing on stdout
            made[routine] = json.loads(plan.stdout), files
        return made[routine]

    return export


@pytest.fixture(params=list(FORMATS))
def exported(request, exports):
    """(plan JSON, {suffix: path}) of each routine."""
    return exports(request.param)


@pytest.fixture
def session(exported):
    """(plan JSON, WAV path, MP3 path)."""
    plan, files = exported
    return plan, files[".wav"], files[".mp3"]


def test_wav_is_as_long_as_the_plan_to_the_sample(session):
    plan, wav, _ = session
    with wave.open(str(wav)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (44100, 2, 2)
        assert w.getnframes() == plan["samples"] == round(plan["duration"] * 44100)


def test_every_cue_starts_at_its_plan_time(session):
    """Onsets found in the audio match the plan within 1 ms, and nothing sounds where the plan has nothing."""
    plan, wav, _ = session
    _, audio = read_wav(wav)
    loud = np.flatnonzero(np.abs(audio).max(axis=1) > 0)
    spans = sorted((e["sample"], e["sample"] + round(e["length"] * 44100)) for e in plan["events"])
    checked = 0
    for start, _ in spans:
        busy = any(s < start <= e + ONE_MS for s, e in spans if (s, e) != (start, _) and s < start)
        if busy:
            continue  # starts while another sound is still playing: its onset cannot be told apart
        first = loud[np.searchsorted(loud, start - ONE_MS)]
        assert start <= first <= start + ONE_MS, (start, first)
        checked += 1
    assert checked >= 0.7 * len(spans)
    inside = np.zeros(len(audio), dtype=bool)
    for start, end in spans:
        inside[start:end + ONE_MS] = True
    assert inside[loud].all(), "sound where the plan has nothing"


def test_mp3_decodes_to_the_wav_exactly(session):
    _, wav, mp3 = session
    _, pcm = read_wav(wav)
    decoded = decode(mp3)
    assert len(decoded) == len(pcm)
    # Same timing: the decoded signal lines up with the WAV (best lag 0 around the first cue).
    a = (pcm[:, 0] * 32768).astype(np.float64)[: 44100 * 5]
    b = decoded[: 44100 * 5, 0].astype(np.float64)
    lags = range(-200, 201)
    best = max(lags, key=lambda k: float(np.dot(a[200:-200], b[200 + k : len(b) - 200 + k])))
    assert best == 0


@pytest.mark.parametrize("exported", ["pre-run"], indirect=True)
def test_opus_decodes_to_the_wav_length_at_48_khz_and_m4b_within_one_aac_frame(exported):
    plan, files = exported
    total = plan["samples"]
    assert len(decode(files[".opus"])) * 44100 == total * 48000  # Opus plays at 48 kHz: the same duration
    extra = len(decode(files[".m4b"])) - total  # ffmpeg plays the last AAC frame whole
    assert 0 <= extra < 1024
    assert float(probe(files[".m4b"], "format")["format"]["duration"]) == pytest.approx(total / 44100, abs=1e-6)


@pytest.mark.parametrize(
    ("exported", "suffix"), [(routine, suffix) for routine, suffixes in FORMATS.items() for suffix in suffixes],
    indirect=["exported"],
)
def test_chapters_are_the_opening_then_the_drills_in_order(exported, suffix):
    plan, files = exported
    chapters = probe(files[suffix], "chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["Introduction"] + [d["name"] for d in plan["drills"]]
    starts = [float(c["start_time"]) for c in chapters]
    assert starts[0] == 0 and starts == sorted(starts)
    for start, drill in zip(starts[1:], plan["drills"]):
        assert abs(start - drill["start"]) <= 0.001
    found = probe(files[suffix], "format", "streams")
    tags = {**found["format"].get("tags", {}), **found["streams"][0].get("tags", {})}  # Ogg's are the stream's
    tags = {key.lower(): value for key, value in tags.items()}  # and upper case
    assert tags["title"] == plan["title"] and tags["artist"] == "coach"
    listed = tags.get("comment") or tags.get("description")
    assert listed.splitlines()[0] == "0:00 Introduction" and len(listed.splitlines()) == len(chapters)


def test_same_inputs_same_bytes_from_a_cold_cache_or_a_warm_one(session, cold_exports, spoken_phrases):
    """The run's first export of the routine spoke every line anew in an empty cache; this one read them back."""
    _, wav, _ = session
    assert len(list(spoken_phrases.glob("*.npy"))) > 50  # that cache started empty and was filled by those exports
    assert cold_exports[wav.stem].read_bytes() == wav.read_bytes()


def test_subtitles_list_every_spoken_line(session):
    plan, _, mp3 = session
    vtt = mp3.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT")
    said = [e["text"] for e in plan["events"] if e["type"] == "say"]
    cues = [block.splitlines()[1] for block in vtt.split("\n\n")[1:] if "-->" in block]
    assert cues == said
