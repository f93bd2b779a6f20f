"""coach.atomic and coach.regular: no clobbering, stale files of dead runs, only regular files read."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from coach.atomic import PendingFile, remove_stale, temp_folder
from coach.regular import NotAFile, open_regular, read_regular


def dead_pid() -> int:
    """The PID of a process that has finished."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_commit_without_replace_refuses_a_name_taken_meanwhile(tmp_path):
    target = tmp_path / "s.wav"
    pending = PendingFile(target)
    pending.temp.write_bytes(b"mine")
    target.write_bytes(b"another run was quicker")
    with pytest.raises(FileExistsError):
        pending.commit(replace=False)
    assert target.read_bytes() == b"another run was quicker" and pending.temp.exists()
    pending.discard()
    assert list(tmp_path.iterdir()) == [target]


def test_a_dangling_symlink_counts_as_taken(tmp_path):
    target = tmp_path / "s.wav"
    target.symlink_to(tmp_path / "nowhere")
    pending = PendingFile(target)
    pending.temp.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        pending.commit(replace=False)
    assert target.is_symlink() and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("refusal", [errno.EPERM, errno.EINVAL, errno.EOPNOTSUPP])  # Linux FAT; Windows FAT; shares
def test_commit_where_hard_links_are_refused(tmp_path, monkeypatch, refusal):
    def no_links(*args, **kwargs):
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(os, "link", no_links)  # as on FAT, a phone's card
    target = tmp_path / "s.wav"
    pending = PendingFile(target)
    pending.temp.write_bytes(b"mine")
    pending.commit(replace=False)
    assert target.read_bytes() == b"mine" and list(tmp_path.iterdir()) == [target]
    again = PendingFile(target)
    again.temp.write_bytes(b"second")
    with pytest.raises(FileExistsError):
        again.commit(replace=False)
    assert target.read_bytes() == b"mine"


def test_temporary_names_carry_the_pid(tmp_path):
    pending = PendingFile(tmp_path / "s.wav")
    assert pending.temp.name.startswith(f".s.wav.part-{os.getpid()}-")
    pending.discard()


def test_stale_files_of_dead_runs_go_live_ones_stay(tmp_path):
    quiet = time.time() - 120
    dead = tmp_path / f".s.wav.part-{dead_pid()}-0123abcd"
    alive = tmp_path / f".t.wav.part-{os.getpid()}-0123abcd"
    just_now = tmp_path / f".u.wav.part-{dead_pid()}-0123abcd"  # its writer may only just have died
    someone_elses = tmp_path / "notes.part-1-0123abcd"  # not a hidden coach name
    huge_pid = tmp_path / ".v.wav.part-99999999999999999999-0123abcd"  # no PID is that long: not ours
    lookalike = tmp_path / ".video.part-download"  # hidden, but not as coach names its files
    a_folder = tmp_path / f".w.wav.part-{dead_pid()}-0123abcd"  # coach makes files by that name, never folders
    a_folder.mkdir()
    for path in (dead, alive, just_now, someone_elses, lookalike, huge_pid):
        path.write_bytes(b"x")
    for path in (dead, alive, someone_elses, huge_pid, a_folder):
        os.utime(path, (quiet, quiet))
    os.utime(lookalike, (0, 0))  # however old
    remove_stale(tmp_path)
    kept = [alive.name, just_now.name, someone_elses.name, lookalike.name, huge_pid.name, a_folder.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


def test_temp_folders_of_dead_runs_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    left = tmp_path / f"coach-espeak-{dead_pid()}-abcd1234"
    left.mkdir()
    (left / "libespeak-ng.so.1").write_bytes(b"x")
    old = time.time() - 120
    os.utime(left, (old, old))
    made = temp_folder("coach-espeak-")
    assert made.parent == tmp_path and made.name.startswith(f"coach-espeak-{os.getpid()}-")
    assert not left.exists()


def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "r.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotAFile, match="is a named pipe, not a file"):
        read_regular(fifo, 100)
    assert time.monotonic() - started < 5  # no writer ever comes: it must not wait for one
    with pytest.raises(IsADirectoryError):
        open_regular(tmp_path)
    with pytest.raises(NotAFile, match="is a device"):
        read_regular("/dev/zero", 100)
    plain = tmp_path / "p.txt"
    plain.write_bytes(b"0123456789")
    assert read_regular(plain, 4) == b"01234"  # the limit and one byte more: "too large" can be told


def test_a_generous_limit_costs_no_memory(tmp_path):
    import tracemalloc

    small = tmp_path / "clip"
    small.write_bytes(b"x" * 1000)
    tracemalloc.start()
    try:
        assert read_regular(small, 64 * 2**20) == b"x" * 1000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20  # Python sets aside what it is asked to read: ask for what the file holds
