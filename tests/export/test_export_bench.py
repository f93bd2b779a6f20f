"""The benchmark's encoders-alone helpers run every encoder they name (no speed is asserted)."""

from __future__ import annotations

from support.export import noise, require

from bench_formats import encoders_alone


def test_every_encoder_alone_runs_on_real_pcm():
    require("ffmpeg")  # the Debian LAME is one of the yardsticks
    times = encoders_alone(noise(44100))
    assert set(times) == {"lameenc", "ffmpeg-lame", "pyav-lame", "aac", "opus"}
    assert all(isinstance(t, float) and t > 0 for t in times.values())
