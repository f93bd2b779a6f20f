"""Issue 5 through the real commands: the README's routine, profile pacing, joined sessions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from support.rig import SESSION_SPEED, alsa_capture_config, assert_played_exactly, foremost, read_raw
from support.tools import coach_env, probe, read_wav, readme_routine, run_coach


@pytest.fixture
def env(tmp_path, spoken_phrases) -> dict[str, str]:
    """Each test its own profile, its cache started with the built-in routines already spoken."""
    return coach_env(tmp_path, spoken_phrases)


coach = run_coach


def test_readme_routine_validates_plans_exports_and_plays(env, tmp_path):
    # Its lines are new to the shared cache: espeak-ng, saved as the runner would, speaks them in a
    # fraction of Piper's time (the default voice speaks the built-in routines throughout the suite).
    assert coach(env, "config", "set", "voice_engine", "espeak-ng").returncode == 0
    routine = tmp_path / "track.toml"
    routine.write_text(readme_routine())
    assert coach(env, "validate", str(routine)).returncode == 0
    plan = json.loads(coach(env, "plan", str(routine), "--json").stdout)
    cues = {e["cue"] for e in plan["events"]}
    assert {"leg", "turn", "rep", "hold", "rest", "set", "switch", "done"} <= cues
    assert [d["id"] for d in plan["drills"]] == ["carioca", "glute-bridge", "hip-swings", "pigeon"]
    assert "Shake your legs out." in [e.get("text") for e in plan["events"]]
    wav = tmp_path / "track.wav"
    assert coach(env, "export", str(routine), "-o", str(wav)).returncode == 0
    _, audio = read_wav(wav)
    assert len(audio) == plan["samples"]
    raw = tmp_path / "heard.raw"
    config = alsa_capture_config(tmp_path / "asound.conf", raw, speed=SESSION_SPEED)
    played = coach({**env, "ALSA_CONFIG_PATH": str(config)}, "play", str(routine), "--quiet", preexec_fn=foremost)
    assert played.returncode == 0, played.stderr
    assert_played_exactly(read_raw(raw), np.rint(audio * 32768).astype(np.int16), lead_at_least=22050)


def turn_gap(plan: dict, drill: str) -> float:
    go = next(e for e in plan["events"] if e["drill"] == drill and e["cue"] == "go")
    turn = next(e for e in plan["events"] if e["drill"] == drill and e["cue"] == "turn")
    return round(turn["t"] - go["t"], 6)


def test_profile_pace_moves_the_turn_and_the_command_line_beats_it(env):
    assert turn_gap(json.loads(coach(env, "plan", "pre-run", "--json").stdout), "straight-leg-march") == 25
    saved = coach(env, "pace", "straight-leg-march", "--seconds", "27")
    assert saved.returncode == 0, saved.stderr
    assert turn_gap(json.loads(coach(env, "plan", "pre-run", "--json").stdout), "straight-leg-march") == 27
    typed = coach(env, "plan", "pre-run", "--json", "--pace", "straight-leg-march=22", "--explain")
    assert turn_gap(json.loads(typed.stdout), "straight-leg-march") == 22
    assert re.search(r"pace\.straight-leg-march\s+22\s+from command line", typed.stderr)
    assert coach(env, "config", "set", "pace.straight-leg-march", "31").returncode == 0
    assert turn_gap(json.loads(coach(env, "plan", "pre-run", "--json").stdout), "straight-leg-march") == 31


def test_damaged_profile_is_one_line_naming_the_reset(env, tmp_path):
    config = Path(env["COACH_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "profile.toml").write_text("rate = \n")
    done = coach(env, "plan", "pre-run")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "coach config reset" in done.stderr
    assert coach(env, "config", "reset").returncode == 0
    assert coach(env, "plan", "pre-run").returncode == 0


def test_new_writes_a_starter_that_validates(env, tmp_path):
    path = tmp_path / "mine.toml"
    assert coach(env, "new", str(path)).returncode == 0
    assert coach(env, "validate", str(path)).returncode == 0
    again = coach(env, "new", str(path))
    assert again.returncode == 2 and "--force" in again.stderr


def test_validate_lists_every_problem(env, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(readme_routine().replace("reps = 12", 'reps = "ten"').replace("tempo = 3", "tempo = 0"))
    done = coach(env, "validate", str(bad))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{bad}:") for line in lines)
    assert 'drills[2].reps: expected a whole number' in done.stderr and 'got "ten"' in done.stderr


def test_two_routines_with_a_gap_make_one_session(env, tmp_path):
    out = tmp_path / "today.wav"
    done = coach(env, "export", "pre-run", "post-run", "--gap", "5", "--level", "short", "-o", str(out))
    assert done.returncode == 0, done.stderr
    plan = json.loads(coach(env, "plan", "pre-run", "post-run", "--gap", "5", "--level", "short", "--json").stdout)
    gap_lines = [e["text"] for e in plan["events"] if e["cue"] == "gap"]
    assert gap_lines[0].startswith("5 minutes of easy running") and gap_lines[-1].startswith("Welcome back")
    chapters = probe(out, "chapters")["chapters"]
    titles = [c["tags"]["title"] for c in chapters]
    assert titles[0] == "Pre-run hip warm-up" and titles[7:10] == ["Easy run, 5 min", "Post-run hip cool-down", "Leg rotations"]
    assert titles == [c["title"] for c in plan["chapters"]] and len(titles) == 1 + 6 + 1 + 1 + 5
    for got, want in zip(chapters, plan["chapters"]):
        assert abs(float(got["start_time"]) - want["start"]) <= 0.001
    pre_end = next(d for d in plan["drills"] if d["id"] == "walking-lunge-twist")["end"]
    post_start = next(d for d in plan["drills"] if d["id"] == "supine-leg-rotation")["start"]
    assert post_start - pre_end > 5 * 60
