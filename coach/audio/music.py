"""The runner's music: finding the tracks, measuring them, decoding them as a stream.

Any file FFmpeg reads is a track (MP3, AAC/M4A, FLAC, Ogg Vorbis/Opus, WAV...).
PyAV decodes it and resamples it to the session's format (44.1 kHz stereo
float32) piece by piece, so memory does not grow with a track's length.

Each track is measured once (its length in session samples and its
loudness) and the figures are kept in a small JSON file named by the sha256 of
the track's bytes, so a playlist used again is decoded only once per session.
The loudness is BS.1770 integrated, measured by FFmpeg's ebur128 filter on the
very samples :func:`decode` gives: it agrees with coach's own meter
(:func:`coach.audio.level.loudness`) to 0.01 LU and runs ten times faster.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from coach.atomic import write_whole
from coach.regular import ADDRESS, open_regular, read_regular
from coach.errors import InputError
from coach.units import SAMPLE_RATE, seconds

MEASURE_FORMAT = 1  # bump when the decoding or the measurement changes
SUFFIXES = frozenset(
    ".mp3 .m4a .m4b .aac .mp4 .flac .ogg .oga .opus .wav .wave .aif .aiff .aifc .wma .webm .mka .caf".split()
)
MAX_TRACKS = 2000
MAX_CHANNELS = 8  # 7.1 surround; FFmpeg has no layout to mix down for some counts above it (9, 11, 13...)
SILENT_LUFS = -70.0  # what ebur128 says for silence (its absolute gate)


class MusicProblem(InputError):
    """A music file or folder coach cannot use."""


@dataclass(frozen=True)
class Track:
    """A playable track: its file, length in session samples and integrated loudness (LUFS)."""

    path: Path
    length: int
    lufs: float


@dataclass(frozen=True)
class Found:
    """A file to try: ``named`` when the runner gave it by name (not found in a folder)."""

    path: Path
    named: bool


def find_tracks(paths: Sequence[str | Path], shuffle: bool = False, seed: int = 1) -> list[Found]:
    """The files to play: each file as given, each folder's audio files in name order.

    A missing path, a web address or a folder without audio is a MusicProblem.
    With ``shuffle`` the whole list is put in an order fixed by ``seed``.
    """
    found: list[Found] = []
    for given in paths:
        if ADDRESS.match(str(given)):
            raise MusicProblem(f"--music {given}: is a web address; coach plays files on this computer, download it first")
        path = Path(given).expanduser()
        if path.is_dir():
            found += [Found(p, False) for p in _in_folder(path)]
        elif path.is_file():
            found.append(Found(path, True))
        elif path.exists():
            raise MusicProblem(f"--music {path}: not a file or a folder (a pipe or a device?)")
        else:
            raise MusicProblem(f"--music {path}: no such file or folder")
    if len(found) > MAX_TRACKS:
        raise MusicProblem(f"--music: {len(found)} tracks; coach plays at most {MAX_TRACKS}, pick a smaller folder")
    if shuffle:
        random.Random(seed).shuffle(found)
    return found


def _in_folder(folder: Path) -> list[Path]:
    try:
        files = [
            p for p in folder.rglob("*")
            if p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(folder).parts)
            and p.is_file()
        ]
    except OSError as err:
        raise MusicProblem(f"--music {folder}: cannot be read ({err.strerror or err})") from None
    if not files:
        kinds = ", ".join(sorted(s.lstrip(".") for s in SUFFIXES))
        raise MusicProblem(f"--music {folder}: no audio files in this folder (looked for {kinds})")
    return sorted(files, key=lambda p: [part.casefold() for part in p.relative_to(folder).parts])


def decode(path: Path) -> Iterator[np.ndarray]:
    """The track's samples as consecutive (n, 2) float32 pieces at SAMPLE_RATE.

    A damaged stretch inside the file is skipped, as players do; a file that
    cannot be opened or read raises MusicProblem.
    """
    return (_samples(frame) for frame in _frames(path))


def _frames(path: Path) -> Iterator:
    """The track as PyAV frames in the session's format (packed float stereo at SAMPLE_RATE)."""
    import av

    try:
        with av.open(str(path), mode="r") as container:
            if not container.streams.audio:
                raise MusicProblem(f"{path}: has no sound in it")
            stream = container.streams.audio[0]
            if stream.codec_context.channels > MAX_CHANNELS:
                raise MusicProblem(
                    f"{path}: has {stream.codec_context.channels} channels; coach plays music of 1 to {MAX_CHANNELS} "
                    "channels (mono, stereo, up to 7.1 surround)"
                )
            to_session = av.AudioResampler(format="flt", layout="stereo", rate=SAMPLE_RATE)
            for packet in container.demux(stream):
                try:
                    frames = stream.codec_context.decode(packet)
                except av.error.InvalidDataError:
                    continue  # a damaged packet: skipped, the same way every time
                for frame in frames:
                    yield from to_session.resample(frame)
            yield from to_session.resample(None)
    except (av.error.FFmpegError, ValueError) as err:  # ValueError: the format changed inside the file
        raise MusicProblem(f"{path}: is not an audio file coach can read, or is damaged ({_why(err)})") from None
    except OSError as err:
        raise MusicProblem(f"{path}: cannot be read ({err.strerror or err})") from None


def _why(err: Exception) -> str:
    return str(getattr(err, "strerror", None) or err)


def _samples(frame) -> np.ndarray:
    """A packed stereo float frame's samples as (n, 2), straight from its buffer."""
    return np.frombuffer(frame.planes[0], dtype=np.float32, count=2 * frame.samples).reshape(-1, 2)


def measure(path: Path, cache: Path | None = None) -> Track:
    """Length and loudness of the track at ``path``, from ``cache`` when measured before."""
    known = recall(path, cache) if cache else None
    if known is not None:
        return known
    kept = _measured(path)
    if cache:
        _keep(cache, _key(path), kept)
    return _track(path, kept)


def recall(path: Path, cache: Path) -> Track | None:
    """The track as measured before and kept in ``cache``, or None when it never was."""
    kept = _recall(cache, _key(path))
    return None if kept is None else _track(path, kept)


def _track(path: Path, kept: dict) -> Track:
    if kept["length"] == 0:
        raise MusicProblem(f"{path}: has no sound in it (empty, or damaged)")
    if kept["length"] < SAMPLE_RATE:
        raise MusicProblem(f"{path}: is too short to play under a session ({seconds(kept['length']):g} s)")
    return Track(Path(path), int(kept["length"]), float(kept["lufs"]))


def _measured(path: Path) -> dict:
    """{"length": samples, "lufs": integrated loudness} of the samples :func:`decode` gives."""
    import av

    graph = av.filter.Graph()
    source = graph.add_abuffer(format="flt", sample_rate=SAMPLE_RATE, layout="stereo", time_base=Fraction(1, SAMPLE_RATE))
    meter = graph.add("ebur128", "metadata=1")
    sink = graph.add("abuffersink")
    source.link_to(meter)
    meter.link_to(sink)
    graph.configure()
    found = {"length": 0, "lufs": -math.inf}

    def drain() -> None:
        while True:
            try:
                frame = graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            found["length"] += frame.samples
            integrated = frame.metadata.get("lavfi.r128.I")
            if integrated is not None:
                found["lufs"] = float(integrated) if float(integrated) > SILENT_LUFS else -math.inf

    try:
        for frame in _frames(path):
            graph.push(frame)
            drain()
        graph.push(None)
        drain()
    except (av.error.FFmpegError, ValueError) as err:
        raise MusicProblem(f"{path}: could not be measured ({_why(err)})") from None
    return found


def _key(path: Path) -> str:
    """sha256 of the file and of what decodes it (remembered while the file is unchanged)."""
    try:
        state = os.stat(path)
    except OSError as err:
        raise MusicProblem(f"{path}: cannot be read ({err.strerror or err})") from None
    return _digest(str(path), state.st_size, state.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _digest(path: str, _size: int, _mtime_ns: int) -> str:
    import av

    digest = hashlib.sha256()
    try:
        with open_regular(Path(path)) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as err:
        raise MusicProblem(f"{path}: cannot be read ({err.strerror or err})") from None
    versions = [MEASURE_FORMAT, av.__version__, av.library_versions.get("libavcodec"), SAMPLE_RATE]
    digest.update(json.dumps(versions).encode())
    return digest.hexdigest()


def _recall(cache: Path, key: str) -> dict | None:
    """What was measured of a track, if its cache entry is whole (its check matches); else None."""
    try:
        kept = json.loads(read_regular(cache / f"{key}.json", 4096).decode("utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(kept, dict) and isinstance(kept.get("length"), int) and isinstance(kept.get("lufs"), float)
    return {"length": kept["length"], "lufs": kept["lufs"]} if ok and kept.get("check") == _check(kept) else None


def _keep(cache: Path, key: str, kept: dict) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        entry = {**kept, "check": _check(kept)}
        write_whole(cache / f"{key}.json", json.dumps(entry).encode("utf-8"), durable=False)
    except OSError:
        pass  # measured again next time


def _check(kept: dict) -> str:
    """A digest of the measured figures, so a changed digit inside a valid file is noticed."""
    figures = json.dumps([kept.get("length"), kept.get("lufs")]).encode()
    return hashlib.blake2b(figures, digest_size=8).hexdigest()
