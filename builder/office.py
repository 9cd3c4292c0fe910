"""Word and PDF files as text lines, for the anatomy stage to read like any page.

* ``.docx`` (python-docx): the body's paragraphs and tables in order. Word's
  automatic numbering is turned back into the numbers a reader sees (一、
  （一） 1.): a clause numbered by Word's list engine has no number in its text.
  A table row becomes a line with its cells' places beside it (builder/tables.py).
  Headers and footers (running titles, page numbers) live outside the body and are
  left out, recorded verbatim. The title paragraph is found by its formatting.
* ``.pdf`` with a text layer (pdfplumber): lines in reading order (two columns
  left then right), re-joined where a line was broken only because the column was
  full; page numbers (``— 3 —``, ``-3-``, ``第3页 共10页``) and running headers left
  out and recorded; ruled tables as tables. A PDF with no text (a scan) is an
  error: OCR is not supported.
* ``.doc``, ``.wps``, ``.ofd``: an error that names the format and what to do.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, replace

from .errors import SourceError
from .config import MAX_PDF_PAGES
from .numbering import W, Numbering, docx_paragraph_text
from .model import CellPlace, PageField, TableRow
from .tables import SEPARATOR, GridCell, SpanCell, cell_text, first_row_heads, place, row_line

DOCX_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
UNREADABLE = {
    ".doc": "a Word 97-2003 document (.doc)",
    ".wps": "a WPS Office document (.wps)",
    ".ofd": "an OFD document (.ofd, the Chinese fixed-layout format)",
}


@dataclass(frozen=True)
class OfficeText:
    text: str
    reader: str
    """The library that read it, for ``check``: ``python-docx 1.2.0``."""
    left_out: tuple[str, ...]
    """Page furniture the reader left out, verbatim (headers, footers, page numbers)."""
    table_rows: tuple[TableRow, ...] = ()
    """The lines that are rows of tables (builder/tables.py)."""
    fields: tuple[PageField, ...] = ()
    """What the file says of itself beside its text: the title its formatting shows,
    the title in its properties."""
    warnings: tuple[str, ...] = ()
    """What the reader could not interpret and kept as text (odd list numbering), for the
    build log: data, so that it crosses back from the worker process that read the file."""


def reader(package: str) -> str:
    """The library that read a file, with its version, for ``check``: ``pdfplumber 0.11.10``."""
    from importlib.metadata import version

    return f"{package} {version(package)}"


def unreadable(suffix: str, path: str) -> SourceError:
    return SourceError(path, f"{UNREADABLE[suffix]} cannot be read; open it and save it as .docx or PDF "
                             "(a PDF with a text layer), then put that file in raw/")


# --- Word ----------------------------------------------------------------------------------

def docx_table(tbl, document, numbering: Numbering) -> list[list[SpanCell]]:
    """A Word table's rows as cells with spans: a horizontal merge is one cell with a
    grid span, a vertical merge (``w:vMerge``) one cell spanning down."""
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    table = Table(tbl, document)
    rows: list[list[SpanCell]] = []
    spans: list[list[int]] = []  # rowspan of each cell so far
    origin: dict[int, tuple[int, int]] = {}  # grid column -> (row, cell) a vertical merge started in
    header_rows = [tr.trPr is not None and tr.trPr.find(f"{W}tblHeader") is not None for tr in tbl.tr_lst]
    for r, tr in enumerate(tbl.tr_lst):
        row, row_spans, column = [], [], 0
        for tc in tr.tc_lst:
            width = tc.grid_span
            if tc.vMerge == "continue" and column in origin:
                first_row, index = origin[column]
                spans[first_row][index] += 1
            else:
                cell = _Cell(tc, table)
                pieces = [docx_paragraph_text(Paragraph(p, cell), numbering) for p in tc.iter(f"{W}p")]
                row.append(SpanCell(cell_text(pieces), width, 1, header_rows[r]))
                row_spans.append(1)
                if tc.vMerge == "restart":
                    origin[column] = (r, len(row) - 1)
                else:
                    origin.pop(column, None)
            column += width
        rows.append(row)
        spans.append(row_spans)
    rows = [[replace(cell, rowspan=span) for cell, span in zip(row, row_spans)] for row, row_spans in zip(rows, spans)]
    if not any(header_rows) and rows and first_row_heads([c.text for c in rows[0]], len(rows)):
        rows[0] = [replace(cell, header=True) for cell in rows[0]]
    return rows


@dataclass(frozen=True)
class Look:
    """How a paragraph is printed, for finding the title paragraph."""

    line: int
    text: str
    size: float
    bold: bool
    centred: bool
    red: bool


def paragraph_look(paragraph, line: int, text: str) -> Look:
    """A paragraph's largest font size (its runs', else its style's), and whether it is
    bold, centred or red (the 版头, which is larger than the title but not the title)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    style = paragraph.style
    style_font = style.font if style is not None else None
    sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
    if not sizes and style_font is not None:
        base = style
        while base is not None and base.font.size is None:
            base = base.base_style
        sizes = [base.font.size.pt] if base is not None else []
    bold = any(run.bold for run in paragraph.runs if run.text.strip()) or bool(style_font and style_font.bold)
    alignment = paragraph.alignment if paragraph.alignment is not None else (
        style.paragraph_format.alignment if style is not None else None)
    red = False
    for run in paragraph.runs:
        color = run.font.color
        if run.text.strip() and color is not None and color.type is not None and color.rgb is not None:
            r, g, b = color.rgb[0], color.rgb[1], color.rgb[2]
            red = red or (r >= 0xB0 and g <= 0x60 and b <= 0x60)
    return Look(line, text, max(sizes) if sizes else 0.0, bold, alignment == WD_ALIGN_PARAGRAPH.CENTER, red)


TITLE_LOOK_SHARE = 1.15
"""A title paragraph is printed this much larger than the body's usual size, or more."""
TITLE_WINDOW = 12
"""It is among the document's first this many paragraphs with text."""


def title_paragraphs(looks: list[Look]) -> list[Look]:
    """The document's own title: the first run of paragraphs near the top in the largest
    size that is clearly above the body's, centred or bold, and not red (the 版头)."""
    sized = sorted(look.size for look in looks if look.size)
    if not sized:
        return []
    body = sized[len(sized) // 2]
    head = [look for look in looks[:TITLE_WINDOW]
            if look.size >= TITLE_LOOK_SHARE * body and (look.centred or look.bold) and not look.red]
    if not head:
        return []
    size = max(look.size for look in head)
    first = next(k for k, look in enumerate(looks) if look in head and look.size == size)
    out = []
    for look in looks[first:first + 4]:
        if look.size != size or look.red or not (look.centred or look.bold):
            break
        out.append(look)
    return out


def title_field(looks: list[Look]) -> tuple[PageField, ...]:
    """The title its look shows (:func:`title_paragraphs`), as a metadata value of the file."""
    title = title_paragraphs(looks)
    if not title:
        return ()
    return (PageField("title", "标题（大字号，居中或加粗）", "".join(look.text for look in title), title[0].line,
                      "document-format"),)


MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""A .docx is a zip: what it unpacks to is bounded, as the file itself is (a zip bomb)."""


def zip_problem(data: bytes) -> str:
    """What makes a .docx's zip unsafe to open, or ''."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"not a readable .docx file ({exc.__class__.__name__}: {exc})"
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"unpacks to {unpacked} bytes, more than the {MAX_UNPACKED_BYTES} a document can be "
                "(a damaged file or a zip bomb)")
    return ""


class Progress:
    """Where a reader is in a file, so that an exception of a third-party reader is reported
    at its place (a page, a paragraph) as well as its file."""

    def __init__(self) -> None:
        self.place = ""


def reported(path: str, read, data: bytes) -> OfficeText:
    """``read(data, path, progress)``, with whatever python-docx, pdfplumber or pdfminer
    raises turned into one SourceError naming the file, the place and the reason: a
    damaged or hostile file is an error of that file, never a traceback."""
    progress = Progress()
    try:
        return read(data, path, progress)
    except SourceError:
        raise
    except RecursionError:
        where = f"{progress.place}: " if progress.place else ""
        raise SourceError(path, f"{where}nested too deeply to read (结构嵌套过深，无法读取)") from None
    except Exception as exc:  # noqa: BLE001 - the readers raise many kinds, all of this file
        if out_of_memory(exc):
            raise MemoryError from None  # the worker's bound (builder/isolate.py) names the limit
        where = f"{progress.place}: " if progress.place else ""
        reason = str(exc)[:300]
        raise SourceError(path, f"{where}damaged or not readable (文件损坏，无法读取): "
                                f"{exc.__class__.__name__}: {reason}") from None


def out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is, or wraps, a MemoryError: pdfminer wraps the one a decompression
    bomb raises in its own PdfminerException."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def read_docx(data: bytes, path: str) -> OfficeText:
    """A .docx's text (see the module's docstring); any failure is a SourceError of ``path``."""
    return reported(path, docx_text, data)


def read_pdf(data: bytes, path: str) -> OfficeText:
    """A PDF's text (see the module's docstring); any failure is a SourceError of ``path``."""
    return reported(path, pdf_text_lines, data)


def docx_text(data: bytes, path: str, progress: Progress) -> OfficeText:
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise SourceError(path, "reading .docx needs the python-docx package (pip install python-docx)") from None
    problem = zip_problem(data)
    if problem:
        raise SourceError(path, problem)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a damaged or foreign zip: python-docx raises many kinds
        raise SourceError(path, f"not a readable .docx file ({exc.__class__.__name__}: {exc})") from None
    numbering = Numbering(document)
    lines: list[str] = []
    table_rows: list[TableRow] = []
    tables = 0
    looks: list[Look] = []
    for number, block in enumerate(document.element.body.iterchildren(), 1):
        progress.place = f"paragraph {number} (第{number}段)"
        if block.tag == f"{W}p":
            paragraph = Paragraph(block, document)
            lines.append(docx_paragraph_text(paragraph, numbering))
            if lines[-1]:
                looks.append(paragraph_look(paragraph, len(lines), lines[-1]))
        elif block.tag == f"{W}tbl":
            tables += 1
            for cells in place(docx_table(block, document, numbering)):
                found = row_line(cells, len(lines) + 1, tables)
                if found:
                    lines.append(found[0])
                    table_rows.append(found[1])
            lines.append("")
    progress.place = "headers and footers (页眉页脚)"
    left_out: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is not None and not part.is_linked_to_previous:
                left_out += [p.text.strip() for p in part.paragraphs if p.text.strip()]
    fields = list(title_field(looks))
    core_title = (document.core_properties.title or "").strip()
    if core_title:
        fields.append(PageField("page_title", "文档属性：标题", core_title, None, "document-properties"))
    return OfficeText("\n".join(lines).rstrip("\n") + "\n", reader("python-docx"), tuple(left_out),
                      tuple(table_rows), tuple(fields), tuple(numbering.problems))


# --- PDF -----------------------------------------------------------------------------------

# A page number printed in the margin, alone on its line (GB/T 9704: — 3 —).
PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
SENTENCE_END = "。！？；：”」』）)"
NUMBERED_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[.．、]|第[一二三四五六七八九十百\d]+[章节条])")


# PDF text layers often map a character to the code point of the radical that looks like it:
# 人 as ⼈ (Kangxi radical, U+2F08), 民 as ⺠ (CJK radical supplement, U+2EA0). NFKC turns
# the Kangxi radicals back into characters; the supplement has no decomposition, so the
# full characters among its simplified forms are listed here.
RADICAL_SUPPLEMENT = str.maketrans({
    "⺟": "母", "⺠": "民", "⺧": "牛", "⺩": "王", "⺫": "目", "⺬": "示", "⺮": "竹", "⺶": "羊", "⻁": "虎",
    "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车", "⻓": "长", "⻔": "门", "⻗": "雨", "⻘": "青",
    "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼",
    "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
})
KANGXI_RADICAL = re.compile("[\u2f00-\u2fdf]")


def radicals_as_characters(text: str) -> str:
    import unicodedata

    text = KANGXI_RADICAL.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return text.translate(RADICAL_SUPPLEMENT)


@dataclass(frozen=True)
class PdfLine:
    text: str
    full: bool
    """It runs to the right edge of its column's text: the page, not the writer, broke it."""
    indented: bool
    """It starts further right than its column's text block: a paragraph's first line."""
    size: float
    room: float = 0.0
    """Space left between its end and its column's right edge."""
    row: tuple[GridCell, ...] | None = None
    """A table's row (its cells), which is a line of its own."""
    table: int = 0
    look: Look | None = None
    """How it is printed (for finding the title); its ``line`` is set in the text made."""


def char_look(line: dict, centred: bool) -> Look:
    """A text line's font size (its characters' most common), boldness (a bold font's
    name), centring and colour: red is the 版头's, in RGB or in CMYK."""
    chars = [c for c in line["chars"] if c["text"].strip()] or line["chars"]
    sizes = sorted(round(c.get("size", 0), 1) for c in chars)
    bold = any(re.search(r"bold|heavy|black|semibold", c.get("fontname", ""), re.I) for c in chars)
    color = chars[0].get("non_stroking_color") if chars else None
    red = False
    if isinstance(color, (tuple, list)) and len(color) == 3:
        red = color[0] >= 0.6 and color[1] <= 0.35 and color[2] <= 0.35
    elif isinstance(color, (tuple, list)) and len(color) == 4:
        red = color[1] >= 0.6 and color[2] >= 0.6 and color[0] <= 0.3 and color[3] <= 0.3
    return Look(0, line["text"], sizes[len(sizes) // 2] if sizes else 0.0, bold, centred, red)


def pdf_text(text: str) -> str:
    """A text layer's line with its look-alike code points made the characters they show:
    radicals (⺠ for 民), and the horizontal bar that fonts draw for the Chinese dash (―― for ——)."""
    return radicals_as_characters(text).replace("―", "—")


Region = tuple[float, float, float, float]


def gutter(page) -> float | None:
    """The x of the white strip between two columns of text, or None for one column.

    A strip at least a character wide, in the middle two fifths of the text, that the
    lines of no more than a quarter of the page cross (a 版头, a title, a rule may span both
    columns), with at least a quarter of the page's characters on each side of it."""
    chars = [c for c in page.chars if c["text"].strip()]
    if len(chars) < 200:
        return None
    left, right = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    width = right - left
    size = sorted(c["size"] for c in chars)[len(chars) // 2]
    lo, hi = int(left + 0.3 * width), int(left + 0.7 * width)
    cover = [0] * (hi - lo + 1)
    for c in chars:
        for x in range(max(lo, int(c["x0"]) + 1), min(hi, int(c["x1"]) - 1) + 1):
            cover[x - lo] += 1
    lines = len({round(c["top"]) for c in chars})
    best, run, run_start = None, 0, 0
    for i, n in enumerate(cover + [lines]):
        if n <= max(2, lines // 4):
            if not run:
                run_start = i
            run += 1
        else:
            if run >= size and (best is None or run > best[1]):
                best = (run_start, run)
            run = 0
    if best is None:
        return None
    x = lo + best[0] + best[1] / 2
    on_left = sum(1 for c in chars if c["x1"] <= x)
    if min(on_left, len(chars) - on_left) < len(chars) // 4:
        return None
    return x


def page_regions(page, tables: list[Region]) -> list[Region]:
    """The page's text in reading order, as regions read top to bottom: the whole page, or
    for two columns the blocks spanning both (lines, tables), and between them the left
    column then the right."""
    split = gutter(page)
    if split is None:
        return [(0, 0, page.width, page.height)]
    spanning = [(box[1], box[3]) for box in tables if box[0] < split < box[2]]
    spanning += [(line["top"], line["bottom"]) for line in page.extract_text_lines(strip=True)
                 if any(c["x0"] < split < c["x1"] for c in line["chars"])
                 and not any(inside(line, box) for box in tables)]
    blocks: list[list[float]] = []
    for top, bottom in sorted(spanning):
        if blocks and top <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], bottom)
        else:
            blocks.append([top, bottom])
    regions, top = [], 0.0
    for block_top, block_bottom in blocks + [[page.height, page.height]]:
        if block_top > top:
            regions += [(0, top, split, block_top), (split, top, page.width, block_top)]
        if block_top < page.height:
            regions.append((0, block_top, page.width, block_bottom))
        top = max(top, block_bottom)
    return regions


def column_edge(ends: list[float]) -> float:
    """The right edge of a column of text: where most of its lines end (a closing quote
    may hang past it, and a short last line ends before it)."""
    counts: dict[int, int] = {}
    for x in ends:
        counts[round(x)] = counts.get(round(x), 0) + 1
    edge, n = max(counts.items(), key=lambda item: (item[1], item[0]))
    return float(edge) if n >= 3 else max(ends)


def inside(obj: dict, box) -> bool:
    """Whether a line or character lies in a box (a bounding box, or another line)."""
    if isinstance(box, dict):
        box = (box["x0"], box["top"], box["x1"], box["bottom"])
    middle = (obj["top"] + obj["bottom"]) / 2
    return box[0] - 1 <= obj["x0"] and obj["x1"] <= box[2] + 1 and box[1] - 1 <= middle <= box[3] + 1


def table_rows(table, page) -> tuple[list[list[GridCell]], list[Region]]:
    """A ruled table's rows, each cell with its grid place: its spans are counted from the
    column and row edges of all the table's cells. A place no cell covers whose column is
    open to the bottom of the table (a cell a page break cut open: it has no bottom edge)
    is read as a cell down to the table's bottom, so its text stays in its row.

    Returns:
        The rows, and the boxes of the cells read that way."""
    cells = [c for c in table.cells if c]
    columns = sorted({round(c[0]) for c in cells})
    edges = columns + [round(table.bbox[2])]
    tops = sorted({round(c[1]) for c in cells})
    texts = table.extract()
    rows: list[list[GridCell]] = []
    opened: list[Region] = []
    for r, row in enumerate(table.rows):
        out = []
        for c, box in enumerate(row.cells):
            text = texts[r][c] if r < len(texts) and c < len(texts[r]) else ""
            if box is None:
                if c >= len(edges) - 1:
                    continue
                x0, x1, top = edges[c], edges[c + 1], row.bbox[1]
                if any(b[0] < x0 + 1 < b[2] and b[1] < top + 1 < b[3] for b in cells):
                    continue  # a span from the left or from above covers it
                box = (x0, top, x1, table.bbox[3])
                text = page.within_bbox(box).extract_text() or ""
                if not text.strip():
                    continue
                opened.append(box)
            x0, top, x1, bottom = (round(v) for v in box)
            column = columns.index(x0) if x0 in columns else c
            colspan = max(1, sum(1 for x in columns if x0 <= x < x1 - 1))
            rowspan = max(1, sum(1 for y in tops if top <= y < bottom - 1))
            out.append(GridCell(cell_text(pdf_text(text or "").split("\n")), CellPlace(column, colspan, rowspan)))
        rows.append(out)
    return rows, opened


def running_lines(pages: list[list[PdfLine]]) -> set[str]:
    """Texts that open or close two or more pages: a running header or footer (digits
    aside, so 第3页 and 第4页 count as one)."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        ends = {re.sub(r"\d+", "#", line.text) for line in (lines[:1] + lines[-1:]) if line.row is None}
        for text in ends:
            seen[text] = seen.get(text, 0) + 1
    return {text for text, n in seen.items() if n >= 2}


def pdf_text_lines(data: bytes, path: str, progress: Progress) -> OfficeText:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        raise SourceError(path, "reading .pdf needs the pdfplumber package (pip install pdfplumber)") from None
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor chatter, per glyph
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise SourceError(path, f"not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    pages: list[list[PdfLine]] = []
    left_out: list[str] = []
    tables = 0
    with pdf:
        progress.place = "its page tree (页面树)"  # pdfplumber reads every page's boxes here
        count = len(pdf.pages)
        if count > MAX_PDF_PAGES:
            raise SourceError(path, f"{count} pages, more than the {MAX_PDF_PAGES} a document may have "
                                    f"(页数超过上限 {MAX_PDF_PAGES})")
        for number, page in enumerate(pdf.pages, 1):
            progress.place = f"page {number} (第{number}页)"
            page_lines, numbers, tables = _pdf_page(page, tables)
            pages.append(page_lines)
            left_out += numbers
    if not any(pages):
        raise SourceError(path, "this PDF has no text layer (a scanned image?); OCR is not supported: "
                                "find the document as text, HTML, .docx or a PDF with text")
    pages, warnings = mapped_text(pages, path)
    progress.place = ""
    return replace(pdf_lines(_join_pages(pages, left_out), tuple(left_out)), warnings=warnings)


def _pdf_page(page, tables: int) -> tuple[list[PdfLine], list[str], int]:
    """One page's lines in reading order, the page numbers left out, and the tables counted so far."""
    # Page numbers first, on the whole page: a centred — 3 — would otherwise fall
    # apart at the gutter of a page in two columns.
    numbers = [line for line in page.extract_text_lines(strip=True) if PAGE_NUMBER.match(line["text"].strip())]
    if numbers:
        page = page.filter(lambda obj, numbers=numbers: obj.get("object_type") != "char"
                           or not any(inside(obj, line) for line in numbers))
    found = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    regions = page_regions(page, [t.bbox for t in found])
    items = _pdf_text_items(page, regions, [t.bbox for t in found])
    for table in found:
        tables += 1
        items += _pdf_table_items(page, table, regions, tables)
    return [line for _, line in sorted(items, key=lambda item: item[0])], \
        [line["text"].strip() for line in numbers], tables


def _pdf_text_items(page, regions, boxes) -> list[tuple[tuple[int, float], PdfLine]]:
    """The text lines of each region (column) outside the tables, keyed by region and height,
    with what their place says: full to the column's edge, indented, centred."""
    items = []
    for rank, region in enumerate(regions):
        part = page.within_bbox(region) if region != (0, 0, page.width, page.height) else page
        kept = [line for line in part.extract_text_lines(strip=True)
                if line["text"].strip() and not any(inside(line, box) for box in boxes)]
        if not kept:
            continue
        right, left = column_edge([line["x1"] for line in kept]), min(line["x0"] for line in kept)
        middle = (region[0] + region[2]) / 2 if len(regions) > 1 else page.width / 2
        for line in kept:
            size = (line["bottom"] - line["top"]) or 10
            full = line["x1"] >= right - 1.5 * size
            centred = not full and abs((line["x0"] + line["x1"]) / 2 - middle) <= size
            items.append(((rank, line["top"]), PdfLine(
                pdf_text(line["text"].strip()), full, line["x0"] > left + 0.8 * size, size,
                right - line["x1"], look=char_look(line, centred))))
    return items


def _pdf_table_items(page, table, regions, number: int) -> list[tuple[tuple[int, float], PdfLine]]:
    """A table's rows in the region it stands in, then any text in its frame but in no cell."""
    x0, top = table.bbox[0], table.bbox[1]
    rank = next((k for k, (rx0, rtop, rx1, rbottom) in enumerate(regions)
                 if rtop - 1 <= top < rbottom and rx0 - 1 <= x0 < rx1), len(regions))
    rows, opened = table_rows(table, page)
    items = [((rank, top + r / 1000), PdfLine("", False, False, 0, 0.0, tuple(row), number))
             for r, row in enumerate(rows)]
    # Text in the table's frame but in no cell found (a cell a page break cut open
    # at the bottom has no edge there): kept as a line after the table, never lost.
    cells = [c for c in table.cells if c]
    stray = page.filter(lambda obj, box=table.bbox, cells=cells: obj.get("object_type") == "char"
                        and inside(obj, box) and not any(inside(obj, c) for c in cells)
                        and not any(inside(obj, b) for b in opened))
    for line in stray.extract_text_lines(strip=True):
        items.append(((rank, line["top"] + 1), PdfLine(pdf_text(line["text"].strip()), False, False,
                                                       (line["bottom"] - line["top"]) or 10)))
    return items


def _join_pages(pages: list[list[PdfLine]], left_out: list[str]) -> list[PdfLine]:
    """The pages' lines as one text: running headers and footers left out (into ``left_out``), and
    a table broken over pages going on, without its header row printed again."""
    running = running_lines(pages)
    lines: list[PdfLine] = []
    continued: dict[int, int] = {}  # a table on a later page -> the table it continues
    for page_lines in pages:
        first = True
        for k, line in enumerate(page_lines):
            if line.row is None and (k == 0 or k == len(page_lines) - 1) \
                    and re.sub(r"\d+", "#", line.text) in running:
                left_out.append(line.text)
                continue
            if line.row is not None:
                if first and lines and lines[-1].row is not None:
                    continued[line.table] = lines[-1].table
                    head = next(x for x in lines if x.table == lines[-1].table)
                    if [c.text for c in line.row] == [c.text for c in head.row]:
                        left_out.append(SEPARATOR.join(c.text for c in line.row))
                        first = False
                        continue
                line = replace(line, table=continued.get(line.table, line.table))
            lines.append(line)
            first = False
    return lines


# A glyph the text layer gives no character for: pdfminer prints its number. Fonts embedded
# without a Unicode map give nothing else, and then there is no text to read, as in a scan.
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
UNMAPPED_SHARE = 0.5


def mapped_text(pages: list[list[PdfLine]], path: str) -> tuple[list[list[PdfLine]], tuple[str, ...]]:
    """The pages with each unmapped glyph made U+FFFD (which the cleaner marks as damage);
    a SourceError when they are most of the text."""
    texts = [line.text for page in pages for line in page] + \
        [cell.text for page in pages for line in page for cell in line.row or ()]
    glyphs = sum(len(UNMAPPED_GLYPH.findall(text)) for text in texts)
    if not glyphs:
        return pages, ()
    others = sum(len(re.sub(r"\s", "", UNMAPPED_GLYPH.sub("", text))) for text in texts)
    if glyphs >= UNMAPPED_SHARE * (glyphs + others):
        raise SourceError(path, f"this PDF's text layer is glyph numbers, (cid:N), not text ({glyphs} of "
                                f"{glyphs + others} characters): its fonts carry no Unicode map, so it cannot be "
                                "read, like a scan; OCR is not supported: find the document as text, HTML, .docx "
                                "or a PDF whose text can be copied")

    def mapped(line: PdfLine) -> PdfLine:
        row = tuple(replace(c, text=UNMAPPED_GLYPH.sub("\ufffd", c.text)) for c in line.row) if line.row else line.row
        return replace(line, text=UNMAPPED_GLYPH.sub("\ufffd", line.text), row=row)

    warning = f"{glyphs} characters of the text layer are glyph numbers (cid:N) with no Unicode map; each is marked as damaged text"
    return [[mapped(line) for line in page] for page in pages], (warning,)


LATIN_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.,%/+\-]*")


def wrapped_word(previous: PdfLine, line: PdfLine) -> bool:
    """Whether ``line`` opens with a Latin word or number that did not fit at the end of
    ``previous`` (加快500kV、 / 220kV、110kV等): the page broke there, not the writer. A
    half-width character is taken as half a Chinese one wide."""
    word = LATIN_WORD.match(line.text)
    return bool(word) and previous.text[-1:] not in SENTENCE_END and \
        previous.room < (0.6 * len(word.group(0)) + 1) * previous.size


def pdf_lines(lines: list[PdfLine], left_out: tuple[str, ...]) -> OfficeText:
    """The lines of a PDF as the text of paragraphs: a line broken only because it reached the
    edge of its column runs on into the next. A table's row is a line of its own."""
    # 公文 indent each paragraph's first line by two characters (GB/T 9704); where the PDF does,
    # an unindented line after a full one continues it even after a 。 that fell at the edge.
    indents = any(line.indented for line in lines)
    out: list[str] = []
    rows: list[TableRow] = []
    looks: list[Look] = []
    previous: PdfLine | None = None
    numbers: dict[int, int] = {}
    table_size = Counter(line.table for line in lines if line.row is not None)
    for line in lines:
        if line.row is not None:
            opens = line.table not in numbers
            if opens:
                numbers[line.table] = len(numbers) + 1
            header = opens and first_row_heads([c.text for c in line.row], table_size[line.table])
            cells = [replace(c, place=replace(c.place, header=header)) for c in line.row]
            found = row_line(cells, len(out) + 1, numbers[line.table])
            if found:
                out.append(found[0])
                rows.append(found[1])
            previous = None
            continue
        if (previous is not None and (previous.full or wrapped_word(previous, line)) and not line.indented
                and abs(line.size - previous.size) <= 0.15 * previous.size
                and not NUMBERED_START.match(line.text) and (indents or out[-1][-1] not in SENTENCE_END)):
            out[-1] += line.text
            if looks and looks[-1].line == len(out):
                looks[-1] = replace(looks[-1], text=out[-1])
        else:
            out.append(line.text)
            if line.look is not None and len(looks) < TITLE_WINDOW * 4:  # enough for the body size
                looks.append(replace(line.look, line=len(out), text=line.text))
        previous = line
    return OfficeText("\n".join(out) + "\n", reader("pdfplumber"), left_out, tuple(rows), title_field(looks))
