"""libespeak-ng through ctypes, shared by every user in this process.

libespeak-ng keeps one global state (output mode, callback, voice, rate) and
is not thread-safe. The installed library loaded here lists voices, tells
its version, and speaks for ``pyttsx3`` through its espeak driver (retrieval
mode); the ``espeak-ng`` engine speaks with a private copy loaded afresh for
each phrase (:mod:`coach.speech.libespeak_fresh`). Everything that touches
either holds :data:`LOCK`, and :func:`claim` switches the output mode and
callback when another user had the installed library last.

Never call ``espeak_Terminate`` on the installed library: its queue thread
leaves a "busy" flag set, so after a new ``espeak_Initialize``
``espeak_IsPlaying`` stays true for ever and :func:`wait_idle` times out.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable

from coach.errors import EnvironmentProblem

LOCK = threading.RLock()
"""Hold this around every call into libespeak-ng (and every pyttsx3 phrase on its espeak driver)."""

# Constants from speak_lib.h / espeak_ng.h.
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
MODE_RETRIEVAL = 0  # asynchronous, audio handed to the callback (what pyttsx3 uses)
MODE_SYNCHRONOUS = 1
CHARS_UTF8 = 1
POS_CHARACTER = 1
RATE = 1
EE_OK = 0

SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_CANDIDATES = {
    "linux": ("libespeak-ng.so.1", "/usr/local/lib/libespeak-ng.so.1"),
    "darwin": (
        "/opt/homebrew/lib/libespeak-ng.1.dylib",
        "/usr/local/lib/libespeak-ng.1.dylib",
    ),
    "win32": (
        r"C:\Program Files\eSpeak NG\libespeak-ng.dll",
        r"C:\Program Files (x86)\eSpeak NG\libespeak-ng.dll",
    ),
}

_FAMILIES = {
    "debian": "debian", "ubuntu": "debian", "fedora": "fedora", "rhel": "fedora",
    "centos": "fedora", "arch": "arch", "suse": "suse", "opensuse": "suse", "alpine": "alpine",
}

_INSTALL_HINTS = {
    "debian": "sudo apt-get install espeak-ng",
    "fedora": "sudo dnf install espeak-ng",
    "arch": "sudo pacman -S espeak-ng",
    "suse": "sudo zypper install espeak-ng",
    "alpine": "sudo apk add espeak-ng",
    "darwin": "brew install espeak-ng",
    "win32": "the eSpeak NG installer from https://github.com/espeak-ng/espeak-ng/releases",
}


class EspeakVoice(ctypes.Structure):
    """espeak_VOICE. ``languages`` is raw: (priority byte, name, NUL)*, then a 0 byte."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


@dataclass(frozen=True)
class RawVoice:
    """One entry of espeak_ListVoices."""

    name: str
    identifier: str
    languages: tuple[str, ...]


def install_hint() -> str:
    """How to install espeak-ng on this system, in one phrase."""
    if sys.platform in ("darwin", "win32"):
        return _INSTALL_HINTS[sys.platform]
    family = _os_release_family()
    return _INSTALL_HINTS.get(family, "the espeak-ng package of your system")


def _os_release_family() -> str:
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            fields = dict(
                line.rstrip("\n").split("=", 1) for line in f if "=" in line
            )
    except OSError:
        return ""
    names = (fields.get("ID", "") + " " + fields.get("ID_LIKE", "")).replace('"', "").split()
    return next((_FAMILIES[n] for n in names if n in _FAMILIES), "")


def candidates() -> tuple[str, ...]:
    """Library names and paths tried, in order."""
    found = ctypes.util.find_library("espeak-ng")
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    return _CANDIDATES.get(platform, ()) + ((found,) if found else ())


_lib: ctypes.CDLL | None = None
_state: dict[str, object] = {"initialized": False, "mode": None, "owner": None}


def library() -> ctypes.CDLL:
    """The loaded libespeak-ng; EnvironmentProblem if it is not installed."""
    global _lib
    with LOCK:
        if _lib is None:
            _lib = declare(_load())
        return _lib


def _load() -> ctypes.CDLL:
    for name in candidates():
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    raise EnvironmentProblem(
        f"the espeak-ng speech library is not installed; install it with: {install_hint()}"
    )


def declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    """Give the functions we call their C signatures."""
    c_int, c_char_p, c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
    signatures = {
        "espeak_Initialize": (c_int, [c_int, c_int, c_char_p, c_int]),
        "espeak_Terminate": (c_int, []),
        "espeak_Info": (c_char_p, [ctypes.POINTER(c_char_p)]),
        "espeak_SetSynthCallback": (None, [SynthCallback]),
        "espeak_Synth": (c_int, [c_void_p, ctypes.c_size_t, ctypes.c_uint, c_int,
                                 ctypes.c_uint, ctypes.c_uint, c_void_p, c_void_p]),
        "espeak_SetVoiceByName": (c_int, [c_char_p]),
        "espeak_SetParameter": (c_int, [c_int, c_int, c_int]),
        "espeak_GetParameter": (c_int, [c_int, c_int]),
        "espeak_GetCurrentVoice": (ctypes.POINTER(EspeakVoice), []),
        "espeak_ListVoices": (ctypes.POINTER(ctypes.POINTER(EspeakVoice)), [ctypes.POINTER(EspeakVoice)]),
        "espeak_IsPlaying": (c_int, []),
        "espeak_ng_InitializeOutput": (c_int, [c_int, c_int, c_char_p]),
        "espeak_ng_GetSampleRate": (c_int, []),
    }
    for name, (restype, argtypes) in signatures.items():
        func = getattr(lib, name)
        func.restype = restype
        func.argtypes = argtypes
    return lib


def initialize() -> ctypes.CDLL:
    """Load and initialize libespeak-ng once per process (synchronous mode)."""
    with LOCK:
        lib = library()
        if not _state["initialized"]:
            if _pyttsx3_initialized():
                _state["mode"] = MODE_RETRIEVAL
            elif _quiet_initialize(lib) <= 0:
                raise EnvironmentProblem(
                    "the espeak-ng speech library could not start (its voice data may be "
                    f"missing); reinstall it with: {install_hint()}"
                )
            else:
                _state["mode"] = MODE_SYNCHRONOUS
            _state["initialized"] = True
        return lib


def _quiet_initialize(lib: ctypes.CDLL) -> int:
    """espeak_Initialize, its audio layer's complaints (PulseAudio's) kept off the terminal."""
    from coach.speech.quiet import quiet_stdout

    with quiet_stdout(stderr=True):
        return lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, INITIALIZE_DONT_EXIT)


def _pyttsx3_initialized() -> bool:
    """Whether pyttsx3's espeak driver already initialized the library in this process."""
    module = sys.modules.get("pyttsx3.drivers.espeak")
    return bool(module and getattr(module.EspeakDriver, "_moduleInitialized", False))


def claim(owner: str, mode: int, callback: Callable[[], None]) -> bool:
    """Make ``owner`` the current user: set ``mode`` and let it install its callback.

    Call with :data:`LOCK` held. Waits until no asynchronous synthesis is
    running. Returns True when the owner changed (voice and rate must then be
    set again).
    """
    lib = initialize()
    wait_idle()
    changed = _state["owner"] != owner
    if _state["mode"] != mode:
        lib.espeak_ng_InitializeOutput(mode, 1000 if mode == MODE_RETRIEVAL else 0, None)
        _state["mode"] = mode
    callback()
    _state["owner"] = owner
    return changed


def wait_idle(timeout: float = 30.0) -> None:
    """Wait until libespeak-ng's asynchronous queue is empty."""
    lib = library()
    deadline = time.monotonic() + timeout
    while lib.espeak_IsPlaying():
        if time.monotonic() > deadline:
            raise EnvironmentProblem("the espeak-ng speech library stopped responding")
        time.sleep(0.002)


def version() -> str:
    return (initialize().espeak_Info(None) or b"unknown").decode("utf-8", "replace")


def data_path() -> str:
    """The espeak-ng-data folder the installed library reads its voices from."""
    path = ctypes.c_char_p()
    initialize().espeak_Info(ctypes.byref(path))
    return os.fsdecode(path.value or b"")


def sample_rate() -> int:
    """The rate of the audio libespeak-ng produces now (22050 for its own voices)."""
    return int(initialize().espeak_ng_GetSampleRate())


def current_rate() -> int:
    return int(initialize().espeak_GetParameter(RATE, 1))


def current_voice() -> str:
    """Identifier of the selected voice, e.g. ``gmw/en-US`` or ``gmw/en-US+f3``."""
    voice = initialize().espeak_GetCurrentVoice()
    if not voice or not voice.contents.identifier:
        return ""
    return voice.contents.identifier.decode("utf-8", "replace")


def list_voices(variants: bool = False) -> list[RawVoice]:
    """All voices (or, with ``variants``, the voice variants such as ``f3``)."""
    lib = initialize()
    spec = None
    if variants:
        language = ctypes.create_string_buffer(b"variant")
        spec = EspeakVoice(languages=ctypes.cast(language, ctypes.c_void_p))
    with LOCK:
        array = lib.espeak_ListVoices(ctypes.byref(spec) if spec else None)
        found = []
        i = 0
        while array[i]:
            v = array[i].contents
            found.append(
                RawVoice(
                    name=(v.name or b"").decode("utf-8", "replace"),
                    identifier=(v.identifier or b"").decode("utf-8", "replace"),
                    languages=_languages(v.languages),
                )
            )
            i += 1
    return found


def _languages(address: int | None) -> tuple[str, ...]:
    if not address:
        return ()
    out = []
    i = 0
    while ctypes.string_at(address + i, 1) != b"\0":  # priority byte; 0 ends the list
        name = ctypes.string_at(address + i + 1)
        out.append(name.decode("utf-8", "replace"))
        i += len(name) + 2
    return tuple(out)
