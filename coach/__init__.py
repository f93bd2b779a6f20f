"""coach: a voice-guided audio coach for runners.

The pipeline, one module (or package) per stage:

    routine file -> model -> scheduler -> timeline -> renderer -> sink

``coach.routine.loader`` reads routine files into ``coach.routine.model`` objects;
``coach.plan.scheduler`` turns a routine into a ``coach.plan.timeline.Timeline`` (pure:
phrase lengths come in as data); the renderer mixes speech and sounds at the
timeline's sample offsets; sinks write WAV/MP3 or play live.
"""

__version__ = "0.2.0"
