"""The second fault probe (issue 19), through the real `coach` command on real files.

Output paths that mean what they say, one range for every pace, negative
values in `config set`, a home folder that does not exist. The music cases
(never writing over the runner's music, addresses, channels) are in
test_cli_music.py. Each refusal is one line, exit 2 (1 for the home folder),
before any work: no voice prepared, no cache made, nothing left behind.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.tools import coach_env


def one_line(done, status: int, *words: str) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == status and len(lines) == 1, (done.returncode, done.stderr)
    assert lines[0].startswith("coach: ") and "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def fresh(tmp_path) -> tuple[dict[str, str], Path]:
    """A cold coach (no cache, no settings) working in an empty folder ``work``."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "existing").mkdir()
    return coach_env(tmp_path / "home"), work


def in_folder(env: dict[str, str], work: Path, *args: str) -> subprocess.CompletedProcess:
    """The real `coach` command run in ``work``, with no keyboard."""
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env,
                          timeout=300, stdin=subprocess.DEVNULL, cwd=work)


# -- output paths: refused before any work ------------------------------------------------------


@pytest.mark.parametrize(("out", "said"), [
    ("", '"" is not a file name; give one, for example warm-up.mp3'),
    (".", ". is a folder; give a file name, for example warm-up.mp3"),
    ("/", "/ is a folder; give a file name, for example /warm-up.mp3"),
    ("existing", "existing is a folder; give a file name, for example existing/warm-up.mp3"),
    ("existing/", "existing/ is a folder; give a file name, for example existing/warm-up.mp3"),
    ("newdir/", "newdir/ ends in /, so it names a folder; give a file name, for example warm-up.mp3"),
    ("/dev/null", "/dev/null is a device, not a file; give a file name, for example warm-up.mp3"),
    ("/dev/full", "/dev/full is a device, not a file; give a file name, for example warm-up.mp3"),
    (".mp3", ".mp3 is only a suffix; give a name before it, for example warm-up.mp3"),
    ("-", "- (standard output): coach writes a file, not a stream; give a file name, for example warm-up.mp3"),
])
def test_an_output_path_that_is_not_a_file_name_is_refused_before_any_work(fresh, out, said):
    env, work = fresh
    done = in_folder(env, work, "export", "pre-run", "-o", out)
    assert one_line(done, 2) == f"coach: {said}"
    assert sorted(p.name for p in work.iterdir()) == ["existing"] and list((work / "existing").iterdir()) == []
    assert not (Path(env["COACH_CACHE_DIR"])).exists()  # no voice was prepared
    assert not Path("/dev/null.mp3").exists() and not Path("/dev/full.mp3").exists()
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize(("name", "said"), [
    ("", '"" is not a file name'), (".", ". is a folder"), ("existing/", "existing/ is a folder"),
    ("newdir/", "ends in /"), ("/dev/null", "is a device, not a file"), (".toml", ".toml is only a suffix"),
    ("-", "- (standard output)"),
])
def test_coach_new_uses_the_same_resolver(fresh, name, said):
    env, work = fresh
    one_line(in_folder(env, work, "new", name), 2, said)
    assert sorted(p.name for p in work.iterdir()) == ["existing"]


def test_a_name_without_suffix_still_gets_the_saved_format(fresh):
    env, work = fresh
    assert in_folder(env, work, "config", "set", "format", "wav").returncode == 0
    done = in_folder(env, work, "export", "pre-run", "--level", "short", "--voice-engine", "espeak-ng", "-o", "plain")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in work.iterdir()) == ["existing", "plain.wav"]


# -- one range for every pace -------------------------------------------------------------------


def test_every_way_in_refuses_a_pace_with_the_same_words(fresh):
    env, work = fresh
    typed = one_line(in_folder(env, work, "plan", "pre-run", "--pace", "knee-drive-crossover=0.01"), 2)
    saved = one_line(in_folder(env, work, "config", "set", "pace.knee-drive-crossover", "0.001"), 2)
    timed = one_line(in_folder(env, work, "pace", "knee-drive-crossover", "--seconds", "0.001"), 2)
    scaled = one_line(in_folder(env, work, "plan", "pre-run", "--pace-scale", "0.01"), 2)
    for line in (typed, saved, timed, scaled):
        assert "expected 2 to 600 seconds per leg" in line, line
    assert typed.startswith("coach: --pace knee-drive-crossover:") and saved.startswith("coach: pace.knee-drive-crossover:")
    assert not (Path(env["COACH_CONFIG_DIR"]) / "profile.toml").exists()


def test_a_pace_is_saved_only_for_a_20_m_drill_and_a_saved_one_elsewhere_is_ignored(fresh):
    env, work = fresh
    line = one_line(in_folder(env, work, "config", "set", "pace.leg-swings", "20"), 2, "pace.leg-swings", "nothing was saved")
    assert "choose from: knee-drive-crossover, straight-leg-march, walking-lunge-twist" in line
    profile = Path(env["COACH_CONFIG_DIR"]) / "profile.toml"
    assert not profile.exists()
    profile.parent.mkdir(parents=True)
    profile.write_text("[pace]\nleg-swings = 20\n")  # written by hand, or by an older coach
    for command in ("plan", "export"):
        args = ["-o", "s.wav", "--voice-engine", "espeak-ng", "--level", "short"] if command == "export" else []
        done = in_folder(env, work, command, "pre-run", *args, "--explain")
        assert done.returncode == 0, done.stderr
        assert re.search(r"pace\.leg-swings\s+20\s+from profile \(.*\); not used: leg-swings is not a 20 m drill of "
                         r"pre-run", done.stdout + done.stderr), done.stderr


def test_a_bad_pace_in_the_settings_file_names_the_file_and_the_key(fresh):
    env, work = fresh
    profile = Path(env["COACH_CONFIG_DIR"]) / "profile.toml"
    profile.parent.mkdir(parents=True)
    profile.write_text("[pace]\nknee-drive-crossover = 0.001\n")
    one_line(in_folder(env, work, "plan", "pre-run"), 2, str(profile), "line 2", "pace.knee-drive-crossover",
             "expected 2 to 600 seconds per leg")
    profile.write_text("pace_scale = 0.01\n")  # fine on its own, too fast for this routine's legs
    one_line(in_folder(env, work, "plan", "pre-run"), 2, f"pace_scale, saved in {profile}",
             "expected 2 to 600 seconds per leg")


# -- negative values in config set ----------------------------------------------------------------


def test_every_example_config_keys_prints_works_as_printed(fresh, tmp_path):
    env, work = fresh
    examples = re.findall(r"e\.g\. coach (config set \S+ \S+)$", in_folder(env, work, "config", "keys").stdout, re.M)
    assert len(examples) >= 14 and "config set music_level -12" in examples
    for n, example in enumerate(examples):
        mine = {**env, "COACH_CONFIG_DIR": str(tmp_path / f"config-{n}")}  # each on a fresh profile
        done = in_folder(mine, work, *example.split())
        assert done.returncode == 0, (example, done.stderr)
    mine = {**env, "COACH_CONFIG_DIR": str(tmp_path / "negative")}
    assert in_folder(mine, work, "config", "set", "music_level", "-1.5").returncode == 0
    assert re.search(r"music_level +-1.5\n", in_folder(mine, work, "config", "show").stdout)
    one_line(in_folder(mine, work, "config", "set", "duck", "-3"), 2, 'duck: expected a number of dB from 0 to 40, got "-3"')


# -- a home folder that does not exist ----------------------------------------------------------------


@pytest.mark.parametrize("keep", [None, "COACH_CONFIG_DIR", "COACH_CACHE_DIR"])
def test_a_home_that_does_not_exist_is_not_created(fresh, tmp_path, keep):
    env, work = fresh
    home = tmp_path / "nonexistent"
    env = {k: v for k, v in env.items() if k not in ("COACH_CONFIG_DIR", "COACH_CACHE_DIR", "XDG_CONFIG_HOME",
                                                        "XDG_CACHE_HOME")} | {"HOME": str(home)}
    if keep:
        env[keep] = str(tmp_path / "kept")
    for args in (["plan", "pre-run", "--voice-engine", "espeak-ng"], ["list"], ["config", "set", "rate", "150"]):
        if keep == "COACH_CONFIG_DIR" and args[0] == "config":
            continue  # settings have their folder: only the cache is under the missing home
        one_line(in_folder(env, work, *args), 1, f"your home folder {home} does not exist", "set HOME")
        assert not home.exists()
    assert not os.path.exists(tmp_path / "kept" / "profile.toml")
