"""A stop asked for by a signal is never lost, even where Python drops the KeyboardInterrupt it raised.

CI once saw SIGTERM ignored: an export finished with status 0, an espeak-ng
plan ran to its end. The signal's handler had run inside a C library's
callback into Python, where ctypes prints the exception and drops it. Here
the fault is made on purpose (a signal sent from inside libc's qsort), with
the handler the CLI installs, and each place that must still stop is shown
to stop.
"""

from __future__ import annotations

import signal
import threading

import pytest
from support.export import blocks, noise, session_meta
from support.signals import signal_from_a_callback, stopping_like_the_cli
from support.speech import coaching_phrases, counting_speech

from coach import stopping
from coach.export import export_session
from coach.speech.quiet import deferred_signals, quiet_stdout

TOTAL = 3 * 44100


def test_a_c_callback_drops_the_keyboard_interrupt_of_its_signal():
    """The fault itself: the handler ran, and the work went on with no exception."""
    with stopping_like_the_cli():
        assert signal_from_a_callback().dropped == [KeyboardInterrupt]
        assert stopping.asked() == signal.SIGTERM


def test_signals_held_back_act_once_the_block_ends():
    finished = []
    with stopping_like_the_cli(), pytest.raises(KeyboardInterrupt):
        with deferred_signals():
            finished.append(signal_from_a_callback())
        pytest.fail("the held signal did not act")
    assert finished[0].numbers == [1, 2, 3, 4, 5, 6, 7, 8] and finished[0].dropped == []  # undisturbed


def test_a_silenced_block_holds_signals_back_too():
    finished = []
    with stopping_like_the_cli(signal.SIGHUP), pytest.raises(KeyboardInterrupt):
        with quiet_stdout(stderr=True):
            finished.append(signal_from_a_callback(signal.SIGHUP))
    assert finished[0].dropped == []


def test_holding_back_keeps_an_ignored_signal_ignored_and_restores_every_handler():
    def mine(*_):
        raise AssertionError("not this one")

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, mine)
    try:
        with deferred_signals():
            assert signal_from_a_callback(signal.SIGHUP).dropped == []  # ignored: nothing held, nothing after
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN and signal.getsignal(signal.SIGTERM) is mine
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def test_an_export_whose_stop_was_lost_stops_at_the_next_block_and_leaves_nothing(tmp_path):
    written: list[int] = []

    def lossy():
        for i, block in enumerate(blocks(noise(TOTAL))):
            if i == 3:
                assert signal_from_a_callback().dropped == [KeyboardInterrupt]
            written.append(i)
            yield block

    with stopping_like_the_cli(), pytest.raises(KeyboardInterrupt):
        export_session(lossy(), TOTAL, tmp_path / "s.mp3", session_meta(TOTAL))
    assert written == [0, 1, 2, 3] and list(tmp_path.iterdir()) == []


def test_speaking_new_lines_stops_after_the_line_the_stop_came_in(tmp_path):
    speech, engine = counting_speech(tmp_path)
    real = engine.synth

    def synth(text, voice, rate):
        if len(engine.calls) == 2 and text not in engine.calls:  # the third line's first try, not line 2 said slower
            assert signal_from_a_callback().dropped == [KeyboardInterrupt]
        return real(text, voice, rate)

    engine.synth = synth
    with stopping_like_the_cli(), pytest.raises(KeyboardInterrupt):
        speech.prepare(coaching_phrases(6))
    assert len(engine.calls) == 3  # the third line, in whose making the stop came, and no more


def test_a_thread_is_not_stopped_by_the_check():
    """The web server's builds run in threads; they end with the server, not halfway through a block."""
    outcome: list[str] = []

    def work() -> None:
        stopping.check()
        outcome.append("went on")

    with stopping_like_the_cli():
        stopping.ask(signal.SIGTERM)
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        with pytest.raises(KeyboardInterrupt):
            stopping.check()
    assert outcome == ["went on"] and stopping.asked() is None
