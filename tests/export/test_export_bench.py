"""The benchmark helpers run and report a time (no speed is asserted)."""

from __future__ import annotations

from export_testkit import noise

from bench_export import encoder_time_mp3, writer_time_wav


def test_bench_helpers_return_seconds():
    pcm = noise(44100)
    for helper in (encoder_time_mp3, writer_time_wav):
        seconds = helper(pcm)
        assert isinstance(seconds, float) and seconds > 0
