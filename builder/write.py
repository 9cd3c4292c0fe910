"""Write the generated files: all or nothing, and only over what the builder made.

The new tree is assembled in a staging folder beside ``site_src/`` and swapped
in with two renames only once it is complete, so a build that fails or is
killed midway leaves the previous output as it was. Files whose bytes did not
change are hard-linked from the old tree, keeping their modification times,
so watchers and MkDocs see only what really changed.

Ownership and recovery:

* every tree the builder writes holds a marker file, :data:`MARKER`; an
  existing output folder without it (and not empty) is never replaced;
* a build killed between the two renames leaves the old tree as
  ``.<name>.old-<pid>``: the next build puts it back (or, if the new tree was
  already in place, removes it), and removes staging folders of builds that
  are no longer running;
* one build at a time writes a folder: ``.<name>-build.lock`` beside it holds the
  writer's pid under an advisory lock that the system releases if it dies.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import BuilderError
from .render import OutputFile

log = logging.getLogger(__name__)

MARKER = ".policy-builder-output"
MARKER_TEXT = "Written by the policy-corpus builder (python -m builder); replaced whole on every build.\n"

# Large files (corpus.json is ~100 MB at 1,000 documents) are encoded and
# compared a piece at a time, never held as a second full copy in memory.
PIECE_CHARS = 1 << 20


def utf8_pieces(content: str | bytes) -> Iterator[bytes]:
    """``content`` in UTF-8 (bytes, a raw file's copy, as they are), a piece at a time."""
    for start in range(0, len(content), PIECE_CHARS):
        piece = content[start : start + PIECE_CHARS]
        yield piece if isinstance(piece, bytes) else piece.encode("utf-8")


def same_bytes(path: Path, content: str | bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``content`` (text in UTF-8)."""
    try:
        handle = path.open("rb")
    except OSError:
        return False
    with handle:
        for piece in utf8_pieces(content):
            if handle.read(len(piece)) != piece:
                return False
        return handle.read(1) == b""


def owned(folder: Path) -> bool:
    """Whether the builder may replace ``folder``: it made it, or it is empty."""
    return not folder.exists() or (folder / MARKER).is_file() or (folder.is_dir() and not any(folder.iterdir()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(out_dir: Path) -> list[tuple[str, Path]]:
    """The staging and retired trees of dead builds beside ``out_dir``, as (kind, path)."""
    parent, name = out_dir.parent, out_dir.name
    pattern = re.compile(rf"^\.{re.escape(name)}\.(staging|old)-(\d+)$")
    found = []
    for entry in parent.iterdir() if parent.exists() else ():
        m = pattern.match(entry.name)
        if m and (entry / MARKER).is_file() and not _alive(int(m.group(2))):
            found.append((m.group(1), entry))
    return found


def recover(out_dir: Path) -> None:
    """Finish or roll back a swap a killed build left behind; drop dead builds' staging folders."""
    for kind, entry in sorted(leftovers(out_dir), key=lambda e: e[1].stat().st_mtime, reverse=True):
        if kind == "old" and not out_dir.exists():
            os.rename(entry, out_dir)
            log.warning("%s: restored the previous output after an interrupted build", out_dir)
        else:
            shutil.rmtree(entry, ignore_errors=True)
            log.info("removed %s, left by an interrupted build", entry)


@contextmanager
def writing(out_dir: Path):
    """Hold the lock of ``out_dir`` for one build; fail at once if another holds it."""
    lock_path = out_dir.parent / f".{out_dir.name}-build.lock"
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise BuilderError(f"{out_dir}: another build (pid {holder}) is writing this folder; "
                           "wait for it to finish") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def write_site(files: Iterable[OutputFile], out_dir: Path) -> tuple[int, int]:
    """Replace ``out_dir`` with exactly ``files``, taken one at a time (so a
    lazy iterable keeps only one file's content in memory).

    Returns:
        (files written, files unchanged).

    Raises:
        BuilderError: ``out_dir`` was not made by the builder, another build
            is writing it, or the disk refused (full, read-only), naming the path.
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with writing(out_dir):
            recover(out_dir)
            if not owned(out_dir):
                raise BuilderError(f"{out_dir}: output folder exists and was not made by the builder (no {MARKER}); "
                                   "choose another --out, or empty it")
            return _write(files, out_dir)
    except OSError as exc:
        where = exc.filename or out_dir
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise BuilderError(f"{where}: cannot write ({reason}); the previous output is untouched") from None


def swap_in(staging: Path, out_dir: Path, retired: Path) -> None:
    """Put a complete ``staging`` tree in place of ``out_dir`` with two renames.

    Between them the old tree waits as ``retired`` (``.<name>.old-<pid>``): a
    build killed there leaves it for :func:`recover`, never a missing output.
    """
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # MkDocs' staging has none yet
    if out_dir.exists():
        os.rename(out_dir, retired)
    os.rename(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def replace_file(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically, through a temporary file that
    is created anew (``O_EXCL``, ``O_NOFOLLOW``): a link planted at the temporary name
    (``.slugs.json.tmp-<pid>`` -> ``raw/x.txt``) is removed, never written through."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def plain_parts(relative: str) -> list[str]:
    """The names of a relative path of plain names (no ``..``, ``.`` or empty part).

    Raises:
        BuilderError: naming the path.
    """
    parts = relative.split("/")
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") or "\0" in p for p in parts):
        raise BuilderError(f"{relative!r}: not a path inside the output folder; nothing was written")
    return parts


def confined_target(root: Path, relative: str) -> Path:
    """Where ``relative`` goes inside ``root``, refused unless it stays there.

    Output paths are built from validated slugs, and this is the check that makes a
    write outside the output impossible whatever they hold: a path must be relative,
    of plain names (no ``..``, ``.`` or empty part), and still inside ``root`` once its
    folders are resolved (a symlinked subfolder leading out is refused, not followed).

    Raises:
        BuilderError: naming the path.
    """
    parts = plain_parts(relative)
    base = root.resolve()
    target = base.joinpath(*parts)
    if base not in target.parent.resolve().parents and target.parent.resolve() != base:
        raise BuilderError(f"{root / relative}: leads outside the output folder {root}; nothing was written")
    return target


class StagingFolders:
    """Targets inside a staging folder the build has just made, each folder created and
    checked (:func:`confined_target`, before and after it exists) once, not once per file:
    resolving every file's folders again cost seconds on a corpus of thousands of pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checked: dict[str, Path] = {}

    def target(self, relative: str) -> Path:
        plain_parts(relative)
        folder, _, name = relative.rpartition("/")
        if folder not in self.checked:
            target = confined_target(self.root, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            self.checked[folder] = confined_target(self.root, relative).parent  # again, now that it exists
        return self.checked[folder] / name


def _write(files: Iterable[OutputFile], out_dir: Path) -> tuple[int, int]:
    parent = out_dir.parent
    staging = parent / f".{out_dir.name}.staging-{os.getpid()}"
    retired = parent / f".{out_dir.name}.old-{os.getpid()}"
    for stale in (staging, retired):
        if stale.exists():
            shutil.rmtree(stale)
    written = unchanged = 0
    try:
        staging.mkdir()
        # Marked from the start, so a build killed while writing leaves a folder recover() may remove.
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        folders = StagingFolders(staging)
        for file in files:
            target = folders.target(file.path)
            old = out_dir / file.path
            # Only a regular file is reused: a link planted in the old tree is never carried over.
            if not old.is_symlink() and same_bytes(old, file.content):
                try:
                    os.link(old, target)
                except OSError:
                    shutil.copy2(old, target)
                unchanged += 1
            else:
                with target.open("wb") as handle:
                    for piece in utf8_pieces(file.content):
                        handle.write(piece)
                written += 1
        swap_in(staging, out_dir, retired)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    log.info("wrote %d file(s), %d unchanged, into %s", written, unchanged, out_dir)
    return written, unchanged
