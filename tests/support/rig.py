"""Test harness for live playback without a sound card (tests and scripts/bench.py).

* ALSA configuration files: PortAudio and simpleaudio read ALSA's config when
  they start, so a child process run with ``ALSA_CONFIG_PATH`` set to one of
  these plays into a file (:func:`alsa_capture_config`), into a private
  PulseAudio server (:func:`alsa_pulse_config`), or finds no device at all
  (:func:`alsa_no_device_config`).
* :class:`PulseRig`: a private PulseAudio daemon with a null sink, recorded in
  real time by :class:`Recorder` (``parec`` on the sink's monitor).

Nothing here touches the real user's sound setup, home or config.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

import numpy as np

from coach.plan.timeline import SAMPLE_RATE

ALSA_BASE = "</usr/share/alsa/alsa.conf>\n"
PACER = Path(__file__).with_name("pacer.py")
SESSION_SPEED = 30
"""Times real time that a whole session plays into a capture (``alsa_capture_config(speed=...)``)."""
SINK = "coach_test"
TOOLS = {
    "pulseaudio": "pulseaudio",
    "parec": "pulseaudio-utils",
    "pacat": "pulseaudio-utils",
    "pactl": "pulseaudio-utils",
}


def missing_tools(*tools: str) -> list[str]:
    """The Debian packages to install for ``tools`` that are not on PATH."""
    return sorted({TOOLS.get(t, t) for t in tools if shutil.which(t) is None})


def alsa_capture_config(path: Path, capture: Path, speed: float | None = None) -> Path:
    """ALSA config whose default device appends raw S16_LE stereo 44.1 kHz to ``capture``.

    ``plug`` fixes the format, ``file`` writes every frame (through ``cat >>``
    so an output that reopens the device keeps appending) and ``null`` plays
    it nowhere, faster than real time. With ``speed`` the frames go through
    ``support/pacer.py`` instead, and the device plays at most ``speed``
    times real time: the player's two seconds of rendered sound then stay
    ahead of it, as with a sound card, and a busy machine that holds the
    player back for a moment costs nothing.
    """
    writer = f"cat >> {capture}"
    if speed is not None:
        writer = f"{sys.executable} {PACER} {speed * SAMPLE_RATE * 4:.0f} {capture}"
    body = (
        f'pcm.coach_capture {{ type file; slave.pcm "null"; file "|{writer}"; format "raw" }}\n'
        'pcm.!default { type plug; slave { pcm "coach_capture"; '
        f"format S16_LE; rate {SAMPLE_RATE}; channels 2 }} }}\n"
    )
    return _write(path, body)


def alsa_no_device_config(path: Path) -> Path:
    """ALSA config whose default device is a sound card that does not exist."""
    return _write(path, "pcm.!default { type hw; card 99 }\nctl.!default { type hw; card 99 }\n")


def alsa_pulse_config(path: Path, server: str) -> Path:
    """ALSA config whose default device is the PulseAudio server ``server``."""
    return _write(
        path,
        f'pcm.!default {{ type pulse; server "{server}" }}\nctl.!default {{ type pulse; server "{server}" }}\n',
    )


def _write(path: Path, body: str) -> Path:
    path.write_text(ALSA_BASE + body)
    return path


def interruptible() -> None:
    """``preexec_fn`` for a player a test will stop with Ctrl-C (SIGINT).

    A shell starts background jobs with SIGINT ignored, and children inherit
    that: Python then never raises KeyboardInterrupt. The child gets the
    default back, so the test does not depend on how the suite was launched.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def foremost() -> None:
    """``preexec_fn`` for a player whose whole session is captured: real-time scheduling where allowed.

    A capture device plays faster than real time, so the player must render
    at that speed too; on a loaded machine (other tests, other programs) a
    player with an ordinary share of the processor falls behind, its ring
    runs dry and silence is heard in the middle of the session. Round-robin
    real-time scheduling (root, as in CI, or an RLIMIT_RTPRIO) gives it the
    processor whenever it is ready; elsewhere it plays as an ordinary process.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(1))
    except PermissionError:
        pass


def live_player() -> None:
    """``preexec_fn`` for a live player a test may stop with Ctrl-C: :func:`interruptible` and :func:`foremost`."""
    interruptible()
    foremost()


def read_raw(path: Path) -> np.ndarray:
    """A raw S16_LE stereo capture as an (n, 2) int16 array."""
    return np.fromfile(path, dtype="<i2").reshape(-1, 2)


class PulseRig:
    """A private PulseAudio daemon with a null sink named ``coach_test``.

    ``env`` makes a child process play into it through ALSA (as PortAudio
    does); :meth:`recorder` records what the sink plays. A silent keeper stream
    holds the sink at low latency: an idle null sink otherwise runs two
    seconds ahead and new sound comes out up to 1.3 s late, which no real
    device does.
    """

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="coach-pulse-"))
        self.server = f"unix:{self.dir / 'native'}"
        self._daemon: subprocess.Popen[bytes] | None = None
        self._keeper: subprocess.Popen[bytes] | None = None
        alsa = alsa_pulse_config(self.dir / "asound.conf", self.server)
        (self.dir / "client.conf").write_text("autospawn = no\n")
        self.env = {
            **os.environ,
            "ALSA_CONFIG_PATH": str(alsa),
            "PULSE_SERVER": self.server,
            "PULSE_CLIENTCONFIG": str(self.dir / "client.conf"),
            "PULSE_COOKIE": str(self.dir / "cookie"),
        }

    def __enter__(self) -> PulseRig:
        missing = missing_tools("pulseaudio", "parec", "pacat", "pactl")
        if missing:
            raise RuntimeError(f"install {' '.join(missing)} to test live playback")
        try:
            with open(self.dir / "daemon.log", "wb") as log:
                self._daemon = subprocess.Popen(  # real time, as a sound server runs: load elsewhere cannot starve it
                    self._daemon_argv(), env=self._daemon_env(), stdout=subprocess.DEVNULL, stderr=log,
                    preexec_fn=foremost,
                )
            self._wait_ready()
            self._keeper = subprocess.Popen(
                ["pacat", "--playback", "--raw", *_FORMAT, "--latency-msec=10", "/dev/zero"],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=foremost,
            )
            time.sleep(0.2)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        for proc in (self._keeper, self._daemon):
            _end(proc)
        shutil.rmtree(self.dir, ignore_errors=True)

    def kill(self) -> None:
        """Kill the daemon, as if the sound device vanished mid-session."""
        _end(self._daemon, signal.SIGKILL)

    def recorder(self) -> Recorder:
        return Recorder(self.env)

    def _daemon_argv(self) -> list[str]:
        return [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "-n",
            "--use-pid-file=false",
            "--disallow-exit",
            "--log-target=stderr",
            f"--load=module-null-sink sink_name={SINK} rate={SAMPLE_RATE} channels=2",
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.dir / 'native'}",
        ]

    def _daemon_env(self) -> dict[str, str]:
        home = str(self.dir / "home")
        return {
            **self.env,
            "HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_RUNTIME_DIR": str(self.dir),
            "PULSE_RUNTIME_PATH": str(self.dir / "runtime"),
            "PULSE_STATE_PATH": str(self.dir / "state"),
        }

    def _wait_ready(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._daemon is not None
            if self._daemon.poll() is not None:
                break
            probe = subprocess.run(["pactl", "info"], env=self.env, capture_output=True)
            if probe.returncode == 0:
                return
            time.sleep(0.05)
        log = (self.dir / "daemon.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"the test PulseAudio daemon did not start:\n{log}")


_FORMAT = ["--format=s16le", f"--rate={SAMPLE_RATE}", "--channels=2"]


def _end(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Recorder:
    """Records the rig's sink in real time, noting when each piece arrived.

    :meth:`time_of` maps a recorded frame to the moment it was played, to
    within parec's 5 ms latency.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self._env = env
        self._chunks: list[bytes] = []
        self._arrivals: list[tuple[float, int]] = []
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Recorder:
        self._proc = subprocess.Popen(
            ["parec", "-d", f"{SINK}.monitor", "--raw", *_FORMAT, "--latency-msec=5"],
            env=self._env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            preexec_fn=foremost,  # records in real time even when the other cores are busy
        )
        try:  # room for 6 s of sound in the pipe, should this process be slow to read it for a moment
            fcntl.fcntl(self._proc.stdout, fcntl.F_SETPIPE_SZ, 1 << 20)
        except OSError:
            pass
        self._thread = threading.Thread(target=self._read, name="coach-recorder", daemon=True)
        self._thread.start()
        while not self._arrivals:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        _end(self._proc)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        got = 0
        while chunk := self._proc.stdout.read(4096):
            self._chunks.append(chunk)
            got += len(chunk)
            self._arrivals.append((time.monotonic(), got // 4))

    def samples(self) -> np.ndarray:
        """Everything recorded so far, (n, 2) int16."""
        data = b"".join(list(self._chunks))
        return np.frombuffer(data[: len(data) // 4 * 4], dtype="<i2").reshape(-1, 2)

    def time_of(self, frame: int) -> float:
        """``time.monotonic()`` at which recorded frame ``frame`` was played.

        Judged from the pieces that arrived within half a second after it (the
        earliest arrival minus the frames since), so a sink clock that runs a
        little fast or slow does not skew it.
        """
        arrivals = np.array(self._arrivals[:])
        after = arrivals[arrivals[:, 1] > frame]
        if len(after) == 0:
            raise ValueError(f"frame {frame} has not been recorded")
        near = after[after[:, 1] <= after[0, 1] + SAMPLE_RATE // 2]
        return float(np.min(near[:, 0] - (near[:, 1] - frame) / SAMPLE_RATE))


def sounding(audio: np.ndarray, threshold: int = 64) -> np.ndarray:
    """Indices of the frames where either channel is louder than ``threshold``."""
    return np.nonzero(np.abs(audio.astype(np.int32)).max(axis=1) > threshold)[0]


def lead_of(capture: np.ndarray, expected: np.ndarray) -> int:
    """Where ``expected`` begins in ``capture``, lining up the first non-silent frame of each.

    Tests then check that ``capture`` is silence up to there, ``expected``
    exactly, and silence after (the device's padding).
    """
    here, there = (sounding(a, threshold=0) for a in (capture, expected))
    if len(here) == 0 or len(there) == 0:
        raise ValueError("nothing sounds in the capture or in the expected audio")
    return int(here[0] - there[0])


def assert_played_exactly(capture: np.ndarray, expected: np.ndarray, lead_at_least: int = 0) -> int:
    """``capture`` is silence (at least ``lead_at_least`` frames), then ``expected`` frame for frame, then silence.

    Returns the length of the leading silence.
    """
    lead = lead_of(capture, expected)
    assert lead >= lead_at_least, f"{lead} frames of silence before the session, expected at least {lead_at_least}"
    assert not capture[:lead].any()
    body = capture[lead : lead + len(expected)]
    assert len(body) == len(expected), f"the capture stops {len(expected) - len(body)} frames early"
    wrong = np.flatnonzero((body != expected).any(axis=1))
    assert len(wrong) == 0, f"{len(wrong)} frames differ, the first at session frame {wrong[0] if len(wrong) else 0}"
    assert not capture[lead + len(expected) :].any()
    return lead
