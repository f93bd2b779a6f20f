"""The command line as a runner uses it: real `coach` processes, real exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from support.plans import drill_events, speech_over_sounds
from support.tools import coach_env, run_coach


def test_plan_json_has_the_documented_shape(env):
    done = run_coach(env, "plan", "pre-run", "--json", "--pace", "knee-drive-crossover=25")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["routine"] == "pre-run" and plan["duration"] > 0
    assert {"id", "name", "start", "end"} <= set(plan["drills"][0])
    for event in plan["events"]:
        assert {"t", "type", "drill", "side", "cue"} <= set(event)
        assert ("text" in event) if event["type"] == "say" else ("sound" in event)
    go = drill_events(plan, "knee-drive-crossover", "go")[0]
    turn = drill_events(plan, "knee-drive-crossover", "switch")[0]  # comes back without turning: the switch sound
    assert turn["t"] - go["t"] == pytest.approx(25.0, abs=1e-6)


def test_plan_table_and_show_and_list(env):
    table = run_coach(env, "plan", "post-run")
    assert table.returncode == 0
    assert "Round 2 of 4." in table.stdout and "Kneeling hip-flexor stretch" in table.stdout
    sheet = run_coach(env, "show", "pre-run")
    assert "6 drills" in sheet.stdout and "Standing leg swings  [leg-swings]" in sheet.stdout
    listing = run_coach(env, "list")
    lines = listing.stdout.splitlines()
    assert lines[0].startswith("pre-run") and "6 drills" in lines[0]
    assert lines[1].startswith("post-run") and "5 drills" in lines[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", "warmup"], 'unknown routine "warmup"; built-in routines: pre-run, post-run'),
        (["show", "nope"], 'unknown routine "nope"'),
        (["plan", "pre-run", "--pace", "leg-swings=20"], '"leg-swings" is not a 20 m drill of pre-run; choose from:'),
        (["plan", "pre-run", "--pace", "knee-drive-crossover=fast"], 'expected 2 to 600 seconds per leg, got "fast"'),
        (["plan", "pre-run", "--pace", "knee-drive-crossover"], "expected DRILL=SECONDS"),
        (["plan", "pre-run", "--pace", "knee-drive-crossover=900"], "expected 2 to 600 seconds per leg, got 900"),
        (["plan", "pre-run", "--pace", "knee-drive-crossover=0.01"], "expected 2 to 600 seconds per leg, got 0.01"),
        (["plan", "pre-run", "--pace-scale", "0"], "--pace-scale: expected a positive number"),
        (["plan", "pre-run", "--pace-scale", "50"], "--pace-scale: 50 is too much"),
        (["plan", "pre-run", "--level", "hard"], "--level: expected short, standard or full"),
        (["plan", "pre-run", "--nope"], "No such option: --nope"),
    ],
)
def test_bad_input_is_one_line_exit_2(env, args, expected):
    done = run_coach(env, *args, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["list", "show", "plan"])
def test_every_command_help_has_examples(env, command):
    done = run_coach(env, command, "--help")
    assert done.returncode == 0
    assert "Example" in done.stdout
    if command == "plan":
        for option in ("--level", "--pace", "--pace-scale", "--tempo-scale", "--cadence", "--json"):
            assert option in done.stdout


@pytest.mark.parametrize("routine", ["pre-run", "post-run"])
def test_with_the_real_voice_no_line_is_said_over_a_sound(env, routine):
    done = run_coach(env, "plan", routine, "--json")
    assert done.returncode == 0, done.stderr
    assert speech_over_sounds(json.loads(done.stdout)) == []


def _stderr_on_a_terminal(env: dict[str, str], *args: str) -> str:
    """Run coach with stderr on a pseudo-terminal (stdout piped); what the terminal showed."""
    leader, follower = os.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", *args], env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=follower,
    )
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    child.communicate(timeout=300)
    os.close(leader)
    assert child.returncode == 0
    return shown.decode("utf-8", "replace")


def test_a_cold_cache_shows_the_voice_being_prepared(tmp_path):
    """A voice with no shipped lengths (espeak-ng here) is spoken first: one line at once, then a bar."""
    env = coach_env(tmp_path)
    cold = _stderr_on_a_terminal(env, "plan", "post-run", "--voice-engine", "espeak-ng")
    told = cold.index("coach: preparing the voice: ")
    assert " new lines to speak, once\r\n" in cold and told < cold.index("Preparing the voice (")
    assert "Preparing the voice (" in cold and "new lines) [" in cold and "100%" in cold
    warm = _stderr_on_a_terminal(env, "plan", "post-run", "--voice-engine", "espeak-ng")
    assert warm == ""  # warm: nothing to prepare, nothing shown


def test_the_default_voice_plans_a_built_in_routine_without_speaking(tmp_path):
    """Its lengths ship with coach: a cold plan shows nothing and makes no cache at all."""
    env = coach_env(tmp_path)
    assert _stderr_on_a_terminal(env, "plan", "post-run") == ""
    assert not (tmp_path / "cache").exists()


def test_the_voice_being_prepared_is_told_when_stderr_is_not_a_terminal(tmp_path):
    done = run_coach(coach_env(tmp_path), "plan", "pre-run", "--voice-engine", "espeak-ng", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["routine"] == "pre-run"
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and re.fullmatch(r"coach: preparing the voice: \d+ new lines to speak, once", lines[0])
