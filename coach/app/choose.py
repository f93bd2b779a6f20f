"""From what a runner typed to a production: settings with their sources, the voice, the plan.

The commands, ``scripts/bench.py`` and the tests all start here, so what is
played, exported and shown is made the same way.
"""

from __future__ import annotations

from typing import Any

from coach.app.produce import Production, Voice, measured_plan
from coach.app.settings import Choices, gather
from coach.plan.timeline import Timeline
from coach.speech.speech import Progress

TYPED = ("level", "pace", "pace_scale", "tempo_scale", "cadence", "voice_engine", "voice", "rate", "output")
"""The session options a command may pass; None (or absent) means not typed."""


def choices(routines: list[str], typed: dict[str, Any]) -> Choices:
    """Settings for this session: typed options beat the profile, which beats the defaults.

    ``typed`` may also hold ``mono`` (True: both ears, False: panned).
    """
    cli = {k: typed.get(k) for k in TYPED}
    cli["pan"] = None if typed.get("mono") is None else not typed["mono"]
    return gather(routines, cli)


def voice_of(chosen: Choices) -> Voice:
    return Voice(chosen.get("voice_engine"), chosen.get("voice"), chosen.get("rate"))


def production(chosen: Choices, gap: float = 0.0, progress: Progress | None = None) -> Production:
    """The session planned with every line's measured length, ready to render."""
    speech = voice_of(chosen).open(progress)
    return Production(measured_plan(chosen.routines, chosen.options, speech, gap), speech, chosen.mono)


def timeline_for(chosen: Choices, gap: float = 0.0, progress: Progress | None = None) -> Timeline:
    """The plan alone (what `coach plan` and `coach list` show): the production's timeline."""
    return production(chosen, gap, progress).timeline
