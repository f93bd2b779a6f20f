"""Fixtures for the tests of `coach serve`: one real server a module, on 127.0.0.1, with a home of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.served import VOICE, start, web_env


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web-home")


@pytest.fixture(scope="module")
def env(home) -> dict[str, str]:
    return web_env(home)


@pytest.fixture(scope="module")
def served(env):
    """A real `coach serve` (espeak-ng: quick to speak) for the module, stopped after it."""
    server = start(env, *VOICE)
    yield server
    server.stop()
