"""Adding a setting is one entry in the settings table: it is then an option, a saved key and an explained value."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import coach
from support.tools import coach_env

ENTRY = '''    Spec(
        "countdown_voice", SWITCH, True, "Say the countdown out loud as well as beeping it.", "false", SESSION,
        Option(("--countdown-voice/--no-countdown-voice",), bool, "Say 3-2-1 out loud too. Example: --no-countdown-voice"),
    ),
'''
END_OF_TABLE = "\n)\n\nSPECS: dict[str, Spec]"


def _copy_with_a_new_setting(tmp_path: Path) -> Path:
    """A copy of the package whose settings table has one more entry, and nothing else changed."""
    root = tmp_path / "copy"
    shutil.copytree(Path(coach.__file__).parent, root / "coach", ignore=shutil.ignore_patterns("__pycache__"))
    table = root / "coach" / "profile" / "table.py"
    text = table.read_text("utf-8")
    assert text.count(END_OF_TABLE) == 1, "the table's end moved: update END_OF_TABLE"
    table.write_text(text.replace(END_OF_TABLE, "\n" + ENTRY.rstrip("\n") + END_OF_TABLE), "utf-8")
    return root


def _coach(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "coach", *args], env={**env, "PYTHONPATH": str(root)}, cwd=root,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done


def test_one_new_entry_is_an_option_a_key_and_a_value(tmp_path):
    root = _copy_with_a_new_setting(tmp_path)
    env = {**coach_env(tmp_path / "home"), "COLUMNS": "200"}
    for command in ("plan", "export", "play"):
        assert "--countdown-voice / --no-countdown-voice" in _coach(root, env, command, "--help").stdout
    assert "countdown_voice" not in _coach(root, env, "list", "--help").stdout  # not a setting of `list`
    keys = _coach(root, env, "config", "keys").stdout
    assert "countdown_voice" in keys and "coach config set countdown_voice false" in keys
    _coach(root, env, "config", "set", "countdown_voice", "false")
    assert "countdown_voice = false" in (tmp_path / "home" / "config" / "profile.toml").read_text("utf-8")
    saved = _coach(root, env, "plan", "pre-run", "--explain").stdout
    assert any(line.split()[:2] == ["countdown_voice", "false"] and "from profile (" in line for line in saved.splitlines())
    typed = _coach(root, env, "plan", "pre-run", "--countdown-voice", "--explain").stdout
    assert any(line.split()[:2] == ["countdown_voice", "true"] and "from command line" in line for line in typed.splitlines())


def test_without_the_entry_the_setting_is_unknown(tmp_path):
    """So what the copy knows comes from the one entry added to its table."""
    env = coach_env(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "coach", "config", "set", "countdown_voice", "false"], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and 'unknown setting "countdown_voice"' in done.stderr
