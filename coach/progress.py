"""How work goes: the one Progress type every stage reports through (shared by every stage)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` as work goes on: lines spoken, tracks measured, samples written."""
