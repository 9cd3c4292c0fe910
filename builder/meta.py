"""Metadata from the anatomy's roles, in a clear order of trust.

For every field the first of these that states it wins, and the document
records which one did (``Meta.provenance``), so the page can say so:

1. ``sidecar``: curated by a person (``raw/<file>.yml``);
2. ``table``: the page's own metadata block (索引号/发文机关/成文日期 …, YAML
   front matter);
3. ``header``: the document's 版头 and header (发文字号, issuer line, adoption
   note, an order's number) and its signature (署名, 成文日期);
4. ``dateline``: the page's date and source line;
5. ``inferred``: read from the title or the text (the kind, issuers before 关于).

A number cited in the body is never the document's own: numbers come only
from the table and the header.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .anatomy import Anatomy, Attachment
from .shapes import ORGAN_RE, is_organ, kind_of, signed_date
from .dates import find_doc_number, is_date_line, parse_date
from .escape import safe_url
from .lexicon import Lexicon, load_lexicon
from .model import CleanText, HeaderLine, Issue, Line, Meta, PageField

ISSUER_SPLIT_RE = re.compile(r"[ \u3000、]+")
PROMULGATION_RE = re.compile(r"《[^》]+》.{0,6}已(?:经|由)?(?P<rest>.{0,80}?)通过")
TRUST = ("sidecar", "table", "header", "dateline", "inferred")
VALIDITY_WORDS = {"有效": "有效", "现行有效": "有效", "失效": "失效", "已失效": "失效", "废止": "已废止",
                  "已废止": "已废止", "已修改": "已修改", "已被修改": "已修改", "部分失效": "部分失效"}


@dataclass(frozen=True)
class Header:
    """The document's metadata and what the body parser gets."""

    meta: Meta
    lines: tuple[HeaderLine, ...]
    body: tuple[Line, ...]
    attachments: tuple[Attachment, ...]
    issues: tuple[Issue, ...]


def split_issuers(text: str) -> tuple[str, ...]:
    """``中共四川省委 四川省人民政府`` -> two issuers."""
    return tuple(p for p in ISSUER_SPLIT_RE.split(text.strip()) if p)


def valid_issuer(value: str) -> bool:
    """An issuer is the name of an organ, not a number or a web site."""
    return bool(value) and bool(ORGAN_RE.match(value.replace("，", "、"))) and not value.endswith(("网站", "网"))


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` shortened (人大常委会 / 人民代表大会常务委员会,
    渝北区政府 / 重庆市渝北区人民政府) or left incomplete (…人民政府 / …人民政府办公室)."""
    rest = iter(full)
    return len(short) < len(full) and all(ch in rest for ch in short)


class _Chooser:
    """Collects candidate values by trust and keeps the first per field."""

    def __init__(self) -> None:
        self.values: dict[str, tuple[int, object, str]] = {}

    def offer(self, name: str, value, origin: str) -> None:
        if value in (None, "", ()):
            return
        rank = TRUST.index(origin)
        if name not in self.values or rank < self.values[name][0]:
            self.values[name] = (rank, value, origin)

    def get(self, name: str, default=None):
        return self.values[name][1] if name in self.values else default

    def provenance(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((name, origin) for name, (_, _, origin) in self.values.items()))


def _date(value: str) -> datetime.date | None:
    return parse_date(value) if value else None


def signature(body: tuple[Line, ...]) -> tuple[tuple[str, ...], datetime.date | None]:
    """The issuers and date signing the end of the text (署名 and 成文日期)."""
    lines = [line.text for line in body]
    while lines and re.match(r"^[（(](?:此件|本件)", lines[-1]):
        lines.pop()
    if not lines:
        return (), None
    last = lines[-1]
    date = parse_date(last) if is_date_line(last) else None
    if date is None and (signed := signed_date(last)) is not None:
        return (), signed
    if date is None:
        return (), None
    organs: list[str] = []
    for text in reversed(lines[-4:-1]):
        if is_organ(text):
            organs = [*split_issuers(text), *organs]
        else:
            break
    return tuple(organs), date


def read_meta(clean: CleanText, anatomy: Anatomy, lexicon: Lexicon | None = None) -> Header:
    """Read the document's metadata from its anatomy; the sidecar has the last word."""
    lexicon = lexicon or load_lexicon()
    c = _Chooser()
    side = clean.source.sidecar
    issues: list[Issue] = list(anatomy.issues)
    fields = anatomy.fields

    def page(name: str, origins: tuple[str, ...]) -> list[PageField]:
        return [f for f in fields if f.name == name and f.origin in origins and f.value]

    TABLE = ("table", "front-matter")
    # Title.
    title = anatomy.title
    if title is None:
        first = anatomy.body[0] if anatomy.body else None
        text = first.text[:40] if first else clean.source.name
        original = first.original[:40] if first else clean.source.name
        issues.append(Issue("no-title", "no title line found; using the opening words", first.number if first else None))
        c.offer("title", (text, original), "inferred")
    else:
        c.offer("title", (title.text, title.original), "table" if title.origin == "table" else "header")
    if side.title:
        c.offer("title", (side.title, side.title), "sidecar")
    title_text, title_original = c.get("title")

    # Document number.
    for f in page("doc_number", TABLE):
        c.offer("doc_number", find_doc_number(f.value), "table")
    for f in page("doc_number", ("header",)):
        c.offer("doc_number", find_doc_number(f.value) or f.value, "header")
    c.offer("doc_number", side.doc_number, "sidecar")

    # Issuers: the table's, unless the title names the same organ more precisely.
    sign_issuers, sign_date = signature(anatomy.body)
    prefix = re.split(r"关于|印发|转发", title_text, maxsplit=1)[0] if re.search(r"关于|印发|转发", title_text) else ""
    prefix_issuers = split_issuers(prefix) if prefix and not prefix.startswith("《") and valid_issuer(prefix.strip()) else ()
    for f in page("issuer", TABLE):
        if valid_issuer(f.value):
            issuers = split_issuers(f.value)
            precise = [p for p in prefix_issuers if any(p != i and abbreviates(i, p) for i in issuers)]
            c.offer("issuers", tuple(precise) or issuers, "table")
    # An order that names the promulgated title names its issuer; then other header lines.
    for f in sorted(page("issuer", ("header",)), key=lambda f: f.label != "令标题"):
        if valid_issuer(f.value):
            c.offer("issuers", split_issuers(f.value), "header")
    if sign_issuers and all(valid_issuer(i) for i in sign_issuers):
        c.offer("issuers", sign_issuers, "header")
    c.offer("issuers", prefix_issuers, "inferred")
    c.offer("issuers", side.issuers, "sidecar")

    # Dates.
    for f in page("adopted", TABLE):
        c.offer("adopted", _date(f.value), "table")
    for f in page("published", TABLE):
        c.offer("published", _date(f.value), "table")
    for f in page("effective", TABLE):
        c.offer("effective", _date(f.value), "table")
    adopted_by = next((f.value for f in page("adopted_by", ("header",))), "")
    for f in page("adopted", ("header",)):
        c.offer("adopted", _date(f.value), "header")
    for f in page("effective", ("header",)):
        c.offer("effective", _date(f.value), "header")
    if anatomy.wrapper == "order":
        # An order is signed on the day it promulgates what a meeting adopted earlier.
        opening = " ".join(line.text for line in anatomy.body[:2])
        if m := PROMULGATION_RE.search(opening):
            c.offer("adopted", parse_date(m.group("rest")), "header")
        c.offer("published", sign_date, "header")
    c.offer("adopted", sign_date, "header")
    for f in page("published", ("header",)):
        c.offer("published", _date(f.value), "header")
    for f in page("published", ("dateline",)):
        c.offer("published", _date(f.value), "dateline")
    for f in page("generated", TABLE):
        c.offer("published", _date(f.value), "dateline")
    c.offer("adopted", side.adopted, "sidecar")
    c.offer("published", side.published, "sidecar")

    # Validity, source, editor, original title.
    for f in page("validity", TABLE + ("header",)):
        status = VALIDITY_WORDS.get(f.value.strip())
        c.offer("validity", status, "table" if f.origin in TABLE else "header")
    for f in page("source", TABLE):
        if not f.value.startswith("http"):
            c.offer("source_name", f.value, "table")
    for f in page("source", ("dateline",)):
        c.offer("source_name", f.value, "dateline")
    for f in page("source_url", TABLE + ("html-head",)):
        c.offer("source_url", safe_url(f.value), "table" if f.origin in TABLE else "dateline")
    c.offer("source_name", side.source_name, "sidecar")
    c.offer("source_url", side.source_url, "sidecar")
    editor = next((f.value for f in fields if f.name == "editor"), "")
    original_title = next((f.value for f in fields if f.name == "original_title"), "")

    # Kind.
    kind = kind_of(title_text, lexicon)
    if title is not None and title.origin == "attachment" and anatomy.wrapper == "transmittal":
        kind = "通知"  # a letter that transmits a document is a 通知
    if not kind:
        opening = anatomy.body[0].text.split("。")[0] if anatomy.body else ""
        meeting = any(w in title_text for w in lexicon.meeting_words) or re.search(r"会议.{0,12}召开|召开|主持", opening)
        kind = "会议报道" if meeting else "新闻报道"
        c.offer("kind", kind, "inferred")
    else:
        c.offer("kind", kind, "inferred")
    c.offer("kind", side.kind, "sidecar")

    subtitles = [h.text for h in anatomy.header if h.role == "subtitle"]
    meta = Meta(
        title=title_text,
        title_original=title_original,
        kind=c.get("kind"),
        issuers=tuple(c.get("issuers", ())),
        adopted=c.get("adopted"),
        published=c.get("published"),
        adopted_by=adopted_by,
        doc_number=c.get("doc_number", ""),
        source_name=c.get("source_name", ""),
        source_url=c.get("source_url", ""),
        editor=editor,
        subtitle=" ".join(subtitles),
        original_title=original_title,
        validity=c.get("validity", ""),
        effective=c.get("effective"),
        provenance=c.provenance(),
    )
    if meta.date is None:
        issues.append(Issue("no-date", "no adoption or publication date found; set one in the sidecar"))
    return Header(meta, anatomy.header, anatomy.body, anatomy.attachments, tuple(issues))
