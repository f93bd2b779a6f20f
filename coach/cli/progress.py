"""What coach shows on stderr while it works: progress bars (on a terminal only) and notices."""

from __future__ import annotations

import sys
from collections.abc import Callable

from coach.progress import Progress


def progress_bar(total: int, label: str) -> tuple[Progress | None, Callable[[], None]]:
    """(update, finish) for ``total`` units, update told ``(done, total)`` as every stage tells it;
    no update, and a finish that does nothing, when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None, lambda: None
    width = 30

    def update(done: int, _total: int) -> None:  # the bar's own total: the one it was made for
        filled = width * done // max(total, 1)
        percent = 100 * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {percent:3d}%")
        sys.stderr.flush()

    def finish() -> None:
        sys.stderr.write("\r" + " " * (len(label) + width + 10) + "\r")
        sys.stderr.flush()

    return update, finish


def voice_progress() -> Progress:
    """Says at once, in one line, that new lines are being spoken (terminal or not), then shows a bar (terminal only)."""
    bar = counting("Preparing the voice ({total} new lines)")
    told: list[bool] = []

    def show(made: int, total: int) -> None:
        if not told:
            told.append(True)
            notice(f"preparing the voice: {total} new {'line' if total == 1 else 'lines'} to speak, once")
        if bar is not None:
            bar(made, total)

    return show


def music_progress() -> Progress | None:
    """Shows "Measuring your music" with a bar while new tracks are measured (terminal only)."""
    return counting("Measuring your music ({total} new tracks, once)")


def counting(label: str) -> Progress | None:
    """A ``show(done, total)`` callback drawing a bar labelled ``label`` (with {total}); terminal only."""
    if not sys.stderr.isatty():
        return None
    bar: list[tuple[Progress | None, Callable[[], None]]] = []

    def show(made: int, total: int) -> None:
        if not bar:
            bar[:] = [progress_bar(total, label.format(total=total))]
        update, finish = bar[0]
        if update is not None:
            update(made, total)
        if made == total:
            finish()
            bar.clear()

    return show


def notice(line: str) -> None:
    """A one-line notice on stderr (a music track left out, say), on its own line."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")
    print(f"coach: {line}", file=sys.stderr, flush=True)
