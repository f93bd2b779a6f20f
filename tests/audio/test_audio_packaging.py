"""The sounds ship inside the package: in a built wheel, and loadable from a plain (non-editable) install."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from coach.audio.sounds import SOUND_NAMES, sound_lengths

ROOT = Path(__file__).resolve().parents[2]

_CHECK = """
import json, coach, coach.audio.sounds as s
from importlib import resources
print(json.dumps({"coach": coach.__file__, "folder": str(resources.files("coach.sounds")),
                  "lengths": s.sound_lengths()}))
"""


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd)
    if result.returncode:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _copy_source(target: Path) -> Path:
    """A private copy of the project to build from, so the shared tree gets no build/ folder."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    for name in ("coach", "sounds"):
        shutil.copytree(ROOT / name, target / name, ignore=skip)
    return target


def _venv_with_numpy(folder: Path) -> Path:
    """A fresh venv (no pip) that sees only numpy, linked from this test's own environment."""
    _run(sys.executable, "-m", "venv", "--without-pip", folder)
    python = folder / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    installed = Path(np.__file__).parent.parent
    for name in ("numpy", "numpy.libs"):
        if (installed / name).exists():
            (site / name).symlink_to(installed / name)
    return python


def test_wheel_holds_the_sounds_and_a_plain_install_loads_them(tmp_path):
    source = _copy_source(tmp_path / "src")
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source)
    (wheel,) = dist.glob("hipcoach-*.whl")  # the distribution's name; the package is coach
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"coach/sounds/{name}.wav" for name in SOUND_NAMES} <= names

    python = _venv_with_numpy(tmp_path / "venv")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel)
    found = json.loads(_run(python, "-I", "-c", _CHECK, cwd=tmp_path))
    venv = str(tmp_path / "venv")
    assert found["coach"].startswith(venv) and found["folder"].startswith(venv)
    assert found["lengths"] == sound_lengths()


def test_the_installed_package_holds_the_project_sounds():
    """In the shared editable install this reads the project's sounds/ folder itself."""
    from importlib import resources

    folder = resources.files("coach.sounds")
    for name in SOUND_NAMES:
        assert (folder / f"{name}.wav").read_bytes() == (ROOT / "sounds" / f"{name}.wav").read_bytes()
