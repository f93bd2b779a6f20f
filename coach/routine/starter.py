"""The starter routine that ``coach new FILE`` writes: every kind of drill, every field, explained.

It is a working routine (the tests load and plan it), so a runner can try it
as it is, then change it bit by bit.
"""

from __future__ import annotations

STARTER: str = '''\
# A coach routine. Change anything, then try it:  coach plan THIS-FILE
# Lines starting with # are notes for you; coach skips them.
# Text goes in "quotes". Times are in seconds.

format = 1                      # the version of this file format; leave it at 1
id = "my-routine"               # short name: lowercase letters, digits and dashes
title = "My hip routine"        # what coach calls the routine
summary = "Three drills to get my hips moving."   # optional, one line for lists
rest = 15                       # seconds of rest between drills (default 15)
before = "Have 20 metres marked out."   # optional: said before the first drill
after = "Now jog easy for two minutes."  # optional: said at the very end (what comes next, a recap)
breaths = 0                     # optional: slow breaths coach guides after the last drill

# Each [[drills]] block is one drill, done in the order written.
# Every drill has an id, a name, a kind, a position and a "how".
# The kind is "distance", "reps" or "holds", and says which other fields it takes.

# A distance drill: walk or jog legs of a set length, turning between them.
[[drills]]
id = "side-shuffle"
name = "Side shuffle"
kind = "distance"
position = "standing"           # "standing", "lying", "kneeling" or "plank"
summary = "20 m to the left, 20 m back"   # optional: the dose in words, for the drill sheet
how = [                         # one to three short lines, said before the drill
  "Stand sideways and shuffle, feet never crossing.",
  "Stay low and light.",
]
meters = 20                     # length of each leg (default 20)
pace = 15                       # seconds for one leg, before your own pacing
legs = [                        # one line per leg: which side leads, and which way (said)
  { lead = "right", heading = "travel to your left" },
  { lead = "left", heading = "travel back to your right", turn = false },  # no turn: same facing
]

# Extra lines coach says for this drill. All are optional.
[drills.cues]
intro = "Keep your chest up."   # after the drill's name and dose
go = "Nice and easy."           # just before the countdown
setup = "Go to your start line."   # said in the rest before this drill: where to be, what to grab
tip = ["Stay low and light.", "Quick feet."]   # form lines, said in turn during the legs
lead = "{side} foot leads"      # how a leg names its side; {side} is it, {other} the other one
both = "{side} foot leads, {other} foot follows"   # a rule said for each side before the countdown
finish = "Walk it off."         # when the drill is over

# A reps drill: counted repetitions.
[[drills]]
id = "leg-swings"
name = "Leg swings"
kind = "reps"
position = "standing"
summary = "10 forward swings each leg, then 10 sideways"
how = "Hold a wall for balance and swing one straight leg."
reps = 10                       # per side and direction; a range like [8, 12] lets --level choose
tempo = 2                       # seconds per rep
sides = "each"                  # "alternate" (left, right, left...), "each" (all of one side,
                                # then the other) or "none" (no sides)
first = "right"                 # the side to start on
directions = ["forward", "sideways"]   # optional: do the reps in each direction in turn

[drills.cues]
setup = "Walk to your wall."
move = [                        # said as each side's block starts: one per direction
  "{other} hand on the wall, {side} leg swings forward",
  "Face the wall. {side} leg swings across",
]

# A holds drill: held positions with rests between them.
[[drills]]
id = "hip-flexor-stretch"
name = "Hip-flexor stretch"
kind = "holds"
position = "kneeling"
summary = "3 holds of 20 to 30 seconds each side"
how = [
  "One knee down, the other foot forward.",
  "Tuck your hips under and lean gently forward.",
]
sets = 3                        # holds per side; a range like [3, 4] works too
hold = [20, 30]                 # seconds each hold lasts: one number, or a range
rest = 10                       # seconds between holds (default 10)
sides = "each"                  # "each", "alternate" or "none", as for reps
first = "left"

[drills.cues]
move = "{side} foot forward, {other} knee down"   # said before each hold on that side
'''
