"""Every line coach says, in one place: short, plain coaching language.

Functions here only build text; the scheduler decides when each is said.
"""

from __future__ import annotations

import re

from coach.routine.model import Distance, Drill, Holds, Leg, Level, Position, Reps, Side, other

# What to say to get into a drill's starting position, from another or the same one.
POSITION_LINES: dict[Position, str] = {
    "standing": "Up on your feet, stand tall.",
    "lying": "Lie down on your back.",
    "kneeling": "Come down onto one knee.",
    "plank": "Hands and knees on the ground.",
}
# Positions too tiring to wait in: said in the rest as POSITION_LINES, then this just before the countdown.
LATE_POSITION_LINES: dict[Position, str] = {
    "plank": "Now lift into a plank. Knees down is fine.",
}
# Said between alternating holds, before the next side's move, to come back to the start.
RETURN_LINES: dict[Position, str] = {
    "plank": "Back to plank.",
}
PRAISE = ("Nice work.", "Good job.", "Great effort.", "That's it. Good.")
"""Said after "Stop there." or "Done.", in turn from drill to drill."""
CALM = ("Breathe out slowly.", "Relax your shoulders.", "Easy breaths, stay relaxed.")
"""Lines for a long hold, after the drill's own tips, in turn."""
KEEP_GOING = ("Keep it smooth.", "Nice and steady.", "Stay tall.", "Eyes ahead.")
"""Lines for a long leg when the drill's own tips have been said twice."""
BREATHS = (
    ("Breathe in, nice and slow.", "And all the way out."),
    ("Again, a slow breath in.", "And breathe out."),
    ("Breathe in once more.", "And let it go."),
)
"""Guided breaths after a routine's last drill: (in, out), in turn."""

_SENTENCE = re.compile(r"([.!?] )([a-z])")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def side_word(side: Side) -> str:
    return side.capitalize()


def count(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def intro(title: str, drills: int, total_seconds: float) -> tuple[str, ...]:
    return (f"{title}.", f"{count(drills).capitalize()} drills, {minutes(total_seconds)} minutes.")


def beeps() -> str:
    """Said once, before the first countdown."""
    return "Three short sounds count you in. Go on the long one."


def first_up(drill: Drill) -> str:
    return f"First up: {drill.name}."


def next_up(drill: Drill, number: int, total: int) -> str:
    """The next drill and where it sits: "Drill 3 out of 6: ...", or "Final drill: ..."."""
    if number == total:
        return f"Final drill: {drill.name}."
    return f"Drill {number} out of {total}: {drill.name}."


def dose(drill: Drill, level: Level) -> str:
    """The dose as said at the chosen level, e.g. "Ten reps on each side, alternating."."""
    d = drill.dose
    if isinstance(d, Distance):
        if len(d.legs) == 1:
            return f"{d.meters} metres."
        if len(d.legs) == 2:
            return f"{d.meters} metres there, {d.meters} back."
        return f"{count(len(d.legs)).capitalize()} lengths of {d.meters} metres."
    if isinstance(d, Reps):
        amount = d.reps.pick_int(level)
        if d.directions:
            where = {"alternate": "on each side, alternating", "each": "on each side", "none": "in all"}[d.sides]
            ways = ", then ".join(f"{amount} {way}" for way in d.directions)
            return f"{ways.capitalize()}, {where}."
        where = {"alternate": "reps on each side, alternating", "each": "reps on each side", "none": "reps"}[d.sides]
        return f"{count(amount).capitalize()} {where}."
    assert isinstance(d, Holds)
    amount, seconds = d.sets.pick_int(level), d.hold.pick(level)
    # "times", not "holds": a recognizer in traffic heard "holds" as "holes" in every dose.
    where = {"alternate": " on each side, alternating", "each": " on each side", "none": ""}[d.sides]
    if amount == 1:
        return f"One hold{where}, {seconds:g} seconds."
    return f"{count(amount).capitalize()} times{where}, {seconds:g} seconds each."


def filled(template: str, side: Side) -> str:
    """A routine's template with {side} and {other} filled in, as it stands mid-sentence."""
    return template.replace("{side}", side).replace("{other}", other(side))


def fill(template: str, side: Side) -> str:
    """A routine's template filled in, to start a sentence (and every sentence in it)."""
    return _SENTENCE.sub(lambda m: m.group(1) + m.group(2).upper(), _first_upper(filled(template, side)))


def _first_upper(text: str) -> str:
    """``text`` with its first letter capitalized and the rest as written (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def block_start(side: Side | None, direction: str | None, move: str | None = None, part: str | None = None) -> str:
    """Which side starts: a hold's move, a rep's body part ("Right knee first."), or the side."""
    if side and move:
        return f"{fill(move, side)}."
    if direction and side:
        return f"{side_word(side)} leg, swing {direction}."
    if side:
        return f"{fill(part, side)} first." if part else f"{side_word(side)} side first."
    return "Ready."


def switch(side: Side | None, direction: str | None, move: str | None = None, part: str | None = None) -> str:
    if side and move and direction:
        return f"{fill(move, side)}."
    if direction and side:
        return f"{side_word(side)} leg, swing {direction} now."
    if side and move:
        return f"Other side. {fill(move, side)}."
    if side and part:
        return f"Now the {filled(part, side)}."
    return f"Switch to the {side} side." if side else "Switch."


def rep(n: int, last: bool, side: Side | None, named: bool, count: str | None = None) -> str:
    number = "last one" if last else str(n)
    if named and side:
        return f"{fill(count or '{side} leg', side)}, {number}."
    return f"{number.capitalize()}."


def move(side: Side | None, template: str | None) -> str:
    """Getting into a hold: the routine's own words, else the side."""
    if side is None:
        return "Back into position."
    return f"{fill(template, side)}." if template else f"{side_word(side)} side."


def hold(last: bool) -> str:
    return "Last one. Hold it there." if last else "Hold it there."


def time_left(seconds: int) -> str:
    return f"{count(seconds).capitalize()} more." if seconds <= 10 else f"{seconds} seconds to go."


def set_of(n: int, total: int) -> str:
    return f"Round {n} of {total}."


def release(resting: bool) -> str:
    return "Release, and rest." if resting else "Release."


def leg(leg: Leg, first: bool, lead: str | None = None) -> str:
    """Which side leads and which way to go; a turn only where the runner really turns."""
    text = f"{fill(lead or '{side} leg leads the way', leg.lead)}."
    if leg.heading:
        text += f" {_first_upper(leg.heading)}."
    return text if first or not leg.turn else f"Turn around. {text}"


def finish(distance: bool, number: int = 0) -> str:
    """The end of a drill; the praise changes from one drill to the next."""
    return f"{'Stop there' if distance else 'Done'}. {PRAISE[number % len(PRAISE)]}"


def halfway() -> str:
    return "Halfway."


def to_go(meters: int) -> str:
    return f"{meters} metres to go."


def breaths_start(breaths: int) -> str:
    return f"Now breathe with me: {count(breaths)} slow breaths."


def breath(number: int) -> tuple[str, str]:
    """The ``number``-th guided breath's two lines."""
    return BREATHS[number % len(BREATHS)]


def rest(seconds: float) -> str:
    return f"Rest for {seconds:g} seconds."


def breathe() -> str:
    return "Breathe out slowly."


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
