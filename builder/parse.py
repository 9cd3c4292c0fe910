"""Cleaned body lines -> a tree of units, keeping source line numbers.

Numbering forms are recognised by a registry of small ``Numbering`` objects
(in the spirit of Python-Markdown's block processors): each knows its pattern,
its rank in the hierarchy and the prefix of its ids. A new numbered unit
closes every open unit of the same or a lower rank; an unnumbered line is a
paragraph of whatever unit is open.

Ids (see README, "Anchors"): ``<parent id>-<prefix>-<number>``, e.g.
``part-2-clause-5``; paragraphs are counted within their parent,
``part-2-clause-5-para-1``, or ``para-3`` at the top level. A table is counted within
its parent too, and its rows within it: ``part-2-table-1-row-3``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import is_date_line
from .model import UNIT_RANKS, Cell, Issue, Line, TableRow, Unit
from .tables import split_cells

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int:
    """Chinese or Arabic numeral -> int: ``二十一`` -> 21, ``一百零五`` -> 105."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + digit


@dataclass(frozen=True)
class Numbering:
    """One numbering form: how to recognise it and how to name its units."""

    kind: str
    pattern: re.Pattern
    prefix: str
    """Id prefix, e.g. ``clause`` in ``part-2-clause-5``."""
    titled: bool
    """Whether the whole line is a title (一、总体要求) rather than a lead sentence."""
    number_only: bool = False
    """Whether the number alone heads the unit: a law's article (第三条) has no title, its
    first sentence is already the provision, so it is not repeated as a heading."""
    outline: bool = False
    """A decimal outline number (1.2.3): the number names the unit in full, so its id is
    the number (``o-1-2-3``), not its parent's id plus its own."""

    @property
    def rank(self) -> int:
        return UNIT_RANKS[self.kind]

    def match(self, text: str) -> tuple[str, int, str] | None:
        """Return (number as printed, value, rest of line), or None."""
        m = self.pattern.match(text)
        if not m:
            return None
        try:
            value = cn_to_int(m.group(1))
        except ValueError:
            return None
        rest = text[m.end() :].strip()
        if not rest and self.kind in ("part", "clause", "item", "subitem"):
            return None
        if self.outline:
            # An outline heading is a title (1 总则, 1.1 编制目的), never a sentence: 5 月份…，
            # 1.5 万元以下的… are text that starts with a number.
            if not rest or len(rest) > OUTLINE_TITLE_MAX or OUTLINE_PROSE_RE.search(rest) \
                    or OUTLINE_MEASURE_RE.match(rest):
                return None
            value = int(m.group(0).strip().split(".")[-1])
        if self.kind == "article" and REFERENCE_AFTER_ARTICLE.match(rest):
            return None  # 第三十一条的决定, 第十条至第十五条: a line that cites an article, broken before it
        return m.group(0).strip(), value, rest


# After 第X条, what begins a reference to the article, never its text: 第三十一条的决定,
# 第五条、第六条, 第三条和第五条, 第十条至第十五条, 第二十五条第（三）项, 第八条第二款
# (not 和解, 及时, 至少, which can open an article).
REFERENCE_AFTER_ARTICLE = re.compile(r"^(?:[的、]|[和及与至或]第|第[（(]?[一二三四五六七八九十\d]+[）)]?[款项目])")

NUMBERINGS: tuple[Numbering, ...] = (
    Numbering("chapter", re.compile(rf"^第([{CN_NUM}\d]+)章(?:\s+|(?=\S))"), "chap", True),
    Numbering("section", re.compile(rf"^第([{CN_NUM}\d]+)节(?:\s+|(?=\S))"), "sec", True),
    Numbering("article", re.compile(rf"^第([{CN_NUM}\d]+)条(?:之([{CN_NUM}]+))?(?:\s+|(?=\S)|$)"), "art", False, True),
    Numbering("part", re.compile(rf"^([{CN_NUM}]+)[、．.]\s*"), "part", True),
    Numbering("clause", re.compile(rf"^[（(]([{CN_NUM}]+)[）)]\s*"), "clause", False),
    Numbering("item", re.compile(r"^(\d{1,3})[.．、](?!\d)\s*"), "item", False),
    Numbering("subitem", re.compile(r"^[（(](\d{1,3})[）)]\s*"), "sub", False),
    Numbering("outline-3", re.compile(r"^(\d{1,2})\.\d{1,2}\.\d{1,2}(?![\d.])[ \u3000]+(?=[\u4e00-\u9fff])"), "o", True,
              outline=True),
    Numbering("outline-2", re.compile(r"^(\d{1,2})\.\d{1,2}(?![\d.])[ \u3000]+(?=[\u4e00-\u9fff])"), "o", True, outline=True),
    Numbering("outline-1", re.compile(r"^(\d{1,2})[ \u3000]+(?=[\u4e00-\u9fff])"), "o", True, outline=True),
)
"""The numbering forms, tried in this order."""

TITLE_MAX = 60
OUTLINE_TITLE_MAX = 30
OUTLINE_PROSE_RE = re.compile(r"[，。；：！？,;:!?]|[年月日]|\d")
# A number followed by its unit is a quantity, not a heading's number: 1.5 万元, 3 个, 2 倍.
OUTLINE_MEASURE_RE = re.compile(r"^(?:万元|亿元|万|亿|元|倍|公里|千米|平方|亩|吨|小时|分钟|%)")
# 第五条之一: an article inserted after 第五条 by an amendment; its id is art-5-1.
INSERTED_RE = re.compile(rf"^第[{CN_NUM}\d]+条之([{CN_NUM}]+)")
LEAD_END = "。！？；"


def lead_sentence(text: str) -> str:
    """The heading of a clause: its first sentence, or a short prefix."""
    for i, ch in enumerate(text):
        if ch in LEAD_END:
            if i < TITLE_MAX:
                return text[: i + 1]
            break
    if len(text) <= TITLE_MAX:
        return text
    colon = text.find("：")
    if 0 < colon < TITLE_MAX:
        return text[: colon + 1]
    return text[:40] + "…"


# Where a sentence ends or pauses: a title (一、总体要求, 第二章 组成人员和政府职能) has none.
PROSE_RE = re.compile(r"[，。；！？,;!?]")


def unit_heading(numbering: Numbering, rest: str, parent_kind: str) -> str:
    """What heads a numbered unit after its number: its title, its lead sentence, or nothing.

    Nothing (the number alone, shown as a law's 第三条 is) when the unit has no title of
    its own: an article (第X条); a 一、 that is a provision of a chapter or section
    (a 工作规则 numbers its articles 一、二、 across 第一章, 第二章 …), when its text is a
    sentence; and any unit whose first sentence is too long to head it, which would be
    cut (``…``) and then printed again in full below.
    """
    if numbering.number_only:
        return ""
    if numbering.kind == "part" and parent_kind in ("chapter", "section") and PROSE_RE.search(rest):
        return ""
    if numbering.titled and len(rest) <= TITLE_MAX:
        return rest
    lead = lead_sentence(rest)
    return "" if lead.endswith("…") and not rest.startswith(lead[:-1] + "…") else lead


def recognise(text: str) -> tuple[Numbering, str, int, str] | None:
    """Find the numbering form a line starts with."""
    for numbering in NUMBERINGS:
        found = numbering.match(text)
        if found:
            number, value, rest = found
            return numbering, number, value, rest
    return None


@dataclass
class _Open:
    """A unit under construction (mutable only inside ``parse_units``)."""

    id: str
    kind: str
    rank: int
    number: str
    heading: str
    line: Line
    children: list = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0
    last_value: dict = field(default_factory=dict)

    def freeze(self) -> Unit:
        return Unit(
            id=self.id,
            kind=self.kind,
            number=self.number,
            heading=self.heading,
            text=self.line.text,
            original=self.line.original,
            line=self.line.number,
            children=tuple(c.freeze() if isinstance(c, _Open) else c for c in self.children),
        )


ADDRESSEE_RE = re.compile(r"^各[^。]{2,120}[：:]$")
SIGNER_RE = re.compile(r"^[^，。；：、\s]{2,30}(?:人民政府|办公室|办公厅|委员会|省委|市委|县委|党委|政府|局|厅|部|委|会)$"
                       r"|^[\u4e00-\u9fff]{1,12}(?:长|主席|主任|书记)[ \u3000]+[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3}$")
# 第X条 alone on its line, its text on the next.
BARE_ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条(?:之[一二三四五六七八九十]+)?$")


def join_bare_articles(lines: tuple[Line, ...], rows: frozenset[int] = frozenset()) -> tuple[Line, ...]:
    """``第一条`` / ``为了…`` -> ``第一条 为了…`` (the article keeps its own line number);
    never a table's row (line numbers in ``rows``)."""
    out: list[Line] = []
    for line in lines:
        if out and BARE_ARTICLE_RE.match(out[-1].text) and recognise(line.text) is None \
                and not {out[-1].number, line.number} & rows:
            prev = out.pop()
            out.append(Line(prev.number, f"{prev.text} {line.text}", f"{prev.original} {line.original}"))
        else:
            out.append(line)
    return tuple(out)


def split_frame(lines: tuple[Line, ...]) -> tuple[Line | None, tuple[Line, ...], tuple[Line, ...]]:
    """Separate an addressee line and a closing signature block from the body."""
    addressee = None
    if lines and ADDRESSEE_RE.match(lines[0].text):
        addressee, lines = lines[0], lines[1:]
    tail: list[Line] = []
    if lines and is_date_line(lines[-1].text):
        tail.insert(0, lines[-1])
        lines = lines[:-1]
        while lines and len(tail) < 4 and SIGNER_RE.match(lines[-1].text):
            tail.insert(0, lines[-1])
            lines = lines[:-1]
    return addressee, lines, tuple(tail)


def table_cells(line: Line, row: TableRow) -> tuple[Cell, ...] | None:
    """A row line's cells with their places; None if its text no longer splits into them."""
    texts = split_cells(line.text, len(row.cells))
    originals = split_cells(line.original, len(row.cells))
    if texts is None or originals is None:
        return None
    return tuple(Cell(text, original, place) for text, original, place in zip(texts, originals, row.cells))


def parse_units(lines: tuple[Line, ...], root_id: str = "",
                table_rows: dict[int, TableRow] | None = None) -> tuple[tuple[Unit, ...], tuple[Issue, ...]]:
    """Build the unit tree of a document body (or, with ``root_id`` ``att-1``, of an attachment).

    ``table_rows`` (source line -> its row of a table, from the source) makes the rows of a
    table one unit of kind ``table`` in whatever unit is open, holding a ``row`` unit per row.

    Returns:
        The top-level units and any warnings about numbering.
    """
    table_rows = table_rows or {}
    rows = {line.number: cells for line in lines if line.number in table_rows
            for cells in [table_cells(line, table_rows[line.number])] if cells is not None}
    # A table row is never a signature, an addressee or a heading (一、 in a 序号 cell).
    joined = join_bare_articles(lines, frozenset(rows))
    addressee, _, tail = split_frame(tuple(line for line in joined if line.number not in rows))
    framing = {id(line) for line in (addressee, *tail) if line is not None}
    tree = _Tree(root_id)
    if addressee:
        tree.frame(addressee, "addressee", tree.top_id("addressee"))
    for line in joined:
        if id(line) in framing:
            continue
        if line.number in rows:
            tree.add_row(line, rows[line.number], table_rows)
        elif (found := recognise(line.text)) is None:
            tree.add_paragraph(line)
        else:
            tree.add_numbered(line, *found)
    for index, line in enumerate(tail):
        kind = "date" if is_date_line(line.text) else "signature"
        base = tree.top_id("signature-date" if kind == "date" else "signature")
        tree.frame(line, kind, base if index < 2 else f"{base}-{index}")
    return tree.root.freeze().children, tuple(tree.issues)


class _Tree:
    """The unit tree as it is built, line by line: the open units, the ids given, the warnings."""

    def __init__(self, root_id: str):
        self.root_id = root_id
        self.root = _Open(root_id, "root", 0, "", "", Line(0, "", ""))
        self.stack = [self.root]
        self.used: set[str] = set()
        self.last_global: dict[str, int] = {}
        self.issues: list[Issue] = []

    def unique(self, candidate: str, line: Line) -> str:
        """``candidate``, or the first ``candidate-N`` not yet given (with a warning)."""
        if candidate not in self.used:
            self.used.add(candidate)
            return candidate
        n = 2
        while f"{candidate}-{n}" in self.used:
            n += 1
        self.issues.append(Issue("duplicate-id", f"number repeats an earlier one; anchor '{candidate}-{n}' used",
                                 line.number))
        self.used.add(f"{candidate}-{n}")
        return f"{candidate}-{n}"

    @staticmethod
    def child_id(parent: _Open, prefix: str, value) -> str:
        return f"{parent.id}-{prefix}-{value}" if parent.id else f"{prefix}-{value}"

    def top_id(self, name: str) -> str:
        return f"{self.root_id}-{name}" if self.root_id else name

    def frame(self, line: Line, kind: str, unit_id: str) -> None:
        """The addressee, a signature or its date: a unit of the document itself."""
        self.root.children.append(Unit(self.unique(unit_id, line), kind, "", "", line.text, line.original, line.number))

    def add_row(self, line: Line, cells, table_rows: dict[int, TableRow]) -> None:
        """A row goes on the table just before it if that is the same table of the source
        (a table unit's line is its first row's), else it opens a table in the open unit."""
        parent = self.stack[-1]
        table = parent.children[-1] if parent.children else None
        if not (isinstance(table, _Open) and table.kind == "table"
                and table_rows[table.line.number].table == table_rows[line.number].table):
            parent.tables += 1
            table = _Open(self.unique(self.child_id(parent, "table", parent.tables), line), "table", 99, "", "",
                          Line(line.number, "", ""))
            parent.children.append(table)
        table.children.append(Unit(self.unique(f"{table.id}-row-{len(table.children) + 1}", line), "row", "", "",
                                   line.text, line.original, line.number, cells=cells))

    def add_paragraph(self, line: Line) -> None:
        parent = self.stack[-1]
        parent.paragraphs += 1
        unit_id = self.unique(self.child_id(parent, "para", parent.paragraphs), line)
        parent.children.append(Unit(unit_id, "paragraph", "", "", line.text, line.original, line.number))

    def add_numbered(self, line: Line, numbering: Numbering, number: str, value: int, rest: str) -> None:
        """A numbered unit closes the open units of its rank or below and opens under the rest."""
        while self.stack[-1].rank >= numbering.rank:
            self.stack.pop()
        parent = self.stack[-1]
        previous = parent.last_value.get(numbering.kind)
        expected = {1, (previous or 0) + 1, self.last_global.get(numbering.kind, 0) + 1}
        if value not in expected and not INSERTED_RE.match(number):
            self.issues.append(Issue("numbering-gap", f"{number} follows {previous or 'nothing'} in the same list",
                                     line.number))
        parent.last_value[numbering.kind] = value
        self.last_global[numbering.kind] = value
        heading = unit_heading(numbering, rest, parent.kind)
        inserted = INSERTED_RE.match(number)
        id_value = f"{value}-{cn_to_int(inserted.group(1))}" if inserted else value
        if numbering.outline:
            unit_id = self.top_id(f"{numbering.prefix}-{'-'.join(str(int(d)) for d in number.split('.'))}")
        else:
            unit_id = self.child_id(parent, numbering.prefix, id_value)
        unit = _Open(
            id=self.unique(unit_id, line),
            kind=numbering.kind,
            rank=numbering.rank,
            number=number,
            heading=f"{number} {heading}".strip() if number.startswith("第") or numbering.outline
            else f"{number}{heading}",
            line=line,
        )
        parent.children.append(unit)
        self.stack.append(unit)
