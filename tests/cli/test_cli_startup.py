"""Start-up: the command line loads no sound libraries until a command makes sound, and `--help` reads nothing."""

from __future__ import annotations

import subprocess
import sys

from support.tools import coach_env, short_routine

HEAVY = ("numpy", "av", "piper", "onnxruntime", "sounddevice", "soxr", "lameenc", "simpleaudio", "pyttsx3",
         "starlette", "uvicorn", "segno", "anyio",  # the web server's, loaded by `coach serve` alone
         "tomlkit", "importlib.metadata")  # to write settings; to read versions (coach.speech.dist does)

PROBE = """
import sys
from coach.cli import _register, main
_register()
if sys.argv[1:]:
    try:
        main(sys.argv[1:])
    except SystemExit as done:
        assert done.code == 0, done.code
heavy = sorted(m for m in {watched!r} if m in sys.modules)
print(" ".join(heavy), file=sys.__stderr__)
"""


READING = ("tomllib", "json", "coach.plan.timeline", "coach.export.meta")
"""What reads a routine, a plan or a file: `--help` lists the commands without them."""


def _loaded(env: dict[str, str], *args: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=watched), *args], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done.stderr.split()


def test_importing_the_command_line_and_its_commands_loads_no_sound_library(tmp_path):
    assert _loaded(coach_env(tmp_path)) == []


def test_help_list_and_plan_of_a_built_in_routine_load_no_sound_library(tmp_path):
    env = coach_env(tmp_path)
    assert _loaded(env, "--help") == []
    assert _loaded(env, "list") == []
    assert _loaded(env, "plan", "pre-run", "--json") == []
    assert _loaded(env, "show", "post-run") == []


def test_export_does_load_them(tmp_path):
    """The probe itself can see a sound library: an export loads NumPy and the MP3 encoder."""
    env = coach_env(tmp_path)
    routine = str(short_routine(tmp_path))  # three minutes: the probe needs an export, not a long one
    loaded = _loaded(env, "export", routine, "--voice-engine", "espeak-ng", "-o", str(tmp_path / "s.mp3"))
    assert {"numpy", "lameenc"} <= set(loaded)


def test_help_loads_no_routine_reader_nor_the_timeline(tmp_path):
    """`coach --help` only lists; the probe sees the same modules once `plan` reads and plans."""
    env = coach_env(tmp_path)
    assert _loaded(env, "--help", watched=READING) == []
    assert _loaded(env, "plan", "pre-run", "--json", watched=READING) == sorted(READING)
