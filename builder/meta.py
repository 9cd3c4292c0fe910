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
from .shapes import DELIVERED_RE, ORGAN_RE, is_organ, kind_of, signed_date
from .dates import find_doc_number, is_date_line, parse_date
from .escape import safe_url
from .lexicon import Lexicon, load_lexicon
from .model import CleanText, HeaderLine, Issue, Line, Meta, PageField
from .organs import full_name, load_organs, meeting_organ, page_places, same_organ, split_organs, without_seal

PROMULGATION_RE = re.compile(r"《[^》]+》.{0,6}已(?:经|由)?(?P<rest>.{0,80}?)通过")
ORGAN_TITLE_RE = re.compile(r"^(?P<organ>[^《“\s]{4,40}?)(?:工作报告|公告|通告)$")
"""A title that is an organ's name and a 文种 of its own: 重庆市人民政府工作报告, X县人民政府公告."""
TRUST = ("sidecar", "table", "header", "dateline", "inferred")
TABLE_ORIGINS = ("table", "front-matter")
# A joint document's organs sign one or two to a line above its date: fourteen ministries and
# provinces on seven lines (wide/wa47) is the most the development pages show.
MAX_SIGNATURE_LINES = 16
# Labels of the site's own 发布机构, which name the office that posted the page.
POSTING_LABELS = frozenset({"发布机构", "发布单位", "发布部门"})
OFFICE_RE = re.compile(r"(?:办公室|办公厅)$")
VALIDITY_WORDS = {"有效": "有效", "现行有效": "有效", "失效": "失效", "已失效": "失效", "废止": "已废止",
                  "已废止": "已废止", "已修改": "已修订", "已被修改": "已修订", "已修订": "已修订", "部分失效": "部分失效"}


@dataclass(frozen=True)
class Header:
    """The document's metadata and what the body parser gets."""

    meta: Meta
    lines: tuple[HeaderLine, ...]
    body: tuple[Line, ...]
    attachments: tuple[Attachment, ...]
    issues: tuple[Issue, ...]


def split_issuers(text: str) -> tuple[str, ...]:
    """``中共四川省委 四川省人民政府`` -> two issuers; also when the page letter-spaced
    them and the spaces were collapsed, or a seal note (（代章）) follows."""
    return split_organs(text)


def valid_issuer(value: str) -> bool:
    """An issuer is the name of an organ, not a number or a web site."""
    value = without_seal(value)
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

    def rewrite(self, name: str, change) -> object:
        """Rewrite the value chosen so far for ``name``, keeping where it came from; the old value."""
        if name not in self.values:
            return None
        rank, value, origin = self.values[name]
        self.values[name] = (rank, change(value), origin)
        return value

    def get(self, name: str, default=None):
        return self.values[name][1] if name in self.values else default

    def provenance(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((name, origin) for name, (_, _, origin) in self.values.items()))


def _date(value: str) -> datetime.date | None:
    return parse_date(value) if value else None


def signature(body: tuple[Line, ...]) -> tuple[tuple[str, ...], datetime.date | None]:
    """The issuers and date signing the end of the text (署名 and 成文日期).

    Every organ of a joint document signs: one a line or several, up to
    :data:`MAX_SIGNATURE_LINES` lines above the date.
    """
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
    for text in reversed(lines[-1 - MAX_SIGNATURE_LINES:-1]):
        if is_organ(without_seal(text)) or (split_issuers(text) and all(map(is_organ, split_issuers(text)))):
            organs = [*split_issuers(text), *organs]
        else:
            break
    return tuple(organs), date


def _posting_office(f: PageField, named: tuple[str, ...]) -> bool:
    """Whether a table's issuer is the office that posted the page rather than the organ the
    title names: a 发布机构 naming another body, or the title's organ's own 办公室/办公厅."""
    if not named or f.value in named:
        return False
    return f.label in POSTING_LABELS or (bool(OFFICE_RE.search(f.value)) and not any(map(OFFICE_RE.search, named)))


def full_issuers(issuers: tuple[str, ...], places: dict[str, str], printed: tuple[str, ...]) -> tuple[str, ...]:
    """Each issuer in its full form, once: short forms written out (organs.tsv), a name
    without its place given the one the page names, and a name the page prints more
    fully elsewhere (its signature, its title) taken in that form."""
    table = load_organs()
    pool = [full_name(p, places, table) for p in printed]
    out: list[str] = []
    for issuer in issuers:
        name = full_name(issuer, places, table)
        name = max((p for p in pool if same_organ(name, p)), key=len, default=name)
        if name not in out:
            out.append(name)
    return tuple(out)


def _choose_issuers(c: _Chooser, anatomy: Anatomy, title_text: str, page) -> tuple[str, ...]:
    """Offer the issuers the page states, by trust, then write the one chosen in full.

    The table's, unless the title names the same organ more precisely, or the table
    names the office that posted the page and the title the organ that issued it.
    Returns the issuers as the page printed them.
    """
    sign_issuers, _ = signature(anatomy.body)
    prefix = re.split(r"关于|印发|转发", title_text, maxsplit=1)[0] if re.search(r"关于|印发|转发", title_text) else ""
    if not prefix and (m := ORGAN_TITLE_RE.match(title_text)):
        prefix = m.group("organ")  # 重庆市人民政府工作报告: the organ whose report it is
    prefix_issuers = split_issuers(prefix) if prefix and not prefix.startswith("《") and valid_issuer(prefix.strip()) else ()
    printed: list[str] = [*prefix_issuers, *sign_issuers]
    for f in page("issuer", TABLE_ORIGINS):
        if valid_issuer(f.value):
            issuers = split_issuers(f.value)
            printed += issuers
            if _posting_office(f, prefix_issuers):
                continue
            precise = [p for p in prefix_issuers if any(p != i and abbreviates(i, p) for i in issuers)]
            c.offer("issuers", tuple(precise) or issuers, "table")
    # An order that names the promulgated title names its issuer; then other header lines.
    for f in sorted(page("issuer", ("header",)), key=lambda f: f.label != "令标题"):
        if valid_issuer(f.value):
            printed += split_issuers(f.value)
            c.offer("issuers", split_issuers(f.value), "header")
    # A regulation is issued by the body whose meeting adopted it (its adoption note).
    adopted_by = next((f.value for f in page("adopted_by", ("header",))), "")
    if (organ := meeting_organ(adopted_by)) and valid_issuer(organ):
        printed.append(organ)
        c.offer("issuers", (organ,), "header")
    if sign_issuers and all(valid_issuer(i) for i in sign_issuers):
        c.offer("issuers", sign_issuers, "header")
    c.offer("issuers", prefix_issuers, "inferred")
    # One organ, one issuer: its full name, whichever form the page printed (organs.tsv).
    places = page_places([title_text, *printed, *(h.text for h in anatomy.header if h.role != "title")], load_organs())
    chosen = c.rewrite("issuers", lambda value: full_issuers(tuple(value), places, tuple(printed)))
    return tuple(chosen or ())


def read_meta(clean: CleanText, anatomy: Anatomy, lexicon: Lexicon | None = None) -> Header:
    """Read the document's metadata from its anatomy; the sidecar has the last word."""
    lexicon = lexicon or load_lexicon()
    c = _Chooser()
    side = clean.source.sidecar
    issues: list[Issue] = list(anatomy.issues)
    fields = anatomy.fields

    def page(name: str, origins: tuple[str, ...]) -> list[PageField]:
        return [f for f in fields if f.name == name and f.origin in origins and f.value]

    title_text, title_original = _offer_title(c, clean, anatomy, issues)
    for f in page("doc_number", TABLE_ORIGINS):
        c.offer("doc_number", find_doc_number(f.value), "table")
    for f in page("doc_number", ("header",)):
        c.offer("doc_number", find_doc_number(f.value) or f.value, "header")
    c.offer("doc_number", side.doc_number, "sidecar")
    adopted_by = next((f.value for f in page("adopted_by", ("header",))), "")
    issuers_printed = _choose_issuers(c, anatomy, title_text, page)
    c.offer("issuers", side.issuers, "sidecar")
    _offer_dates(c, anatomy, page, side)
    _offer_status_and_source(c, page, side)
    c.offer("kind", _kind(title_text, anatomy, lexicon), "inferred")
    c.offer("kind", side.kind, "sidecar")

    subtitles = [h.text for h in anatomy.header if h.role == "subtitle"]
    meta = Meta(
        title=title_text,
        title_original=title_original,
        kind=c.get("kind"),
        issuers=tuple(c.get("issuers", ())),
        # A sidecar's issuers are a person's: nothing was rewritten.
        issuers_printed=issuers_printed if dict(c.provenance()).get("issuers") != "sidecar"
        and issuers_printed != tuple(c.get("issuers", ())) else (),
        adopted=c.get("adopted"),
        published=c.get("published"),
        adopted_by=adopted_by,
        doc_number=c.get("doc_number", ""),
        source_name=c.get("source_name", ""),
        source_url=c.get("source_url", ""),
        editor=next((f.value for f in fields if f.name == "editor"), ""),
        subtitle=" ".join(subtitles),
        original_title=next((f.value for f in fields if f.name == "original_title"), ""),
        validity=c.get("validity", ""),
        effective=c.get("effective"),
        provenance=c.provenance(),
    )
    if meta.date is None:
        issues.append(Issue("no-date", "no adoption or publication date found; set one in the sidecar"))
    return Header(meta, anatomy.header, anatomy.body, anatomy.attachments, tuple(issues))


def _offer_title(c: _Chooser, clean: CleanText, anatomy: Anatomy, issues: list[Issue]) -> tuple[str, str]:
    """The title the anatomy chose, else the opening words (with an issue); the sidecar's wins."""
    title = anatomy.title
    if title is None:
        first = anatomy.body[0] if anatomy.body else None
        text = first.text[:40] if first else clean.source.name
        original = first.original[:40] if first else clean.source.name
        issues.append(Issue("no-title", "no title line found; using the opening words", first.number if first else None))
        c.offer("title", (text, original), "inferred")
    else:
        c.offer("title", (title.text, title.original), "table" if title.origin == "table" else "header")
    side = clean.source.sidecar
    if side.title:
        c.offer("title", (side.title, side.title), "sidecar")
    return c.get("title")


def _offer_dates(c: _Chooser, anatomy: Anatomy, page, side) -> None:
    """成文, 发布 and 施行 dates: the table's first, then the header's and the signature's, then datelines."""
    _, sign_date = signature(anatomy.body)
    for name in ("adopted", "published", "effective"):
        for f in page(name, TABLE_ORIGINS):
            c.offer(name, _date(f.value), "table")
    for name in ("adopted", "effective"):
        for f in page(name, ("header",)):
            c.offer(name, _date(f.value), "header")
    if anatomy.wrapper == "order":
        # An order is signed on the day it promulgates what a meeting adopted earlier.
        opening = " ".join(line.text for line in anatomy.body[:2])
        if m := PROMULGATION_RE.search(opening):
            c.offer("adopted", parse_date(m.group("rest")), "header")
        c.offer("published", sign_date, "header")
    c.offer("adopted", sign_date, "header")
    for h in anatomy.header:
        if h.role == "subtitle" and (m := DELIVERED_RE.match(h.text)):
            c.offer("adopted", parse_date(m.group("date")), "header")
    for f in page("published", ("header",)):
        c.offer("published", _date(f.value), "header")
    for f in page("published", ("dateline",)):
        c.offer("published", _date(f.value), "dateline")
    for f in page("generated", TABLE_ORIGINS):
        c.offer("published", _date(f.value), "dateline")
    c.offer("adopted", side.adopted, "sidecar")
    c.offer("published", side.published, "sidecar")


def _offer_status_and_source(c: _Chooser, page, side) -> None:
    """Validity, and where the page was published (its source's name and address)."""
    for f in page("validity", TABLE_ORIGINS + ("header",)):
        c.offer("validity", VALIDITY_WORDS.get(f.value.strip()), "table" if f.origin in TABLE_ORIGINS else "header")
    for f in page("source", TABLE_ORIGINS):
        if not f.value.startswith("http"):
            c.offer("source_name", f.value, "table")
    for f in page("source", ("dateline",)):
        c.offer("source_name", f.value, "dateline")
    for f in page("source_url", TABLE_ORIGINS + ("html-head",)):
        c.offer("source_url", safe_url(f.value), "table" if f.origin in TABLE_ORIGINS else "dateline")
    c.offer("source_name", side.source_name, "sidecar")
    c.offer("source_url", side.source_url, "sidecar")


def _kind(title_text: str, anatomy: Anatomy, lexicon: Lexicon) -> str:
    """The 文种 the title ends with; a letter transmitting a document is a 通知; else a report of a meeting or news."""
    kind = kind_of(title_text, lexicon)
    if anatomy.title is not None and anatomy.title.origin == "attachment" and anatomy.wrapper == "transmittal":
        return "通知"
    if kind:
        return kind
    opening = anatomy.body[0].text.split("。")[0] if anatomy.body else ""
    meeting = any(w in title_text for w in lexicon.meeting_words) or re.search(r"会议.{0,12}召开|召开|主持", opening)
    return "会议报道" if meeting else "新闻报道"
