"""Reading only what lies inside ``raw/``, checked on the file that is open.

A path is looked at first (:func:`confinement_problem`: a link out of raw/, a dangling
link, a folder or a FIFO is skipped with a warning), but what decides is the open file:
:func:`read_confined` opens once, without following a link, and asks the descriptor what
it is and where it lies. Between the two a file can be swapped (a build runs while a
pull request's files are checked out, or under ``serve``); the descriptor cannot.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import SourceError


def confinement_problem(path: Path, root: Path) -> str:
    """Why ``path`` may not be read as a source, or '' if it may."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a link that leads nowhere"
    if root not in target.parents:
        return f"a link to {target}, outside the raw folder"
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device)"
    return ""


def opened_path(fd: int, target: Path) -> Path:
    """Where the file open as ``fd`` really is, asked of the descriptor, not of a path
    that may have changed since (Linux names it in /proc; elsewhere the file at ``target``
    must be the very one that is open)."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        here, there = os.fstat(fd), os.stat(target, follow_symlinks=False)
        if (here.st_dev, here.st_ino) != (there.st_dev, there.st_ino):
            raise OSError(f"{target} changed while it was opened") from None
        return target


def read_confined(path: Path, root: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a file inside ``root``, opened once and checked from the open file.

    The path is resolved (a link inside raw/ is read as its target), then opened without
    following a link (``O_NOFOLLOW``) or waiting on a FIFO (``O_NONBLOCK``); the descriptor
    must be a regular file whose real place is inside ``root``. So a file swapped for a
    link to /etc/passwd, or for a FIFO, after :func:`confinement_problem` looked at it is
    refused, not read.

    Raises:
        SourceError: naming ``path``.
    """
    spath = str(path)
    try:
        target = path.resolve(strict=True)
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, RuntimeError) as exc:
        reason = "it became a link while the build read it" if getattr(exc, "errno", None) == errno.ELOOP else exc
        raise SourceError(spath, f"cannot be opened ({reason})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(spath, "not a regular file (a folder, FIFO, socket or device) when opened")
        try:
            where = opened_path(fd, target)
        except OSError as exc:
            raise SourceError(spath, str(exc)) from None
        if root not in where.parents:
            raise SourceError(spath, f"a link to {where}, outside the raw folder, when opened")
        if info.st_size > limit:
            raise SourceError(spath, f"{what} is {info.st_size} bytes, more than the {limit} it can be")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise SourceError(spath, f"{what} grew past {limit} bytes while it was read")
    return data
