"""Copies of one document, merged into one page field by field.

One document often reaches ``raw/`` more than once: a notice's web page saved as .html or
.txt beside its Word or PDF file, or one page saved twice. Each copy is analysed on its own
(stages 2-5); once all are gathered, the copies are found (``group_copies``) and merged
(``merge_copies``): the text comes from the copy most trusted for the text, every metadata
field from the copy most trusted for that field (``COPY_TRUST``), and the page and the JSON
list every copy with what it supplied. Nothing a copy states is dropped: its page fields
are kept under its file name, and a value the copies disagree on is a warning naming both.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from .dates import all_dates
from .errors import SourceError
from .link import make_slug
from .meta import TRUST
from .model import Document, GlossaryTerm, Issue, Meta, OtherCopy, Sidecar

log = logging.getLogger(__name__)

# What a copy is, by how it was read: the file as the organ issued it, or a web page of it
# (a portal's page saved as .html, or its text saved as .txt or .md).
COPY_KIND = {"docx": "document", "pdf": "document", "html": "page", "text": "page", "markdown": "page"}

# Which copy is trusted first for each field. A sidecar's value beats every copy's, and a
# value a copy only infers (the kind, issuers before 关于 in a title) yields to one another
# copy states; among stated values the copy this table names first wins, and within a copy
# its own order of trust (``builder/meta.py``: metadata table, 版头 and 落款, dateline).
COPY_TRUST: dict[str, tuple[str, str]] = {
    # The file as issued: its own words and numbering, none of the page's furniture.
    "text": ("document", "page"),
    # The title paragraph, 版头, 发文字号, 署名 and 落款 date of the file as issued: a portal's
    # page retypes them, and may name the office that posted it as the issuer.
    "title": ("document", "page"),
    "issuers": ("document", "page"),
    "doc_number": ("document", "page"),
    "adopted": ("document", "page"),
    "effective": ("document", "page"),
    # Publication is the portal's act (a file cannot know when it was posted), and its
    # 信息公开 record of 效力 is kept up to date (a file cannot say it was repealed later).
    "published": ("page", "document"),
    "validity": ("page", "document"),
    # These describe the page the document was found on.
    "source_name": ("page", "document"),
    "source_url": ("page", "document"),
    "editor": ("page", "document"),
    "original_title": ("page", "document"),
}

# Values read together, taken from the copy their field came from: a title with its
# original wording and subtitle, a 成文日期 with the meeting that adopted it.
COMPANIONS = {"title": ("title_original", "subtitle"), "adopted": ("adopted_by",)}

# Sidecar values that are curated promises: two copies' sidecars may not say two things.
CURATED = ("slug", "title", "kind", "issuers", "adopted", "published", "doc_number", "source_name", "source_url")
CURATED_LISTS = ("short_names", "old_slugs", "supersedes", "amends", "anchor_aliases")


# --- Which files are copies of one document ---------------------------------------

NUMBER_WITH_YEAR = re.compile(r"〔\d{4}〕")
HAN = re.compile(r"[\u4e00-\u9fff]")
OPENING_CHARS = 60


def opening(doc: Document) -> str:
    """The first Chinese characters of the text: two scrapes of one document open alike
    (whatever their punctuation or furniture), two parts of one code under one title
    (民法典's 总则 and 合同编, saved a file each) do not."""
    found: list[str] = []
    for unit in doc.walk():
        found += HAN.findall(unit.text)
        if len(found) >= OPENING_CHARS:
            break
    return "".join(found[:OPENING_CHARS])


def copy_keys(doc: Document) -> tuple[tuple | None, tuple | None]:
    """What makes two files one document: a full document number (with the issuers, unless it
    names its organ), or the same title on the same date with the same opening text (see
    ``opening``), each in the same version: a law revised in 2024 keeps its 1982 adoption
    date and title, and its dated history lines (2024年3月11日…修订) say which text it is."""
    m = doc.meta
    version = max((d for h in doc.header if h.role == "adoption" for d in all_dates(h.text)), default=None)
    number = None
    if found := NUMBER_WITH_YEAR.search(m.doc_number):
        # A number with its organ's prefix (旺府办发〔2017〕24号) is one document whoever the copy
        # names as issuer (a page may name the office that posted it); a bare 〔2017〕24号 is not.
        prefixed = bool(HAN.search(m.doc_number[:found.start()]))
        number = ("number", m.doc_number, () if prefixed else m.issuers, version)
    title = ("title", re.sub(r"[\s《》]", "", m.title), m.date, version, opening(doc)) if m.date else None
    return number, title


def _numbered(doc: Document) -> bool:
    return bool(NUMBER_WITH_YEAR.search(doc.meta.doc_number))


def group_copies(documents: list[Document]) -> list[list[Document]]:
    """The documents in groups of copies of one document, each group and the groups in
    file-name order. Files are copies when their document numbers agree (with the issuers),
    or, where one of them states no number (a Word file whose 版头 the reader did not find,
    a page without its 信息公开 table), when title, date and opening text agree; two files
    of the same title and text but different numbers are two documents."""
    groups: list[list[Document]] = []
    by_number: dict[tuple, list[Document]] = {}
    by_title: dict[tuple, list[Document]] = {}
    for doc in sorted(documents, key=lambda d: d.source.name):
        number, title = copy_keys(doc)
        group = by_number.get(number) if number else None
        if group is None and title:
            candidate = by_title.get(title)
            if candidate and all(not _numbered(d) or d.meta.doc_number == doc.meta.doc_number for d in candidate):
                group = candidate
        if group is None:
            group = []
            groups.append(group)
        group.append(doc)
        if number:
            by_number.setdefault(number, group)
        if title:
            by_title.setdefault(title, group)
    return groups


# --- Merging -------------------------------------------------------------------------

def copy_kind(doc: Document) -> str:
    return COPY_KIND.get(doc.source.format, "page")


def _stated(meta: Meta, field: str) -> bool:
    return getattr(meta, field) not in (None, "", ())


def _origin(doc: Document, field: str) -> str:
    """Where the copy's value of the field came from (fields without a recorded origin, the
    page's editor and 原标题, are all on one footing)."""
    return dict(doc.meta.provenance).get(field, "header")


def _trust(doc: Document, field: str, order: tuple[str, ...]) -> tuple[int, int, int, int]:
    """How much a copy's value of a field is trusted, most first (see ``COPY_TRUST``)."""
    origin = _origin(doc, field)
    kind = order.index(copy_kind(doc)) if order else 0
    return origin != "sidecar", origin == "inferred", kind, TRUST.index(origin)


def _shown(value) -> str:
    if isinstance(value, tuple):
        return "、".join(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _same(field: str, a, b) -> bool:
    if field == "title":
        return re.sub(r"[\s《》]", "", a) == re.sub(r"[\s《》]", "", b)
    return a == b


def choose_fields(copies: list[Document], text: Document) -> dict[str, Document]:
    """For every field some copy states, the copy its value is taken from."""
    chosen: dict[str, Document] = {}
    for field, order in COPY_TRUST.items():
        if field == "text":
            continue
        stating = [d for d in copies if _stated(d.meta, field)]
        if stating:
            chosen[field] = min(stating, key=lambda d: (_trust(d, field, order), d is not text, d.source.name))
    # The kind is read from the title (or set by a sidecar): it goes with the title's copy.
    stating = [d for d in copies if _stated(d.meta, "kind")]
    if stating:
        chosen["kind"] = min(stating, key=lambda d: (_trust(d, "kind", ()), d is not chosen.get("title", text),
                                                     d is not text, d.source.name))
    return chosen


def disagreements(copies: list[Document], chosen: dict[str, Document]) -> list[Issue]:
    """A value one copy states otherwise than the copy it was taken from: kept in a warning
    naming both files, so a reader can check which is right."""
    issues = []
    for field, winner in sorted(chosen.items()):
        value = getattr(winner.meta, field)
        for doc in copies:
            other = getattr(doc.meta, field)
            if doc is winner or not _stated(doc.meta, field) or _same(field, value, other):
                continue
            if "inferred" in (_origin(doc, field), _origin(winner, field)):
                continue  # an inference (the kind from a title) is no statement to weigh
            issues.append(Issue("copies-disagree",
                                f"{field}: {_shown(value)} in {winner.source.name}, "
                                f"{_shown(other)} in {doc.source.name}; {_shown(value)} is published (the copy more "
                                "trusted for it); correct the other in a sidecar if it is right"))
    return issues


def merged_meta(text: Document, chosen: dict[str, Document]) -> Meta:
    values: dict[str, object] = {}
    provenance = dict(text.meta.provenance)
    for field, doc in chosen.items():
        values[field] = getattr(doc.meta, field)
        if field in dict(doc.meta.provenance):
            provenance[field] = dict(doc.meta.provenance)[field]
        for companion in COMPANIONS.get(field, ()):
            values[companion] = getattr(doc.meta, companion)
    adopted = chosen.get("adopted")
    if adopted is not None and not adopted.meta.adopted_by:
        # Another copy may name the meeting that adopted it on that very date.
        values["adopted_by"] = next((d.meta.adopted_by for d in chosen.values()
                                     if d.meta.adopted == adopted.meta.adopted and d.meta.adopted_by), "")
    return replace(text.meta, **values, provenance=tuple(sorted(provenance.items())))


def merged_sidecar(text: Document, others: list[Document]) -> tuple[Sidecar, list[SourceError]]:
    """The copies' sidecars as one: curated values may be set in any of them but not set
    differently in two; lists are joined. Errata stay with the copy they correct."""
    errors: list[SourceError] = []
    sides = [d.source.sidecar for d in (text, *others)]
    values: dict[str, object] = {}
    for key in CURATED:
        setting = [(side, getattr(side, key)) for side in sides if getattr(side, key) not in (None, "", ())]
        distinct = list(dict.fromkeys(value for _, value in setting))
        if len(distinct) > 1:
            paths = ", ".join(f"{side.path} ({_shown(value)})" for side, value in setting)
            errors.append(SourceError(setting[0][0].path, f"'{key}' is set differently in the sidecars of copies of "
                                      f"one document: {paths}; set it in one of them", key=key))
        elif distinct:
            values[key] = distinct[0]
    for key in CURATED_LISTS:
        values[key] = tuple(dict.fromkeys(x for side in sides for x in getattr(side, key)))
    path = next((side.path for side in sides if side.path), None)
    return replace(sides[0], path=path, **values), errors


def check_aliases(text: Document, others: list[Document]) -> list[SourceError]:
    """A copy's ``anchor_aliases`` must fit the text published, which may be another copy's."""
    ids = {u.id for u in text.walk()}
    errors = []
    for doc in others:
        for old, new in doc.source.sidecar.anchor_aliases:
            if new not in ids or old in ids:
                what = f"alias target '{new}' is not an anchor" if new not in ids else f"'{old}' is still an anchor"
                errors.append(SourceError(doc.source.sidecar.path or doc.source.path,
                                          f"{what} of the text published from {text.source.name}, a copy of this "
                                          "document", key=f"anchor_aliases.{old}"))
    return errors


def merge_copies(copies: list[Document], glossary: tuple[GlossaryTerm, ...]) -> tuple[Document, list[SourceError]]:
    """One document from its copies (in file-name order): the text from the copy most
    trusted for text, each field from the copy most trusted for it."""
    text = min(copies, key=lambda d: (COPY_TRUST["text"].index(copy_kind(d)), d.source.name))
    others = [d for d in copies if d is not text]
    chosen = choose_fields(copies, text)
    meta = merged_meta(text, chosen)
    sidecar, errors = merged_sidecar(text, others)
    errors += check_aliases(text, others)
    also_from = tuple(
        OtherCopy(d.source.name, d.source.sha256, d.source.format, d.source.reader,
                  tuple(f for f in sorted(chosen) if chosen[f] is d), d.source.sidecar.retrieved)
        for d in others)
    taken = "; ".join(f"{', '.join(c.fields)} from {c.name}" for c in also_from if c.fields)
    issues = [Issue("same-document", f"{'、'.join(d.source.name for d in others)} hold(s) the same document: one page, "
                    f"its text from {text.source.name}" + (f", {taken}" if taken else ""))]
    issues += disagreements(copies, chosen)
    for doc in others:
        if doc.source.sidecar.errata:
            issues.append(Issue("errata-not-applied", f"the errata of {doc.source.sidecar.path} correct "
                                f"{doc.source.name}, but the text is published from {text.source.name}; move them "
                                f"to {text.source.name}.yml"))
    # A gap in the text's copy that another copy fills is no gap of the document.
    filled = {"no-date": meta.date is not None, "no-title": "title" in chosen and chosen["title"] is not text}
    kept = tuple(i for i in text.issues if not filled.get(i.code))
    for issue in issues:
        log.warning("%s: %s", text.source.path, issue.message)
    doc = replace(
        text,
        slug=make_slug(meta, sidecar, glossary),
        source=replace(text.source, sidecar=sidecar),
        meta=meta,
        issues=kept + tuple(issues),
        fields=text.fields + tuple(replace(f, file=d.source.name) for d in others for f in d.fields),
        also_from=also_from,
    )
    return doc, errors


def merge_same_documents(documents: list[Document],
                         glossary: tuple[GlossaryTerm, ...]) -> tuple[list[Document], list[SourceError]]:
    """Every document once: copies of one document merged (``merge_copies``)."""
    out: list[Document] = []
    errors: list[SourceError] = []
    for group in group_copies(documents):
        if len(group) == 1:
            out.append(group[0])
            continue
        doc, more = merge_copies(group, glossary)
        out.append(doc)
        errors += more
    return out, errors

