"""Write a file so that it appears whole or not at all.

The data goes to a hidden ``.name.part-PID-XXXXXXXX`` file in the target's
own folder, is flushed to disk, and is renamed over the target only at the
end. An error, Ctrl-C or SIGTERM leaves the folder as it was. Used for
exports, the profile, starter routines and the phrase cache.

A process killed outright (SIGKILL, a power cut) leaves its hidden file;
:func:`remove_stale` clears those whose process is gone (the PID in the name
names no running process, and the file has not changed for a minute) or that
are older than a day. Private temporary folders (:func:`temp_folder`) carry
the PID too, and are cleared the same way.

Without ``replace``, :meth:`PendingFile.commit` never replaces anything:
it links the file to its name, which fails if the name exists (even as a
dangling symbolic link), so of two runs writing the same new name one wins
and the other is told.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

PART = ".part-"  # in the name of every hidden file on its way to becoming a target
_PART_NAME = re.compile(r"^\..+\.part-(?:(\d{1,10})-)?[0-9a-f]{8}$")  # coach's, with its PID (or from before PIDs)
_QUIET_SECONDS = 60.0  # a file its writer still writes has changed more recently than this
_OLD_SECONDS = 24 * 3600.0  # older than this, a temporary file is stale whoever made it


def write_whole(target: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``target`` in one go (OSError as it comes; nothing left behind).

    ``durable=False`` skips the flushes to disk, for files that can be made again
    (the phrase cache): the rename still makes them appear whole or not at all.
    """
    pending = PendingFile(target)
    try:
        pending.temp.write_bytes(data)
        pending.commit(durable)
    except BaseException:
        pending.discard()
        raise


def let_go(closable: object | None) -> None:
    """Close a file that is being thrown away; an error here is dropped, as the first one is the one reported."""
    if closable is None:
        return
    try:
        closable.close()  # type: ignore[attr-defined]
    except Exception:
        pass


def remove_stale(folder: Path, older_than: float = _OLD_SECONDS, pattern: str = f".*{PART}*") -> None:
    """Remove hidden temporary files in ``folder`` whose writer is gone, or left over ``older_than`` seconds ago."""
    now = time.time()
    try:
        found = list(folder.glob(pattern))
    except OSError:
        return  # a folder we may not read: not ours to tidy
    for temp in found:
        try:
            if not _is_stale(temp, now, older_than):
                continue
            if temp.is_dir() and not temp.is_symlink():
                if PART not in temp.name:  # coach's temporary folders; its part files are files
                    shutil.rmtree(temp)
            else:
                temp.unlink()
        except OSError:
            pass  # gone already (another process finished it), or not ours to remove


def temp_folder(prefix: str) -> Path:
    """A new private folder in the system's temporary folder, named ``{prefix}PID-XXXXXXXX``.

    Folders of this prefix whose process is gone are removed first.
    """
    parent = Path(tempfile.gettempdir())
    remove_stale(parent, pattern=f"{prefix}*")
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def _is_stale(temp: Path, now: float, older_than: float) -> bool:
    if PART in temp.name and not _PART_NAME.match(temp.name):
        return False  # another program's file that only looks like ours: not ours to remove
    changed = temp.lstat().st_mtime
    if now - changed > older_than:
        return True
    pid = _pid_in(temp.name)
    return pid is not None and now - changed > _QUIET_SECONDS and not _running(pid)


def _pid_in(name: str) -> int | None:
    found = _PART_NAME.match(name) or re.match(r"^coach-[a-z]+-(\d{1,10})-", name)
    return int(found.group(1)) if found and found.group(1) else None


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (True when we can't tell)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap check on Windows: leave it to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # it exists, someone else's (or we can't tell)
    return True


class PendingFile:
    """A hidden temporary file next to ``target``; it becomes ``target`` on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = _create_hidden(target)

    def commit(self, durable: bool = True, replace: bool = True) -> None:
        """Flush the data to disk (if ``durable``) and give it the target's name.

        Without ``replace``, FileExistsError if the name is taken by then.
        """
        if durable:
            _fsync(self.temp)
        if replace:
            os.replace(self.temp, self.target)
        else:
            _claim(self.temp, self.target)
        if durable:
            _fsync_folder(self.target.parent)

    def discard(self) -> None:
        """Remove the temporary file (if it is still there)."""
        try:
            self.temp.unlink()
        except FileNotFoundError:
            pass


def _claim(temp: Path, target: Path) -> None:
    """Give ``temp`` the name ``target`` only if no file has it: one atomic step where links work."""
    try:
        os.link(temp, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (FAT, exFAT, some network folders, each failing its own way):
        # take the name first, then fill it; real errors show up there.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(temp, target)
        return
    os.unlink(temp)


def _create_hidden(target: Path) -> Path:
    """Create an empty hidden file next to ``target``, with the usual permissions (umask applies)."""
    import secrets  # loaded on use: the command line starts without it

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = target.with_name(f".{target.name}{PART}{os.getpid()}-{secrets.token_hex(4)}")
        try:
            os.close(os.open(temp, flags, 0o666))
        except FileExistsError:
            continue
        return temp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows can't open folders)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a folder; the rename has still happened
    finally:
        os.close(fd)
