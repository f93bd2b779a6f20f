"""Music files: found in name order, decoded by PyAV to the session's format, measured once."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach.app.music import choose_music
from coach.audio.level import loudness
from coach.audio.music import MusicProblem, decode, find_tracks, measure
from coach.plan.timeline import SAMPLE_RATE
from support.music import TRACKS, encode, make_tracks, video_only

TONES = {"02-tone.m4a": 330, "03-tone.flac": 440, "05-tone.opus": 523}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_tracks(tmp_path_factory.mktemp("music"))


@pytest.mark.parametrize("name", list(TRACKS))
def test_every_format_decodes_to_44100_stereo_with_its_length(folder, name):
    _, seconds, rate, channels, _ = TRACKS[name]
    pieces = list(decode(folder / name))
    audio = np.concatenate(pieces)
    assert all(p.dtype == np.float32 and p.ndim == 2 and p.shape[1] == 2 for p in pieces)
    assert abs(audio.shape[0] - seconds * SAMPLE_RATE) < 0.06 * SAMPLE_RATE  # encoder padding at most
    assert 0.005 < float(np.abs(audio).max()) <= 1.0
    if channels == 1:
        np.testing.assert_array_equal(audio[:, 0], audio[:, 1])
    if name in TONES:  # resampled to 44.1 kHz: the tone keeps its pitch
        spectrum = np.abs(np.fft.rfft(audio[: SAMPLE_RATE, 0]))
        assert abs(int(np.argmax(spectrum)) - TONES[name]) <= 1


@pytest.mark.parametrize("name", ["01-noise.mp3", "03-tone.flac", "04-noise.ogg"])
def test_ffmpeg_measures_the_loudness_our_meter_does(folder, name):
    """Tracks are measured by FFmpeg's ebur128 (fast); coach's own meter agrees on the same samples."""
    ours = loudness(np.concatenate(list(decode(folder / name))))
    assert abs(measure(folder / name).lufs - ours) < 0.02


def test_measure_matches_the_decoded_samples_and_is_kept(folder, tmp_path):
    cache = tmp_path / "cache"
    first = measure(folder / "01-noise.mp3", cache)
    assert first.length == sum(p.shape[0] for p in decode(folder / "01-noise.mp3"))
    assert -40 < first.lufs < -10
    kept = list(cache.glob("*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text())["length"] == first.length
    assert measure(folder / "01-noise.mp3", cache) == first  # from the cache
    kept[0].write_text("{not json")  # a damaged entry is measured again
    assert measure(folder / "01-noise.mp3", cache) == first


def test_folders_are_read_in_name_order_with_their_subfolders(tmp_path):
    make_tracks(tmp_path / "b-side", ["03-tone.flac"])
    make_tracks(tmp_path, ["05-tone.opus", "02-tone.m4a"])
    (tmp_path / "cover.jpg").write_bytes(b"not music")
    (tmp_path / ".hidden.mp3").write_bytes(b"not music either")
    found = find_tracks([tmp_path])
    assert [f.path.relative_to(tmp_path).as_posix() for f in found] == ["02-tone.m4a", "05-tone.opus", "b-side/03-tone.flac"]
    assert not any(f.named for f in found)
    assert find_tracks([tmp_path / "02-tone.m4a"])[0].named


def test_shuffle_is_fixed_by_its_seed(folder):
    plain = [f.path.name for f in find_tracks([folder])]
    once = [f.path.name for f in find_tracks([folder], shuffle=True, seed=1)]
    again = [f.path.name for f in find_tracks([folder], shuffle=True, seed=1)]
    other = [f.path.name for f in find_tracks([folder], shuffle=True, seed=2)]
    assert once == again and sorted(once) == plain
    assert once != plain and other != once


def test_missing_paths_and_empty_folders_are_one_clear_problem(tmp_path):
    with pytest.raises(MusicProblem, match=r"^--music .*nowhere: no such file or folder$"):
        find_tracks([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no music here")
    with pytest.raises(MusicProblem, match=r"^--music .*empty: no audio files in this folder \(looked for "):
        find_tracks([tmp_path / "empty"])


def test_files_that_are_not_playable_music_say_why(tmp_path):
    text = tmp_path / "letter.mp3"
    text.write_text("Dear runner, this is not an MP3.\n" * 50)
    empty = tmp_path / "empty.flac"
    empty.write_bytes(b"")
    short = encode(tmp_path / "blip.wav", "sine=frequency=440", 0.5, 44100, 1, ["-c:a", "pcm_s16le"])
    cases = {
        text: "is not an audio file coach can read, or is damaged",
        empty: r"has no sound in it \(empty, or damaged\)",
        video_only(tmp_path / "clip.mkv"): "has no sound in it",
        short: r"is too short to play under a session \(0.5 s\)",
    }
    for path, why in cases.items():
        with pytest.raises(MusicProblem, match=f"^{path}: {why}"):
            measure(path)


def test_a_damaged_stretch_inside_a_track_is_skipped_as_players_do(folder, tmp_path):
    whole = (folder / "01-noise.mp3").read_bytes()
    middle = len(whole) // 2
    hurt = tmp_path / "hurt.mp3"
    hurt.write_bytes(whole[:middle] + np.random.default_rng(5).integers(0, 256, 6000, dtype=np.uint8).tobytes() + whole[middle:])
    measured = measure(hurt)
    assert 0.9 * measure(folder / "01-noise.mp3").length < measured.length
    assert sum(p.shape[0] for p in decode(hurt)) == measured.length


def test_only_the_tracks_a_session_needs_are_measured(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    music = choose_music([folder]).measure(length=10 * SAMPLE_RATE)  # the first track (14 s, less a crossfade) fills 10 s
    assert [t.path.name for t in music.tracks] == ["01-noise.mp3"]
    assert len(list((tmp_path / "cache" / "music").glob("*.json"))) == 1


def test_a_damaged_track_in_a_folder_is_left_out_with_a_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    make_tracks(tmp_path / "mix", ["03-tone.flac", "05-tone.opus"])
    (tmp_path / "mix" / "04-broken.ogg").write_bytes(b"OggS" + bytes(300))
    told: list[str] = []
    music = choose_music([tmp_path / "mix"]).measure(notice=told.append)
    assert [t.path.name for t in music.tracks] == ["03-tone.flac", "05-tone.opus"]
    assert len(told) == 1 and told[0].startswith(f"left out {tmp_path / 'mix' / '04-broken.ogg'}: ")
    with pytest.raises(MusicProblem, match="04-broken.ogg: is not an audio file"):  # named on its own: refused
        choose_music([tmp_path / "mix" / "04-broken.ogg"]).measure()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "a.mp3").write_bytes(bytes(100))
    with pytest.raises(MusicProblem, match="none of these tracks can be played"):
        choose_music([tmp_path / "bad"]).measure(notice=told.append)


def test_progress_follows_the_tracks_measured_for_the_first_time(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    first: list[tuple[int, int]] = []
    cold = choose_music([folder / "03-tone.flac", folder / "05-tone.opus"]).measure(progress=lambda *p: first.append(p))
    assert first == [(1, 2), (2, 2)]
    again: list[tuple[int, int]] = []
    warm = choose_music([folder / "03-tone.flac", folder / "05-tone.opus", folder / "06-noise.wav"]).measure(
        progress=lambda *p: again.append(p)
    )
    assert again == [(1, 1)] and warm.tracks[:2] == cold.tracks


@pytest.mark.parametrize(("option", "value"), [("level_db", 5.0), ("level_db", -31.0), ("duck_db", 41.0), ("duck_db", -1.0)])
def test_levels_out_of_range_are_refused(folder, option, value):
    with pytest.raises(MusicProblem, match="expected a number of dB from"):
        choose_music([folder], **{option: value})
