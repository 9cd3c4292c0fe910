"""The raw files, published inside the site byte for byte, so that a page's 原始文件 link
works from ``file://``, an unpacked zip and any host, not only on the repository's.

A raw file is untrusted: served from the site's own origin, a scraped ``.html`` page
would run its scripts there. So a copy keeps its name only when that name makes every
browser and host treat it as inert (:data:`SERVED_AS_IS`: plain text, a PDF for the
browser's viewer, a Word file to download); any other gets ``.txt`` appended
(``通知.html`` → ``通知.html.txt``) and is shown as text. A ``.md`` copy would even be
rendered by MkDocs as a page of the site. Copies are byte-identical to the raw file (its
SHA-256 is the page's), so one that is not UTF-8 shows in the browser's guess of its
encoding; the page names the encoding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from .confine import read_confined
from .errors import SourceError
from .render import OutputFile
from .sources import MAX_BYTES

RAW_COPY_DIR = "raw"
"""The copies' folder in ``site_src/`` (and in the site), mirroring ``raw/``."""
SERVED_AS_IS = (".txt", ".pdf", ".docx")
"""Suffixes every host and browser treat as inert (text/plain, a PDF, a download)."""
INERT_SUFFIX = ".txt"


def copy_paths(names: Iterable[str]) -> dict[str, str]:
    """Each raw file's name (its path in ``raw/``) → its copy's path in ``site_src/``.

    A name that gets ``.txt`` appended never takes a raw file's own name: ``a.html`` becomes
    ``a.html.txt.txt`` when ``raw/`` also holds ``a.html.txt``. Names that end in an inert
    suffix are kept, the others all end in ``.html.txt``-like pairs, so no two collide."""
    taken = set(names)
    paths = {}
    for name in sorted(taken):
        served = name
        if not name.lower().endswith(SERVED_AS_IS):
            served = name + INERT_SUFFIX
            while served in taken:
                served += INERT_SUFFIX
        paths[name] = f"{RAW_COPY_DIR}/{served}"
    return paths


def raw_copies(copies: dict[str, str], sha256: dict[str, str], raw_dir: Path) -> Iterator[OutputFile]:
    """The copies' files, in name order, each read (inside ``raw/`` only) when it is written.

    Raises:
        SourceError: a raw file can no longer be read, or its bytes are not those the
            build analysed (it changed meanwhile: build again).
    """
    root = Path(raw_dir).resolve()
    for name in sorted(copies):
        data = read_confined(Path(raw_dir) / name, root, MAX_BYTES)
        if hashlib.sha256(data).hexdigest() != sha256[name]:
            raise SourceError(name, "changed while the build ran (its copy would not match the page's SHA-256); "
                              "build again")
        yield OutputFile(copies[name], data)
