"""The renderer: exact onsets, block layout, slices, panning, levels, determinism, memory."""

from __future__ import annotations

import hashlib
import tracemalloc

import numpy as np
import pytest

from support.fakes import fake_speech, synthetic_timeline
from coach.audio.level import CEILING
from coach.audio.render import render
from coach.audio.sounds import load_sounds
from coach.errors import EnvironmentProblem, InputError
from coach.plan.timeline import SAMPLE_RATE, Event, Timeline

MINUS_1_DBFS = 10 ** (-1 / 20)


def burst(text: str) -> np.ndarray:
    """A clip whose very first sample is its loudest: "impulse" or a decaying tone "burst-<samples>"."""
    if text == "impulse":
        return np.array([0.5], dtype=np.float32)
    n = int(text.split("-")[1])
    t = np.arange(n) / SAMPLE_RATE
    return (0.4 * np.exp(-t / 0.02) * np.cos(2 * np.pi * 500 * t)).astype(np.float32)


FAKE_SOUNDS = {"tick": burst("burst-900"), "go": burst("burst-3001")}


def say(at: int, text: str, side=None) -> Event:
    return Event(at=at, type="say", cue="rep", length=burst(text).size, text=text, side=side)


def sound(at: int, name: str, side=None) -> Event:
    return Event(at=at, type="sound", cue="cue", length=FAKE_SOUNDS[name].size, sound=name, side=side)


def timeline(events, length: int) -> Timeline:
    return Timeline(routine="t", title="T", length=length, drills=(), events=tuple(events))


def full(tl: Timeline, **options) -> np.ndarray:
    blocks = list(render(tl, burst, FAKE_SOUNDS, **options))
    return np.concatenate(blocks) if blocks else np.zeros((0, 2), dtype=np.int16)


SPACED = timeline(
    [
        say(0, "impulse"),
        say(1, "burst-777"),
        sound(3001, "tick", "left"),
        say(5003, "burst-2001", "right"),
        say(9999, "impulse", "left"),
        sound(12345, "go"),
        say(17011, "burst-4095"),
        say(25013, "burst-3"),
    ],
    length=27000,
)

OVERLAPPING = timeline(
    [
        say(101, "burst-20000"),
        sound(3333, "go", "left"),
        sound(3340, "tick", "right"),
        sound(4099, "go"),
        say(15001, "burst-9000", "left"),
        say(15003, "burst-9001", "right"),
        sound(30001, "tick"),
    ],
    length=40000,
)


@pytest.mark.parametrize("block", [1, 37, 1000, 4096, 100_000])
@pytest.mark.parametrize("start", [0, 2, 3500, 9999])
def test_every_clip_starts_exactly_at_its_event(block, start):
    out = full(SPACED, start=start, block=block)
    assert out.shape == (SPACED.length - start, 2)
    previous_end = start
    for event in SPACED.events:
        if event.at < start:
            previous_end = max(previous_end, event.end)
            continue
        gap = out[previous_end - start : event.at - start]
        assert not gap.any(), f"sound before {event.text or event.sound} at {event.at}"
        assert np.all(out[event.at - start] != 0), f"{event.text or event.sound} silent at {event.at}"
        previous_end = event.end


@pytest.mark.parametrize("block", [1, 4096, 100_000])
def test_blocks_cover_the_range_exactly(block):
    for start, end in [(0, None), (5, 12346), (3000, 3000), (26999, None)]:
        sizes = [b.shape for b in render(SPACED, burst, FAKE_SOUNDS, start=start, end=end, block=block)]
        stop = SPACED.length if end is None else end
        assert sum(n for n, _ in sizes) == stop - start
        assert all(shape == (block, 2) for shape in sizes[:-1])
        assert all(0 < n <= block and channels == 2 for n, channels in sizes)
    for chunk in render(SPACED, burst, FAKE_SOUNDS, block=block):
        assert chunk.dtype == np.int16


@pytest.mark.parametrize("tl", [SPACED, OVERLAPPING], ids=["spaced", "overlapping"])
def test_a_slice_renders_the_same_as_the_same_part_of_a_full_render(tl):
    whole = full(tl)
    for start, end, block in [(0, tl.length, 333), (1, 5000, 4096), (3400, 20000, 777), (15500, 16000, 1),
                              (4100, 4101, 5), (tl.length - 1000, None, 4096), (20000, None, 10)]:
        part = full(tl, start=start, end=end, block=block)
        assert np.array_equal(part, whole[start:end]), (start, end, block)


def test_overlapping_clips_never_pass_minus_1_dbfs():
    out = full(OVERLAPPING)
    assert np.abs(out.astype(np.int32)).max() <= MINUS_1_DBFS * 32767
    assert np.abs(out.astype(np.int32)).max() >= 0.8 * CEILING * 32767  # limited, not just turned down


def test_a_loud_line_alone_is_held_under_minus_1_dbfs():
    def loud(text):
        return np.full(5000, 0.99, dtype=np.float32) * np.sign(np.sin(np.arange(5000) / 7))

    tl = timeline([Event(at=10, type="say", cue="x", length=5000, text="shout")], 6000)
    out = np.concatenate(list(render(tl, loud, {})))
    assert 0 < np.abs(out.astype(np.int32)).max() <= MINUS_1_DBFS * 32767


def _energy(out: np.ndarray, event: Event) -> np.ndarray:
    part = out[event.at : event.end].astype(np.float64)
    return (part**2).sum(axis=0)


def test_sides_pan_left_and_right_and_centre_is_equal():
    events = [say(100, "burst-3000", "left"), say(5000, "burst-3000", "right"), say(10000, "burst-3000")]
    tl = timeline(events, 14000)
    out = full(tl)
    left, right, centre = (_energy(out, e) for e in events)
    assert left[0] / left[1] == pytest.approx(7 / 3, rel=0.02)
    assert right[1] / right[0] == pytest.approx(7 / 3, rel=0.02)
    assert centre[0] == centre[1]
    # constant power: a panned line carries the same total energy as a centred one
    assert left.sum() == pytest.approx(centre.sum(), rel=0.02)


def test_mono_makes_both_channels_equal():
    out = full(SPACED, mono=True)
    assert np.array_equal(out[:, 0], out[:, 1])
    assert out.any()


def test_same_inputs_give_the_same_bytes():
    digests = {hashlib.sha256(full(OVERLAPPING, block=1000).tobytes()).hexdigest() for _ in range(2)}
    digests.add(hashlib.sha256(full(OVERLAPPING, block=4096).tobytes()).hexdigest())
    assert len(digests) == 1


def test_integer_speech_clips_are_accepted():
    def as_int16(text):
        return np.rint(burst(text) * 32768).astype(np.int16)

    as_float = full(SPACED)
    as_int = np.concatenate(list(render(SPACED, as_int16, FAKE_SOUNDS)))
    assert np.abs(as_int.astype(np.int32) - as_float).max() <= 2


def test_the_real_sounds_play_where_their_events_are():
    sounds = load_sounds()
    events = [Event(at=1000 + i * 50000, type="sound", cue="c", length=clip.size, sound=name)
              for i, (name, clip) in enumerate(sounds.items())]
    out = np.concatenate(list(render(timeline(events, 1000 + len(events) * 50000), burst, sounds)))
    for event in events:
        heard = out[event.at : event.end]
        assert heard.any() and not out[event.at - 500 : event.at].any()
        assert not out[event.end : event.end + 500].any()


def test_bad_ranges_and_unknown_sounds_are_reported():
    with pytest.raises(InputError):
        render(SPACED, burst, FAKE_SOUNDS, start=10, end=5)
    with pytest.raises(InputError):
        render(SPACED, burst, FAKE_SOUNDS, end=SPACED.length + 1)
    with pytest.raises(InputError):
        render(SPACED, burst, FAKE_SOUNDS, block=0)
    tl = timeline([Event(at=5, type="sound", cue="c", length=10, sound="gong")], 100)
    with pytest.raises(EnvironmentProblem, match="gong"):
        list(render(tl, burst, FAKE_SOUNDS))


def _peak_memory(minutes: float, sounds) -> int:
    tl = synthetic_timeline(minutes, {name: clip.size for name, clip in sounds.items()})

    def speech(text):  # a new clip for every line, as a real engine returns
        return fake_speech(text).copy()

    tracemalloc.start()
    try:
        frames = sum(chunk.shape[0] for chunk in render(tl, speech, sounds))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert frames == tl.length
    return peak


def test_memory_does_not_grow_with_session_length():
    sounds = load_sounds()
    _peak_memory(0.2, sounds)  # warm up caches outside the measurement
    ten, sixty = _peak_memory(10, sounds), _peak_memory(60, sounds)
    assert sixty <= 1.3 * ten, (ten, sixty)
