"""Properties of every plan, over random pacing, levels, tempo, metronome and phrase lengths."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.plan.lengths import Lengths, estimate
from coach.plan.options import PlanOptions
from coach.routine.builtin import load_builtin
from coach.plan.scheduler import schedule, spoken_texts
from coach.plan.timeline import SAMPLE_RATE

ROUTINES = {rid: load_builtin(rid) for rid in ("pre-run", "post-run")}
DISTANCE = ("knee-drive-crossover", "straight-leg-march", "walking-lunge-twist")

options = st.builds(
    PlanOptions,
    level=st.sampled_from(["short", "standard", "full"]),
    pace=st.dictionaries(st.sampled_from(DISTANCE), st.floats(2.0, 600.0), max_size=3),
    pace_scale=st.floats(0.2, 9.0),  # the walking lunge's 65 s stays under the 600 s limit
    tempo_scale=st.floats(0.25, 4.0),
    cadence=st.one_of(st.none(), st.integers(30, 240)),
)


def plan(routine_id: str, opts: PlanOptions, stretch: float):
    """Plan twice: first to learn the lines, then with every line's length stretched (as a slow voice would)."""
    routine = ROUTINES[routine_id]
    if routine_id == "post-run":
        opts = PlanOptions(opts.level, {}, opts.pace_scale, opts.tempo_scale, opts.cadence)
    first = schedule(routine, opts)
    lengths = Lengths(speech={t: round(estimate(t) * stretch) for t in spoken_texts(first)})
    return schedule(routine, opts, lengths), opts


@settings(max_examples=60, deadline=None)
@given(routine_id=st.sampled_from(sorted(ROUTINES)), opts=options, stretch=st.floats(0.3, 2.5))
def test_plan_properties(routine_id, opts, stretch):
    timeline, opts = plan(routine_id, opts, stretch)
    events = timeline.events

    # Events are sorted and inside the session, which lasts a whole number of 48 kHz samples too.
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(0 <= e.at and e.end <= timeline.length for e in events)
    assert timeline.length * 48000 % 44100 == 0

    # Chapters cover the session end to end: the opening, then one per drill.
    chapters = timeline.chapters
    assert chapters[0].start == 0 and chapters[-1].end == timeline.length
    assert all(a.end == b.start for a, b in zip(chapters, chapters[1:]))
    assert [c.start for c in chapters[1:]] == [d.start for d in timeline.drills]

    # No spoken cue overlaps another.
    said = [e for e in events if e.type == "say"]
    assert all(b.at >= a.end for a, b in zip(said, said[1:]))

    # Drill spans are in order and do not overlap; each drill's events sit inside its span.
    spans = timeline.drills
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for span in spans:
        mine = [e for e in events if e.drill == span.id]
        assert mine and min(e.at for e in mine) >= span.start and max(e.end for e in mine) <= span.end

    # Each side gets the same reps (in each direction) and the same holds.
    for span in spans:
        for cue in ("rep", "hold"):
            counts = Counter((e.direction, e.side) for e in events if e.drill == span.id and e.cue == cue and e.side)
            for direction in {d for d, _ in counts}:
                assert counts[(direction, "left")] == counts[(direction, "right")], (span.id, cue, counts)

    # Turn cues (a switch sound where the runner does not turn) land exactly at the paced time after the leg before.
    for span in spans:
        legs = [e for e in events if e.drill == span.id and e.cue == "leg"]
        if len(legs) < 2:
            continue
        drill = ROUTINES[routine_id].drill(span.id)
        pace = round(opts.leg_seconds(drill) * SAMPLE_RATE)
        turns = [e for e in events if e.drill == span.id and e.cue in ("turn", "switch")]
        go = next(e for e in events if e.drill == span.id and e.cue == "go")
        assert [t.at - go.at for t in turns] == [pace * k for k in range(1, len(legs))]
