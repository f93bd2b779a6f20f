"""Bad input to export and play: one line, the right exit status, no file left behind."""

from __future__ import annotations

import pytest

from tools import run_coach


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-o", "{dir}/x.ogg"], "the file name must end in one of: .wav, .mp3"),
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
