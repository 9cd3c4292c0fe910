"""Write the generated files: all or nothing.

The new tree is assembled in a staging folder beside ``site_src/`` and swapped
in with two renames only once it is complete, so a build that fails or is
killed midway leaves the previous output as it was. Files whose bytes did not
change are hard-linked from the old tree, keeping their modification times,
so watchers and MkDocs see only what really changed.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from .render import OutputFile

log = logging.getLogger(__name__)


# Large files (corpus.json is ~100 MB at 1,000 documents) are encoded and
# compared a piece at a time, never held as a second full copy in memory.
PIECE_CHARS = 1 << 20


def utf8_pieces(content: str) -> Iterator[bytes]:
    for start in range(0, len(content), PIECE_CHARS):
        yield content[start : start + PIECE_CHARS].encode("utf-8")


def same_bytes(path: Path, content: str) -> bool:
    """Whether the file at ``path`` holds exactly ``content`` in UTF-8."""
    try:
        handle = path.open("rb")
    except OSError:
        return False
    with handle:
        for piece in utf8_pieces(content):
            if handle.read(len(piece)) != piece:
                return False
        return handle.read(1) == b""


def write_site(files: Iterable[OutputFile], out_dir: Path) -> tuple[int, int]:
    """Replace ``out_dir`` with exactly ``files``, taken one at a time (so a
    lazy iterable keeps only one file's content in memory).

    Returns:
        (files written, files unchanged).
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{out_dir.name}.staging-{os.getpid()}"
    retired = parent / f".{out_dir.name}.old-{os.getpid()}"
    for stale in (staging, retired):
        if stale.exists():
            shutil.rmtree(stale)
    written = unchanged = 0
    try:
        for file in files:
            target = staging / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            old = out_dir / file.path
            if same_bytes(old, file.content):
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
        if out_dir.exists():
            os.rename(out_dir, retired)
        os.rename(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if retired.exists():
        shutil.rmtree(retired, ignore_errors=True)
    log.info("wrote %d file(s), %d unchanged, into %s", written, unchanged, out_dir)
    return written, unchanged
