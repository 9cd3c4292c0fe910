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


MAX_COLUMNS = 64
"""A table wider than any policy table: no cell reaches past this column."""
GRID_PER_CELL = 16
"""Places of the grid a table may fill per cell it really has: its spans together cover
at most this many times its cell count, so the grid (and the time and memory placing it
takes) is bounded by the table's real cells (beyond a 64 x 64 grid any table may fill),
not by what its spans claim. A 67 KB page of
cells with ``colspan="100000" rowspan="65534"`` took 5.6 GB."""


def place(rows: list[list[SpanCell]]) -> list[list[GridCell]]:
    """Put each row's cells in the grid, HTML's way: a cell takes the first column not
    covered by a cell above it that spans down.

    A span reaches no further than the table's last row nor past column ``MAX_COLUMNS``,
    and the spans of a table cover no more than ``GRID_PER_CELL`` places per real cell
    (a span beyond that is cut, in reading order). A cell that finds no free column takes
    the last one without covering it: the renderer shows such a cell after its row's
    others, so its text is never lost."""
    # A small table may always fill a 64 x 64 grid (a title row spanning it all).
    spare = (GRID_PER_CELL - 1) * sum(len(row) for row in rows) + MAX_COLUMNS * MAX_COLUMNS
    covered: set[tuple[int, int]] = set()
    placed: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        column, out = 0, []
        for cell in row:
            while (r, column) in covered and column < MAX_COLUMNS:
                column += 1
            if column >= MAX_COLUMNS:
                out.append(GridCell(cell.text, CellPlace(MAX_COLUMNS - 1, 1, 1, cell.header)))
                continue
            colspan = min(max(1, cell.colspan), MAX_COLUMNS - column)
            rowspan = min(max(1, cell.rowspan), len(rows) - r)
            if colspan * rowspan - 1 > spare:
                rowspan = max(1, (spare + 1) // colspan)
                colspan = min(colspan, spare + 1)
            spare -= colspan * rowspan - 1
            out.append(GridCell(cell.text, CellPlace(column, colspan, rowspan, cell.header)))
            covered.update((r + dr, column + dc) for dr in range(rowspan) for dc in range(colspan))
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
