"""Sound for a session: the sounds, loudness control, panning and the sample-accurate renderer."""
