"""quiet_stdout: nothing reaches stdout, from Python or C, from any thread."""

from __future__ import annotations

import ctypes
import os
import sys
import threading


from coach.speech.quiet import quiet_stdout


def test_python_and_os_level_writes_are_silenced(capfd):
    print("before")
    with quiet_stdout():
        print("from python")
        os.write(1, b"from the file descriptor\n")
        thread = threading.Thread(target=lambda: print("from another thread"))
        thread.start()
        thread.join()
        print("to stderr", file=sys.stderr)
    print("after")
    out, err = capfd.readouterr()
    assert out == "before\nafter\n"
    assert "to stderr" in err


def test_c_code_printing_is_silenced(capfd):
    libc = ctypes.CDLL(None)
    with quiet_stdout():
        libc.printf(b"printed by C\n")
    libc.fflush(None)  # anything C still held would land on the real stdout now
    out, _ = capfd.readouterr()
    assert "printed by C" not in out


def test_stdout_is_restored_after_an_error(capfd):
    try:
        with quiet_stdout():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    print("visible")
    os.write(1, b"visible too\n")
    out, _ = capfd.readouterr()
    assert out == "visible\nvisible too\n"
