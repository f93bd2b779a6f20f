"""Every command starts where POSIX terminal control is missing (Windows), simulated here.

``termios``, ``tty`` and ``readline`` are blocked before coach is imported,
as they would be absent on Windows.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


BLOCKED = "import sys\nfor name in ('termios', 'tty', 'readline'):\n    sys.modules[name] = None\n"
COMMANDS = ["voices", "export", "new", "validate", "list", "show", "plan", "pace", "play", "serve", "config"]
CONFIG = ["show", "set", "unset", "reset", "keys"]


def run_blocked(env: dict[str, str], *args: str, code: str = "", stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    program = BLOCKED + (code or f"from coach.cli import main\nsys.argv = ['coach', *{list(args)!r}]\nmain()\n")
    return subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, stdin=stdin, timeout=300
    )


def test_the_lists_name_every_command():
    import typer.main

    from coach.cli import _register, app

    _register()
    root = typer.main.get_command(app)
    assert sorted(root.commands) == sorted(COMMANDS)
    assert sorted(root.commands["config"].commands) == sorted(CONFIG)


@pytest.mark.parametrize("command", [*COMMANDS, *(f"config {name}" for name in CONFIG)])
def test_every_command_starts(env, command):
    done = run_blocked(env, *command.split(), "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Usage: coach {command} ")


def test_a_plan_runs_through(env):
    done = run_blocked(env, "plan", "post-run", "--voice-engine", "espeak-ng")
    assert done.returncode == 0, done.stderr
    assert "Post-run hip cool-down: " in done.stdout


def test_play_on_a_terminal_says_the_keys_are_missing(env):
    """With a terminal but no termios, playback gets no key controls and says so."""
    leader, follower = os.openpty()
    try:
        code = (
            "from coach.playback.keys import KeyboardControls\n"
            "keys = KeyboardControls.for_stream(sys.stdin)\n"
            "with keys as controls:\n"
            "    print(controls, keys.missing)\n"
        )
        done = run_blocked(env, code=code, stdin=follower)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "None the space, n and q keys need a POSIX terminal (not here); Ctrl-C still stops\n"
