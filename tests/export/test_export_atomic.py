"""Atomic export: all or nothing, never clobber without --force, plain errors for a person."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap

import pytest
from support.export import blocks, noise, session_meta

from coach.errors import EnvironmentProblem, InputError
from coach.export import SessionMeta, export_session, format_for
from coach.export.avsink import AvWriter
from coach.export.mp3 import Mp3Writer
from coach.export.tags import _os_errors
from coach.export.wav import WavWriter

TOTAL = 44100 + 11
META = SessionMeta("t", "a")
OLD = b"an older session, still good"
WRITERS = {".wav": WavWriter, ".mp3": Mp3Writer, ".m4b": AvWriter, ".m4a": AvWriter, ".opus": AvWriter}
SUFFIXES = list(WRITERS)


def export(path, **kw):
    return export_session(blocks(noise(TOTAL)), TOTAL, path, session_meta(TOTAL), **kw)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_existing_file_kept_without_force(tmp_path, suffix):
    out = tmp_path / f"s{suffix}"
    out.write_bytes(OLD)
    with pytest.raises(InputError, match=r"exists; use --force to replace it"):
        export(out)
    assert out.read_bytes() == OLD
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_existing_file_replaced_with_force(tmp_path, suffix):
    out = tmp_path / f"s{suffix}"
    out.write_bytes(OLD)
    export(out, force=True)
    assert out.read_bytes() != OLD and out.stat().st_size > 10_000
    assert list(tmp_path.iterdir()) == [out]


def interrupted(pcm, after):
    """Blocks that stop with Ctrl-C after ``after`` blocks."""
    for i, block in enumerate(blocks(pcm)):
        if i == after:
            raise KeyboardInterrupt
        yield block


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_ctrl_c_leaves_old_file_and_no_temp(tmp_path, suffix):
    out = tmp_path / f"s{suffix}"
    out.write_bytes(OLD)
    with pytest.raises(KeyboardInterrupt):
        export_session(interrupted(noise(TOTAL), 5), TOTAL, out, META, force=True, subtitles=True)
    assert out.read_bytes() == OLD
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_disk_full_mid_write(tmp_path, monkeypatch, suffix):
    writer = WRITERS[suffix]
    real_write, calls = writer.write, []

    def write(self, block):
        calls.append(len(block))
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, block)

    monkeypatch.setattr(writer, "write", write)
    out = tmp_path / f"s{suffix}"
    with pytest.raises(EnvironmentProblem, match=rf"^disk full while writing .*s\{suffix}; nothing was written$"):
        export(out, subtitles=True)
    assert list(tmp_path.iterdir()) == []


def test_disk_full_while_tagging_reads_as_disk_full():
    from mutagen import MutagenError

    with pytest.raises(OSError) as caught, _os_errors():
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as err:
            raise MutagenError(err) from err
    assert caught.value.errno == errno.ENOSPC


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_real_write_failure_from_the_os(tmp_path, suffix):
    """A real failing write (file size limit), in a child process: one plain line, no files left."""
    script = textwrap.dedent("""
        import resource, sys
        import numpy as np
        from pathlib import Path
        from coach.errors import EnvironmentProblem
        from coach.export import SessionMeta, export_session
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))
        pcm = (np.random.default_rng(0).standard_normal((441000, 2)) * 3000).astype(np.int16)  # 10 s: no codec makes it small
        try:
            export_session([pcm], len(pcm), Path(sys.argv[1]), SessionMeta("t", "a"))
        except EnvironmentProblem as err:
            print(err)
    """)
    out = tmp_path / f"s{suffix}"
    done = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=60)
    assert done.stderr == ""
    assert done.stdout.startswith(f"could not write {out} (File too large); nothing was written")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path):
    with pytest.raises(InputError, match=r"folder .*nowhere does not exist"):
        export(tmp_path / "nowhere" / "s.mp3")


def test_path_is_a_folder(tmp_path):
    (tmp_path / "x.mp3").mkdir()
    with pytest.raises(InputError, match=r"x\.mp3 is a folder; give a file name"):
        export(tmp_path / "x.mp3")


def test_folder_not_writable(tmp_path, monkeypatch):
    # (tests may run as root, who can write anywhere, so ask os.access to say no)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(InputError, match=rf"can't write to folder {tmp_path}"):
        export(tmp_path / "s.mp3")


@pytest.mark.parametrize("name", ["s.ogg", "s", "s.mp3.txt"])
def test_unknown_suffix(tmp_path, name):
    with pytest.raises(InputError, match=r"must end in one of: \.mp3, \.m4b, \.m4a, \.opus, \.wav$"):
        export(tmp_path / name)


def test_suffix_case_does_not_matter(tmp_path):
    assert format_for(tmp_path / "S.MP3") == ".mp3"
    out = tmp_path / "S.WAV"
    assert export(out) == [out]


def test_subtitles_written_next_to_audio(tmp_path):
    out = tmp_path / "s.mp3"
    assert export(out, subtitles=True) == [out, tmp_path / "s.vtt"]
    assert (tmp_path / "s.vtt").read_text(encoding="utf-8").startswith("WEBVTT\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.mp3", "s.vtt"]


def test_existing_subtitles_refused_before_any_work(tmp_path):
    (tmp_path / "s.vtt").write_bytes(OLD)
    with pytest.raises(InputError, match=r"s\.vtt exists; use --force"):
        export(tmp_path / "s.mp3", subtitles=True)
    assert list(tmp_path.iterdir()) == [tmp_path / "s.vtt"]


def test_failing_subtitles_leave_no_audio(tmp_path, monkeypatch):
    def fail(path, meta):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("coach.export.session.write_vtt", fail)
    with pytest.raises(EnvironmentProblem, match=r"disk full while writing .*s\.vtt"):
        export(tmp_path / "s.mp3", subtitles=True)
    assert list(tmp_path.iterdir()) == []


def test_new_file_gets_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        export(tmp_path / "s.wav")
    finally:
        os.umask(old)
    assert (tmp_path / "s.wav").stat().st_mode & 0o777 == 0o644


def test_zero_length_session_is_a_bug(tmp_path):
    with pytest.raises(ValueError):
        export_session([], 0, tmp_path / "s.wav", META)
    assert list(tmp_path.iterdir()) == []
