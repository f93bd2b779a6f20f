"""`coach play`: the session live on your headphones."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from coach.cli import params as p
from coach.cli.progress import music_progress, notice, voice_progress
from coach.errors import InputError, Stopped
from coach.playback.outputs import open_output
from coach.cli.status import Status
from coach.units import m_ss_nearest, samples, seconds

COUNT_IN = "Back in three. Two. One."
MAX_PREROLL = 5.0

@p.with_settings("play")
def play(
    routines: p.Routines,
    start_at: Optional[str] = typer.Option(
        None, "--from", metavar="DRILL", help="Start at this drill instead of the beginning. Example: --from leg-swings"
    ),
    preroll: float = typer.Option(
        0.5, "--preroll", metavar="SECONDS",
        help="Silence before the first word, so Bluetooth headphones wake up in time. Example: --preroll 1",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Show nothing on the screen while playing. Example: --quiet"),
    settings: p.Typed = p.SETTINGS,
    gap: p.Gap = 0.0,
    explain: p.Explain = False,
) -> None:
    """Play a session live on your headphones, exactly as `coach export` would write it.

    While it plays (in a terminal): space pauses and resumes (with a short
    count-in), n skips to the next drill, q quits. Ctrl-C stops at once.

    Examples: coach play pre-run | coach play post-run --from spiderman --level full
    """
    if not 0 <= preroll <= MAX_PREROLL:
        raise InputError(f"--preroll: expected seconds from 0 to {MAX_PREROLL:g}, got {preroll:g}")
    from coach.app.choose import choices  # the use-cases, the player and the terminal load on use
    from coach.app.produce import production
    from coach.playback.keys import KeyboardControls
    from coach.playback.player import play as play_blocks
    from coach.profile.layers import explain as explain_settings

    chosen = choices(routines, settings)
    if explain:
        typer.echo("Settings used:\n" + explain_settings(chosen.settings), err=True)
    made = production(chosen, gap, progress=voice_progress(), notice=notice, music_progress=music_progress())
    start = _start_sample(made.timeline, start_at)
    device = open_output(chosen.get("output"))
    show = _screen(Status(made.timeline), quiet)
    keys = KeyboardControls.for_stream(sys.stdin)
    if keys.missing and not quiet:
        typer.echo(f"coach: {keys.missing}.", err=True)
    with keys as controls:
        result = play_blocks(
            made.blocks,
            device,
            start=start,
            preroll_samples=samples(preroll),
            drill_starts=[d.start for d in made.timeline.drills],
            on_position=show,
            controls=controls,
            count_in=lambda _resume: iter([_stereo(made.speech.clip(COUNT_IN))]),  # made on the first pause
        )
    if show:
        sys.stderr.write("\n")
    if result.stopped:
        raise Stopped(f"stopped at {m_ss_nearest(seconds(result.position))}.")


def _start_sample(timeline, drill_id: str | None) -> int:
    if drill_id is None:
        return 0
    for span in timeline.drills:
        if span.id == drill_id:
            return span.start
    valid = ", ".join(dict.fromkeys(d.id for d in timeline.drills))
    raise InputError(f'--from: no drill "{drill_id}" in this session; choose from: {valid}')


def _stereo(clip):
    import numpy as np

    pcm = np.clip(np.rint(np.asarray(clip) * 32767), -32768, 32767).astype(np.int16)
    return np.repeat(pcm[:, None], 2, axis=1)


def _screen(status: Status, quiet: bool):
    """The on_position callback: a status line redrawn on stderr, only on a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    last = [""]

    def show(position: int) -> None:
        line = status.line(position)
        if line != last[0]:
            last[0] = line
            sys.stderr.write("\r\x1b[2K" + line[:200])
            sys.stderr.flush()

    return show
