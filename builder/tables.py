"""Tables of a source (HTML, Word, PDF) as lines of text plus the places of their cells.

Every reader gives the anatomy stage lines of text. A table row becomes one line, its
cells joined by `` | `` (the form in which a metadata table is read as key and value);
what the line cannot say, where each cell sits in the table's grid and which cells head
their columns, travels beside it as a :class:`~builder.model.TableRow`. The parse stage
puts the two together again as a table unit whose rows hold their cells.

A cell's text has its line breaks folded into spaces, and a ``|`` of its own becomes the
full-width ``｜``, so that the line splits back into exactly its cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import CellPlace, TableRow

SEPARATOR = " | "
SPLIT_RE = re.compile(r"\s*\|\s*")
CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class SpanCell:
    """A cell as a table states it: HTML's ``<td rowspan colspan>``, a Word cell's grid span."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class GridCell:
    """A cell's text and its place in the grid."""

    text: str
    place: CellPlace


def cell_text(pieces: list[str]) -> str:
    """The lines of one cell as one line: Chinese lines run on, others are spaced."""
    out = ""
    for piece in (re.sub(r"\s+", " ", p).strip() for p in pieces):
        if not piece:
            continue
        if out and not (CJK_EDGE.match(out[-1]) and CJK_EDGE.match(piece[0])):
            out += " "
        out += piece
    return out.replace("|", "｜")


MAX_COLSPAN = 64
"""A span wider than any policy table (a page's colspan="100000" would cost a grid that size)."""


def place(rows: list[list[SpanCell]]) -> list[list[GridCell]]:
    """Put each row's cells in the grid, HTML's way: a cell takes the first column not
    covered by a cell above it that spans down. A span reaches no further than the
    table's last row, nor wider than ``MAX_COLSPAN`` columns."""
    covered: dict[tuple[int, int], bool] = {}
    placed: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        column, out = 0, []
        for cell in row:
            while covered.get((r, column)):
                column += 1
            colspan = min(max(1, cell.colspan), MAX_COLSPAN)
            rowspan = min(max(1, cell.rowspan), len(rows) - r)
            out.append(GridCell(cell.text, CellPlace(column, colspan, rowspan, cell.header)))
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, column + dc)] = True
            column += colspan
        placed.append(out)
    return placed


def row_line(cells: list[GridCell], line: int, table: int) -> tuple[str, TableRow] | None:
    """A row's line (its cells from the first with text to the last) and its places;
    None for a row with no text at all."""
    filled = [i for i, c in enumerate(cells) if c.text]
    if not filled:
        return None
    kept = cells[filled[0]: filled[-1] + 1]
    text = SEPARATOR.join(c.text for c in kept)
    places = tuple(c.place for c in kept)
    return text, TableRow(line, table, places)


def first_row_heads(first: list[str], rows: int) -> bool:
    """Whether a table without marked headings has its columns named in its first row
    (序号 | 任务 | 牵头单位 | 完成时限): several rows below it, short cells of words, no numbers."""
    return rows >= 3 and len(first) >= 2 and all(0 < len(text) <= 12 and not re.search(r"\d", text) for text in first)


def split_cells(text: str, count: int) -> list[str] | None:
    """A row's line back into its ``count`` cells, or None if cleaning changed it so that
    it no longer splits into them."""
    cells = SPLIT_RE.split(text.strip())
    return cells if len(cells) == count else None
