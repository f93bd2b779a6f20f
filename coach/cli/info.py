"""Commands that read and plan: list, show, plan."""

from __future__ import annotations

import typer

from coach.units import m_ss_nearest
from coach.cli import params as p
from coach.cli.progress import voice_progress


@p.with_settings("list")
def list_routines(settings: p.Typed = p.SETTINGS) -> None:
    """List the built-in routines with their drill count and planned time (with your saved settings).

    Example: coach list
    """
    from coach.app.choose import choices  # the use-cases load on use: `--help` stays quick
    from coach.app.produce import production
    from coach.routine.builtin import BUILTIN

    progress = voice_progress()  # one line for all routines, when there are new lines to speak
    for routine_id in BUILTIN:
        chosen = choices([routine_id], settings)
        timeline = production(chosen, audio=False, progress=progress).timeline
        routine = chosen.routines[0]
        typer.echo(f"{routine.id:<10} {len(routine.drills)} drills  {m_ss_nearest(timeline.duration):>6}  {routine.title}")


def show(routine: p.Routine) -> None:
    """Print the drill sheet to read once before you go: names, doses, how-to.

    Example: coach show pre-run | coach show my-warmup.toml
    """
    from coach.cli import sheet
    from coach.routine.builtin import find_routine

    typer.echo(sheet.drill_sheet(find_routine(routine)))


@p.with_settings("plan")
def plan(
    routines: p.Routines,
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON for other programs. Example: --json"),
    settings: p.Typed = p.SETTINGS,
    gap: p.Gap = 0.0,
    explain: p.Explain = False,
) -> None:
    """Show the session's timeline: every cue, beep and count with its time.

    The times are the ones you will hear, to the sample: the plan uses the
    real length of every spoken line.

    Examples: coach plan pre-run | coach plan post-run --level full --json
    """
    import json

    from coach.app.choose import choices  # the use-cases load on use: `--help` stays quick
    from coach.app.produce import production
    from coach.cli import sheet
    from coach.profile.layers import explain as explain_settings

    chosen = choices(routines, settings)
    timeline = production(chosen, gap, audio=False, progress=voice_progress()).timeline
    if as_json:
        typer.echo(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(sheet.plan_table(timeline))
    if explain:
        typer.echo("Settings used:\n" + explain_settings(chosen.settings), err=as_json)
