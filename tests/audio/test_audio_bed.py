"""The music bed under a real session plan: ducked before every cue, level between them, exact."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from coach.app.music import Music, choose_music
from coach.audio.bed import CROSSFADE, FADE_IN, FADE_OUT, lay_out
from coach.audio.duck import Ducking
from coach.audio.level import CEILING, SPEECH_LUFS, loudness
from coach.audio.render import render
from coach.audio.sounds import load_sounds
from coach.plan.options import PlanOptions
from coach.plan.scheduler import schedule
from coach.plan.timeline import SAMPLE_RATE, Timeline
from coach.routine.builtin import load_builtin
from support.music import make_tracks

SOUNDS = load_sounds()
NO_SOUNDS = {name: np.zeros(0, np.float32) for name in SOUNDS}


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    """Three post-run drills at the short level (leg rotation, butt kicks, spiderman): nearly 6 minutes of
    counts, holds and side switches, over six times as long as the music, so the bed loops."""
    post_run = load_builtin("post-run")
    drills = {d.id: d for d in post_run.drills}
    chosen = tuple(drills[i] for i in ("supine-leg-rotation", "walking-butt-kick", "spiderman"))
    return schedule(replace(post_run, drills=chosen), PlanOptions(level="short"))


@pytest.fixture(scope="module")
def music(tmp_path_factory) -> Music:
    folder = make_tracks(tmp_path_factory.mktemp("music"))
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_CACHE_DIR", str(cache))
        return choose_music([folder]).measure()


def silent(_text: str) -> np.ndarray:
    return np.zeros(0, np.float32)


def tone_burst(text: str) -> np.ndarray:
    """A loud stand-in for a spoken line: peaks at the ceiling, a little longer than the text."""
    n = int(0.08 * SAMPLE_RATE * max(1, len(text.split())))
    return (np.sin(np.arange(n) * 0.07) * CEILING).astype(np.float32)


def bed_only(timeline: Timeline, music: Music, **render_options) -> np.ndarray:
    blocks = render(timeline, silent, NO_SOUNDS, bed=music.bed(timeline), **render_options)
    return np.concatenate(list(blocks)).astype(np.float64) / 32768


@pytest.fixture(scope="module")
def ducked(timeline, music) -> np.ndarray:
    return bed_only(timeline, music)


@pytest.fixture(scope="module")
def steady(timeline, music) -> np.ndarray:
    return bed_only(timeline, replace(music, ducking=Ducking(depth_db=0)))


def _ratio_db(ducked: np.ndarray, steady: np.ndarray) -> float:
    with np.errstate(divide="ignore"):  # rounded to silence at the very start of the fade-in
        return 10 * np.log10((ducked**2).sum() / (steady**2).sum())


def test_the_music_is_down_12_db_under_every_cue_from_its_first_sample(timeline, ducked, steady):
    assert len(timeline.events) > 100
    for event in timeline.events:
        cue = slice(event.at, max(event.end, event.at + 1))
        first = slice(event.at, event.at + 64)  # the first 1.5 ms: already down
        assert _ratio_db(ducked[cue], steady[cue]) <= -12.0, event
        assert _ratio_db(ducked[first], steady[first]) <= -12.0, event


def test_between_cues_the_bed_is_within_1_lu_of_its_level(timeline, music, ducked):
    envelope = music.bed(timeline).duck
    free = envelope.gain(0, timeline.length) == 1.0
    free[: FADE_IN + SAMPLE_RATE] = free[timeline.length - FADE_OUT :] = False
    assert free.mean() > 0.2  # long holds let the music come back
    target = SPEECH_LUFS + music.level_db
    assert abs(loudness(ducked[free]) - target) <= 1.0


def test_cues_in_a_row_stay_under_one_duck(timeline, music):
    ducks = music.bed(timeline).duck.ducks
    ducking = Ducking()
    count_ins = [
        (ticks[0], go) for go in timeline.events if go.cue == "go"
        for ticks in [[e for e in timeline.events if e.cue == "countdown" and go.at - 3 * SAMPLE_RATE <= e.at < go.at]]
        if ticks
    ]
    assert len(count_ins) >= 3
    for first, go in count_ins:  # the ticks and the go of a count-in: one duck
        assert any(d.low <= first.at and go.end <= d.high for d in ducks), go
    assert len(ducks) < len(timeline.events) * 0.6  # a line and its beep: one duck too
    gaps = [b.low - a.high for a, b in zip(ducks, ducks[1:])]
    up_for = min(gaps) - samples_of(ducking.attack + ducking.release)
    assert up_for >= samples_of(ducking.rest)  # back up for half a second at least: the music never pumps


def samples_of(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


def test_speech_and_sounds_sit_on_the_bed_at_their_own_samples_under_the_ceiling(timeline, music, ducked):
    with_music = np.concatenate(list(render(timeline, tone_burst, SOUNDS, bed=music.bed(timeline))))
    without = np.concatenate(list(render(timeline, tone_burst, SOUNDS)))
    assert with_music.shape == without.shape == (timeline.length, 2)
    assert np.abs(with_music.astype(np.int32)).max() <= round(CEILING * 32767)
    bed = np.rint(ducked * 32768).astype(np.int32)
    cues = (with_music.astype(np.int32) - bed)
    for event in timeline.events[1:60]:  # each cue starts on its sample, music or not
        before = slice(event.at - 32, event.at)
        assert np.abs(cues[before]).max() <= np.abs(without[before].astype(np.int32)).max() + 40
        assert np.abs(cues[event.at : event.at + 2000]).max() > 1000


def test_any_start_and_block_size_give_the_same_samples(timeline, music, ducked):
    placed = lay_out(music.tracks, timeline.length)
    inside_a_crossfade = placed[1].at + CROSSFADE // 2
    for start in (inside_a_crossfade, timeline.drills[2].start, timeline.length - FADE_OUT // 2):
        part = bed_only(timeline, music, start=start, block=1000)
        np.testing.assert_array_equal(part, ducked[start:])


def test_the_bed_loops_to_fill_the_session_and_fades_at_both_ends(timeline, music, steady):
    placed = lay_out(music.tracks, timeline.length)
    total = sum(t.length for t in music.tracks)
    assert total < timeline.length and len(placed) > len(music.tracks)
    assert placed[-1].end >= timeline.length
    assert [p.track for p in placed[: len(music.tracks)]] == list(music.tracks) == [p.track for p in placed[len(music.tracks) : 2 * len(music.tracks)]]
    assert np.abs(steady[:64]).max() < 1e-3 and np.abs(steady[-64:]).max() < 1e-3
    assert np.abs(steady[FADE_IN : FADE_IN + SAMPLE_RATE]).max() > 0.01


def test_mono_folds_the_bed_into_both_ears(timeline, music):
    mono = np.concatenate(list(render(timeline, silent, NO_SOUNDS, bed=music.bed(timeline, mono=True), end=SAMPLE_RATE * 30)))
    np.testing.assert_array_equal(mono[:, 0], mono[:, 1])
    assert np.abs(mono).max() > 100


def test_two_renders_are_identical(timeline, music, ducked):
    np.testing.assert_array_equal(bed_only(timeline, music), ducked)
