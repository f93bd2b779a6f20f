"""A private copy of libespeak-ng, loaded afresh for every phrase.

libespeak-ng keeps state from one phrase to the next that no call resets:
its wave generator's pitch-flutter position, gain control and cycle count
are static variables, which ``espeak_Terminate`` + ``espeak_Initialize``
leave as they were. So a phrase's samples depended on what was said before
it. Here every phrase is spoken by a copy of the library loaded just for it
and unloaded after, so it starts from the state of a new process: the same
text, voice and rate give the same samples, whatever came before.

The copy is a file of our own in a temporary folder: opening the installed
file again would give back the instance already loaded (which pyttsx3 may
be using). Where the system keeps an unloaded library in memory anyway
(musl's ``dlclose`` does nothing) the next phrase gets a new copy. Loading,
starting and unloading costs about 1.5 ms a phrase.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import sys
import weakref
from pathlib import Path

import _ctypes

from coach.atomic import temp_folder
from coach.errors import EnvironmentProblem, reason
from coach.speech import libespeak
from coach.speech.quiet import quiet_stdout

_SUFFIXES = {"darwin": ".dylib", "win32": ".dll"}
_TEMP_HINT = "make room in the temporary folder or set TMPDIR to a folder you can write"
MAX_VIEW_PATH = 100
"""Longer data paths overflow libespeak-ng's buffers (160 bytes, a voice name appended)."""
RAND_SEED = 1
"""libespeak-ng 1.51 draws breath noise from C's ``rand()``, never seeded: new processes start at 1."""


class FreshLibrary:
    """Speaks each phrase with a private libespeak-ng just loaded from ``source``."""

    def __init__(self, source: str, data: str) -> None:
        try:
            self.folder = temp_folder("coach-espeak-")
        except OSError as e:
            problem = f"cannot make a temporary folder ({reason(e)}); {_TEMP_HINT}"
            raise EnvironmentProblem(problem) from None
        weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._source = source
        self._data = str(lowercase_view(Path(data), self.folder / "data") or data)
        self._numbers = itertools.count(1)
        self.path = self._copy()
        self._chunks: list[bytes] = []
        self._raised: BaseException | None = None
        self._callback = libespeak.SynthCallback(self._collect)
        if sys.platform == "win32":  # the copy's own dependencies stay next to the original
            self._dll_directory = os.add_dll_directory(os.path.dirname(source))

    def speak(self, name: str, rate: int, text: str) -> tuple[bytes, int]:
        """16-bit samples of ``text`` and their rate; voice ``name`` as espeak_SetVoiceByName takes it.

        Call with :data:`libespeak.LOCK` held (``rand()`` is shared with the other instance).
        """
        with quiet_stdout(stderr=True):  # its audio layer talks to PulseAudio, which may complain
            lib = libespeak.declare(ctypes.CDLL(str(self.path)))
            try:
                return self._speak(lib, name, rate, text)
            finally:
                self._unload(lib)

    def _speak(self, lib: ctypes.CDLL, name: str, rate: int, text: str) -> tuple[bytes, int]:
        data = os.fsencode(self._data)
        mode, options = libespeak.AUDIO_OUTPUT_SYNCHRONOUS, libespeak.INITIALIZE_DONT_EXIT
        if lib.espeak_Initialize(mode, 0, data, options) <= 0:
            raise EnvironmentProblem(
                "the espeak-ng speech library could not start (its voice data may be "
                f"missing); reinstall it with: {libespeak.install_hint()}"
            )
        lib.espeak_SetSynthCallback(self._callback)
        label = name.rsplit("/", 1)[-1].casefold()
        if lib.espeak_SetVoiceByName(name.encode("utf-8")) != libespeak.EE_OK:
            raise EnvironmentProblem(f'espeak-ng could not load the voice "{label}"')
        if lib.espeak_SetParameter(libespeak.RATE, rate, 0) != libespeak.EE_OK:
            raise EnvironmentProblem(f"espeak-ng could not set the speaking rate {rate}")
        encoded = text.encode("utf-8") + b"\0"
        self._chunks = []
        seed_rand()
        status = lib.espeak_Synth(
            encoded, len(encoded), 0, libespeak.POS_CHARACTER, 0, libespeak.CHARS_UTF8, None, None
        )
        chunks, self._chunks = self._chunks, []
        raised, self._raised = self._raised, None
        if raised is not None:
            raise raised
        if status != libespeak.EE_OK:
            raise EnvironmentProblem(f'espeak-ng could not speak "{text[:40]}" (error {status})')
        return b"".join(chunks), int(lib.espeak_ng_GetSampleRate())

    def _unload(self, lib: ctypes.CDLL) -> None:
        lib.espeak_Terminate()  # joins its thread and frees its memory
        _close(lib._handle)
        if is_loaded(self.path):
            stale, self.path = self.path, self._copy()
            try:
                stale.unlink()
            except OSError:  # Windows keeps a loaded library's file
                pass

    def _copy(self) -> Path:
        suffix = _SUFFIXES.get(sys.platform, ".so")
        path = self.folder / f"libespeak-ng-coach-{next(self._numbers)}{suffix}"
        try:
            shutil.copyfile(self._source, path)
        except OSError as e:
            raise EnvironmentProblem(
                f"cannot copy the espeak-ng library into {self.folder} ({reason(e)}); {_TEMP_HINT}"
            ) from None
        return path

    def _collect(self, wav, count: int, events: int) -> int:
        """espeak's callback. An exception here would be printed and dropped by ctypes: keep it for later."""
        try:
            if wav and count > 0:
                self._chunks.append(ctypes.string_at(wav, count * 2))
        except BaseException as err:  # a signal's KeyboardInterrupt can land here, inside espeak_Synth
            self._raised = err
            return 1  # asks espeak to stop
        return 0


def _close(handle: int) -> None:
    if sys.platform == "win32":
        _ctypes.FreeLibrary(handle)
    else:
        _ctypes.dlclose(handle)


def is_loaded(path: Path) -> bool:
    """Whether the library file at ``path`` is still in this process's memory."""
    if sys.platform == "win32":
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.GetModuleHandleW.restype = ctypes.c_void_p
        return bool(kernel32.GetModuleHandleW(str(path)))
    try:
        handle = _ctypes.dlopen(str(path), os.RTLD_NOLOAD | os.RTLD_LAZY)
    except OSError:
        return False
    _ctypes.dlclose(handle)
    return True


def seed_rand(seed: int = RAND_SEED) -> None:
    """Put the C library's ``rand()`` where a new process has it."""
    if sys.platform == "win32":
        ctypes.CDLL("ucrtbase").srand(seed)  # per thread there, and this thread speaks
    else:
        ctypes.CDLL(None).srand(seed)


def library_file(lib: ctypes.CDLL) -> str:
    """The file a loaded library came from."""
    if sys.platform == "win32":
        buffer = ctypes.create_unicode_buffer(32768)
        ctypes.WinDLL("kernel32").GetModuleFileNameW(ctypes.c_void_p(lib._handle), buffer, len(buffer))
        return buffer.value

    class DlInfo(ctypes.Structure):
        _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                    ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]

    info = DlInfo()
    address = ctypes.cast(lib.espeak_Initialize, ctypes.c_void_p)
    if not ctypes.CDLL(None).dladdr(address, ctypes.byref(info)) or not info.dli_fname:
        raise EnvironmentProblem("cannot find the file of the espeak-ng library; reinstall espeak-ng")
    return os.path.realpath(os.fsdecode(info.dli_fname))


def lowercase_view(data: Path, view: Path) -> Path | None:
    """``data`` seen through links, where voices named with capitals are also found in lower case.

    espeak_SetVoiceByName lowercases the name for its quick lookup; on a
    case-sensitive disk ``gmw/en-US`` is then missed and every voice file is
    read to find it (3 ms a phrase). None when no voice needs it (on a
    case-insensitive disk) or the links cannot be made: only slower then.
    """
    if len(os.fsencode(view)) > MAX_VIEW_PATH:
        return None
    lang, voices = data / "lang", data / "voices"
    aliases = {}
    for path in sorted(lang.rglob("*")) if lang.is_dir() else ():
        name = path.relative_to(lang).as_posix()
        lower = name.lower()
        taken = [lang / lower, voices / lower, voices / lower.split("/")[0]]
        if path.is_file() and lower != name and not any(p.exists() for p in taken):
            aliases[lower] = path
    if not aliases:
        return None
    try:
        view.mkdir()
    except OSError:
        return None
    try:
        for entry in data.iterdir():
            if entry.name != "voices":
                (view / entry.name).symlink_to(entry)
        (view / "voices").mkdir()
        for entry in voices.iterdir() if voices.is_dir() else ():
            (view / "voices" / entry.name).symlink_to(entry)
        for lower, path in aliases.items():
            (view / "voices" / lower).parent.mkdir(parents=True, exist_ok=True)
            (view / "voices" / lower).symlink_to(path)
    except OSError:
        shutil.rmtree(view, ignore_errors=True)
        return None
    return view


_fresh: FreshLibrary | None = None


def fresh_library() -> FreshLibrary:
    """The process's private copy, made on first use. Call with :data:`libespeak.LOCK` held."""
    global _fresh
    if _fresh is None:
        shared = libespeak.initialize()  # loaded first, so pyttsx3 finds the installed one by name
        _fresh = FreshLibrary(library_file(shared), libespeak.data_path())
    return _fresh
