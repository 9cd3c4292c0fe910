"""Read ``raw/``: the only place bytes are decoded.

Each raw document becomes a :class:`~builder.model.Source` holding its decoded
text, its SHA-256 and its optional sidecar (``<name>.yml``) of curated facts.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import logging
import re
from pathlib import Path

import yaml

from .errors import SourceError
from .model import Erratum, Sidecar, Source

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SIDECAR_SUFFIX = ".yml"

# A scraped page is never this large; a bigger file is a mistake, not a page.
MAX_BYTES = 64 * 1024 * 1024

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Tags whose text is never part of an article.
HTML_JUNK_TAGS = ("script", "style", "nav", "noscript", "iframe", "form", "select", "button", "svg", "template")
HTML_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "blockquote", "pre", "dd", "dt",
)


def read_sources(raw_dir: Path) -> tuple[list[Source], list[SourceError]]:
    """Read every document in ``raw_dir``, sorted by file name.

    Returns:
        The sources that could be read, and an error for each that could not,
        so that one bad file does not hide the problems of the others.
    """
    sources: list[Source] = []
    errors: list[SourceError] = []
    paths = sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    known = TEXT_SUFFIXES | HTML_SUFFIXES
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == SIDECAR_SUFFIX:
            if not _has_document(path):
                errors.append(SourceError(str(path), "sidecar has no document beside it"))
            continue
        if suffix not in known:
            log.warning("%s: not a .txt, .html or .htm file; skipped", path)
            continue
        try:
            sources.append(read_source(path))
        except SourceError as exc:
            errors.append(exc)
    return sources, errors


def _has_document(sidecar: Path) -> bool:
    stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
    return (sidecar.parent / stem).is_file()


def sidecar_path(path: Path) -> Path:
    """The sidecar of a raw file: ``raw/<same name>.yml``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_source(path: Path) -> Source:
    """Read and decode one raw file, with its sidecar if there is one."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(str(path), f"file is {size} bytes, more than the {MAX_BYTES} a page can be")
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
    side = sidecar_path(path)
    sidecar = read_sidecar(side) if side.exists() else Sidecar()
    return Source(
        path=str(path),
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        sidecar=sidecar,
    )


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), else GB18030; refuse binary data.

    Line endings are normalised to ``\\n``.
    """
    if not data.strip():
        raise SourceError(path, "file is empty or holds only white space")
    if data.count(b"\x00") > max(8, len(data) // 1000) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(path, "file holds many NUL bytes: a binary file, not a text document")
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise SourceError(path, "file is empty or holds only white space")
        if _looks_binary(text):
            raise SourceError(path, f"file decodes as {encoding} but is mostly control characters: not a text document")
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    # Say where UTF-8 broke, which is where a person would look.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, "cannot decode as UTF-8 or GB18030 (byte "
                          f"0x{data[exc.start]:02x} at offset {exc.start})", line=line) from None
    raise SourceError(path, "cannot decode as UTF-8 or GB18030")  # pragma: no cover


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\v")
    return controls > max(8, len(sample) // 20)


def html_to_text(markup: str) -> str:
    """Take the article text out of an HTML page, one block per line."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(HTML_JUNK_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    root = soup.find("article") or _largest_content_block(soup) or soup.body or soup
    for tag in root.find_all(HTML_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = root.get_text()
    title = soup.title.get_text(strip=True) if soup.title else ""
    lines = [line.strip() for line in text.split("\n")]
    body = "\n".join(line for line in lines if line)
    if title and title not in body:
        body = f"{title}\n{body}"
    return body + "\n"


def _largest_content_block(soup):
    best, best_len = None, 0
    for tag in soup.find_all(["div", "section", "main", "td"]):
        marker = " ".join([tag.get("id") or "", *(tag.get("class") or [])]).lower()
        if not any(key in marker for key in ("content", "article", "main", "text", "zoom")):
            continue
        size = len(tag.get_text(strip=True))
        if size > best_len:
            best, best_len = tag, size
    return best


class SidecarLoader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates are checked (and reported) by us."""


SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


SIDECAR_KEYS = {
    "slug", "title", "kind", "issuers", "adopted", "published", "doc_number",
    "source_name", "source_url", "short_names", "errata", "anchor_aliases", "old_slugs",
}
ERRATUM_KEYS = {"original", "corrected", "source", "note"}


def read_sidecar(path: Path) -> Sidecar:
    """Parse and validate a sidecar file; every problem names file, line and key."""
    spath = str(path)
    text, _ = decode(path.read_bytes(), spath)
    try:
        node = yaml.compose(text, Loader=SidecarLoader)
        data = yaml.load(text, Loader=SidecarLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(spath, f"malformed YAML: {getattr(exc, 'problem', exc)}",
                          line=mark.line + 1 if mark else None) from None
    if data is None:
        return Sidecar(path=spath)
    if not isinstance(data, dict):
        raise SourceError(spath, "a sidecar must be a mapping of keys to values", line=1)
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {}

    def fail(key: str, message: str) -> SourceError:
        return SourceError(spath, message, line=lines.get(key), key=key)

    for key in data:
        if key not in SIDECAR_KEYS:
            raise fail(key, f"unknown key (known: {', '.join(sorted(SIDECAR_KEYS))})")

    def text_value(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be a non-empty string")
        return value.strip()

    def date_value(key: str) -> datetime.date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise fail(key, f"'{value}' is not a date (write YYYY-MM-DD)") from None

    def list_value(key: str) -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(key, "must be a string or a list of strings")
        return tuple(v.strip() for v in value)

    slug = text_value("slug")
    if slug is not None and not SLUG_RE.match(slug):
        raise fail("slug", f"'{slug}' is not a slug: use lower-case ASCII letters, digits and hyphens")

    errata = []
    raw_errata = data.get("errata") or []
    if not isinstance(raw_errata, list):
        raise fail("errata", "must be a list of corrections")
    for index, entry in enumerate(raw_errata, 1):
        where = f"errata[{index}]"
        if not isinstance(entry, dict):
            raise SourceError(spath, "each erratum is a mapping with original, corrected and source",
                              line=lines.get("errata"), key=where)
        for key in entry:
            if key not in ERRATUM_KEYS:
                raise SourceError(spath, f"unknown key '{key}' (known: {', '.join(sorted(ERRATUM_KEYS))})",
                                  line=lines.get("errata"), key=where)
        values = {}
        for key in ("original", "corrected", "source"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise SourceError(spath, f"'{key}' must be a non-empty string",
                                  line=lines.get("errata"), key=f"{where}.{key}")
            values[key] = value.strip()
        errata.append(Erratum(note=str(entry.get("note") or "").strip(), **values))

    aliases = data.get("anchor_aliases") or {}
    if not isinstance(aliases, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and SLUG_RE.match(k) and SLUG_RE.match(v) for k, v in aliases.items()
    ):
        raise fail("anchor_aliases", "must map old anchor ids to current ones (lower-case ASCII and hyphens)")
    old_slugs = list_value("old_slugs") or ()
    for old in old_slugs:
        if not SLUG_RE.match(old):
            raise fail("old_slugs", f"'{old}' is not a slug")

    issuers = list_value("issuers")
    return Sidecar(
        path=spath,
        slug=slug,
        title=text_value("title"),
        kind=text_value("kind"),
        issuers=issuers,
        adopted=date_value("adopted"),
        published=date_value("published"),
        doc_number=text_value("doc_number"),
        source_name=text_value("source_name"),
        source_url=text_value("source_url"),
        short_names=list_value("short_names") or (),
        errata=tuple(errata),
        anchor_aliases=tuple(sorted(aliases.items())),
        old_slugs=tuple(old_slugs),
    )
