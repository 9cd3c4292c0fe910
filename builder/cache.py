"""A cache of analysed documents, so a rebuild re-reads only what changed.

An entry is keyed on everything the analysis of one document depends on: the
raw file's bytes (SHA-256) and name, its sidecar, the glossary and the
builder's own code. Entries are pickles of the frozen ``Document`` values; a
missing, stale or unreadable entry is simply recomputed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from functools import lru_cache
from pathlib import Path

from .model import Document, Source

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def builder_version() -> str:
    """A digest of the builder's code and of the libraries that shape its output."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for package in ("opencc", "jieba", "pypinyin", "beautifulsoup4", "pyyaml"):
        try:
            digest.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
    for path in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("*.toml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class DocumentCache:
    """Analysed documents on disk, one file per key."""

    def __init__(self, folder: Path | None, glossary_digest: str):
        self.folder = folder
        self.glossary_digest = glossary_digest
        self.hits = self.misses = 0

    def key(self, source: Source) -> str:
        sidecar = Path(source.sidecar.path).read_bytes() if source.sidecar.path else b""
        parts = [builder_version(), self.glossary_digest, source.name, source.path, source.sha256,
                 hashlib.sha256(sidecar).hexdigest()]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, source: Source) -> Document | None:
        if self.folder is None:
            return None
        path = self.folder / f"{self.key(source)}.pickle"
        try:
            with path.open("rb") as handle:
                doc = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return doc

    def put(self, source: Source, doc: Document) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.key(source)}.pickle"
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
