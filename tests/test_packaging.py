"""coach installs anywhere: the locked dependency set has wheels for macOS and Windows, the lock
follows pyproject.toml, the sdist carries its tests, and `coach --version` names the distribution.

The resolver tests ask PyPI (through uv) and need the network; a missing uv is a failure.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import coach

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
DISTRIBUTION = "hipcoach"
# The command requirements.lock's header names; the test runs it again to see the lock is in step.
LOCK_COMMAND = ["pip", "compile", "pyproject.toml", "-c", "lock-constraints.txt", "--universal", "--python-version", "3.11"]

# (target triple, oldest macOS it must serve) for the machines CI cannot run.
PLATFORMS = [
    ("aarch64-apple-darwin", "14.0"),  # PyAV's arm64 wheels need macOS 14
    ("x86_64-apple-darwin", "13.0"),  # ONNX Runtime's last Intel wheels need macOS 13
    ("x86_64-pc-windows-msvc", None),
]
PYTHONS = ["3.11", "3.12", "3.13"]


def _uv() -> str:
    try:
        from uv import find_uv_bin
    except ImportError:
        pytest.fail("uv is missing: scripts/setup --test installs it (it is in the test extras)")
    return find_uv_bin()


def _run_uv(*args: str, macos: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_") and k != "MACOSX_DEPLOYMENT_TARGET"}
    env["UV_PYTHON_DOWNLOADS"] = "never"  # resolve with this interpreter; never fetch another Python
    if macos:
        env["MACOSX_DEPLOYMENT_TARGET"] = macos
    command = [_uv(), *args, "--python", sys.executable, "--quiet"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def _pins(text: str) -> set[str]:
    """`name==version` of every requirement line, markers dropped."""
    return {line.split(";")[0].strip() for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)}


def test_the_lock_is_in_step_with_pyproject(tmp_path):
    """uv, given the lock as its previous answer, answers the same: no pin is missing, extra or stale."""
    header = LOCK.read_text().splitlines()[1].strip("# ")
    assert header.split() == ["uv", *LOCK_COMMAND, "-o", "requirements.lock"]
    fresh = tmp_path / "requirements.lock"
    shutil.copy(LOCK, fresh)
    result = _run_uv(*LOCK_COMMAND, "--custom-compile-command", header, "-o", str(fresh))
    assert result.returncode == 0, result.stderr
    assert fresh.read_text() == LOCK.read_text(), f"requirements.lock is out of step with pyproject.toml: run {header}"


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize(("platform", "macos"), PLATFORMS, ids=[p for p, _ in PLATFORMS])
def test_the_locked_set_has_wheels_for(platform, macos, python):
    """Every locked package that the platform needs has a binary wheel for it: nothing to compile."""
    result = _run_uv(
        "pip", "compile", "requirements.lock", "--python-platform", platform, "--python-version", python,
        "--only-binary", ":all:", "--no-header", "--no-annotate", macos=macos,
    )
    assert result.returncode == 0, f"{platform} (macOS {macos}) with Python {python}:\n{result.stderr}"
    resolved = _pins(result.stdout)
    assert resolved <= _pins(LOCK.read_text()), f"resolved outside the lock: {resolved - _pins(LOCK.read_text())}"
    assert {"av", "numpy", "onnxruntime", "piper-tts", "sounddevice", "lameenc"} <= {p.split("==")[0] for p in resolved}


def test_the_lock_pins_every_runtime_dependency():
    pins = {pin.split("==")[0] for pin in _pins(LOCK.read_text())}
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.match(r"[A-Za-z0-9._-]+", req).group(0).lower() for req in wanted}
    assert names <= pins


def test_version_names_the_distribution():
    coach_command = Path(sys.executable).with_name("coach")
    result = subprocess.run([coach_command, "--version"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"coach {coach.__version__} ({DISTRIBUTION})\n"
    assert importlib.metadata.version(DISTRIBUTION) == coach.__version__, "reinstall: scripts/setup"


def test_only_the_new_name_is_installed():
    """A .venv made before the rename held a `coach` distribution; scripts/setup removes it."""
    owners = importlib.metadata.packages_distributions()["coach"]
    assert set(owners) == {DISTRIBUTION}


def _project_files(*folders: str) -> set[str]:
    found = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(path.relative_to(ROOT).as_posix())
    return found


def test_the_sdist_carries_its_tests_and_the_wheel_only_coach(tmp_path):
    source = tmp_path / "src"
    wanted_top = ["pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "requirements.lock", "lock-constraints.txt"]
    source.mkdir()
    for name in wanted_top:
        shutil.copy(ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("coach", "sounds", "tests", "scripts"):
        shutil.copytree(ROOT / folder, source / folder, ignore=skip)
    result = _run_uv("build", "--no-python-downloads", "--out-dir", str(tmp_path / "dist"), str(source))
    assert result.returncode == 0, result.stderr

    (sdist,) = (tmp_path / "dist").glob(f"{DISTRIBUTION}-{coach.__version__}.tar.gz")
    prefix = f"{DISTRIBUTION}-{coach.__version__}/"
    with tarfile.open(sdist) as archive:
        held = {name.removeprefix(prefix) for name in archive.getnames()}
    missing = (_project_files("tests", "scripts", "sounds", "coach") | set(wanted_top)) - held
    assert not missing, f"the sdist lacks {sorted(missing)}"

    (wheel,) = (tmp_path / "dist").glob(f"{DISTRIBUTION}-{coach.__version__}-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    info = f"{DISTRIBUTION}-{coach.__version__}.dist-info/"
    assert {n.split("/")[0] for n in names} == {"coach", info.rstrip("/")}
    sounds = {f"coach/{name}" for name in _project_files("sounds")}  # installed as coach/sounds
    assert {n for n in names if not n.startswith(info)} == _project_files("coach") | sounds  # every page and table
    assert f"{info}licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"{info}METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Operating System :: OS Independent" in metadata
