"""The document model: immutable values passed between the builder's stages.

Nothing here does I/O or imports from the rest of the project, so every stage
can depend on it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

# Unit kinds, outermost first. A unit nests under the nearest open unit of a
# smaller rank; paragraphs nest under whatever is open.
UNIT_RANKS: dict[str, int] = {
    "chapter": 1,  # 第一章
    "section": 2,  # 第一节
    "part": 3,  # 一、
    "article": 4,  # 第一条
    "clause": 5,  # （一）
    "item": 6,  # 1.
    "subitem": 7,  # （1）
    # Decimal outline numbering (应急预案, 标准, 规划文本: 1 总则 / 1.1 编制目的 / 1.1.1 …),
    # ranked with the forms it stands in for.
    "outline-1": 3,  # 1 总则
    "outline-2": 4,  # 1.1 编制目的
    "outline-3": 5,  # 1.1.1 …
}

# A table (任务清单, 责任分工表) is a unit of its own, kind ``table``; its rows are units of
# kind ``row`` holding their cells. Neither has a rank: a table sits in whatever unit is open.

# Kinds that carry their own heading (and so a search entry and a TOC line).
# An attachment (附件) of a notice holds a whole document of its own.
HEADED_KINDS = frozenset(UNIT_RANKS) | {"attachment"}


@dataclass(frozen=True)
class Line:
    """One line of text on its way through cleaning."""

    number: int
    """1-based line number in the decoded source file."""
    text: str
    """The reading form: simplified, cleaned."""
    original: str
    """The same line before Traditional-to-Simplified conversion."""


@dataclass(frozen=True)
class Removal:
    """A piece of the source that the builder dropped, and why."""

    rule: str
    """Name of the cleaning rule that removed it."""
    line: int
    """Source line where the removed text starts."""
    text: str
    """The removed text, verbatim (before conversion)."""
    end_line: int | None = None
    """Last source line for multi-line removals (a duplicated body)."""
    skipped: tuple[int, ...] = ()
    """Lines between ``line`` and ``end_line`` that are not part of it (furniture
    of the page between the lines of a duplicated copy, removed or kept on their own)."""
    partial: bool = False
    """Only ``text`` went, not the whole line (a widget the page ran into a metadata row)."""


@dataclass(frozen=True)
class Issue:
    """A warning about one document, located in its source file."""

    code: str
    """Stable machine-readable name, e.g. ``corrupt-text``."""
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Erratum:
    """A curated correction from a sidecar file."""

    original: str
    """The exact text as scraped (reading form)."""
    corrected: str
    source: str
    """Where the correct reading comes from."""
    note: str = ""


@dataclass(frozen=True)
class AppliedErratum:
    """An erratum together with the place it was applied."""

    number: int
    """1-based number of the erratum within its document."""
    erratum: Erratum
    line: int


@dataclass(frozen=True)
class Sidecar:
    """Curated facts from ``raw/<name>.yml``; every field is optional."""

    path: str | None = None
    sha256: str = ""
    """Digest of the sidecar's bytes as read (once) and parsed; '' for no sidecar."""
    slug: str | None = None
    title: str | None = None
    kind: str | None = None
    issuers: tuple[str, ...] | None = None
    adopted: datetime.date | None = None
    published: datetime.date | None = None
    doc_number: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    short_names: tuple[str, ...] = ()
    errata: tuple[Erratum, ...] = ()
    anchor_aliases: tuple[tuple[str, str], ...] = ()
    """(old id, current id): anchors kept working after a structure change."""
    old_slugs: tuple[str, ...] = ()
    """Former slugs; each gets a page that redirects to the current one."""
    retrieved: datetime.date | None = None
    """When the page was saved (the page says 未记录 when this is not set)."""
    supersedes: tuple[str, ...] = ()
    """Slugs of corpus documents this one replaces (废止/取代)."""
    amends: tuple[str, ...] = ()
    """Slugs of corpus documents this one amends (修改)."""


@dataclass(frozen=True)
class PageField:
    """A metadata value the page states about its document, and where it says so."""

    name: str
    """The builder's field name (``doc_number``, ``adopted`` …; see ``lexicon.toml``)."""
    label: str
    """The label as printed (``文  号``), or the source of the value (``<title>``)."""
    value: str
    line: int | None
    """Source line, or None for values from the HTML head."""
    origin: str
    """``table`` (the page's metadata block), ``front-matter``, ``html-head``, ``dateline``,
    or for a Word file ``document-format`` (its title paragraph) and ``document-properties``."""
    file: str = ""
    """The raw file stating it when that is another copy of the document (merged into this
    one), '' for the document's own file; ``line`` is then a line of that file."""


@dataclass(frozen=True)
class CellPlace:
    """Where one cell of a table row sits in its table's grid."""

    column: int
    """0-based grid column of the cell's left edge."""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    """A heading cell (``<th>``, a Word table's header row, a printed table's first row)."""


@dataclass(frozen=True)
class TableRow:
    """A source line that is one row of a table.

    The line's text holds the row's cells from its first non-empty one to its last, joined by
    `` | `` (the form a metadata table is read in); ``cells`` says where each of them sits."""

    line: int
    table: int
    """1-based number of the table in the source."""
    cells: tuple[CellPlace, ...]


@dataclass(frozen=True)
class Source:
    """A raw file, decoded; the only stage that sees bytes makes these."""

    path: str
    """Path as given to the builder, for messages."""
    name: str
    """Path inside ``raw/``: ``通知.html``, or ``2020/通知.html`` in a folder of raw/."""
    sha256: str
    encoding: str
    text: str
    """Decoded text with line endings normalised to ``\\n``; for HTML, one block per line."""
    sidecar: Sidecar = field(default_factory=Sidecar)
    format: str = "text"
    """``text``, ``html``, ``markdown``, ``docx`` or ``pdf``: how the file was read."""
    head_fields: tuple[PageField, ...] = ()
    """What an HTML page's head says (``<title>``, canonical address, ``<meta>``), or what a
    Word file says of itself (its title paragraph, its properties)."""
    link_lines: frozenset[int] = frozenset()
    """Lines of an HTML page that are (nearly) all link text: menus and link lists."""
    reader: str = ""
    """The library that turned a Word or PDF file into lines (``python-docx 1.2.0``)."""
    left_out: tuple[str, ...] = ()
    """What a Word or PDF reader left out as page furniture, verbatim: running headers and
    footers, page numbers, a table's header row repeated on each printed page."""
    table_rows: tuple[TableRow, ...] = ()
    """The lines that are rows of tables, and the places of their cells."""
    site_lines: frozenset[str] = frozenset()
    """The lines (as title keys) that the other pages of its site in raw/ repeat: the site's template
    (``builder.templates``); empty for a page alone."""

    @cached_property
    def table_row_at(self) -> dict[int, TableRow]:
        """Each row of a table by its source line (for the anatomy and parse stages)."""
        return {row.line: row for row in self.table_rows}


@dataclass(frozen=True)
class RuleStat:
    """What one cleaning rule did to one document."""

    rule: str
    lines_removed: int = 0
    changes: int = 0


@dataclass(frozen=True)
class CleanText:
    """A source after cleaning: the reading lines plus the record of changes."""

    source: Source
    lines: tuple[Line, ...]
    removals: tuple[Removal, ...]
    stats: tuple[RuleStat, ...]
    issues: tuple[Issue, ...]
    errata: tuple[AppliedErratum, ...]
    converted_chars: int
    """Characters changed by Traditional-to-Simplified conversion."""


@dataclass(frozen=True)
class HeaderLine:
    """A line of the document's header, consumed as metadata."""

    line: int
    role: str
    """title, title-part, subtitle, adoption, doc-number, issuer, original-title."""
    text: str
    original: str


@dataclass(frozen=True)
class Meta:
    """Document metadata, inferred from the text and overridden by the sidecar."""

    title: str
    title_original: str
    """The title as written in the source (may be Traditional)."""
    kind: str
    """决定, 实施意见, 指导意见, 会议报道 …"""
    issuers: tuple[str, ...] = ()
    """Each organ once, in its full form (``builder/organs.tsv``)."""
    issuers_printed: tuple[str, ...] = ()
    """The issuers as the page prints them, when that differs from ``issuers`` (湖南省人大常委会)."""
    adopted: datetime.date | None = None
    """成文日期: the date adopted or signed."""
    published: datetime.date | None = None
    """发布日期."""
    adopted_by: str = ""
    """The meeting that adopted the document, when the text names it."""
    doc_number: str = ""
    source_name: str = ""
    """Publisher of the scraped page: 四川日报, 川观新闻, 县政府办 …"""
    source_url: str = ""
    editor: str = ""
    subtitle: str = ""
    original_title: str = ""
    """A 原标题 line, when the page gives one."""
    validity: str = ""
    """有效, 失效, 已废止, 已修订, 尚未施行 … as the page or sidecar states it, or as
    builder/validity.py judges it; '' when unknown."""
    validity_basis: str = ""
    """What a judged status rests on, for the reader (据“废止日期：2020-01-01”); '' when the
    page or sidecar states it."""
    effective: datetime.date | None = None
    """施行日期, when the page states it."""
    provenance: tuple[tuple[str, str], ...] = ()
    """(field, where its value came from: sidecar, table, header, dateline, inferred)."""

    @property
    def date(self) -> datetime.date | None:
        """The date a reader orders documents by."""
        return self.adopted or self.published


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: its text and its place in the table's grid."""

    text: str
    original: str
    place: CellPlace


@dataclass(frozen=True)
class Unit:
    """A node of a document's structure: part, clause, paragraph …"""

    id: str
    """Stable ASCII anchor, unique within the document (see README)."""
    kind: str
    """A key of UNIT_RANKS, or paragraph / addressee / signature / date."""
    number: str
    """The numbering as printed (``一、``, ``（五）``), empty if none."""
    heading: str
    """Lead sentence for headed units, empty otherwise."""
    text: str
    """Full reading text of this unit's own line, numbering included."""
    original: str
    """Same text before conversion; equals ``text`` for Simplified sources."""
    line: int
    children: tuple[Unit, ...] = ()
    cells: tuple[Cell, ...] = ()
    """A table row's cells, in order (``text`` holds them joined by `` | ``)."""

    def walk(self):
        """Yield this unit and all its descendants, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class OtherCopy:
    """Another raw file holding the same document (the web page of a notice and its Word
    file, or a page saved twice), merged into the document (``builder/copies.py``)."""

    name: str
    sha256: str
    format: str
    """How it was read (``html``, ``docx`` …), as ``Source.format``."""
    reader: str = ""
    fields: tuple[str, ...] = ()
    """The metadata fields (``Meta`` names) whose published value was taken from this copy."""
    retrieved: datetime.date | None = None
    """When it was saved (its sidecar's ``retrieved``)."""


@dataclass(frozen=True)
class Document:
    """A fully understood source: metadata, structure and provenance."""

    slug: str
    source: Source
    meta: Meta
    header: tuple[HeaderLine, ...]
    """Header lines the metadata was read from, kept so no text is lost."""
    units: tuple[Unit, ...]
    clean: CleanText
    issues: tuple[Issue, ...]
    """All warnings: cleaning, metadata and structure."""
    removals: tuple[Removal, ...] = ()
    """What the anatomy stage took out as page furniture (cleaning's own are in ``clean``)."""
    fields: tuple[PageField, ...] = ()
    """Every metadata value the page states, as read (the chosen ones are in ``meta``)."""
    heading_words: tuple[str, ...] = ()
    """Words of four or more characters in its headings (for suggested terms)."""
    also_from: tuple[OtherCopy, ...] = ()
    """Other raw files holding the same document, merged into this one; the text is
    ``source``'s, each metadata field the most trusted copy's."""
    former_slugs: tuple[str, ...] = ()
    """Slugs it was published under before (sidecar ``old_slugs`` and the slug registry):
    each gets a page forwarding to the current one."""

    @property
    def all_removals(self) -> tuple[Removal, ...]:
        """Every removal, cleaning's and the anatomy's, in source order."""
        return tuple(sorted(self.clean.removals + self.removals, key=lambda r: (r.line, r.rule)))

    def walk(self):
        """Yield every unit in reading order."""
        for unit in self.units:
            yield from unit.walk()

    @property
    def is_traditional(self) -> bool:
        """Whether the source was written in Traditional characters."""
        return self.clean.converted_chars > 0 and any(
            u.original != u.text for u in self.walk()
        )

    def count(self, kind: str) -> int:
        """Number of units of one kind."""
        return sum(1 for u in self.walk() if u.kind == kind)


@dataclass(frozen=True)
class GlossaryTerm:
    """A curated term: a place, strategy or programme."""

    term: str
    """Simplified canonical form."""
    slug: str
    category: str
    traditional: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """All simplified forms searched for in the reading text."""
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class Mention:
    """A glossary term found in one unit of one document."""

    term: str
    slug: str
    """Slug of the document."""
    unit_id: str
    """The headed unit (or paragraph) the reader is sent to."""
    snippet: str


@dataclass(frozen=True)
class Reference:
    """A 《title》 cited in a document."""

    slug: str
    """Slug of the citing document."""
    title: str
    unit_id: str
    target: str | None
    """Slug of the corpus document it names, or None if outside the corpus."""


@dataclass(frozen=True)
class Milestone:
    """A target stated for a year: 到2020年…"""

    year: int
    slug: str
    unit_id: str
    sentence: str


@dataclass(frozen=True)
class Related:
    """Units of other documents that share glossary terms with one unit."""

    slug: str
    unit_id: str
    targets: tuple[tuple[str, str], ...]
    """(document slug, unit id) pairs, most related first."""


@dataclass(frozen=True)
class Corpus:
    """Everything the renderer needs, gathered before anything is written."""

    documents: tuple[Document, ...]
    """Sorted by date, then slug."""
    glossary: tuple[GlossaryTerm, ...]
    mentions: tuple[Mention, ...]
    references: tuple[Reference, ...]
    related: tuple[Related, ...]
    milestones: tuple[Milestone, ...]
    candidates: tuple[tuple[str, int], ...]
    """Suggested terms (not in the glossary) and how many documents use them."""

    @cached_property
    def updated(self) -> datetime.date | None:
        """When the corpus was last brought up to date, as its inputs record it: the latest
        成文 or 发布 date of a document, or the day a file was saved. Never the build's clock,
        so the same input gives the same pages."""
        dates = [d for doc in self.documents
                 for d in (doc.meta.adopted, doc.meta.published, doc.source.sidecar.retrieved,
                           *(copy.retrieved for copy in doc.also_from)) if d]
        return max(dates, default=None)

    @cached_property
    def references_by_document(self) -> dict[str, tuple[Reference, ...]]:
        """Each document's citations (slug -> references), grouped once for every page and export."""
        grouped: dict[str, list[Reference]] = {}
        for ref in self.references:
            grouped.setdefault(ref.slug, []).append(ref)
        return {slug: tuple(refs) for slug, refs in grouped.items()}
