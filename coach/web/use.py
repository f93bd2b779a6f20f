"""The page's one door into coach: every use-case the web stage calls is called here.

What the page shows and builds comes from the same use-cases as the commands
(``coach list``, ``coach show``, ``coach plan --json``, ``coach export``,
``coach pace --seconds``), with the same settings, bounds and messages.
Values come back as plain data (dicts and lists, ready for JSON).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from coach import __version__
from coach.app.calibrate import check_leg, find_distance_drill
from coach.app.choose import Typed, choices
from coach.app.produce import production, voice_of
from coach.errors import InputError
from coach.progress import Progress
from coach.plan import phrases
from coach.profile.store import set_value
from coach.routine.builtin import BUILTIN, find_routine
from coach.routine.model import LEVELS, PACE_RANGE, Distance, Routine
from coach.speech.entry import cache_root



@dataclass(frozen=True)
class Voice:
    """The voice options typed after `coach serve`, for every session it serves."""

    engine: str | None = None
    name: str | None = None
    rate: int | None = None
    clarity: bool | None = None


def offered(extra: list[str]) -> dict[str, str]:
    """Slug -> routine name as given: the built-in ones, then each file typed (checked now)."""
    table = {name: name for name in BUILTIN}
    for name in extra:
        slug = base = find_routine(name).id
        n = 2
        while slug in table:
            slug, n = f"{base}-{n}", n + 1
        table[slug] = name
    return table


def _chosen(name: str, voice: Voice, level: str | None = None):
    typed = Typed(level=level, voice_engine=voice.engine, voice=voice.name, rate=voice.rate, clarity=voice.clarity)
    return choices([name], typed)


def summary(slug: str, name: str, voice: Voice) -> dict:
    """What `coach list` says of a routine: drills and time, with the runner's settings."""
    chosen = _chosen(name, voice)
    routine = chosen.routines[0]
    timeline = production(chosen, audio=False).timeline
    return {"slug": slug, "id": routine.id, "title": routine.title, "drills": len(routine.drills),
            "duration": timeline.duration, "level": chosen.get("level")}


def routine_page(slug: str, name: str, voice: Voice, level: str | None) -> dict:
    """The drill sheet (what `coach show` prints), the level, and each 20 m drill's leg time."""
    chosen = _chosen(name, voice, level)
    routine, level = chosen.routines[0], chosen.get("level")
    timeline = production(chosen, audio=False).timeline
    return {
        "slug": slug, "id": routine.id, "title": routine.title, "summary": routine.summary,
        "rest": routine.rest, "before": list(routine.before), "level": level, "levels": list(LEVELS),
        "duration": timeline.duration, "drills": [_sheet_drill(d, level) for d in routine.drills],
        "paces": _paces(chosen, routine), "pace_range": list(PACE_RANGE),
    }


def _sheet_drill(drill, level: str) -> dict:
    return {"id": drill.id, "name": drill.name, "dose": drill.summary or phrases.dose(drill, level).rstrip("."),
            "position": drill.position, "how": list(drill.how), "tip": drill.cues.tip or ""}


def _paces(chosen, routine: Routine) -> list[dict]:
    out = []
    for drill in routine.drills:
        if isinstance(drill.dose, Distance):
            setting = chosen.settings[f"pace.{drill.id}"]
            out.append({"drill": drill.id, "name": drill.name, "seconds": setting.value,
                        "meters": drill.dose.meters, "own": setting.source.startswith("profile")})
    return out


def save_pace(name: str, drill_id: str, seconds: float) -> float:
    """Check and save one leg time, as `coach pace DRILL --seconds S` does; the value saved."""
    drill = find_distance_drill([find_routine(name)], drill_id)
    seconds = check_leg(seconds)
    set_value(f"pace.{drill.id}", str(seconds))
    return seconds


@dataclass(frozen=True)
class Session:
    """One session to build: its key (what the audio depends on) and its routine and level."""

    key: str
    name: str
    level: str
    title: str


def session(name: str, voice: Voice, level: str | None) -> Session:
    """The session these settings give, named by a hash of everything its audio depends on.

    The key covers coach's version, the routine's content, every resolved
    setting (level, leg times, scales, voice, rate, pan, music), the voice's
    engine version and fingerprint, and the music files' sizes and times: a change to any
    of them is a new session; the same ones find the files already made.
    """
    chosen = _chosen(name, voice, level)
    settings = sorted((k, repr(s.value)) for k, s in chosen.settings.items() if not s.ignored)
    voice = asdict(voice_of(chosen).key())  # a changed voice file or engine is a new session too
    what = [__version__, repr(chosen.routines), settings, voice, _music_stamp(chosen.get("music"))]
    key = hashlib.sha256(json.dumps(what).encode("utf-8")).hexdigest()[:32]
    return Session(key, name, chosen.get("level"), chosen.routines[0].title)


def _music_stamp(paths) -> list:
    """The music files' sizes and times, so that changed music is a new session."""
    out = []
    for p in [paths] if isinstance(paths, str) else list(paths or ()):
        try:
            st = Path(p).expanduser().stat()
            out.append([str(p), st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([str(p), None])
    return out


def build(what: Session, voice: Voice, out: Path, voice_progress: Progress, write_progress: Progress) -> dict:
    """Make the session's file at ``out`` as `coach export` does (chapters included); its plan's JSON."""
    from coach.app.choose import export_path
    from coach.app.produce import EXPORT_BLOCK
    from coach.export.session import export_session

    chosen = _chosen(what.name, voice, what.level)
    out = export_path(chosen, str(out), force=True)
    made = production(chosen, progress=voice_progress, out=out)
    total = made.timeline.length
    export_session(made.blocks(block=EXPORT_BLOCK), total, out, made.meta(), force=True,
                   progress=write_progress)
    return made.timeline.to_json()


def sessions_folder() -> Path:
    """Where the built sessions are kept: ``sessions`` in coach's cache folder."""
    return cache_root() / "sessions"


def check_level(level: str | None) -> str | None:
    if level is not None and level not in LEVELS:
        raise InputError(f'level: expected {", ".join(LEVELS)}, got "{level[:20]}"')
    return level
