"""MPEG-1 Layer III frames: count them as they stream by, and build the LAME Info frame.

An encoder adds silence at both ends (LAME: 576 samples of delay before, up
to a frame of padding after). The Info frame, the first frame of the file and
silent itself, says how many frames follow and how much to trim at each end,
so a gapless decoder (ffmpeg, Apple's, Android's, foobar2000) gives back
exactly the samples we encoded. Its layout is the LAME tag's ("Info" for CBR,
then LAME's extension at byte 156 of a stereo frame, CRC-16 over the
frame's first 190 bytes). The music CRC is left 0: no player checks it.
"""

from __future__ import annotations

import struct

SAMPLES_PER_FRAME = 1152  # MPEG-1 Layer III
SIDE_INFO = {True: 17, False: 32}  # bytes after the header: mono, two channels
BIT_RATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # kb/s, MPEG-1 Layer III
SAMPLE_RATES = (44_100, 48_000, 32_000)  # MPEG-1's table of rates (ISO 11172-3), by header index
INFO_FLAGS = 0x0F  # frames, bytes, seek table, quality present
LAME_VERSION = b"LAME3.100"
CBR_METHOD = 1


def frame_length(header: bytes) -> int:
    """The length in bytes of the MPEG-1 Layer III frame starting with ``header`` (4 bytes)."""
    if header[0] != 0xFF or header[1] & 0xFE != 0xFA or header[2] >> 4 in (0, 15) or header[2] >> 2 & 3 == 3:
        raise ValueError(f"not an MPEG-1 Layer III frame header: {bytes(header).hex()}")
    bit_rate = BIT_RATES[header[2] >> 4] * 1000
    sample_rate = SAMPLE_RATES[header[2] >> 2 & 3]
    return 144 * bit_rate // sample_rate + (header[2] >> 1 & 1)


class FrameCounter:
    """Counts the frames of an MPEG stream handed over in pieces of any size."""

    def __init__(self) -> None:
        self.frames = 0
        self.bytes = 0
        self.first_header = b""
        self._skip = 0  # bytes still to go before the next header
        self._carry = b""  # the start of a header cut off at the end of the last piece

    def feed(self, data: bytes) -> None:
        self.bytes += len(data)
        buf = self._carry + bytes(data) if self._carry else data
        pos = self._skip
        while pos + 4 <= len(buf):
            header = bytes(buf[pos:pos + 4])
            self.first_header = self.first_header or header
            pos += frame_length(header)
            self.frames += 1
        self._skip = max(pos - len(buf), 0)
        self._carry = bytes(buf[pos:]) if pos < len(buf) else b""


def info_frame(header: bytes, *, frames: int, audio_bytes: int, delay: int, total: int, quality: int) -> bytes:
    """The Info frame to put before ``frames`` frames (``audio_bytes`` long) that hold ``total`` samples.

    ``header`` is any audio frame's header; the Info frame takes its rate and
    channels, without padding or CRC, so it is as long as an unpadded frame.
    """
    header = bytes([header[0], header[1] | 1, header[2] & ~2 & 0xFF, header[3]])
    frame = bytearray(frame_length(header))
    padding = frames * SAMPLES_PER_FRAME - delay - total
    if not 0 <= padding < 1 << 12 or not 0 <= delay < 1 << 12:
        raise ValueError(f"{frames} frames can't hold {total} samples after a delay of {delay}")
    file_bytes = len(frame) + audio_bytes
    at = 4 + SIDE_INFO[header[3] >> 6 == 3]
    toc = bytes(min(255, round(i * 256 / 100)) for i in range(100))  # CBR: time and bytes grow together
    xing = b"Info" + struct.pack(">III", INFO_FLAGS, frames, file_bytes) + toc + struct.pack(">I", 100 - 10 * quality)
    lame = (
        LAME_VERSION
        + bytes([CBR_METHOD, 0])  # revision 0, CBR; lowpass not stated
        + bytes(8)  # no ReplayGain
        + bytes([0, BIT_RATES[header[2] >> 4]])  # no encoding flags, ATH type 0; the bit rate
        + ((delay << 12) | padding).to_bytes(3, "big")
        + bytes([_misc(header), 0])  # source rate and stereo mode; no MP3Gain
        + bytes(2)  # no surround, no preset
        + struct.pack(">I", file_bytes)
        + bytes(2)  # music CRC
    )
    crc_at = at + len(xing) + len(lame)  # 190 with two channels
    frame[0:4] = header
    frame[at:crc_at] = xing + lame
    frame[crc_at:crc_at + 2] = crc16(bytes(frame[:crc_at])).to_bytes(2, "big")
    return bytes(frame)


def _misc(header: bytes) -> int:
    """The LAME tag's misc byte: source sample rate (bits 6-7) and stereo mode (bits 2-4)."""
    source = (1, 2, 0)[header[2] >> 2 & 3]  # LAME's codes for 44.1, 48 and 32 kHz
    stereo = {0: 1, 1: 3, 2: 2, 3: 0}[header[3] >> 6]  # stereo, joint, dual, mono
    return source << 6 | stereo << 2


def crc16(data: bytes) -> int:
    """CRC-16 (polynomial 0x8005, reflected, start 0), as the LAME tag uses."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
