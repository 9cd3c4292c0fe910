"""Read and validate the curated glossary (``glossary.yml``)."""

from __future__ import annotations

from pathlib import Path

from .errors import SourceError
from .escape import SLUG_RE
from .model import GlossaryTerm
from .safeyaml import compose_and_load

TERM_KEYS = {"term", "slug", "category", "traditional", "aliases", "description"}


MAX_GLOSSARY_BYTES = 1024 * 1024


def read_glossary(path: Path, data: bytes | None = None) -> tuple[GlossaryTerm, ...]:
    """Load the glossary (from ``data``, its bytes as already read, if given) with the
    bounded loader; every problem names the file, the line and the key."""
    spath = str(path)
    raw = path.read_bytes() if data is None else data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(spath, f"not UTF-8 (byte at offset {exc.start})") from None
    _, data = compose_and_load(text, spath, "the glossary", MAX_GLOSSARY_BYTES)
    entries = (data or {}).get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourceError(spath, "expected a mapping with a 'terms' list", key="terms")
    terms: list[GlossaryTerm] = []
    seen_slugs: set[str] = set()
    seen_forms: dict[str, str] = {}
    for index, entry in enumerate(entries, 1):
        where = f"terms[{index}]"
        if not isinstance(entry, dict):
            raise SourceError(spath, "each term is a mapping", key=where)
        unknown = set(entry) - TERM_KEYS
        if unknown:
            raise SourceError(spath, f"unknown key(s) {sorted(unknown)}", key=where)
        term, slug = entry.get("term"), entry.get("slug")
        if not isinstance(term, str) or not term.strip():
            raise SourceError(spath, "'term' must be a non-empty string", key=f"{where}.term")
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            raise SourceError(spath, f"'slug' of {term} must be lower-case ASCII words joined by hyphens",
                              key=f"{where}.slug")
        if slug in seen_slugs:
            raise SourceError(spath, f"slug '{slug}' is used twice", key=f"{where}.slug")
        seen_slugs.add(slug)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise SourceError(spath, "'aliases' must be a list of strings", key=f"{where}.aliases")
        for form in (term, *aliases):
            if form in seen_forms:
                raise SourceError(spath, f"'{form}' already belongs to {seen_forms[form]}", key=where)
            seen_forms[form] = term
        terms.append(
            GlossaryTerm(
                term=term.strip(),
                slug=slug,
                category=str(entry.get("category") or "其他"),
                traditional=str(entry.get("traditional") or ""),
                aliases=tuple(a.strip() for a in aliases),
                description=str(entry.get("description") or ""),
            )
        )
    return tuple(terms)

