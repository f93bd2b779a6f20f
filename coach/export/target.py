"""Where coach may write a file the runner named, and what a failed write means.

:func:`output_path` is the one resolver for every file a command writes for
the runner (``coach export -o``, its subtitles, ``coach new``): it turns what
was typed into the path to write, or refuses it in one line before any work
starts: no name, a folder (``.``, ``/``, a trailing slash), a device
(``/dev/null``), a name that is only a suffix (``.mp3``), ``-`` (coach writes
files, never to standard output), a file that is also an input (a music file,
or any file in a music folder, even with ``--force``: symbolic links and
hard links are seen through), a missing folder, one we cannot write, or an
existing file without ``--force``. :func:`check_target` is its last part, for a
path already made. ``plain_errors`` turns an OSError into one line for a
person. The writing itself is :mod:`coach.atomic`'s.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError, EnvironmentProblem, InputError
from coach.export.formats import FORMATS, format_for

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_SLASHES = tuple({"/", os.sep, os.altsep or "/"})


@dataclass(frozen=True)
class Input:
    """A file or folder the command reads, and how the runner gave it (``--music ~/Music``)."""

    path: Path
    given: str


def output_path(
    typed: str | os.PathLike,
    *,
    example: str,
    suffixes: Sequence[str] = (),
    default_suffix: str | None = None,
    inputs: Sequence[Input] = (),
    force: bool = False,
) -> Path:
    """The file to write for ``typed`` (``default_suffix`` added when it has none); InputError otherwise.

    ``example`` (``warm-up.mp3``) shows a good name in every refusal; a name that
    is one of ``suffixes`` and nothing else is refused rather than given a second one.
    """
    text = os.fspath(typed)
    if not text.strip():
        raise InputError(f'"{text}" is not a file name; give one, for example {example}')
    if text == "-":
        raise InputError(f"- (standard output): coach writes a file, not a stream; give a file name, for example {example}")
    path = Path(text)
    if text.endswith(_SLASHES) and not path.is_dir():
        raise InputError(f"{text} ends in {text[-1]}, so it names a folder; give a file name, for example {example}")
    _not_a_folder_or_device(path, text, example)
    if path.name.lower() in {s.lower() for s in suffixes}:
        raise InputError(f"{text} is only a suffix; give a name before it, for example {example}")
    if default_suffix and not path.suffix:
        path = path.with_suffix(default_suffix)
    check_target(path, force=force, inputs=inputs, example=example)
    return path


def export_path(
    typed: str | os.PathLike, *, default_format: str, force: bool, subtitles: bool = False, inputs: Sequence[Input] = ()
) -> Path:
    """The file ``coach export -o`` writes, its subtitles too: :func:`output_path` with the formats coach writes."""
    example = f"warm-up.{default_format}"
    path = output_path(typed, example=example, suffixes=(*FORMATS, ".vtt"), default_suffix=f".{default_format}",
                       inputs=inputs, force=force)
    format_for(path)
    if subtitles:
        check_target(path.with_suffix(".vtt"), force=force, inputs=inputs, example=example)
    return path


def check_target(path: Path, *, force: bool, inputs: Sequence[Input] = (), example: str = "session.mp3") -> None:
    """Refuse, up front, a target we could not or should not write (the end of :func:`output_path`)."""
    folder = path.parent
    _not_a_folder_or_device(path, str(path), example)
    if not folder.exists():
        raise InputError(f"folder {folder} does not exist; create it first or choose another folder")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder; choose a file inside a folder")
    _not_an_input(path, inputs)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"can't write to folder {folder}; choose a folder you can write to")
    if (path.exists() or path.is_symlink()) and not force:
        raise InputError(exists_message(path))


def _not_a_folder_or_device(path: Path, text: str, example: str) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # nothing there yet (or a dangling link): the checks after say what is wrong
    if stat.S_ISDIR(mode):
        raise InputError(f"{text} is a folder; give a file name, for example {path / example}")
    if not stat.S_ISREG(mode):
        kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise InputError(f"{text} is {kind}, not a file; give a file name, for example {example}")


def _not_an_input(path: Path, inputs: Sequence[Input]) -> None:
    """Never write over what the command reads: the same file (through any link), or a file inside a folder it reads."""
    where = Path(os.path.realpath(path.parent)) / path.name
    real = Path(os.path.realpath(path))
    for given in inputs:
        source = Path(os.path.realpath(given.path))
        if source.is_dir():
            if where.is_relative_to(source) or real.is_relative_to(source):
                raise InputError(f"{path} is in a folder coach reads ({given.given}); save it outside that folder")
        elif source in (where, real) or _same_file(path, source):
            raise InputError(f"{path} is a file coach reads ({given.given}); save it under another name")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def exists_message(path: Path) -> str:
    return f"{path} exists; use --force to replace it"


@contextmanager
def plain_errors(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into one line for a person."""
    try:
        yield
    except CoachError:
        raise
    except OSError as err:
        if err.errno in _DISK_FULL:
            raise EnvironmentProblem(f"disk full while writing {path}; nothing was written") from err
        if isinstance(err, PermissionError):
            raise InputError(f"can't write to folder {path.parent}; choose a folder you can write to") from err
        reason = err.strerror or str(err)
        raise EnvironmentProblem(f"could not write {path} ({reason}); nothing was written") from err
