"""Commands that read and plan: list, show, plan."""

from __future__ import annotations

import json

import typer

from coach.cli import sheet
from coach.units import m_ss_nearest
from coach.cli import app
from coach.cli import params as p
from coach.cli.progress import voice_progress


@app.command("list")
def list_routines(voice_engine: p.VoiceEngine = None, voice: p.VoiceName = None, rate: p.VoiceRate = None) -> None:
    """List the built-in routines with their drill count and planned time (with your saved settings).

    Example: coach list
    """
    from coach.app.choose import Typed, choices, timeline_for  # the use-cases load on use: `--help` stays quick
    from coach.routine.builtin import BUILTIN

    progress = voice_progress()  # one line for all routines, when there are new lines to speak
    for routine_id in BUILTIN:
        chosen = choices([routine_id], Typed(voice_engine=voice_engine, voice=voice, rate=rate))
        timeline = timeline_for(chosen, progress=progress)
        routine = chosen.routines[0]
        typer.echo(f"{routine.id:<10} {len(routine.drills)} drills  {m_ss_nearest(timeline.duration):>6}  {routine.title}")


@app.command("show")
def show(routine: p.Routine) -> None:
    """Print the drill sheet to read once before you go: names, doses, how-to.

    Example: coach show pre-run | coach show my-warmup.toml
    """
    from coach.routine.builtin import find_routine

    typer.echo(sheet.drill_sheet(find_routine(routine)))


@app.command("plan")
def plan(
    routines: p.Routines,
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON for other programs. Example: --json"),
    level: p.Level = None,
    pace: p.Pace = None,
    pace_scale: p.PaceScale = None,
    tempo_scale: p.TempoScale = None,
    cadence: p.Cadence = None,
    voice_engine: p.VoiceEngine = None,
    voice: p.VoiceName = None,
    rate: p.VoiceRate = None,
    mono: p.Mono = None,
    gap: p.Gap = 0.0,
    explain: p.Explain = False,
) -> None:
    """Show the session's timeline: every cue, beep and count with its time.

    The times are the ones you will hear, to the sample: the plan uses the
    real length of every spoken line.

    Examples: coach plan pre-run | coach plan post-run --level full --json
    """
    from coach.app.choose import Typed, choices, timeline_for  # the use-cases load on use: `--help` stays quick
    from coach.profile.layers import explain as explain_settings

    typed = Typed(
        level=level, pace=tuple(pace or ()), pace_scale=pace_scale, tempo_scale=tempo_scale, cadence=cadence,
        voice_engine=voice_engine, voice=voice, rate=rate, mono=mono,
    )
    chosen = choices(routines, typed)
    timeline = timeline_for(chosen, gap, voice_progress())
    if as_json:
        typer.echo(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(sheet.plan_table(timeline))
    if explain:
        typer.echo("Settings used:\n" + explain_settings(chosen.settings), err=as_json)
