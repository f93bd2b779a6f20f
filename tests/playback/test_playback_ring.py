"""The ring between player and device: order kept, a short wait, then silence when dry, flushes drop."""

from __future__ import annotations

import threading
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.playback.ring import Ring


def frames(start: int, n: int) -> np.ndarray:
    i = np.arange(start, start + n, dtype=np.int16)
    return np.stack([i, -i], axis=1)


def test_write_takes_only_what_fits():
    ring = Ring(10)
    assert ring.write(frames(1, 7)) == 7
    assert ring.write(frames(8, 7)) == 3
    assert ring.room() == 0 and ring.queued() == 10


def test_read_fills_with_silence_and_counts_an_underrun_while_audio_is_due():
    ring = Ring(8, patience=0)
    ring.write(frames(1, 3))
    out = np.full((5, 2), 99, dtype=np.int16)
    ring.read_into(out)
    assert np.array_equal(out[:3], frames(1, 3))
    assert not out[3:].any()
    assert ring.underruns == 1 and ring.consumed == 3


def test_running_dry_after_end_or_flush_is_not_an_underrun():
    ring = Ring(8)
    ring.write(frames(1, 2))
    ring.end()
    ring.read_into(np.zeros((4, 2), dtype=np.int16))
    ring.write(frames(3, 2))
    ring.flush()
    ring.read_into(np.zeros((4, 2), dtype=np.int16))
    assert ring.underruns == 0


def test_flush_drops_queued_frames_and_reports_consumed():
    ring = Ring(8)
    ring.write(frames(1, 6))
    ring.read_into(np.zeros((2, 2), dtype=np.int16))
    assert ring.flush() == 2
    out = np.ones((3, 2), dtype=np.int16)
    assert ring.read_into(out) == 1  # one flush so far
    assert not out.any()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 23)), max_size=60))
def test_frames_come_out_in_order_across_wraps(steps):
    ring = Ring(16, patience=0)
    written, read = 0, []
    for is_write, n in steps:
        if is_write:
            written += ring.write(frames(written, n))
        else:
            out = np.zeros((n, 2), dtype=np.int16)
            before = ring.queued()
            ring.read_into(out)
            read.extend(out[: min(n, before), 0].tolist())
    assert read == list(range(len(read)))
    assert ring.queued() == written - len(read)


def reader(ring: Ring, n: int) -> tuple[threading.Thread, np.ndarray]:
    out = np.zeros((n, 2), dtype=np.int16)
    thread = threading.Thread(target=ring.read_into, args=(out,))
    thread.start()
    return thread, out


def test_a_short_read_waits_for_the_player_instead_of_taking_silence():
    ring = Ring(8, patience=30)
    ring.write(frames(1, 2))
    thread, out = reader(ring, 5)
    time.sleep(0.05)
    assert thread.is_alive()  # still waiting for the other three frames
    ring.write(frames(3, 6))
    thread.join(5)
    assert not thread.is_alive()
    assert np.array_equal(out, frames(1, 5))
    assert ring.underruns == 0


def test_a_wait_ends_after_its_patience_with_silence_and_an_underrun():
    ring = Ring(8, patience=0.05)
    ring.write(frames(1, 2))
    began = time.monotonic()
    out = np.full((5, 2), 99, dtype=np.int16)
    ring.read_into(out)
    assert time.monotonic() - began >= 0.05
    assert np.array_equal(out[:2], frames(1, 2)) and not out[2:].any()
    assert ring.underruns == 1


def test_end_flush_and_release_each_wake_a_waiting_reader_at_once():
    for wake in (Ring.end, Ring.flush, Ring.release):
        ring = Ring(8, patience=30)
        ring.write(frames(1, 1))
        thread, _ = reader(ring, 4)
        time.sleep(0.02)
        wake(ring)
        thread.join(5)
        assert not thread.is_alive(), wake.__name__


def test_after_release_no_read_waits():
    ring = Ring(8, patience=30)
    ring.write(frames(1, 1))
    ring.release()
    thread, out = reader(ring, 4)
    thread.join(5)
    assert not thread.is_alive()
    assert np.array_equal(out[:1], frames(1, 1)) and not out[1:].any()
