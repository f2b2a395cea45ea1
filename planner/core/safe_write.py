"""Every file the app writes is written whole or not at all (PRODUCT.md "Outputs").

    staged = stage_file(target, write, check)   # temporary file in the target folder,
    staged.publish()                            # written, checked, fsynced; then renamed

    write_file(target, write, check)            # both at once

``write(temp_path)`` writes the content; ``check(temp_path)`` reads it back (the workbook
reopened, the PDF's page count, the .ics parsed, the backup's integrity) and raises when it
is not what was meant. A failed write (full disk, unwritable folder, a check that fails) is
one clear :class:`~planner.core.errors.OutputError` naming the file, and leaves nothing
behind: the temporary file is removed and the target is as it was.

A temporary file is named ``.<name>.<pid>.partial``: one left by a process that was killed
is removed by the next write to the same target.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.core.errors import OutputError

Writer = Callable[[Path], object]
Checker = Callable[[Path], object]

PARTIAL_SUFFIX = ".partial"


def describe_os_error(exc: OSError) -> str:
    """The reason in words, e.g. "the disk is full" for ENOSPC."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the folder is read-only"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return (exc.strerror or str(exc)).rstrip(".")


def partial_path(target: Path, pid: int | None = None) -> Path:
    return target.with_name(f".{target.name}.{pid or os.getpid()}{PARTIAL_SUFFIX}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_partials(target: Path) -> None:
    """Remove temporary files for ``target`` (and their -wal, -shm or -journal) left by
    processes that no longer run."""
    pattern = re.compile(  # with SQLite's side files of a database being built
        re.escape(f".{target.name}.")
        + r"(\d+)"
        + re.escape(PARTIAL_SUFFIX)
        + r"(-wal|-shm|-journal)?"
    )
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found and int(found.group(1)) != os.getpid() and not _pid_alive(int(found.group(1))):
            try:
                entry.unlink()
            except OSError:
                pass


def check_target(target: Path) -> Path:
    """Refuse a target that is a folder, a device or in a missing folder."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    if target.exists() and not target.is_file():
        raise OutputError(f"cannot write {target}: it is not a regular file")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: folder {folder} does not exist")
    return target


def _disk_full(folder: Path) -> bool:
    try:
        st = os.statvfs(folder if str(folder) else ".")
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class StagedFile:
    """A complete, checked temporary file waiting to be renamed over its target."""

    target: Path
    temp: Path
    mode: int

    def publish(self, after: str = "") -> Path:
        """Rename into place. ``after`` says what already happened, for the error message
        (e.g. "the pay run was recorded as exported; export it again")."""
        try:
            os.chmod(self.temp, self.mode)
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(
                f"cannot write {self.target}: {describe_os_error(exc)}"
                " (is it open in another program?)" + (f"; {after}" if after else "")
            ) from exc
        fsync_folder(self.target.parent)
        return self.target

    def discard(self) -> None:
        try:
            self.temp.unlink(missing_ok=True)
        except OSError:
            pass


def _default_mode(private: bool) -> int:
    if private:
        return 0o600
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def stage_file(
    target: Path | str,
    write: Writer,
    check: Checker | None = None,
    *,
    private: bool = False,
) -> StagedFile:
    """Write and check the content in a temporary file beside ``target``; rename later.

    ``private`` files (the database's backups) are readable by their owner only.
    """
    target = check_target(Path(target))
    remove_stale_partials(target)
    temp = partial_path(target)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    staged = StagedFile(target, temp, _default_mode(private))
    try:
        write(temp)
        if not temp.is_file() or temp.stat().st_size == 0:
            raise OutputError("nothing was written")
        if check is not None:
            check(temp)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
    except OutputError as exc:
        staged.discard()
        message = str(exc)
        if _disk_full(target.parent):  # a writer that hides its write errors (Qt's PDF)
            message = f"cannot write {target}: the disk is full"
        elif not message.startswith("cannot write"):
            message = f"cannot write {target}: {message}"
        raise OutputError(message) from exc
    except OSError as exc:
        staged.discard()
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    except BaseException:
        staged.discard()
        raise
    return staged


def write_file(
    target: Path | str,
    write: Writer,
    check: Checker | None = None,
    *,
    private: bool = False,
) -> Path:
    """Write ``target`` whole or not at all (see the module's docstring)."""
    return stage_file(target, write, check, private=private).publish()


def write_bytes(target: Path | str, data: bytes, check: Checker | None = None) -> Path:
    return write_file(target, lambda temp: temp.write_bytes(data), check)


# -- checks ---------------------------------------------------------------------------


def pdf_page_count(path: Path) -> int:
    """The page count a PDF declares in its page tree; raises when it is incomplete."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise OutputError("the PDF written is incomplete")
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)
    if not counts:
        raise OutputError("the PDF written has no page tree")
    return max(int(c) for c in counts)


def check_pdf_pages(expected: int) -> Checker:
    def check(path: Path) -> None:
        found = pdf_page_count(path)
        if found != expected:
            raise OutputError(f"the PDF written holds {found} pages, not {expected}")

    return check


def is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
