"""Commands for routine files: new, validate."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.errors import CoachError, ExitStatus, InputError


def new(
    file: str = typer.Argument(..., help="Where to write the starter routine (a new .toml file). Example: my-warmup.toml"),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists. Example: --force"),
) -> None:
    """Write a commented starter routine to edit: one drill of every kind, every field explained.

    Example: coach new my-warmup.toml, then: coach validate my-warmup.toml
    """
    from coach.atomic import write_whole  # loaded on use: `coach --help` stays quick
    from coach.export.target import output_path
    from coach.routine.starter import STARTER

    file = output_path(file, example="my-warmup.toml", suffixes=(".toml",), force=force)  # as coach export -o
    if file.suffix.lower() != ".toml":
        raise InputError(f"{file}: a routine file ends in .toml, e.g. my-warmup.toml")
    try:
        write_whole(file, STARTER.encode("utf-8"))
    except OSError as err:
        raise InputError(f"{file}: cannot be written ({err.strerror or err})") from None
    typer.echo(f"Wrote {file}. Edit it, then check it with: coach validate {file}")


def validate(
    files: list[Path] = typer.Argument(..., help="One or more routine files. Example: my-warmup.toml"),
) -> None:
    """Check routine files and list every problem at once, with its line.

    Exit status 0 when all are fine, 2 when any has a problem.
    Example: coach validate my-warmup.toml cooldown.toml
    """
    from coach.routine.loader import load  # loaded on use: `coach --help` stays quick

    failed = []
    for file in files:
        try:
            routine = load(file)
        except CoachError as err:
            failed.append(err)
            for line in str(err).splitlines():
                typer.echo(line, err=True)
            continue
        typer.echo(f"{file}: fine ({routine.id}, {len(routine.drills)} drills)")
    if failed:
        raise typer.Exit(ExitStatus.INPUT)
