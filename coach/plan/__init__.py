"""Planning: routine + options + phrase lengths -> timeline. Pure: no I/O, no clock, no numpy."""
