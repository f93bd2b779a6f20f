"""Options shared by several commands, each with help text and an example."""

from __future__ import annotations

from typing import Annotated, Optional

import typer


Routine = Annotated[
    str,
    typer.Argument(help="A built-in routine (pre-run, post-run) or the path to your own routine file."),
]
Routines = Annotated[
    list[str],
    typer.Argument(
        help="One or more routines, built-in (pre-run, post-run) or the path to your own file; "
        "several are joined into one session. Example: pre-run post-run",
        show_default=False,
    ),
]
Level = Annotated[
    Optional[str],
    typer.Option(
        "--level", "-l",
        help="How much of each range to do: short (low end), standard (middle), full (high end). "
        "Default: standard. Example: --level full",
    ),
]
Pace = Annotated[
    Optional[list[str]],
    typer.Option(
        "--pace",
        metavar="DRILL=SECONDS",
        help="Your own time for one 20 m leg of a drill; repeat for more drills. "
        "Example: --pace knee-drive-crossover=25",
    ),
]
PaceScale = Annotated[
    Optional[float],
    typer.Option(
        "--pace-scale",
        help="Stretch (over 1) or shrink (under 1) the default time of every 20 m leg. "
        "Drills given with --pace keep your time. Example: --pace-scale 1.3",
    ),
]
TempoScale = Annotated[
    Optional[float],
    typer.Option(
        "--tempo-scale",
        help="Slow down (over 1) or speed up (under 1) the counted reps. Example: --tempo-scale 1.2",
    ),
]
Cadence = Annotated[
    Optional[int],
    typer.Option(
        "--cadence",
        metavar="STEPS_PER_MIN",
        help="Click a metronome at this many steps a minute during the 20 m legs. Example: --cadence 170",
    ),
]

