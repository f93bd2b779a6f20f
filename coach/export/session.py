"""Export a rendered session: audio file, and optionally its subtitles, written atomically."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from coach import stopping
from coach.atomic import PendingFile, remove_stale
from coach.errors import InputError
from coach.progress import Progress
from coach.export.target import check_target, exists_message, plain_errors
from coach.export.formats import FORMATS, Writer, check_file_length, format_for
from coach.export.meta import SessionMeta, check_meta
from coach.export.vtt import write_vtt



def export_session(
    blocks: Iterable[np.ndarray],
    total: int,
    path: Path,
    meta: SessionMeta,
    *,
    force: bool = False,
    subtitles: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``blocks`` ((n, 2) int16, ``total`` samples in all) to ``path``; return the files written.

    With ``subtitles`` a WebVTT file with the same stem sits next to it. Either
    every file appears complete or none changes; ``progress(done, total)`` hears the
    number of samples written so far after each block.
    """
    path = Path(path)
    writer = FORMATS[format_for(path)]()
    check_file_length(path, total)
    if total <= 0:
        raise ValueError(f"a session must have samples, got total={total}")
    check_meta(meta, total)
    targets = [path, path.with_suffix(".vtt")] if subtitles else [path]
    for target in targets:
        check_target(target, force=force)

    remove_stale(path.parent)  # hidden files of earlier runs that were killed
    pending: list[PendingFile] = []
    try:
        with plain_errors(path):
            pending.append(PendingFile(path))
            _write_audio(writer, blocks, total, pending[0].temp, meta, progress)
        if subtitles:
            with plain_errors(targets[1]):
                pending.append(PendingFile(targets[1]))
                write_vtt(pending[1].temp, meta)
        for file in pending:
            with plain_errors(file.target):
                _commit(file, force)
    except BaseException:  # Ctrl-C included: leave nothing half-written behind
        for file in pending:
            file.discard()
        raise
    return targets


def _commit(file: PendingFile, force: bool) -> None:
    """Give the file its name; without ``force``, only if the name is still free (another run may have taken it)."""
    try:
        file.commit(replace=force)
    except FileExistsError:
        raise InputError(exists_message(file.target)) from None


def _write_audio(
    writer: Writer,
    blocks: Iterable[np.ndarray],
    total: int,
    temp: Path,
    meta: SessionMeta,
    progress: Progress | None,
) -> None:
    try:
        writer.open(temp, total, meta)
        written = 0
        for block in blocks:
            _check_block(block)
            written += len(block)
            if written > total:
                raise ValueError(f"blocks overran the announced length of {total} samples")
            if len(block):
                writer.write(block)
            if progress is not None:
                progress(written, total)
            stopping.check()
        if written != total:
            raise ValueError(f"blocks held {written} samples, announced {total}")
        writer.close()
    except BaseException:
        writer.abort()
        raise


def _check_block(block: np.ndarray) -> None:
    if block.dtype != np.int16 or block.ndim != 2 or block.shape[1] != 2:
        raise ValueError(f"expected (n, 2) int16 blocks, got {block.shape} {block.dtype}")
