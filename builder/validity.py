"""Whether a document is in force, from what its page and the corpus say.

A page's 效力 field is rarely there, but other facts often are: a 废止日期 or 失效日期
field, a 有效期至 date or 有效期N年 in the text (from its 施行 date), a 施行 date still to
come, a newer document of the corpus that replaces or amends it. Each is a small named
rule (``RULES``), tried in order; the first that knows wins and says where it came from,
which the page shows beside the status (效力：失效（据正文“有效期5年”，自2019-01-01施行）).

The status is judged as of a date (``BuildConfig.as_of``, the day of the build), so it runs
after the cache, on the whole corpus, and never changes what is cached.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .dates import parse_date
from .model import Document
from .parse import cn_to_int

IN_FORCE, EXPIRED, REPEALED, AMENDED, NOT_YET = "有效", "失效", "已废止", "已修订", "尚未施行"
STATUSES = (IN_FORCE, EXPIRED, REPEALED, AMENDED, NOT_YET)

DATE = r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})"
# 有效期5年, 有效期为三年, 有效期限为2年 (the period a 规范性文件 must state).
PERIOD_RE = re.compile(r"有效期(?:限)?(?:为|是)?\s*([一二两三四五六七八九十\d]{1,3})\s*年")
# 有效期至2025年12月31日, 有效期截至2025-12-31.
UNTIL_RE = re.compile(r"有效期(?:限)?(?:至|截至|截止到?|到)\s*" + DATE)
# 自2020年1月1日起施行, 自印发之日起施行, 自发布之日起实施.
EFFECTIVE_RE = re.compile(r"自\s*(?:" + DATE + r"|(印发|发布|公布|下发|颁布)之日)\s*起\s*(?:施行|实施|执行|生效)")
# The page's own fields that end a document: 废止日期 repeals it, 失效日期 ends its term.
REPEAL_LABELS = ("废止",)


@dataclass(frozen=True)
class Judgement:
    """A status and what it rests on, as the reader is told (据…)."""

    status: str
    basis: str


def text_of(doc: Document) -> str:
    return "\n".join(u.text for u in doc.walk())


def add_years(date: datetime.date, years: int) -> datetime.date:
    """The day a term of ``years`` from ``date`` ends: 2019-01-01 + 5 years -> 2023-12-31."""
    try:
        end = date.replace(year=date.year + years)
    except ValueError:  # 29 February
        end = date.replace(year=date.year + years, day=28)
    return end - datetime.timedelta(days=1)


def effective_date(doc: Document) -> tuple[datetime.date | None, str]:
    """The 施行 date and where it was read: the page's field (施行日期), else the text's
    自…起施行 (自印发之日: the document's date; 自发布之日: its publication's)."""
    m = doc.meta
    if m.effective:
        return m.effective, "施行日期"
    found = EFFECTIVE_RE.search(text_of(doc))
    if not found:
        return None, ""
    said = "正文“" + re.sub(r"\s", "", found.group(0)) + "”"
    if found.group(1):
        return parse_date(found.group(1)), said
    date = m.published or m.adopted if found.group(2) in ("发布", "公布") else m.adopted or m.published
    return date, said


def stated(doc: Document, related: dict, as_of: datetime.date) -> Judgement | None:
    """The page's or sidecar's own 效力 (有效, 已废止 …): what the publisher says wins."""
    if doc.meta.validity:
        return Judgement(doc.meta.validity, "")
    return None


def replaced(doc: Document, related: dict, as_of: datetime.date) -> Judgement | None:
    """A document of the corpus replaces (取代) or amends (修改) this one: its sidecar says so."""
    for key, status in (("supersedes", REPEALED), ("amends", AMENDED)):
        newer = [d for d in related.values() if doc.slug in getattr(d.source.sidecar, key)]
        if newer:
            by = newer[0]
            when = f"（{by.meta.date.year}年）" if by.meta.date else ""
            return Judgement(status, f"据《{by.meta.title}》{when}")
    return None


def ended_by_field(doc: Document, related: dict, as_of: datetime.date) -> Judgement | None:
    """The page's 废止日期 / 失效日期 field (废止时间, 失效时间): past, the document no longer
    applies; still to come, it applies until then."""
    for f in doc.fields:
        if f.name != "expired" or not f.value.strip():
            continue
        date = parse_date(f.value)
        if date is None:
            continue
        label = re.sub(r"\s", "", f.label)
        basis = f"据“{label}：{date.isoformat()}”"
        if date > as_of:
            return Judgement(IN_FORCE, basis)
        return Judgement(REPEALED if any(w in label for w in REPEAL_LABELS) else EXPIRED, basis)
    return None


def term_in_text(doc: Document, related: dict, as_of: datetime.date) -> Judgement | None:
    """The text's 有效期至… or 有效期N年 (counted from the 施行 date): a term that has run
    out is 失效, one still running 有效."""
    text = text_of(doc)
    until = UNTIL_RE.search(text)
    if until and (end := parse_date(until.group(1))):
        said = re.sub(r"\s", "", until.group(0))
        return Judgement(EXPIRED if end < as_of else IN_FORCE, f"据正文“{said}”")
    period = PERIOD_RE.search(text)
    if not period:
        return None
    start, said = effective_date(doc)
    if start is None:
        return None
    try:
        years = cn_to_int(period.group(1))
    except ValueError:
        return None
    end = add_years(start, years)
    basis = f"据正文“{period.group(0)}”，自{start.isoformat()}施行（据{said}），至{end.isoformat()}"
    return Judgement(EXPIRED if end < as_of else IN_FORCE, basis)


def not_yet_in_force(doc: Document, related: dict, as_of: datetime.date) -> Judgement | None:
    """A 施行 date still to come: published, not yet applied."""
    start, said = effective_date(doc)
    if start and start > as_of:
        return Judgement(NOT_YET, f"{start.isoformat()}起施行，据{said}")
    return None


Rule = Callable[[Document, dict, datetime.date], "Judgement | None"]
RULES: tuple[Rule, ...] = (stated, replaced, ended_by_field, not_yet_in_force, term_in_text)
"""Tried in this order: the publisher's word, the corpus, the page's fields, the text."""


def judge(doc: Document, corpus: dict[str, Document], as_of: datetime.date) -> Judgement | None:
    """The first rule that knows the document's status, or None (未标注)."""
    for rule in RULES:
        found = rule(doc, corpus, as_of)
        if found is not None:
            return found
    return None


def judge_validity(documents: list[Document], as_of: datetime.date) -> list[Document]:
    """Every document with its status and its basis (``Meta.validity``, ``Meta.validity_basis``)."""
    corpus = {d.slug: d for d in documents}
    out = []
    for doc in documents:
        found = judge(doc, corpus, as_of)
        if found is None or (found.status == doc.meta.validity and not found.basis):
            out.append(doc)
            continue
        provenance = tuple(p for p in doc.meta.provenance if p[0] != "validity") + (("validity", "inferred"),)
        out.append(replace(doc, meta=replace(doc.meta, validity=found.status, validity_basis=found.basis,
                                             provenance=provenance)))
    return out
