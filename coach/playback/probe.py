"""Try the sound system in a child process before starting it in ours.

Some broken audio setups do not raise an error: libasound aborts the whole
process while PortAudio starts (``ALSA_CONFIG_PATH`` naming a missing file
does), which no ``try`` can catch. So the first time a backend is needed,
a child Python imports it; if the child dies or fails, coach says so in one
line instead of dying with it. It costs a fraction of a second, once.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys

from coach.errors import DeviceError

PROBE_SECONDS = 20.0
_HINT = "check your sound settings (ALSA_CONFIG_PATH, ~/.asoundrc, /etc/asound.conf) or use `coach export`"
_checked: set[str] = set()
_NOT_INSTALLED, _NO_LIBRARY = 10, 11
_PROBE = """
import sys
try:
    import {module}
except ImportError:
    sys.exit(10)
except OSError:
    sys.exit(11)
"""


def check_starts(module: str) -> None:
    """DeviceError if importing ``module`` (which starts the sound system) fails or kills a child process."""
    if module in _checked or sys.modules.get(module, ...) is None:
        return  # already started here (or blocked): the import in this process tells
    try:
        done = subprocess.run(
            [sys.executable, "-P", "-c", _PROBE.format(module=module)],  # -P: no module from the current folder
            capture_output=True, text=True, timeout=PROBE_SECONDS, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise DeviceError(f"the sound system did not start within {PROBE_SECONDS:g} s; {_HINT}") from None
    if done.returncode < 0:
        name = _signal_name(-done.returncode)
        raise DeviceError(f"the sound system crashed while starting ({name}); {_HINT}")
    if done.returncode in (_NOT_INSTALLED, _NO_LIBRARY):
        return  # the same import in this process raises, and is reported with what to install
    if done.returncode:
        raise DeviceError(f"the sound system could not start ({last_line(done.stderr)}); {_HINT}")
    _checked.add(module)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def last_line(text: str) -> str:
    """The last non-empty line of a child's error output, shortened, or a plain word."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return re.sub(r"^[\w.]+(Error|Exception): ", "", lines[-1])[:200] if lines else "no reason given"
