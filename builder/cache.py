"""A cache of analysed documents, so a rebuild re-reads only what changed.

An entry is keyed on everything the analysis of one document depends on: the
raw file's bytes (SHA-256) and name, its sidecar, the glossary and the
builder's own code and lexicon. Entries are JSON of the frozen ``Document``
values, never pickles (a planted pickle runs code), behind a SHA-256 of their
own bytes: a missing, stale, corrupted or foreign entry is a miss, logged and
recomputed. A whole entry is still not trusted (see :func:`untrusted`).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import logging
import types
import typing
from functools import lru_cache
from pathlib import Path

from . import model
from .conserve import check_document
from .escape import SLUG_RE
from .model import Document, Source
from .templates import lines_digest
from .write import replace_file

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
FORMAT = "policy-cache 1"


@lru_cache(maxsize=1)
def builder_version() -> str:
    """A digest of the builder's code and data files (:func:`code_files`) and of the
    libraries that shape its output."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for package in ("opencc", "jieba", "pypinyin", "beautifulsoup4", "pyyaml", "charset-normalizer",
                    "python-docx", "pdfplumber", "pdfminer.six", "python-crfsuite"):
        try:
            digest.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
    for path in code_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# The builder's code and the data it reads as code: the lexicon, the line-role model and
# its feature tables. A change to any of them changes every output.
CODE_SUFFIXES = (".py", ".toml", ".crfsuite", ".tsv", ".yml", ".yaml")


def code_files() -> list[Path]:
    return sorted((p for p in PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()
                   and "__pycache__" not in p.relative_to(PACKAGE).parts), key=lambda p: p.relative_to(PACKAGE).as_posix())


# --- Frozen dataclasses <-> JSON ---------------------------------------------------

def to_data(value):
    """A model value as JSON data (dataclasses as objects, tuples as lists, dates as ISO strings)."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(to_data(v) for v in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls, vars(model))


def from_data(data, hint):
    """Rebuild a value of type ``hint`` from :func:`to_data`'s output; raises on any mismatch."""
    return _converter(hint)(data)


@lru_cache(maxsize=None)
def _converter(hint):
    """A function rebuilding values of type ``hint``, made once per type: a document has
    thousands of values and looking at the type hints for each took most of a cache hit."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        inner = _converter(next(o for o in options if o is not type(None)))
        if type(None) not in options:
            return inner
        return lambda data: None if data is None else inner(data)
    if dataclasses.is_dataclass(hint):
        fields: list = []  # filled on first use: a Unit's children are Units

        def dataclass_value(data):
            if not isinstance(data, dict):
                raise ValueError(f"expected an object for {hint.__name__}")
            if not fields:
                hints = _hints(hint)
                fields.extend((f.name, _converter(hints[f.name])) for f in dataclasses.fields(hint) if f.init)
            return hint(**{name: convert(data[name]) for name, convert in fields})
        return dataclass_value
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return lambda data: tuple(map(item, data))
        items = [_converter(a) for a in args]
        return lambda data: tuple(convert(v) for v, convert in zip(data, items, strict=True))
    if origin is frozenset:
        (arg,) = typing.get_args(hint)
        item = _converter(arg)
        return lambda data: frozenset(map(item, data))
    if hint is datetime.date:
        return datetime.date.fromisoformat
    if hint in (str, int, bool, float):
        def scalar(data):
            if not isinstance(data, hint) or (hint is int and isinstance(data, bool)):
                raise ValueError(f"expected {hint.__name__}")
            return data
        return scalar
    raise ValueError(f"cannot rebuild {hint!r}")


# --- The cache -----------------------------------------------------------------------

def untrusted(doc: Document, source: Source) -> str:
    """Why a cached document may not stand for ``source``, or '' if it may.

    An entry's checksum proves only that it is whole, not that the builder wrote it: one
    planted at the right key (the key is computed from files anyone can read) would be
    published as it stands. So an entry holds no text of its own authority: it must be
    the analysis of exactly the source just read (the same bytes, sidecar and decoded
    text), its ids and slugs must pass the checks fresh ones pass, and its published text
    must pass the conservation check against that source, as a fresh analysis did.
    """
    if doc.source != source or doc.clean.source != source:
        return "it is the analysis of other bytes"
    names = [doc.slug, *doc.former_slugs, *(u.id for u in doc.walk())]
    bad = next((n for n in names if not SLUG_RE.match(n)), None)
    if bad is not None:
        return f"{bad!r} is not an id or slug the builder makes"
    lost = check_document(doc.clean, doc.header, doc.units, doc.removals)
    if lost is not None and lost not in doc.issues:
        return "its text is not the source's"
    return ""


class DocumentCache:
    """Analysed documents on disk, one JSON file per key."""

    def __init__(self, folder: Path | None, glossary_digest: str, writable: bool = True):
        self.folder = folder
        self.glossary_digest = glossary_digest
        self.writable = writable
        self.hits = self.misses = 0

    def key(self, source: Source) -> str:
        # Digests of the bytes that were read once and analysed (sources.read_source), never
        # of the files read again now: a sidecar saved meanwhile must not give the old
        # analysis its new key.
        parts = [builder_version(), self.glossary_digest, source.name, source.path, source.sha256,
                 source.sidecar.sha256, lines_digest(source)]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, source: Source) -> Document | None:
        if self.folder is None:
            return None
        path = self.folder / f"{self.key(source)}.json"
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            header, _, body = raw.partition(b"\n")
            name, digest = header.decode("ascii").rsplit(" ", 1)
            if name != FORMAT or hashlib.sha256(body).hexdigest() != digest:
                raise ValueError("checksum or format does not match")
            doc = from_data(json.loads(body), Document)
            problem = untrusted(doc, source)
            if problem:
                raise ValueError(problem)
        except (ValueError, KeyError, TypeError, StopIteration, UnicodeDecodeError) as exc:
            log.info("cache entry %s is unreadable (%s); recomputed", path.name, exc)
            self.misses += 1
            return None
        self.hits += 1
        return doc

    def put(self, source: Source, doc: Document) -> None:
        if self.folder is None or not self.writable:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.key(source)}.json"
        body = json.dumps(to_data(doc), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        replace_file(path, f"{FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode("ascii") + body)
