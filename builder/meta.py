"""Infer a document's metadata from its header lines and the page furniture
the cleaner removed, then let the sidecar override what it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .clean import parse_date, parse_dateline
from .model import CleanText, HeaderLine, Issue, Line, Meta
from .parse import recognise

KINDS = (
    "实施意见", "指导意见", "实施方案", "工作方案", "行动方案", "行动计划", "实施细则", "管理办法",
    "暂行办法", "决定", "意见", "通知", "办法", "规定", "规划", "方案", "条例", "细则", "纲要",
    "计划", "报告", "公告", "通告", "批复", "决议", "公报", "函",
)
"""Document kinds, longest first so 实施意见 wins over 意见."""

ADOPTION_RE = re.compile(r"^（(\d{4}年\d{1,2}月\d{1,2}日)(.*?)）$")
DOC_NUMBER_RE = re.compile(r"^[^\s，。：]{1,16}[〔\[【（(]\d{4}[〕\]】）)]\s*\d{1,4}\s*号$")
ORIGINAL_TITLE_RE = re.compile(r"^原标题[:：]\s*(.+)$")
ISSUER_RE = re.compile(
    r"^[^，。；：“”《》]{2,40}(?:人民政府|办公室|办公厅|委员会|省委|市委|县委|区委|州委|党委|政府|人大常委会|局|厅)$"
)
ISSUER_SPLIT_RE = re.compile(r"[ 、]+")
JOIN_AFTER = ("的", "和", "与", "及", "关于", "暨", "、")
MEETING_RE = re.compile(r"会议|座谈会|调研|召开")


@dataclass(frozen=True)
class Header:
    """The header of a document, separated from its body."""

    meta: Meta
    lines: tuple[HeaderLine, ...]
    body: tuple[Line, ...]
    issues: tuple[Issue, ...]


def is_body_start(line: Line) -> bool:
    """Whether a line begins the body: numbered, an addressee, or prose."""
    text = line.text
    if recognise(text) is not None:
        return True
    if text.startswith("各") and text.endswith(("：", ":")):
        return True
    if len(text) >= 10 and any(p in text for p in "。！？"):
        return True
    return len(text) > 40 and any(p in text for p in "，；")


def join_title_lines(lines: list[Line]) -> list[Line]:
    """Join a title the page split over several lines (关于…的 / 指导意见)."""
    joined: list[Line] = []
    for line in lines:
        if joined:
            prev = joined[-1]
            if prev.text.endswith(JOIN_AFTER) or any(line.text == k for k in KINDS):
                joined[-1] = Line(prev.number, prev.text + line.text, prev.original + line.original)
                continue
        joined.append(line)
    return joined


def find_kind(title: str, body: tuple[Line, ...]) -> str:
    """The kind named in the title, or a kind inferred for news pages."""
    core = title.replace("主要内容", "").rstrip("》")
    for kind in KINDS:
        if core.endswith(kind):
            return kind
    for kind in KINDS:
        if kind in core:
            return kind
    opening = " ".join(line.text for line in body[:2])
    return "会议报道" if MEETING_RE.search(opening) else "新闻报道"


def split_issuers(prefix: str) -> tuple[str, ...]:
    """``中共四川省委 四川省人民政府`` -> two issuers."""
    return tuple(p for p in ISSUER_SPLIT_RE.split(prefix.strip()) if p)


def extract_header(clean: CleanText) -> Header:
    """Split header from body and infer metadata; the sidecar has the last word."""
    lines = clean.lines
    start = next((i for i, line in enumerate(lines) if is_body_start(line)), len(lines))
    if start == len(lines) and len(lines) > 1:
        start = 1  # no recognisable body: everything after the first line is text, not header
    header, body = list(lines[:start]), lines[start:]
    issues: list[Issue] = []

    adopted = None
    adopted_by = doc_number = original_title = ""
    issuers: tuple[str, ...] = ()
    candidates: list[Line] = []
    roles: dict[int, str] = {}
    for line in header:
        text = line.text
        if m := ADOPTION_RE.match(text):
            adopted = parse_date(m.group(1))
            adopted_by = re.sub(r"(通过|发布|印发)$", "", m.group(2)).strip()
            roles[line.number] = "adoption"
        elif m := ORIGINAL_TITLE_RE.match(text):
            original_title = m.group(1)
            roles[line.number] = "original-title"
        elif DOC_NUMBER_RE.match(text):
            doc_number = text.replace(" ", "")
            roles[line.number] = "doc-number"
        elif ISSUER_RE.match(text) and "关于" not in text:
            issuers = issuers or split_issuers(text)
            roles[line.number] = "issuer"
        else:
            candidates.append(line)
            roles[line.number] = "subtitle"
    candidates = join_title_lines(candidates)

    title_line = candidates[0] if candidates else None
    subtitles = []
    for line in candidates[1:]:
        if title_line and title_line.text in line.text:
            title_line = line
        elif title_line and line.text in title_line.text:
            continue
        else:
            subtitles.append(line.text)
    if title_line is None:
        first = body[0] if body else None
        title = first.text[:40] if first else clean.source.name
        title_original = first.original[:40] if first else clean.source.name
        issues.append(Issue("no-title", "no title line found; using the opening words", first.number if first else None))
    else:
        title, title_original = title_line.text, title_line.original
        for line in header:
            if roles[line.number] == "subtitle" and (line.text in title or line.number == title_line.number):
                roles[line.number] = "title"

    if not issuers and "关于" in title:
        prefix = title.split("关于", 1)[0]
        if prefix and not prefix.startswith("《"):
            issuers = split_issuers(prefix)

    published = None
    source_name = editor = ""
    for removal in clean.removals:
        if removal.rule == "dateline":
            dateline = parse_dateline(_simplified(removal.text))
            if dateline:
                published = published or parse_date(dateline.date)
                source_name = source_name or dateline.source
        elif removal.rule == "editor" and not editor:
            m = re.search(r"[:：]\s*(.+?)\s*[)）]?$", _simplified(removal.text))
            editor = m.group(1) if m else ""

    # A signature date closing the document is the date it was signed.
    if body and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", body[-1].text):
        adopted = adopted or parse_date(body[-1].text)

    meta = Meta(
        title=title,
        title_original=title_original,
        kind=find_kind(title, body),
        issuers=issuers,
        adopted=adopted,
        published=published,
        adopted_by=adopted_by,
        doc_number=doc_number,
        source_name=source_name,
        editor=editor,
        subtitle=" ".join(subtitles),
        original_title=original_title,
    )
    if meta.date is None:
        issues.append(Issue("no-date", "no adoption or publication date found; set one in the sidecar"))
    lines_kept = tuple(HeaderLine(line.number, roles[line.number], line.text, line.original) for line in header)
    return Header(apply_sidecar(meta, clean), lines_kept, tuple(body), tuple(issues))


def _simplified(text: str) -> str:
    from .clean import to_simplified_text

    return to_simplified_text(text)


def apply_sidecar(meta: Meta, clean: CleanText) -> Meta:
    """Override inferred metadata with the curated sidecar values."""
    side = clean.source.sidecar
    changes = {
        key: value
        for key, value in {
            "title": side.title,
            "kind": side.kind,
            "issuers": side.issuers,
            "adopted": side.adopted,
            "published": side.published,
            "doc_number": side.doc_number,
            "source_name": side.source_name,
            "source_url": side.source_url,
        }.items()
        if value is not None
    }
    if "title" in changes:
        changes["title_original"] = changes["title"]
    return replace(meta, **changes)
