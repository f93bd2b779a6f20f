"""Fixtures for the tests that run the real `coach` command."""

from __future__ import annotations

import pytest

from support.tools import coach_env


@pytest.fixture(scope="module")
def env(tmp_path_factory, spoken_phrases) -> dict[str, str]:
    """A `coach` environment with its own phrase cache and profile, shared by one test module.

    Its cache starts with the built-in routines' lines already spoken by the
    default voice (a copy of ``spoken_phrases``); a test of a cold cache makes
    its own with ``coach_env(tmp_path)``. COLUMNS is fixed so that help and
    tables wrap the same on every terminal.
    """
    return {**coach_env(tmp_path_factory.mktemp("home"), spoken_phrases), "COLUMNS": "100"}
