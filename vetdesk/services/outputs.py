"""Files vetdesk writes where a person asks (exports, printouts, backups): written whole or not at all.

Every output goes to a temporary file beside its target and is renamed over it in one step, so a failure
(a full disk, a killed process) leaves the earlier file or none, never half a file and no ``.part`` or
``-journal`` behind. A target that is not a regular file (a folder, a named pipe, a device) is refused, never
replaced; a missing or read-only folder and a full disk are said as such. The written file gets the
permissions any program the person runs would give it (their umask), so a colleague on a shared folder can
open it; only copies nobody asked to share (automatic backups) stay private to their owner.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from vetdesk.i18n import _

#: How many worker processes render a batch of documents (``vetdesk print … --processes``, the window's batch).
BATCH_PROCESSES = 2

#: What SQLite leaves beside a database file it writes, removed with a temporary file that failed.
_COMPANIONS = ("-journal", "-wal", "-shm")
#: The suffix of temporary files; files with it (and a leading dot) left by a killed process are cleared.
PART_SUFFIX = ".part"
#: A restore's scratch folder beside the database, and the file its process holds while it works.
RESTORE_PREFIX = ".restore-"
RESTORE_LOCK = "in-use"


class OutputRefused(OSError):
    """The file cannot be written where asked; the message names it and says what to do. Nothing changed.
    (An OSError, as the failure it explains: callers that catch the environment's faults catch it too.)"""


def check_target(path: str | os.PathLike[str]) -> Path:
    """Refuse, before anything is produced, a target that cannot become a regular file here."""
    target = Path(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise refusal(target, exc) from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputRefused(_("{path} is a folder. Give the name of a file to write, e.g. {example}.")
                                .format(path=target, example=target / f"vetdesk{target.suffix or '.xlsx'}"))
        raise OutputRefused(_("{path} is not a regular file (it is a device, a pipe or a socket); vetdesk does not "
                              "write there. Choose a file name in a folder.").format(path=target))
    folder = target.parent
    if not folder.is_dir():
        raise OutputRefused(_("The folder {folder} does not exist. Create it first, or choose another folder.")
                            .format(folder=folder))
    return target


def prepare_folder(path: str | os.PathLike[str]) -> Path:
    """A folder to write many files into (a batch of printouts): created when missing, inside a folder that
    exists; refused when the name is taken by something else."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(_("{path} is a file, not a folder. Give the name of a folder to write into.")
                            .format(path=folder))
    if not folder.parent.is_dir():
        raise OutputRefused(_("The folder {folder} does not exist. Create it first, or choose another folder.")
                            .format(folder=folder.parent))
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise refusal(folder, exc) from exc
    return folder


def refusal(path: Path, exc: OSError) -> OutputRefused:
    """What an operating-system error writing ``path`` means to a person."""
    code = exc.errno
    folder = path.parent
    if code in (errno.ENOSPC, errno.EDQUOT):
        return OutputRefused(_("The disk holding {folder} is full; {name} was not written. Free some space or "
                               "choose another place.").format(folder=folder, name=path.name))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return OutputRefused(_("vetdesk may not write in the folder {folder} (it is read-only for you); {name} "
                               "was not written. Choose another folder, or ask your IT person for write access.")
                             .format(folder=folder, name=path.name))
    if code == errno.ENOENT and folder.is_dir():
        # The folder is there but takes no new files (/proc, /sys: the system's, not a folder for documents).
        return OutputRefused(_("{folder} is a folder of the system that takes no new files; {name} was not "
                               "written. Choose a folder of your own, e.g. your Documents.")
                             .format(folder=folder, name=path.name))
    if code == errno.ENOENT:
        return OutputRefused(_("The folder {folder} does not exist. Create it first, or choose another folder.")
                             .format(folder=folder))
    if code == errno.EISDIR:
        return OutputRefused(_("{path} is a folder. Give the name of a file to write, e.g. {example}.")
                             .format(path=path, example=path / "vetdesk.xlsx"))
    return OutputRefused(_("{name} cannot be written in {folder}: {reason}. Choose another place.")
                         .format(name=path.name, folder=folder, reason=file_reason(exc)))


def _full_disk(exc: BaseException) -> bool:
    """SQLite says a full disk in words, not with an errno."""
    return "disk is full" in str(exc).lower()


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """Mark ``path`` as being written by this process for as long as the block runs: :func:`clear_leftovers`
    leaves it alone (a lock the operating system drops when the process ends, however it ends)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        _lock(fd, blocking=True)
        yield
    finally:
        os.close(fd)


def _lock(fd: int, *, blocking: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: a file open for writing cannot be deleted there anyway
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _abandoned(path: Path) -> bool:
    """No live process holds ``path`` (:func:`held`)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _lock(fd, blocking=False)
    finally:
        os.close(fd)


def remove_temporary(tmp: Path) -> None:
    for suffix in ("", *_COMPANIONS):
        with contextlib.suppress(OSError):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object], *,
                     private: bool = False) -> Path:
    """Let ``write`` fill a temporary file beside ``path``, then put it in place in one step.

    ``private``: keep the file to its owner (mode 0600), for copies nobody asked to share; otherwise the
    file gets the person's usual permissions (0666 less their umask)."""
    target = check_target(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise refusal(target, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        with held(tmp):
            write(tmp)
        if not private:
            os.chmod(tmp, shared_mode(target))
        check_target(target)  # still not a folder or a pipe: a rename would replace it
        os.replace(tmp, target)
    except OSError as exc:
        remove_temporary(tmp)
        raise refusal(target, exc) from exc
    except BaseException as exc:
        remove_temporary(tmp)
        if _full_disk(exc):
            raise refusal(target, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) from exc
        raise
    return target


def shared_mode(target: Path) -> int:
    """The permission bits a new file gets from the person's umask (as ``open`` would give it; mkstemp's file is
    private), or those of the file it replaces: a colleague on a shared folder can open it."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        pass
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask would, for a moment, for every thread)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def clear_leftovers(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove what a killed write left in ``folder``: temporary files (``.name.xxxx.part`` and SQLite's files
    beside them) and restore folders (``.restore-*``) that no running process holds. Returns what went."""
    import shutil

    removed: list[Path] = []
    base = Path(folder)
    if not base.is_dir():
        return removed
    # Only hidden names can be leftovers: the folder's other files (a year of daily backups beside the
    # database) are not made into paths, let alone sorted, at every start.
    with os.scandir(base) as entries:
        hidden = sorted(entry.name for entry in entries if entry.name.startswith("."))
    for name in hidden:
        candidate = base / name
        if name.startswith(RESTORE_PREFIX) and candidate.is_dir():
            lock = candidate / RESTORE_LOCK
            if not lock.exists() or _abandoned(lock):
                shutil.rmtree(candidate, ignore_errors=True)
                removed.append(candidate)
        elif name.endswith(PART_SUFFIX) and candidate.is_file() and _abandoned(candidate):
            remove_temporary(candidate)
            removed.append(candidate)
        elif any(name.endswith(PART_SUFFIX + s) for s in _COMPANIONS):
            owner = Path(str(candidate).rsplit("-", 1)[0])
            if not owner.exists():
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def file_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the user's language and words (the operating system's own
    text is English, or the system's language): what happened and what to do. Callers name the file."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return _("there is no such file or folder. Check the name and the folder.")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return _("you may not open it. Ask your IT person for access to it, or use a copy in a folder of yours.")
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return _("it is a folder, not a file. Choose the file inside it.")
    if code == errno.ENOSPC:
        return _("the disk is full. Free some space and try again.")
    if code == errno.EROFS:
        return _("it is on a read-only disk. Choose a folder you may write to.")
    return _("the system could not use it (error {code}). Check the file and try again.").format(
        code=code if code is not None else "?")
