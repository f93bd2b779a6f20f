"""A whole session of real espeak-ng speech and the real sounds lands near -16 LUFS (measured by ffmpeg)."""

from __future__ import annotations

import numpy as np
import pytest
from support.audio import espeak_clip, ffmpeg_loudness, write_wav

from coach.audio.level import level_speech
from coach.audio.render import render
from coach.audio.sounds import load_sounds
from coach.plan.timeline import SAMPLE_RATE, Event, Timeline

INTRO, LEFT, RIGHT, REST, WALK, NEXT, END = (
    "Leg swings, forward and back. Ten on each side.",
    "Left leg first.",
    "Right leg now.",
    "Rest for twenty seconds.",
    "Walk twenty metres, then turn around.",
    "Hip circles, big and slow.",
    "Well done. That's the session.",
)
COUNTS = ("One", "Two", "Three", "Four", "Five")
HALF_SECOND = SAMPLE_RATE // 2


class _Session:
    """Builds a plausible routine: lines, countdowns, reps each side, a rest, a walk with steps."""

    def __init__(self, clips: dict[str, np.ndarray], sounds: dict[str, np.ndarray]) -> None:
        self.clips, self.sounds, self.events, self.at = clips, sounds, [], HALF_SECOND

    def say(self, text: str, side=None, gap: int = HALF_SECOND) -> None:
        length = self.clips[text].size
        self.events.append(Event(at=self.at, type="say", cue="c", length=length, text=text, side=side))
        self.at += length + gap

    def sound(self, name: str, gap: int = HALF_SECOND, every: int | None = None) -> None:
        length = self.sounds[name].size
        self.events.append(Event(at=self.at, type="sound", cue="c", length=length, sound=name))
        self.at += every if every else length + gap

    def drill(self) -> None:
        self.say(INTRO)
        self.say(LEFT, "left")
        for _ in range(3):
            self.sound("tick", every=SAMPLE_RATE)
        self.sound("go")
        for count in COUNTS:
            self.say(count, "left")
        self.sound("switch")
        self.say(RIGHT, "right")
        for count in COUNTS:
            self.say(count, "right")
        self.say(REST, gap=20 * SAMPLE_RATE)
        self.sound("restover")
        self.say(WALK)
        for _ in range(30):
            self.sound("step", every=HALF_SECOND)
        self.sound("turn")
        self.say(NEXT)

    def timeline(self) -> Timeline:
        return Timeline(routine="s", title="S", length=self.at + SAMPLE_RATE, drills=(), events=tuple(self.events))


@pytest.fixture(scope="module")
def session_wav(tmp_path_factory):
    folder = tmp_path_factory.mktemp("session")
    texts = (INTRO, LEFT, RIGHT, REST, WALK, NEXT, END, *COUNTS)
    clips = {text: level_speech(espeak_clip(text, folder)) for text in texts}  # as the speech layer levels them
    sounds = load_sounds()
    session = _Session(clips, sounds)
    for _ in range(3):
        session.drill()
    session.say(END)
    session.sound("done")
    out = np.concatenate(list(render(session.timeline(), clips.__getitem__, sounds)))
    path = folder / "session.wav"
    write_wav(path, out)
    return path, out


def test_session_loudness_is_near_minus_16_lufs(session_wav):
    path, _ = session_wav
    integrated, peak = ffmpeg_loudness(path)
    assert integrated == pytest.approx(-16.0, abs=1.5)
    assert peak <= -1.0


def test_session_samples_stay_under_minus_1_dbfs(session_wav):
    _, out = session_wav
    assert np.abs(out.astype(np.int32)).max() <= 10 ** (-1 / 20) * 32767
