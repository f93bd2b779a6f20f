"""A Piper voice on disk: the ``.onnx`` model and its ``.onnx.json`` config, checked before use.

A runner can download any Piper voice and give its path to ``--voice``; what
is wrong with it is said in one line before any synthesis starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from coach.errors import InputError, reason

MAX_CONFIG_BYTES = 1 << 20
PHONEME_TYPES = ("espeak", "text")
"""The voices Piper speaks with what it installs; others need more packages or a download at run time."""


@dataclass(frozen=True)
class VoiceFile:
    """A voice's files. ``package`` is the PyPI package it came in (None: a file the runner gave)."""

    id: str
    model: Path
    config: Path
    package: str | None = None


def voice_file(given: Path) -> VoiceFile:
    """The Piper voice at ``given`` (the ``.onnx``, or its ``.onnx.json``); InputError if it is not one."""
    try:
        return _voice_file(given)
    except (OSError, RuntimeError) as e:  # RuntimeError: ~user that does not exist
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise InputError(f"--voice: cannot read the voice file {given} ({reason})") from None


def _voice_file(given: Path) -> VoiceFile:
    path = given.expanduser()
    if path.name.lower().endswith(".onnx.json"):
        path = path.with_name(path.name[: -len(".json")])
    if path.is_dir():
        raise InputError(f"--voice: {given} is a folder; give the .onnx file of a Piper voice")
    if path.suffix.lower() != ".onnx":
        raise InputError(f"--voice: {given} is not a Piper voice; expected a .onnx file with its .onnx.json beside it")
    if not path.is_file():
        raise InputError(f"--voice: the voice file {given} does not exist")
    config = path.with_name(path.name + ".json")
    if not config.is_file():
        raise InputError(f"--voice: {given} has no {config.name} beside it; a Piper voice is both files")
    if path.stat().st_size == 0:
        raise InputError(f"--voice: the voice file {given} is empty")
    _check_config(config)
    path = path.resolve()
    return VoiceFile(str(path), path, config.resolve())


def _check_config(config: Path) -> None:
    """The parts of a Piper config that synthesis needs, with one line for what is missing."""
    if config.stat().st_size > MAX_CONFIG_BYTES:
        raise InputError(f"--voice: {config} is too large to be a Piper voice config")
    try:
        data = json.loads(config.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"--voice: {config} is not a Piper voice config (not valid JSON: {_reason(e)})") from None
    except OSError as e:
        raise InputError(f"--voice: cannot read {config} ({reason(e)})") from None
    if not isinstance(data, dict):
        raise InputError(f"--voice: {config} is not a Piper voice config (expected a JSON object)")
    rate = data.get("audio", {}).get("sample_rate") if isinstance(data.get("audio"), dict) else None
    if not isinstance(rate, int) or isinstance(rate, bool) or not 8000 <= rate <= 96000:
        raise InputError(f'--voice: {config} is not a Piper voice config (no "audio.sample_rate" from 8000 to 96000)')
    if not isinstance(data.get("phoneme_id_map"), dict) or not data["phoneme_id_map"]:
        raise InputError(f'--voice: {config} is not a Piper voice config (no "phoneme_id_map")')
    kind = data.get("phoneme_type", "espeak")
    if kind not in PHONEME_TYPES:
        raise InputError(
            f'--voice: {config} uses phoneme_type "{kind}", which coach cannot run offline; '
            f"choose a voice of type {' or '.join(PHONEME_TYPES)}"
        )


def _reason(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"line {e.lineno}: {e.msg}"
    return "not UTF-8 text"
