"""Commands that make sound: export (a file for your phone)."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.units import m_ss_nearest
from coach.cli import params as p
from coach.cli.progress import progress_bar
from coach.cli.progress import music_progress, notice, voice_progress

OutFile = Annotated[
    str,  # as typed: a trailing slash or "" says something that a Path would lose
    typer.Option(
        "-o", "--out",
        help="The file to write: .mp3 (any phone), .m4b (Apple Books, audiobook players), "
        ".opus (Android audiobook players, smallest), .m4a or .wav. With no suffix, your saved format "
        "(mp3 unless you changed it). A file, not a folder, a device or - (no standard output); "
        "never your music: a --music file, or one inside a --music folder. Example: -o warm-up.mp3",
        show_default=False,
    ),
]


@p.with_settings("export")
def export(
    routines: p.Routines,
    out: OutFile,
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists. Example: --force"),
    subtitles: bool = typer.Option(
        False, "--subtitles", help="Also write every spoken line to a .vtt file next to it. Example: --subtitles"
    ),
    settings: p.Typed = p.SETTINGS,
    gap: p.Gap = 0.0,
    explain: p.Explain = False,
) -> None:
    """Save a session as an audio file to copy to your phone, with a chapter per drill.

    The file is written in one go: if anything stops it, nothing half-written
    is left and an older file of that name is kept.

    Examples: coach export pre-run -o warm-up.mp3 |
    coach export pre-run post-run --gap 20 -o today.mp3 --subtitles
    """
    from coach.app.choose import choices, export_path  # the use-cases load on use: `--help` stays quick
    from coach.app.produce import EXPORT_BLOCK, production
    from coach.export.session import export_session
    from coach.profile.layers import explain as explain_settings

    chosen = choices(routines, settings)
    out = export_path(chosen, out, force=force, subtitles=subtitles)  # before any work: refused in one line
    made = production(chosen, gap, progress=voice_progress(), out=out, notice=notice, music_progress=music_progress())
    update, finish = progress_bar(made.timeline.length, "Exporting")
    try:
        written = export_session(
            made.blocks(block=EXPORT_BLOCK), made.timeline.length, out, made.meta(), force=force, subtitles=subtitles,
            progress=update,
        )
    finally:
        finish()
    length = m_ss_nearest(made.timeline.duration)
    typer.echo(f"Wrote {', '.join(str(f) for f in written)} ({length}, {len(made.timeline.drills)} drills).", err=True)
    if explain:
        typer.echo("Settings used:\n" + explain_settings(chosen.settings), err=True)
