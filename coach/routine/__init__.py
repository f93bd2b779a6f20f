"""Routine files: the model, reading and checking them, the built-in routines and the schema."""
