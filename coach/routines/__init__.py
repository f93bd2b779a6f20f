"""The built-in routines, stored as routine files (the same format users write)."""
