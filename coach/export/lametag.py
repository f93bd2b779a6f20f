"""Set the gapless padding in the LAME/Info header that ffmpeg's mp3 muxer writes.

The muxer takes the trailing padding from the last packet alone. When LAME's
flush ends with a packet that is all padding (about 1 length in 25: those
whose length is 1..46 samples past a multiple of 1152), the padding of the
packet before it is lost and a decoder plays up to 46 samples too many. We
know the true length, so we write the padding ourselves:
``padding = frames * 1152 - delay - total`` (the LAME header's definition),
and refresh the header's CRC.
"""

from __future__ import annotations

import struct
from pathlib import Path

SAMPLES_PER_FRAME = 1152  # MPEG-1 Layer III
INFO_AT = 4 + 32  # "Info"/"Xing" follows the frame header and the stereo side info
FRAMES_AT = INFO_AT + 8  # after the tag and its flags
DELAY_PADDING_AT = INFO_AT + 141  # 12 bits delay, 12 bits padding
CRC_SPAN = 190  # the tag CRC covers the frame's first 190 bytes...
CRC_AT = 190  # ...and sits right after them


def set_padding(path: Path, total: int) -> None:
    """Make the Info header at the start of ``path`` say that it decodes to ``total`` samples."""
    with open(path, "r+b") as f:
        head = bytearray(f.read(CRC_AT + 2))
        if head[INFO_AT:INFO_AT + 4] not in (b"Info", b"Xing") or head[:2] != b"\xff\xfb":
            raise ValueError(f"{path}: no MPEG-1 Layer III Info header at the start")
        frames = struct.unpack(">I", head[FRAMES_AT:FRAMES_AT + 4])[0]
        delay_padding = int.from_bytes(head[DELAY_PADDING_AT:DELAY_PADDING_AT + 3], "big")
        delay = delay_padding >> 12
        padding = frames * SAMPLES_PER_FRAME - delay - total
        if not 0 <= padding < 1 << 12:
            raise ValueError(f"{path}: {frames} frames can't hold {total} samples after a delay of {delay}")
        head[DELAY_PADDING_AT:DELAY_PADDING_AT + 3] = ((delay << 12) | padding).to_bytes(3, "big")
        head[CRC_AT:CRC_AT + 2] = crc16(bytes(head[:CRC_SPAN])).to_bytes(2, "big")
        f.seek(0)
        f.write(head)


def crc16(data: bytes) -> int:
    """CRC-16 (polynomial 0x8005, reflected, start 0), as the LAME tag uses."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
