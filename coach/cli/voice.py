"""Voice options and the planner that uses them (estimates until speech is wired in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Optional

import typer

from coach.model import Routine
from coach.options import PlanOptions
from coach.session import plan
from coach.timeline import Timeline

VoiceEngine = Annotated[
    Optional[str],
    typer.Option("--voice-engine", help="Speech engine: espeak-ng (Linux default) or pyttsx3. Example: --voice-engine pyttsx3"),
]
VoiceName = Annotated[
    Optional[str],
    typer.Option("--voice", help="Voice to speak with; see `coach voices`. Example: --voice en-gb"),
]
VoiceRate = Annotated[
    Optional[int],
    typer.Option("--rate", help="Speaking speed in words per minute. Example: --rate 160"),
]


def planner(engine: str | None, voice: str | None, rate: int | None) -> Callable[[Routine, PlanOptions], Timeline]:
    def make(routine: Routine, options: PlanOptions) -> Timeline:
        return plan(routine, options)

    return make
