"""`coach config`: your saved defaults."""

from __future__ import annotations

import typer


config_app = typer.Typer(
    help="Your saved defaults (voice, rate, level, pacing...). The command line still wins.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@config_app.command("show")
def show() -> None:
    """Print every setting, its value and the file it is kept in.

    Example: coach config show
    """
    from coach.profile import store as profile  # settings load on use: `coach --help` stays quick

    typer.echo(profile.show(profile.load_profile()))


@config_app.command("set", context_settings={"ignore_unknown_options": True})  # a value may be negative: -12
def set_(
    key: str = typer.Argument(..., help="The setting, e.g. rate, level, pan, pace.knee-drive-crossover."),
    value: str = typer.Argument(..., help="Its new value. Example: 160"),
) -> None:
    """Save a default. Examples: coach config set rate 160 | coach config set pace.knee-drive-crossover 25"""
    from coach.app.configure import save_setting

    saved = save_setting(key, value)
    typer.echo(f"Saved in {saved.path}.")


@config_app.command("unset")
def unset(key: str = typer.Argument(..., help="The setting to forget. Example: rate")) -> None:
    """Forget a saved default, going back to coach's own. Example: coach config unset rate"""
    from coach.profile import store as profile

    saved = profile.unset_value(key)
    typer.echo(f"Updated {saved.path}.")


@config_app.command("reset")
def reset() -> None:
    """Put your settings file aside (as profile.toml.bad) and start fresh. Example: coach config reset"""
    from coach.profile import store as profile

    aside = profile.reset_profile()
    typer.echo(f"Moved your settings to {aside}; starting fresh." if aside else "No settings file; nothing to reset.")


@config_app.command("keys")
def keys() -> None:
    """List every setting with what it does and an example. Example: coach config keys"""
    from coach.profile.keys import keys_help

    typer.echo(keys_help())
