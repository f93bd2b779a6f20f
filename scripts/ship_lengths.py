#!/usr/bin/env python3
"""Write coach/speech/lengths.json: how long the default voice speaks each line of the built-in routines.

With it, `coach list` and `coach plan` of a built-in routine answer at once on
a machine that has never spoken a line (the first export still speaks them).
Run it after changing a built-in routine, a phrase or the default voice:

    .venv/bin/python scripts/ship_lengths.py

tests/speech/test_shipped_lengths.py makes the table again from the real voice
and fails when the shipped one differs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "coach" / "speech" / "lengths.json"

LEVELS = ("short", "standard", "full")
PACE_SCALES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
TEMPO_SCALES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
GAPS = (5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 45.0, 60.0)  # minutes run between pre-run and post-run


def sessions():
    """(routines, settings, gap) for each session the table covers: every level, common scales, joined runs."""
    from coach.routine.builtin import BUILTIN

    for routine in BUILTIN:
        for level in LEVELS:
            for pace_scale in PACE_SCALES:
                for tempo_scale in TEMPO_SCALES:
                    yield [routine], {"level": level, "pace_scale": pace_scale, "tempo_scale": tempo_scale}, 0.0
    for gap in GAPS:
        yield list(BUILTIN), {}, gap


def measured_lines(speech) -> dict[str, int]:
    """Every line those sessions speak, planned with ``speech``'s real lengths, by spoken form."""
    from coach.app.planning import plan
    from coach.app.settings import gather
    from coach.audio.sounds import sound_lengths
    from coach.plan.scheduler import spoken_texts
    from coach.speech.spoken import spoken_form

    lines: dict[str, int] = {}
    for routines, settings, gap in sessions():
        chosen = gather(routines, settings)
        timeline = plan(chosen.routines, chosen.options, measure=speech.prepare, sounds=sound_lengths(), gap_minutes=gap)
        texts = spoken_texts(timeline)
        lines.update({spoken_form(t): n for t, n in speech.prepare(texts).items()})
    return lines


def make_table(cache_dir: Path | None = None) -> dict:
    """The table, made by speaking every line with the default voice (from ``cache_dir``'s phrase cache)."""
    from coach.speech.known import table, voice_key
    from coach.speech.speech import open_speech

    return table(voice_key(), measured_lines(open_speech(cache_dir=cache_dir)))


def dumps(made: dict) -> str:
    return json.dumps(made, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    import os
    import tempfile

    from coach.atomic import write_whole

    with tempfile.TemporaryDirectory(prefix="coach-ship-") as empty:
        os.environ["COACH_CONFIG_DIR"] = empty  # the routines' own values, not this runner's settings
        made = make_table()
    write_whole(TABLE, dumps(made).encode("utf-8"))
    print(f"wrote {TABLE.relative_to(ROOT)}: {len(made['lengths'])} lines of {made['voice']['fingerprint']}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
