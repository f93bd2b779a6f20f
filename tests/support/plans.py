"""Helpers for reading plans in tests (JSON-shaped, as other tools see them)."""

from __future__ import annotations

from collections import Counter


def drill_events(plan: dict, drill: str, cue: str | None = None) -> list[dict]:
    return [e for e in plan["events"] if e["drill"] == drill and (cue is None or e["cue"] == cue)]


def reps_per_side(plan: dict, drill: str) -> Counter:
    return Counter((e["side"], e.get("direction")) for e in drill_events(plan, drill, "rep"))


def speech_over_sounds(plan: dict) -> list[tuple[str, str]]:
    """(line, sound) for every spoken line that overlaps a sound."""
    rate = plan["rate"]
    sounds = [e for e in plan["events"] if e["type"] == "sound"]
    return [
        (e["text"], s["sound"])
        for e in plan["events"] if e["type"] == "say"
        for s in sounds
        if e["sample"] < s["sample"] + round(s["length"] * rate) and s["sample"] < e["sample"] + round(e["length"] * rate)
    ]


def spoken_overlaps(plan: dict) -> list[tuple[dict, dict]]:
    said = [e for e in plan["events"] if e["type"] == "say"]
    return [(a, b) for a, b in zip(said, said[1:]) if b["sample"] < a["sample"] + round(a["length"] * plan["rate"])]
