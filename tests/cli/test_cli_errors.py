"""Bad input to export and play: one line, the right exit status, no file left behind."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support.tools import require, run_coach


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-o", "{dir}/x.ogg"], "the file name must end in one of: .mp3, .m4b, .m4a, .opus, .wav"),
        (["-o", "{dir}/missing/x.mp3"], "does not exist; create it first"),
        (["-o", "{dir}/x.mp3", "--voice", "joey"], 'no voice "joey"; close matches: Joe'),
        (["-o", "{dir}/x.mp3", "--voice", "{dir}/alba.onnx"], "--voice: the voice file {dir}/alba.onnx does not exist"),
        (["-o", "{dir}/x.mp3", "--voice-engine", "espeak-ng", "--voice", "en-uss"], 'no voice "en-uss"; close matches: en-us'),
        (["-o", "{dir}/x.mp3", "--voice-engine", "festival"], 'no speech engine "festival"; choose from: espeak-ng, piper, pyttsx3'),
        (["-o", "{dir}/x.mp3", "--rate", "20"], "choose 80 to 400 words a minute"),
        (["-o", "{dir}/x.mp3", "--gap", "500"], "--gap: expected minutes from 0 to 240"),
    ],
)
def test_bad_export_input(env, tmp_path, args, expected):
    args = [a.format(dir=tmp_path) for a in args]
    done = run_coach(env, "export", "pre-run", *args, timeout=120)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and expected.format(dir=tmp_path) in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_kept_without_force(env, tmp_path):
    target = tmp_path / "warm-up.wav"
    target.write_bytes(b"my good file")
    done = run_coach(env, "export", "pre-run", "-o", str(target), timeout=120)
    assert done.returncode == 2 and "use --force to replace it" in done.stderr
    assert target.read_bytes() == b"my good file" and sorted(p.name for p in tmp_path.iterdir()) == ["warm-up.wav"]


FILL_A_SMALL_DISK = """
disk=$1
shift
mount -t tmpfs -o size=300k coach-test "$disk" || exit 99
"$@"
echo "exit $?"
ls -A "$disk"
"""


@pytest.mark.parametrize("suffix", [".mp3", ".m4b", ".opus", ".wav"])
def test_a_full_disk_mid_encode_is_one_line_and_leaves_nothing(env, tmp_path, suffix):
    """A real full disk: a 300 kB tmpfs in a private mount namespace, filled by the export."""
    disk = tmp_path / "small"
    disk.mkdir()
    out = disk / f"warm-up{suffix}"
    command = [sys.executable, "-m", "coach", "export", "pre-run", "-o", str(out)]
    done = subprocess.run(
        [require("unshare", "util-linux"), "-rm", "sh", "-c", FILL_A_SMALL_DISK, "sh", str(disk), *command],
        capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert done.stdout.splitlines() == ["exit 1"], (done.stdout, done.stderr)  # and nothing left on that disk
    assert done.stderr.strip().splitlines() == [f"coach: disk full while writing {out}; nothing was written"]
