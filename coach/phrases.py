"""Every line coach says, in one place: short, plain coaching language.

Functions here only build text; the scheduler decides when each is said.
"""

from __future__ import annotations

from coach.model import Distance, Drill, Holds, Level, Position, Reps, Side

# What to say to get into a drill's starting position, from another or the same one.
POSITION_LINES: dict[Position, str] = {
    "standing": "Up on your feet, stand tall.",
    "lying": "Lie down on your back.",
    "kneeling": "Come down onto one knee.",
    "plank": "Get into a high plank.",
}
STAY_LINES: dict[Position, str] = {
    "standing": "Stay standing.",
    "lying": "Stay on your back.",
    "kneeling": "Stay down on one knee.",
    "plank": "Stay in your plank.",
}

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def side_word(side: Side) -> str:
    return side.capitalize()


def count(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def intro(title: str, drills: int, total_seconds: float) -> tuple[str, ...]:
    return (f"{title}.", f"{count(drills).capitalize()} drills, about {minutes(total_seconds)} minutes.")


def lead_in() -> str:
    return "We start in five seconds."


def first_up(drill: Drill) -> str:
    return f"First up: {drill.name}."


def next_up(drill: Drill) -> str:
    return f"Next up: {drill.name}."


def dose(drill: Drill, level: Level) -> str:
    """The dose as said at the chosen level, e.g. "Ten on each side, alternating."."""
    d = drill.dose
    if isinstance(d, Distance):
        if len(d.legs) == 1:
            return f"{d.meters} metres."
        if len(d.legs) == 2:
            return f"{d.meters} metres there, {d.meters} back."
        return f"{count(len(d.legs)).capitalize()} lengths of {d.meters} metres."
    if isinstance(d, Reps):
        amount = d.reps.pick_int(level)
        where = {"alternate": "on each side, alternating", "each": "on each side", "none": "reps"}[d.sides]
        if d.directions:
            ways = ", then ".join(f"{amount} {way}" for way in d.directions)
            return f"{ways.capitalize()}, {where}."
        return f"{count(amount).capitalize()} {where}."
    assert isinstance(d, Holds)
    amount, seconds = d.sets.pick_int(level), d.hold.pick(level)
    where = {"alternate": "on each side, alternating", "each": "on each side", "none": "in all"}[d.sides]
    return f"{count(amount).capitalize()} {where}, hold {seconds:g} seconds."


def block_start(side: Side | None, direction: str | None) -> str:
    if direction and side:
        return f"{side_word(side)} leg, swing {direction}."
    if side:
        return f"{side_word(side)} side first."
    return "Ready."


def switch(side: Side | None, direction: str | None) -> str:
    if direction and side:
        return f"{side_word(side)} leg, swing {direction} now."
    return f"Switch to the {side} side." if side else "Switch."


def rep(n: int, last: bool, side: Side | None, named: bool) -> str:
    number = "last one" if last else str(n)
    if named and side:
        return f"{side_word(side)} leg, {number}."
    return f"{number.capitalize()}."


def hold(side: Side | None, last: bool, named: bool) -> str:
    if named and side:
        return f"Last one, {side}. Hold." if last else f"{side_word(side)}, hold."
    return "Last one. Hold." if last else "Hold."


def set_of(n: int, total: int) -> str:
    return f"Round {n} of {total}."


def release(resting: bool) -> str:
    return "Release, and rest." if resting else "Release."


def leg(lead: Side, first: bool) -> str:
    return f"{side_word(lead)} leg leads the way." if first else f"Turn around. {side_word(lead)} leg leads the way."


def finish(distance: bool) -> str:
    return "Stop there. Nice work." if distance else "Done. Nice work."


def rest(seconds: float) -> str:
    return f"Rest for {seconds:g} seconds."


def all_done(total_seconds: float) -> str:
    return f"All done. That was {minutes(total_seconds)} minutes. Great work."


def gap_start(seconds: float, upcoming: str) -> str:
    return f"{minutes(seconds)} minutes of easy running. I'll call you back for the {upcoming.lower()}."


def gap_halfway() -> str:
    return "Halfway through your run. Keep it easy."


def gap_one_minute() -> str:
    return "One minute to go. Start easing off."


def welcome_back(upcoming: str) -> str:
    return f"Welcome back. Time for the {upcoming.lower()}."
