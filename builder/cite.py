"""How the site cites a document: the citation line 复制引用 copies (the print-out and the
plain-text download open with it too), the GB/T 7714-2015 reference 引用格式 shows, and the
tags reference managers read. Pure functions of the document; no I/O."""

from __future__ import annotations

import re

from .escape import safe_url
from .model import Document
from .organs import full_name, split_organs


def cn_date(date) -> str:
    """``2011-09-22`` as a citation writes it: ``2011年9月22日``."""
    return f"{date.year}年{date.month}月{date.day}日"


def book_title(title: str) -> str:
    """A title in 书名号, once: a title inside it takes the single marks 〈〉 (GB/T 15834-2011,
    4.15.3: 《关于印发〈…办法〉的通知》), and a title the page printed wholly in 《》 is not
    wrapped again."""
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1 and inner.count("》") == 1:
        inner = inner[1:-1]
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def cite_prefix(doc: Document) -> str:
    """How a citation names the document: 中共四川省委 四川省人民政府《关于…的决定》（2011年9月22日）."""
    m = doc.meta
    when = f"（{cn_date(m.date)}）" if m.date else ""
    title, who = m.title, " ".join(m.issuers)
    # The title prints the issuers in its own words (中共四川省委), which the citation keeps.
    if m.issuers and "关于" in title:
        named, rest = title.split("关于", 1)
        if tuple(full_name(p, {}) for p in split_organs(named)) == m.issuers or re.sub(r"\s", "", named) == "".join(
                m.issuers):  # the issuers open the title: name them before it
            return f"{named.strip()}{book_title('关于' + rest)}{when}"
    if m.issuers and not any(i in title for i in (*m.issuers, *m.issuers_printed)):
        return f"{who}{book_title(title)}{when}"
    return f"{book_title(title)}{when}"


def responsible(doc: Document) -> tuple[str, ...]:
    """The 主要责任者 of a reference: the issuing organs; for a text no organ signs (a
    newspaper's report or summary), the paper or site that published it."""
    m = doc.meta
    if m.issuers:
        return m.issuers
    return (m.source_name,) if m.source_name else ()


def is_newspaper(name: str) -> bool:
    """四川日报, 人民日报, 华西都市报: a paper's name ends in 报 (a news site's, 川观新闻, does not)."""
    return name.endswith("报")


# Filled in by the page's script: the cited unit (``: 二、（六）`` or nothing), the reader's
# access date and the unit's published address.
UNIT, ACCESSED, URL = "{unit}", "{accessed}", "{url}"


def gbt7714(doc: Document) -> str:
    """The GB/T 7714-2015 reference of the document (clause 8.8, electronic resources;
    8.4 for a newspaper), with its symbols as the standard prints them (``. ``, ``: ``,
    ``, ``), as a template for ``UNIT``, ``ACCESSED`` and ``URL``:

    ``主要责任者. 题名: 文号[EB/OL]. (发布日期)[引用日期]. 获取和访问路径.`` and for a
    newspaper's text ``主要责任者. 题名[N/OL]. 报纸名, 出版日期[引用日期]. 获取和访问路径.``;
    the date is the 发布 date (the publication), the 成文 date only when none is known.
    A document without a responsible party (none known) opens with its title, as 8.1.2
    allows in the numeric system."""
    m = doc.meta
    who = responsible(doc)
    head = (", ".join(who) + ". " if who else "") + m.title.strip()
    if m.doc_number:
        head += f": {m.doc_number}"
    date = m.published or m.adopted
    when = date.isoformat() if date else ""
    if not m.issuers and is_newspaper(m.source_name):
        return f"{head}{UNIT}[N/OL]. {m.source_name}" + (f", {when}" if when else "") + f"[{ACCESSED}]. {URL}."
    return f"{head}{UNIT}[EB/OL]. " + (f"({when})" if when else "") + f"[{ACCESSED}]. {URL}."


def citation_meta(doc: Document, url: str) -> dict:
    """What reference managers read (Highwire Press ``citation_*``, Dublin Core): the date
    is the publication's, as in the GB/T 7714 reference."""
    m = doc.meta
    date = m.published or m.adopted
    # Zotero's Embedded Metadata translator types a page with citation_technical_report_institution
    # a report (文号 as its number, the issuing organ as its institution); with only citation_title
    # it guesses a journal article, which has no field for a 文号.
    return {"title": m.title, "authors": list(responsible(doc)), "date": date.strftime("%Y/%m/%d") if date else "",
            "institution": "；".join(m.issuers) or m.source_name,
            "publisher": m.source_name, "number": m.doc_number, "type": m.kind, "url": url,
            "source": safe_url(m.source_url)}
