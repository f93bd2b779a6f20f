"""The keys a runner can keep in their profile, made from the settings table, and how typed text is read.

Each key is a :class:`coach.profile.table.Spec`: its :class:`~coach.profile.kinds.Kind`
reads typed text (``coach config set rate 160``) and checks a TOML value
(``rate = 160``) with the same words. A pace is kept per drill, as
``pace.DRILL``.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from coach.errors import InputError
from coach.profile.kinds import CONTROL
from coach.profile.table import SAVED, SPECS, Spec
from coach.routine.fields import Bad, slug

PACE_PREFIX = "pace."
KEYS: dict[str, Spec] = {key: SPECS[key] for key in SAVED}
PACE = SPECS["pace"]  # one per drill: pace.knee-drive-crossover

PACE_KEY = PACE_PREFIX + "DRILL"  # how the per-drill key is shown in lists
ALL_KEYS = (*KEYS, PACE_KEY)


def spec_for(key: str) -> tuple[str, Spec]:
    """The key as stored (``tempo-scale`` -> ``tempo_scale``) and its spec; InputError if unknown."""
    if key.startswith(PACE_PREFIX):
        drill = key[len(PACE_PREFIX):]
        try:
            slug(drill)
        except Bad:
            raise InputError(
                f'"{echo(key)}": after "pace." give a drill id of lowercase letters, digits and dashes, '
                f"like pace.knee-drive-crossover"
            ) from None
        return key, PACE
    name = key.strip().replace("-", "_").lower()
    if name in KEYS:
        return name, KEYS[name]
    raise unknown(key)


def unknown(key: str) -> InputError:
    """An unknown key, naming the closest known one and listing them all."""
    return InputError(f'unknown setting "{echo(key)}"{_hint(key)}; the settings are: {", ".join(ALL_KEYS)}')


def _hint(key: str) -> str:
    match = re.match(r"^pace[-_:/ ]+(.+)$", key)
    if match:
        return f' (did you mean "{PACE_PREFIX}{echo(match.group(1))}"?)'
    close = difflib.get_close_matches(key.replace("-", "_").lower(), list(KEYS) + ["pace"], n=1)
    if not close:
        return ""
    if close[0] == "pace":
        return f' (did you mean "{PACE_KEY}", like pace.knee-drive-crossover?)'
    return f' (did you mean "{close[0]}"?)'


def parse_text(key: str, text: str) -> tuple[str, Any]:
    """``("rate", "160")`` -> ``("rate", 160)``; InputError with what was expected."""
    name, spec = spec_for(key)
    try:
        return name, spec.kind.parse(text)
    except (Bad, ValueError, TypeError, OverflowError):
        raise InputError(f'{name}: expected {spec.kind.expected}, got "{echo(text)}"') from None


def echo(text: str, limit: int = 40) -> str:
    """Something the runner typed, safe to repeat in a one-line message."""
    clean = CONTROL.sub("?", text).encode("utf-8", "replace").decode("utf-8")
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."


def shown(value: Any) -> str:
    """A value as a person reads it: true/false, 1.2 (not 1.2000), text as is."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def keys_help() -> str:
    """One line per key: name, what it does, an example command."""
    specs = [*KEYS.items(), (PACE_KEY, PACE)]
    width = max(len(name) for name, _ in specs)
    example = {PACE_KEY: "pace.knee-drive-crossover"}
    return "\n".join(
        f"{name:<{width}}  {spec.help} ({spec.kind.expected}) e.g. "
        f"coach config set {example.get(name, name)} {spec.example}"
        for name, spec in specs
    )
