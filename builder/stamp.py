"""Digests of what a build read and wrote, so that a build whose inputs did not change
does nothing.

Every output is a pure function of the inputs: the raw files and sidecars, the glossary,
the slug registry, the configuration, the builder's code, data and library versions
(``cache.builder_version``). A build records the digest of all of them, with a manifest
of the tree it wrote; the next build hashes its inputs again and, if the digest and the
tree are the same, leaves the tree as it is.

A manifest lists each file of a tree with its size, modification time, inode and SHA-256.
Inputs are always hashed; a tree the builder wrote is hashed again only where a file's
size, time or inode differs from the manifest (a file written by any ordinary means
changes them), so checking 150 MB of ``site_src/`` costs a directory walk, not a read.

A stamp is a hint, never trusted for content: the worst a planted or stale one can do
is make a build leave the output as it already is, and only when that output's files
are still those the stamp lists.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .write import replace_file

log = logging.getLogger(__name__)

FORMAT = "policy-stamp 1"

# path -> (size, mtime_ns, inode, sha256); a symbolic link is (-1, 0, 0, its target's digest).
Manifest = dict[str, tuple[int, int, int, str]]


def file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def scan(root: Path, known: Manifest | None = None, skip: frozenset[str] = frozenset(),
         hidden: bool = True) -> Manifest:
    """The manifest of every file under ``root``, reusing ``known``'s digest of a file whose
    size, time and inode are unchanged.

    ``skip`` names top-level entries left out (a record the tree holds of itself);
    ``hidden=False`` leaves out what the builder never reads in ``raw/`` (``.git``).
    A missing ``root`` is an empty manifest.
    """
    found: Manifest = {}
    known = known or {}

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            name = prefix + entry.name
            if (not prefix and entry.name in skip) or (not hidden and entry.name.startswith(".")):
                continue
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                # The link's target and, for a file inside the tree, its bytes: the file a link
                # names may be one the walk leaves out (hidden), and the builder reads what it
                # leads to (a link leading out of the tree is never read, so neither is it here).
                target = os.readlink(entry.path)
                resolved = Path(entry.path).resolve()
                inside = base in resolved.parents and resolved.is_file()
                bytes_ = file_digest(str(resolved)) if inside else ""
                found[name] = (-1, 0, 0, hashlib.sha256(f"{target}\0{bytes_}".encode()).hexdigest())
            elif stat.S_ISDIR(info.st_mode):
                walk(entry.path, name + "/")
            elif stat.S_ISREG(info.st_mode):
                old = known.get(name)
                if old is not None and old[:3] == (info.st_size, info.st_mtime_ns, info.st_ino):
                    found[name] = old
                else:
                    found[name] = (info.st_size, info.st_mtime_ns, info.st_ino, file_digest(entry.path))
            else:  # a FIFO or device: never read, but its presence is part of the tree
                found[name] = (-2, 0, 0, "special")

    base = Path(root).resolve()
    walk(str(root), "")
    return found


def content_digest(manifest: Manifest) -> str:
    """The digest of a tree's names and bytes only (times and inodes left out)."""
    digest = hashlib.sha256()
    for name in sorted(manifest):
        digest.update(f"{name}\0{manifest[name][3]}\0".encode())
    return digest.hexdigest()


def same_content(a: Manifest, b: Manifest) -> bool:
    return a.keys() == b.keys() and all(a[k][3] == b[k][3] for k in a)


def bytes_digest(path: Path | None) -> str:
    """A file's digest, or a word saying it is absent (an absent registry is an input too)."""
    if path is None:
        return "none"
    try:
        return file_digest(str(path))
    except FileNotFoundError:
        return "missing"


def inputs_digest(*parts: str) -> str:
    return hashlib.sha256("\0".join((FORMAT, *parts)).encode()).hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What one build of a tree read and wrote."""

    inputs: str
    """The digest of everything the build read (see :func:`inputs_digest`)."""
    output: Manifest
    """The tree it wrote."""
    documents: int
    """How many documents it published, to report again."""
    issues: int
    """How many warnings its documents carry (what ``--strict`` counts)."""
    warnings: tuple[tuple[str, str], ...]
    """Its warnings, as (logger, message), to repeat: an unchanged build has the same ones."""


def stamp_path(folder: Path, tree: Path) -> Path:
    """Where the stamp of ``tree`` is kept in ``folder`` (one per output folder)."""
    key = hashlib.sha256(str(Path(tree).resolve()).encode()).hexdigest()[:32]
    return Path(folder) / "builds" / f"{key}.json"


def read_stamp(path: Path) -> Stamp | None:
    """The stamp at ``path``, or None if there is none or it cannot be read (then the
    build is done in full, which is always right)."""
    try:
        data = json.loads(Path(path).read_bytes())
        if data["format"] != FORMAT:
            return None
        output = {str(k): (int(v[0]), int(v[1]), int(v[2]), str(v[3])) for k, v in data["output"].items()}
        return Stamp(str(data["inputs"]), output, int(data["documents"]), int(data["issues"]),
                     tuple((str(n), str(m)) for n, m in data["warnings"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def write_stamp(path: Path, stamp: Stamp) -> None:
    """Record ``stamp``; one that cannot be written only means the next build is done in full."""
    data = {"format": FORMAT, "inputs": stamp.inputs, "documents": stamp.documents, "issues": stamp.issues,
            "warnings": [list(w) for w in stamp.warnings], "output": stamp.output}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError as exc:
        log.warning("%s: cannot record this build (%s); the next one is done in full", path, exc.strerror or exc)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.found: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append((record.name, record.getMessage()))


@contextmanager
def collected_warnings(logger: str = "builder") -> Iterator[list[tuple[str, str]]]:
    """The warnings logged under ``logger`` meanwhile, as (logger, message)."""
    handler = _Collect()
    target = logging.getLogger(logger)
    target.addHandler(handler)
    try:
        yield handler.found
    finally:
        target.removeHandler(handler)


def repeat_warnings(warnings: tuple[tuple[str, str], ...]) -> None:
    for name, message in warnings:
        logging.getLogger(name).warning("%s", message)
