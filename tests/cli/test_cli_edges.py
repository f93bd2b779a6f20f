"""Faults at the edges, through the real `coach` command: signals, limits, odd files, broken setups.

Each test reproduces one row of issue 13: one line on stderr, the right
exit status, no traceback, nothing left behind, no hang (every run has a
timeout of its own).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.rig import interruptible
from support.tools import coach_env, require, run_coach

PREPARING = r"coach: preparing the voice: \d+ new lines? to speak, once"  # said before a voice speaks new lines

coach = run_coach
COACH = [sys.executable, "-m", "coach"]


def one_line(done: subprocess.CompletedProcess, status: int, *words: str, prefix: str = "coach: ") -> str:
    """Assert ``done`` exited with ``status`` and said one line (``prefix``...) holding ``words``; the line.

    ``coach validate`` starts its lines with the file's name instead, as compilers do.
    """
    lines = done.stderr.strip().splitlines()
    assert done.returncode == status and len(lines) == 1, (done.returncode, done.stderr)
    assert lines[0].startswith(prefix) and "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def warm(env, tmp_path_factory):
    """The module's env with pre-run and post-run already spoken once (so exports run for seconds, not minutes)."""
    out = tmp_path_factory.mktemp("warm")
    for routine in ("pre-run", "post-run"):
        assert coach(env, "export", routine, "-o", str(out / f"{routine}.wav")).returncode == 0
    return env


# -- row 1: termination signals ---------------------------------------------------------------


@pytest.mark.parametrize(("signum", "said"), [
    (signal.SIGTERM, "stopped by SIGTERM."), (signal.SIGHUP, "stopped by SIGHUP."), (signal.SIGINT, "stopped."),
])
def test_a_signal_mid_export_removes_the_temporary_file(warm, tmp_path, signum, said):
    """The session is over an hour long (both routines, a 45-minute run between): it is still being written
    when the signal comes, however busy the machine is."""
    out = tmp_path / "x.mp3"
    child = subprocess.Popen([*COACH, "export", "pre-run", "post-run", "--gap", "45", "-o", str(out)], env=warm,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=interruptible)
    while not any(p.name.startswith(".x.mp3.part-") for p in tmp_path.iterdir()):
        assert child.poll() is None, child.communicate()
        time.sleep(0.05)
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    told = [line for line in err.strip().splitlines() if not line.startswith("coach: preparing the voice: ")]
    assert child.returncode == 128 + signum and told == [f"coach: {said}"]  # (the run's lines spoken first)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_after_the_work_is_done_keeps_the_status(signum):
    """Once a command has finished, a stopping signal (landing in Python's shutdown) ends coach with its status."""
    code = (
        "import os, signal, sys, time\n"
        "from coach.cli import process\n"
        "process.prepare()\n"
        "process.finished(0)\n"
        f"os.kill(os.getpid(), {int(signum)})\n"
        "time.sleep(5)\n"
        "sys.exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          preexec_fn=interruptible)
    assert (done.returncode, done.stderr) == (0, "")


def test_files_left_by_a_killed_export_are_removed_by_the_next(warm, tmp_path):
    out = tmp_path / "x.wav"
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**warm, "TMPDIR": str(tmp)}
    child = subprocess.Popen([*COACH, "export", "post-run", "--voice-engine", "espeak-ng", "-o", str(out)],
                             env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not any(p.name.startswith(".x.wav.part-") for p in tmp_path.iterdir()):
        assert child.poll() is None
        time.sleep(0.05)
    child.kill()  # SIGKILL: nothing of coach's runs
    child.wait()
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".x.wav.part-")] + list(tmp.iterdir())
    assert left and any(p.name.startswith("coach-espeak-") for p in tmp.iterdir())
    old = time.time() - 120  # quiet for two minutes, as a dead run's files soon are
    for path in left:
        os.utime(path, (old, old))
    done = coach(env, "export", "pre-run", "--voice-engine", "espeak-ng", "-o", str(tmp_path / "y.wav"))
    assert done.returncode == 0, done.stderr
    assert leftovers(tmp_path) == ["tmp", "y.wav"] and leftovers(tmp) == []


# -- row 2: two exports to one name --------------------------------------------------------


def test_two_exports_to_the_same_new_name_one_wins_the_other_is_told(warm, tmp_path):
    out = tmp_path / "s.wav"
    runs = [subprocess.Popen([*COACH, "export", routine, "-o", str(out)], env=warm, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for routine in ("pre-run", "post-run")]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert sorted(code for code, _ in results) == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    assert loser.strip().splitlines() == [f"coach: {out} exists; use --force to replace it"]
    assert leftovers(tmp_path) == ["s.wav"]


def test_a_dangling_symlink_is_not_replaced_without_force(warm, tmp_path):
    out = tmp_path / "s.wav"
    out.symlink_to(tmp_path / "gone.wav")
    one_line(coach(warm, "export", "pre-run", "-o", str(out)), 2, "exists; use --force")
    assert out.is_symlink() and leftovers(tmp_path) == ["s.wav"]


# -- row 3: limits ---------------------------------------------------------------------------


def test_a_wav_over_4_gib_is_refused_up_front_suggesting_mp3(warm, tmp_path):
    started = time.monotonic()
    done = coach(warm, "export", "pre-run", "post-run", "pre-run", "--gap", "200", "-o", str(tmp_path / "huge.wav"))
    one_line(done, 2, "holds at most 6 h 45 min", ".mp3")
    assert time.monotonic() - started < 30 and leftovers(tmp_path) == []


@pytest.mark.parametrize(("args", "words"), [
    (["pre-run", "post-run", "pre-run", "--gap", "240"], ("would last 8 h", "up to 8 hours")),
    (["pre-run", "post-run"] * 6, ("12 routines in one session", "at most 10")),
    (["pre-run", "--gap", "20"], ("--gap", "two or more")),
])
def test_session_limits_are_one_line(warm, args, words):
    one_line(coach(warm, "plan", *args), 2, *words)


# -- rows 4, 5 and closed streams ------------------------------------------------------------


def test_stdout_that_cannot_be_written(warm):
    with open("/dev/full", "w") as full:
        done = subprocess.run([*COACH, "list"], env=warm, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    one_line(done, 1, "can't write the output", "No space left on device")


def test_closed_stdin_and_stderr(warm):
    done = subprocess.run(["sh", "-c", 'exec "$@" <&-', "sh", *COACH, "pace", "knee-drive-crossover"],
                          env=warm, capture_output=True, text=True, timeout=60)
    one_line(done, 2, "give --seconds when there is no keyboard")
    done = subprocess.run(["sh", "-c", 'exec "$@" 2>&-', "sh", *COACH, "plan", "warmup"],
                          env=warm, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""  # the error is not mixed into the output


# -- row 6: a broken audio setup ---------------------------------------------------------------


@pytest.mark.parametrize("config", [None, "pcm.!default {\n type hw\n"], ids=["missing-file", "syntax-error"])
def test_a_broken_alsa_configuration_is_one_line(warm, tmp_path, config):
    path = tmp_path / "asound.conf"
    if config is not None:
        path.write_text(config)
    env = {**warm, "ALSA_CONFIG_PATH": str(path)}
    one_line(coach(env, "play", "pre-run", timeout=120), 3, "the sound system", "coach export")


# -- row 7: a FIFO where a file should be ------------------------------------------------------


def test_fifos_where_files_are_expected_never_hang(warm, tmp_path):
    routine = tmp_path / "r.toml"
    os.mkfifo(routine)
    one_line(coach(warm, "validate", str(routine), timeout=30), 2, "is a named pipe, not a file", prefix=f"{routine}: ")
    config = tmp_path / "config"
    config.mkdir()
    os.mkfifo(config / "profile.toml")
    one_line(coach({**warm, "COACH_CONFIG_DIR": str(config)}, "list", timeout=30), 2, "a named pipe")


# -- row 8: deep nesting ----------------------------------------------------------------------


def test_40000_levels_of_dotted_headers_are_refused_cheaply(warm, tmp_path):
    starter = tmp_path / "mine.toml"
    assert coach(warm, "new", str(starter)).returncode == 0
    deep = tmp_path / "deep.toml"
    deep.write_text(starter.read_text() + "\n[" + ".".join(["a"] * 40_000) + "]\nx = 1\n")
    assert deep.stat().st_size < 1_000_000
    measure = ("import resource, subprocess, sys; d = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
               "print(d.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(d.stderr, end='')")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", measure, *COACH, "validate", str(deep)],
                          env=warm, capture_output=True, text=True, timeout=120)
    status, peak_kb = map(int, done.stdout.splitlines()[0].split())
    line = done.stdout.splitlines()[1:]
    assert status == 2 and len(line) == 1 and "nested too deeply" in line[0], done.stdout
    assert peak_kb < 300 * 1024 and time.monotonic() - started < 30  # was 6.3 GB and 27 s


# -- rows 9-11: the phrase cache ----------------------------------------------------------------


def longest_entry(env) -> Path:
    """The cache entry of the longest line pre-run speaks, as the export reads it: clear (20 kB fit well inside it)."""
    from coach.speech.known import voice_key
    from coach.speech.spoken import spoken_form

    plan = json.loads(coach(env, "plan", "pre-run", "--json").stdout)
    longest = max((e for e in plan["events"] if e["type"] == "say"), key=lambda e: e["length"])["text"]
    return Path(env["COACH_CACHE_DIR"]) / "phrases" / f"{voice_key().clear_key(spoken_form(longest))}.npy"


@pytest.mark.parametrize("damage", ["changed-inside", "a-folder"])
def test_a_damaged_cache_entry_is_rebuilt_and_the_export_is_the_same(tmp_path, damage, spoken_phrases):
    env = coach_env(tmp_path / "home", spoken_phrases)  # the built-in lines, spoken once per run
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    assert coach(env, "export", "pre-run", "-o", str(first)).returncode == 0
    entry = longest_entry(env)
    assert entry.is_file()
    if damage == "changed-inside":
        data = entry.read_bytes()
        middle = len(data) // 2
        entry.unlink()  # its own file now: the run's shared phrases are linked, not copied
        entry.write_bytes(data[:middle - 10_000] + bytes(20_000) + data[middle + 10_000:])
    else:
        entry.unlink()
        entry.mkdir()
    done = coach(env, "export", "pre-run", "-o", str(second))
    assert done.returncode == 0, done.stderr
    assert second.read_bytes() == first.read_bytes() and entry.is_file()


def test_a_full_cache_disk_says_why(warm, tmp_path):
    script = 'mount -t tmpfs -o size=1m coach-test "$1" && shift && exec "$@"'
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {**warm, "COACH_CACHE_DIR": str(cache)}
    done = subprocess.run([require("unshare", "util-linux"), "-rm", "sh", "-c", script, "sh", str(cache),
                           *COACH, "plan", "post-run", "--voice-engine", "espeak-ng"],  # not shipped: spoken first
                          env=env, capture_output=True, text=True, timeout=300)
    told, *rest = done.stderr.splitlines()
    assert re.fullmatch(PREPARING, told), done.stderr
    done.stderr = "\n".join(rest)
    line = one_line(done, 1, "No space left on device", "phrase cache")
    assert "None" not in line


# -- row 12: library chatter ------------------------------------------------------------------


def test_library_chatter_stays_off_the_terminal(tmp_path):
    env = {**coach_env(tmp_path / "home"), "XDG_CONFIG_HOME": "/dev/null/config"}  # nothing can be made there
    done = coach(env, "plan", "pre-run", "--voice-engine", "espeak-ng", timeout=300)
    assert done.returncode == 0 and re.fullmatch(PREPARING + "\n", done.stderr)  # coach's own notice, nothing else


# -- the smaller ones ---------------------------------------------------------------------------


def test_a_voice_no_engine_knows_is_not_saved_and_a_saved_one_names_the_file(warm, tmp_path):
    env = {**warm, "COACH_CONFIG_DIR": str(tmp_path)}
    one_line(coach(env, "config", "set", "voice", "zz"), 2, 'no voice "zz"', "nothing was saved")
    assert leftovers(tmp_path) == []
    (tmp_path / "profile.toml").write_text('voice = "zz"\n')
    one_line(coach(env, "plan", "pre-run"), 2, 'no voice "zz"', str(tmp_path / "profile.toml"))


def test_a_usage_error_points_at_the_whole_command(warm):
    one_line(coach(warm, "config", "set", "level"), 2, "(see: coach config set --help)")


def test_a_cue_with_nothing_to_say_is_caught_by_validate(warm, tmp_path):
    routine = tmp_path / "mine.toml"
    assert coach(warm, "new", str(routine)).returncode == 0
    text = routine.read_text()
    plain = 'how = "Hold a wall for balance and swing one straight leg."'
    assert plain in text
    routine.write_text(text.replace(plain, 'how = "<b>...</b> !!!"'))
    one_line(coach(warm, "validate", str(routine)), 2, "expected words to say", prefix=f"{routine}:")
    one_line(coach(warm, "plan", str(routine)), 2, "expected words to say", prefix=f"coach: {routine}:")


def test_a_signal_while_espeak_speaks_a_cold_cache_still_stops_coach(tmp_path):
    """espeak-ng calls back into Python while it speaks; a KeyboardInterrupt raised there must not be lost."""
    env = coach_env(tmp_path / "home")
    child = subprocess.Popen([*COACH, "plan", "pre-run", "post-run", "--voice-engine", "espeak-ng"], env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    phrases = tmp_path / "home" / "cache" / "phrases"
    while not (phrases.is_dir() and any(phrases.glob("*.npy"))):  # speaking by now
        assert child.poll() is None, child.communicate()
        time.sleep(0.02)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=60)
    told, *rest = err.strip().splitlines()
    assert re.fullmatch(PREPARING, told) and rest == ["coach: stopped by SIGTERM."] and out == ""
    assert child.returncode == 143


def test_help_to_a_full_disk_or_a_closed_pipe(warm):
    with open("/dev/full", "w") as full:
        done = subprocess.run([*COACH, "config"], env=warm, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    one_line(done, 1, "can't write the output")
    piped = subprocess.run(f'"{sys.executable}" -m coach config | true; echo "${{PIPESTATUS[0]}}"', shell=True,
                           executable="/bin/bash", env=warm, capture_output=True, text=True, timeout=60)
    assert piped.stdout.strip() == "141" and piped.stderr == ""  # a closed pipe ends quietly
