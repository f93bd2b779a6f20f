"""`--music` through the real commands: real music files under the real voice, read back with ffmpeg."""

from __future__ import annotations

import os
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from support.music import make_tracks
from support.tools import decode, probe, read_wav, run_coach, short_routine

coach = run_coach


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> list[str]:
    """A three-minute routine of the runner's own, at the short level: every export here renders it whole."""
    return [str(short_routine(tmp_path_factory.mktemp("routine"))), "--level", "short"]


@pytest.fixture(scope="module")
def music(tmp_path_factory) -> Path:
    return make_tracks(tmp_path_factory.mktemp("music"), ["01-noise.mp3", "02-tone.m4a", "05-tone.opus"])


@pytest.fixture(scope="module")
def exports(session, env, music, tmp_path_factory) -> dict[str, Path]:
    """The session without music, with it (cold music cache), and with it again (warm)."""
    folder = tmp_path_factory.mktemp("out")
    out = {name: folder / f"{name}.wav" for name in ("without", "cold", "warm")}
    assert coach(env, "export", *session, "-o", str(out["without"])).returncode == 0
    shutil.rmtree(Path(env["COACH_CACHE_DIR"]) / "music", ignore_errors=True)
    for name in ("cold", "warm"):
        done = coach(env, "export", *session, "--music", str(music), "-o", str(out[name]))
        assert done.returncode == 0, done.stderr
        assert "coach:" not in done.stderr
    return out


def test_the_same_inputs_give_the_same_bytes_cold_or_warm(exports):
    assert exports["cold"].read_bytes() == exports["warm"].read_bytes()


def test_music_changes_neither_the_length_nor_the_cues(exports):
    with wave.open(str(exports["without"])) as a, wave.open(str(exports["cold"])) as b:
        assert a.getnframes() == b.getnframes()
    _, plain = read_wav(exports["without"])
    _, mixed = read_wav(exports["cold"])
    music = mixed - plain  # the bed, as far as the limiter left the cues alone
    assert np.abs(music).max() > 0.02  # there is music
    silent_in_plain = np.abs(plain).max(axis=1) == 0
    assert silent_in_plain.mean() > 0.2 and np.abs(mixed[silent_in_plain]).max() > 0.01  # it fills the quiet
    assert np.abs(mixed).max() <= 10 ** (-1 / 20)  # peaks stay at or under -1 dBFS


def test_mp3_with_music_keeps_the_chapters(session, env, music, exports, tmp_path):
    mp3 = tmp_path / "with.mp3"
    assert coach(env, "export", *session, "--music", str(music), "-o", str(mp3)).returncode == 0
    plain = tmp_path / "plain.mp3"
    assert coach(env, "export", *session, "-o", str(plain)).returncode == 0
    assert probe(mp3, "chapters")["chapters"] == probe(plain, "chapters")["chapters"]
    _, wav = read_wav(exports["cold"])
    assert decode(mp3).shape[0] == wav.shape[0]  # gapless: the MP3 decodes to the WAV's length


def test_a_damaged_track_in_the_folder_is_named_and_left_out(session, env, music, tmp_path):
    folder = tmp_path / "mix"
    shutil.copytree(music, folder)
    (folder / "03-broken.flac").write_bytes(b"fLaC" + bytes(200))
    out = tmp_path / "mix.wav"
    done = coach(env, "export", *session, "--music", str(folder), "-o", str(out))
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("coach:")]
    assert len(notes) == 1 and notes[0].startswith(f"coach: left out {folder / '03-broken.flac'}: ")
    assert out.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--music", "{tmp}/nowhere"], "coach: --music {tmp}/nowhere: no such file or folder"),
        (["--music", "{tmp}/empty"], "coach: --music {tmp}/empty: no audio files in this folder (looked for "),
        (["--music", "{tmp}/letter.mp3"], "coach: {tmp}/letter.mp3: is not an audio file coach can read, or is damaged"),
        (["--music", "{music}", "--music-level", "3"], "coach: --music-level: expected a number of dB from -30 to 0, got 3"),
        (["--music", "{music}", "--duck", "50"], "coach: --duck: expected a number of dB from 0 to 40, got 50"),
        (["--music", "http://example.com/a.mp3"], "coach: --music http://example.com/a.mp3: is a web address; coach plays"),
        (["--music", "{tmp}/32.wav"], "coach: {tmp}/32.wav: has 32 channels; coach plays music of 1 to 8 channels"),
    ],
)
def test_bad_music_is_one_line_exit_2_and_no_file(session, env, music, tmp_path, args, expected):
    (tmp_path / "empty").mkdir()
    (tmp_path / "letter.mp3").write_text("not music\n" * 30)
    with wave.open(str(tmp_path / "32.wav"), "wb") as many:  # a real WAV of 32 channels, 2 s of silence
        many.setnchannels(32), many.setsampwidth(2), many.setframerate(44100), many.writeframes(bytes(2 * 32 * 88200))
    fill = {"tmp": str(tmp_path), "music": str(music)}
    out = tmp_path / "out" / "session.mp3"
    out.parent.mkdir()
    done = coach(env, "export", *session, *[a.format(**fill) for a in args], "-o", str(out))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected.format(**fill)), done.stderr
    assert list(out.parent.iterdir()) == []


def test_music_kept_in_the_profile_is_used_and_explained(session, env, music, exports, tmp_path):
    home = {**env, "COACH_CONFIG_DIR": str(tmp_path / "config")}
    assert coach(home, "config", "set", "music", str(music)).returncode == 0
    out = tmp_path / "from-profile.wav"
    done = coach(home, "export", *session, "-o", str(out), "--explain")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == exports["cold"].read_bytes()
    assert any(line.split()[:2] == ["music", str(music)] and "from profile" in line for line in done.stderr.splitlines())


def test_plan_and_list_leave_the_music_alone(session, env, tmp_path):
    """Music plays no part in a plan: `coach plan` neither reads nor measures it, even when it is wrong."""
    (tmp_path / "no-music-yet").mkdir()
    home = {**env, "COACH_CONFIG_DIR": str(tmp_path / "config"), "COACH_CACHE_DIR": str(tmp_path / "cache")}
    assert coach(home, "config", "set", "music", str(tmp_path / "no-music-yet")).returncode == 0
    for args in (["plan", *session, "--voice-engine", "espeak-ng"], ["list", "--voice-engine", "espeak-ng"]):
        done = coach(home, *args)
        assert done.returncode == 0, done.stderr
    assert not (tmp_path / "cache" / "music").exists()
    done = coach(home, "export", *session, "--voice-engine", "espeak-ng", "-o", str(tmp_path / "s.wav"))
    assert done.returncode == 2 and "no audio files in this folder" in done.stderr  # where music is used, it is checked


def test_an_export_never_writes_over_the_music_nor_into_its_folder(session, env, music, tmp_path):
    """Issue 19, case 1: `-o ~/Music/b.wav --music ~/Music --force` replaced the runner's own b.wav."""
    folder = tmp_path / "Music"
    shutil.copytree(music, folder)
    (tmp_path / "link").symlink_to(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    track = folder / "01-noise.mp3"
    cases = [
        (["-o", str(track), "--music", str(folder)], f"{track} is in a folder coach reads (--music {folder})"),
        (["-o", str(track), "--music", str(folder), "--force"], f"{track} is in a folder coach reads"),
        (["-o", str(folder / "new.wav"), "--music", str(folder)], "save it outside that folder"),
        (["-o", str(tmp_path / "link" / "01-noise.mp3"), "--music", str(folder), "--force"], "is in a folder coach reads"),
        (["-o", str(track), "--music", str(track), "--force"], f"{track} is a file coach reads (--music {track})"),
        (["-o", str(tmp_path / "s.wav"), "--music", str(folder), "--subtitles"], None),  # beside it: fine
    ]
    for args, said in cases:
        done = coach(env, "export", *session, *args, timeout=120)
        if said is None:
            assert done.returncode == 0, done.stderr
            continue
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1 and said in lines[0], done.stderr
        assert "preparing the voice" not in done.stderr  # refused before any work
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the runner's files, byte for byte


def test_the_music_file_itself_is_refused_as_the_output(session, env, music, tmp_path):
    """Case 2: `-o song.mp3 --music song.mp3` said "none of these tracks can be played"; a hard link is the same file."""
    song = tmp_path / "song.mp3"
    shutil.copy(music / "01-noise.mp3", song)
    os.link(song, tmp_path / "same.mp3")
    for out in (song, tmp_path / "same.mp3"):
        done = coach(env, "export", *session, "-o", str(out), "--music", str(song), "--force", timeout=120)
        assert done.returncode == 2 and done.stderr.strip() == (
            f"coach: {out} is a file coach reads (--music {song}); save it under another name"
        )
    assert song.read_bytes() == (music / "01-noise.mp3").read_bytes() and len(list(tmp_path.iterdir())) == 2


def test_music_saved_in_the_settings_file_is_never_written_over(session, env, music, tmp_path):
    home = {**env, "COACH_CONFIG_DIR": str(tmp_path / "config")}
    folder = tmp_path / "Music"
    shutil.copytree(music, folder)
    assert coach(home, "config", "set", "music", str(folder)).returncode == 0
    done = coach(home, "export", *session, "-o", str(folder / "01-noise.mp3"), "--force", timeout=120)
    profile = tmp_path / "config" / "profile.toml"
    assert done.returncode == 2 and done.stderr.strip() == (
        f"coach: {folder / '01-noise.mp3'} is in a folder coach reads (music {folder}, saved in {profile}); "
        "save it outside that folder"
    )
    assert (folder / "01-noise.mp3").read_bytes() == (music / "01-noise.mp3").read_bytes()
