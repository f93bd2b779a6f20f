"""Append standard input to a file no faster than a given number of bytes a second.

ALSA's file plugin writes what a device plays into ``|python pacer.py RATE FILE``
(see :func:`support.rig.alsa_capture_config`); when this falls behind, the
pipe fills and the device waits, so the null device behind the file plugin
plays at a bounded speed, as a sound card plays in real time, instead of as
fast as the processor allows. Held up (a loaded machine), it goes on at the
same rate, never faster to catch up: a burst would empty the player's buffer.
"""

from __future__ import annotations

import sys
import time


def main(rate: float, path: str) -> None:
    began = time.monotonic()
    written = 0
    with open(path, "ab") as out:
        while chunk := sys.stdin.buffer.read1(16384):
            out.write(chunk)
            written += len(chunk)
            ahead = written / rate - (time.monotonic() - began)
            if ahead > 0:
                time.sleep(ahead)
            else:  # this process was held up: go on at the rate from now, never in a burst to catch up
                began -= ahead


if __name__ == "__main__":
    main(float(sys.argv[1]), sys.argv[2])
