"""The runner's own settings: ``profile.toml`` in their config folder.

``keys`` says what each setting accepts, ``file`` reads and writes the file
(keeping the runner's comments), ``store`` loads, changes and shows the
profile, and ``layers`` merges command line, profile, routine and defaults.
"""
