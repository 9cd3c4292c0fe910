"""Long documents on several pages: which units go on which page.

A page of the site stays under ~150 KB whatever the document: a code of law
(民事诉讼法, 民法典) runs to hundreds of KB of text. Such a document is cut
between its top-level units (编, 章, 一、…), and inside one that is itself too
long, between its children; never inside a unit, except a table, which is cut between
its rows (each part opening with the table's heading rows) so that a table of 100,000
rows is many pages of at most ~150 KB, not one of 17 MB. The plan depends on the
document alone (its units' text), so it is the same in every build and every
page that links a unit can say on which page it is.

Page 1 keeps the document's address (``doc/<slug>.html``); page *k* is
``doc/<slug>--<k>.html`` (a slug never holds ``--``). A unit keeps its id on
whichever page it lands.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import HEADED_KINDS, Document, Unit

PAGE_BUDGET = 90_000
"""Estimated bytes of a page's units (their text in UTF-8 and per-unit markup) before it is cut."""
UNIT_MARKUP = 160
"""Bytes of markup a unit adds to its text: its anchor, class, citation label, permalink."""
PAGE_SEPARATOR = "--"


@dataclass(frozen=True)
class Section:
    """A unit placed on a page: ``whole`` with its children, or only its own heading and
    text, its children then following as sections of their own."""

    unit: Unit
    depth: int
    whole: bool = True


CELL_MARKUP = 24
"""Bytes of markup a table cell adds (``<td colspan="2">…</td>``, an empty place's ``<td></td>``)."""


def weight(unit: Unit) -> int:
    own = len(unit.text.encode()) + UNIT_MARKUP + CELL_MARKUP * sum(c.place.colspan for c in unit.cells)
    return own + sum(weight(child) for child in unit.children)


def heading_rows(table: Unit) -> tuple[Unit, ...]:
    """The rows that head a table's columns (every cell a heading), as the renderer reads them."""
    rows = table.children
    head = 0
    while head < len(rows) - 1 and all(c.place.header for c in rows[head].cells):
        head += 1
    return rows[:head]


def table_parts(table: Unit, budget: int) -> list[Unit]:
    """A table too long for one page as consecutive runs of its rows, each within ``budget``
    and each a table of its own (same id) opening with the rows that head its columns, so
    a reader of any page knows what each column is. A row is never cut."""
    head = heading_rows(table)
    rest = table.children[len(head):]
    base = len(table.text.encode()) + UNIT_MARKUP + sum(weight(row) for row in head)
    parts: list[list[Unit]] = [[]]
    size = base
    for row in rest:
        w = weight(row)
        if parts[-1] and size + w > budget:
            parts.append([])
            size = base
        parts[-1].append(row)
        size += w
    return [replace(table, children=(*head, *rows)) for rows in parts]


def _sections(units: tuple[Unit, ...], depth: int, budget: int) -> list[Section]:
    out: list[Section] = []
    for unit in units:
        if unit.kind == "table" and weight(unit) > budget:
            out += [Section(part, depth) for part in table_parts(unit, budget)]
        elif unit.children and weight(unit) > budget:
            out.append(Section(unit, depth, whole=False))
            out += _sections(unit.children, depth + (1 if unit.kind in HEADED_KINDS else 0), budget)
        else:
            out.append(Section(unit, depth))
    return out


def page_plan(doc: Document, budget: int = PAGE_BUDGET) -> tuple[tuple[Section, ...], ...]:
    """The document's units page by page; one page unless they weigh more than ``budget``."""
    if sum(weight(u) for u in doc.units) <= budget:
        return (tuple(Section(u, 0) for u in doc.units),)
    pages: list[list[Section]] = [[]]
    size = 0
    for section in _sections(doc.units, 0, budget):
        w = weight(section.unit) if section.whole else len(section.unit.text.encode()) + UNIT_MARKUP
        if pages[-1] and size + w > budget:
            pages.append([])
            size = 0
        pages[-1].append(section)
        size += w
    return tuple(tuple(page) for page in pages)


def unit_pages(plan: tuple[tuple[Section, ...], ...]) -> dict[str, int]:
    """Unit id -> its page number (1, 2, …), for every unit of a plan."""
    out: dict[str, int] = {}

    def mark(unit: Unit, number: int, whole: bool) -> None:
        # A unit on several pages (a long table, its heading rows) is linked on its first.
        out.setdefault(unit.id, number)
        if whole:
            for child in unit.children:
                mark(child, number, True)

    for number, page in enumerate(plan, 1):
        for section in page:
            mark(section.unit, number, section.whole)
    return out


def page_name(slug: str, number: int) -> str:
    """The file name (without ``.md``/``.html``) of page ``number`` of a document."""
    return slug if number == 1 else f"{slug}{PAGE_SEPARATOR}{number}"
