"""The player against a fake device driven by a fake clock: fast and deterministic.

The real device paths are covered in test_playback_capture.py (ALSA file
plugin) and test_playback_pulse.py (PulseAudio in real time).
"""

from __future__ import annotations

import numpy as np
import pytest
from support.playback import runs

from coach.errors import DeviceError, InputError
from coach.playback.player import PREROLL, PlayResult, play, ticks
from coach.playback.ring import Ring
from support.signals import signal_from_a_callback, stopping_like_the_cli
from support.synthetic import blocks_factory, decode_index, index_signal
from coach.plan.timeline import SAMPLE_RATE

LENGTH = 3 * SAMPLE_RATE
PER_TICK = 882  # the fake device takes 20 ms of frames per tick


class FakeOutput:
    """A device that takes ``PER_TICK`` frames from the ring each time the player waits."""

    name = "fake"

    def __init__(self, fail_after: int | None = None) -> None:
        self.ring: Ring | None = None
        self.heard: list[np.ndarray] = []
        self.calls: list[str] = []
        self.fail_after = fail_after

    def start(self, ring: Ring) -> None:
        self.calls.append("start")
        self.ring = ring

    def latency(self) -> int:
        return 0

    def pull(self, seconds: float) -> None:
        assert self.ring is not None
        out = np.zeros((PER_TICK, 2), dtype=np.int16)
        self.ring.read_into(out)
        self.heard.append(out)

    def check(self) -> None:
        if self.fail_after is not None and len(self.heard) >= self.fail_after:
            raise DeviceError("The sound output stopped working during the session.")

    def finish(self) -> None:
        self.calls.append("finish")

    def abort(self) -> None:
        self.calls.append("abort")

    def audio(self) -> np.ndarray:
        return np.concatenate(self.heard) if self.heard else np.zeros((0, 2), np.int16)


class Script:
    """Controls that issue each command once the reported position reaches its sample."""

    def __init__(self, *steps: tuple[int, str]) -> None:
        self.steps = list(steps)
        self.position = -1
        self.positions: list[int] = []

    def on_position(self, position: int) -> None:
        self.position = position
        self.positions.append(position)

    def poll(self) -> str | None:
        if self.steps and self.position >= self.steps[0][0]:
            return self.steps.pop(0)[1]
        return None


def run(output: FakeOutput, script: Script | None = None, **kw) -> PlayResult:
    script = script or Script()
    kw.setdefault("preroll_samples", PREROLL)
    return play(
        blocks_factory(index_signal, LENGTH),
        output,
        controls=script,
        on_position=script.on_position,
        sleep=output.pull,
        **kw,
    )


def played(output: FakeOutput) -> np.ndarray:
    """Session indices heard, silence left out."""
    idx = decode_index(output.audio())
    return idx[idx >= 0]


def test_plays_preroll_then_every_sample_once():
    out = FakeOutput()
    result = run(out)
    heard = out.audio()
    assert not heard[:PREROLL].any()
    assert np.array_equal(heard[PREROLL : PREROLL + LENGTH], index_signal(0, LENGTH))
    assert result == PlayResult("finished", LENGTH, 0)
    assert out.calls == ["start", "finish", "abort"]


def test_starts_from_any_sample():
    out = FakeOutput()
    run(out, start=12345, preroll_samples=0)
    assert runs(played(out)) == [(12345, LENGTH - 1)]


def test_positions_never_go_back_and_stay_on_the_session_during_preroll():
    script = Script()
    run(FakeOutput(), script)
    assert script.positions[0] == 0
    assert script.positions == sorted(script.positions)
    assert script.positions[-1] <= LENGTH


def test_pause_then_resume_counts_in_and_continues_where_it_stopped():
    script = Script((SAMPLE_RATE, "pause"), (SAMPLE_RATE, "pause"))
    out = FakeOutput()
    result = run(out, script, count_in=lambda at: [np.full((1000, 2), -7, np.int16)])
    assert result.outcome == "finished"
    audio = out.audio()
    count_in = np.nonzero((audio == -7).all(axis=1))[0]
    assert len(count_in) == 1000 and np.array_equal(count_in, np.arange(count_in[0], count_in[0] + 1000))
    before, after = decode_index(audio[: count_in[0]]), decode_index(audio[count_in[-1] + 1 :])
    before, after = before[before >= 0], after[after >= 0]
    assert runs(before) == [(0, int(before[-1]))] and before[-1] >= SAMPLE_RATE - 1
    assert runs(after) == [(int(before[-1]) + 1, LENGTH - 1)]
    assert decode_index(audio[count_in[-1] + 1 : count_in[-1] + 2])[0] == before[-1] + 1


def test_next_skips_to_the_next_drill_start():
    script = Script((SAMPLE_RATE // 2, "next"))
    out = FakeOutput()
    run(out, script, drill_starts=[0, 2 * SAMPLE_RATE])
    (first, skipped_at), (target, last) = runs(played(out))
    assert first == 0 and skipped_at < 2 * SAMPLE_RATE
    assert (target, last) == (2 * SAMPLE_RATE, LENGTH - 1)


def test_next_in_the_last_drill_is_ignored():
    script = Script((SAMPLE_RATE, "next"))
    out = FakeOutput()
    run(out, script, drill_starts=[0])
    assert runs(played(out)) == [(0, LENGTH - 1)]


def test_next_while_paused_moves_the_resume_point():
    script = Script((SAMPLE_RATE // 2, "pause"), (0, "next"), (0, "pause"))
    out = FakeOutput()
    run(out, script, drill_starts=[0, 2 * SAMPLE_RATE], count_in=lambda at: [])
    assert runs(played(out))[-1] == (2 * SAMPLE_RATE, LENGTH - 1)


def test_quit_aborts_at_once():
    out = FakeOutput()
    result = run(out, Script((SAMPLE_RATE, "quit")))
    assert result.outcome == "quit" and SAMPLE_RATE <= result.position < 2 * SAMPLE_RATE
    assert out.calls == ["start", "abort"]


def _ctrl_c() -> None:
    raise KeyboardInterrupt


def _lost_signal() -> None:
    """SIGTERM whose KeyboardInterrupt Python dropped (raised in a C callback): the next wait must see the stop."""
    assert signal_from_a_callback().dropped == [KeyboardInterrupt]


@pytest.mark.parametrize("stop", [_ctrl_c, _lost_signal], ids=["ctrl-c", "lost-signal"])
def test_a_stop_aborts_and_reports_stopped(stop):
    out = FakeOutput()
    waits = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 50:
            stop()
        out.pull(seconds)

    with stopping_like_the_cli():
        result = play(blocks_factory(index_signal, LENGTH), out, sleep=sleep)
    assert result.stopped and result.outcome == "stopped" and len(waits) == 50
    assert out.calls == ["start", "abort"]


def test_a_failing_device_is_silenced_and_reported():
    out = FakeOutput(fail_after=10)
    with pytest.raises(DeviceError):
        run(out)
    assert out.calls[-1] == "abort"


def test_an_error_from_the_renderer_is_raised_with_the_output_silenced():
    def factory(start: int):
        yield from blocks_factory(index_signal, 3 * SAMPLE_RATE)(start)
        raise InputError("That phrase could not be spoken.")

    out = FakeOutput()
    with pytest.raises(InputError, match="phrase"):
        play(factory, out, sleep=out.pull)
    assert out.calls == ["start", "abort"]


def test_the_ring_is_filled_before_the_device_starts():
    class Watching(FakeOutput):
        def start(self, ring: Ring) -> None:
            self.prefilled = ring.queued()
            super().start(ring)

    out = Watching()
    run(out, ring_frames=SAMPLE_RATE)
    assert out.prefilled == SAMPLE_RATE


def test_default_count_in_is_three_ticks():
    audio = np.concatenate(list(ticks(0)))
    loud = np.nonzero(np.abs(audio[:, 0].astype(int)) > 100)[0]
    onsets = loud[np.concatenate([[True], np.diff(loud) > SAMPLE_RATE // 10])]
    assert len(onsets) == 3
    assert np.all(np.diff(onsets) == SAMPLE_RATE // 2)
    assert audio.dtype == np.int16 and audio.shape[1] == 2
