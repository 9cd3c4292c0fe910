"""Word and PDF files as text lines, for the anatomy stage to read like any page.

* ``.docx`` (python-docx): the body's paragraphs and tables in order. Word's
  automatic numbering is turned back into the numbers a reader sees (一、
  （一） 1.): a clause numbered by Word's list engine has no number in its text.
  Table rows become ``cell | cell`` lines, as HTML tables do. Headers and
  footers (running titles, page numbers) live outside the body and are left
  out; the reader says how many it left out.
* ``.pdf`` with a text layer (pdfplumber): lines in reading order, re-joined
  where a line was broken only because the page was full, page numbers
  (``— 3 —``, ``-3-``, ``第3页 共10页``) left out and counted. A PDF with no
  text (a scan) is an error: OCR is not supported.
* ``.doc``, ``.wps``, ``.ofd``: an error that names the format and what to do.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .errors import SourceError

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
    left_out: int
    """Lines of page furniture the reader left out (headers, footers, page numbers)."""


def reader(package: str) -> str:
    """The library that read a file, with its version, for ``check``: ``pdfplumber 0.11.10``."""
    from importlib.metadata import version

    return f"{package} {version(package)}"


def unreadable(suffix: str, path: str) -> SourceError:
    return SourceError(path, f"{UNREADABLE[suffix]} cannot be read; open it and save it as .docx or PDF "
                             "(a PDF with a text layer), then put that file in raw/")


# --- Word ----------------------------------------------------------------------------------

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (as Word's chineseCounting)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    return CN_DIGITS[n // 100] + "百" + ("" if not rest else ("零" + CN_DIGITS[rest] if rest < 10 else
                                                              (CN_DIGITS[1] if rest < 20 else "") + chinese_number(rest)))


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if n <= len(CIRCLED) else str(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)  # decimal, decimalZero and the rest


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Numbering:
    """Word's list definitions (numbering.xml) and the running counters of a document."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl"))
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[ilvl] = (fmt.get(f"{W}val") if fmt is not None else "decimal",
                                text.get(f"{W}val") if text is not None else "",
                                int(start.get(f"{W}val")) if start is not None else 1)
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            for ilvl, level in abstract.get(ref.get(f"{W}val"), {}).items():
                self.levels[(num.get(f"{W}numId"), ilvl)] = level

    def label(self, num_id: str, ilvl: int) -> str:
        """The next printed number of list ``num_id`` at level ``ilvl`` (一、, （一）, 1.)."""
        if (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        def level_value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            level = self.levels.get((num_id, k))
            return format_number(counters[k] or (level[2] if level else 1), level[0] if level else "decimal")
        return re.sub(r"%(\d)", level_value, text)


def paragraph_number(paragraph) -> tuple[str, int] | None:
    """(numId, level) of a paragraph numbered by Word's list engine, directly or by its style."""
    style = getattr(paragraph.style, "element", None)
    for holder in (paragraph._p.pPr, None if style is None else style.pPr):
        if holder is None:
            continue
        num = holder.find(f"{W}numPr")
        if num is None:
            continue
        num_id, ilvl = num.find(f"{W}numId"), num.find(f"{W}ilvl")
        if num_id is not None and num_id.get(f"{W}val") != "0":
            return num_id.get(f"{W}val"), int(ilvl.get(f"{W}val")) if ilvl is not None else 0
    return None


def read_docx(data: bytes, path: str) -> OfficeText:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise SourceError(path, "reading .docx needs the python-docx package (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a damaged or foreign zip: python-docx raises many kinds
        raise SourceError(path, f"not a readable .docx file ({exc.__class__.__name__}: {exc})") from None
    numbering = Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{W}p":
            paragraph = Paragraph(block, document)
            text = paragraph.text.strip()
            numbered = paragraph_number(paragraph)
            if numbered and text:
                label = numbering.label(*numbered)
                if label and not text.startswith(label.strip()):
                    text = label + text
            lines.append(text)
        elif block.tag == f"{W}tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell repeats: keep it once
                    value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if not cells or value != cells[-1]:
                        cells.append(value)
                lines.append(" | ".join(cells))
            lines.append("")
    left_out = 0
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is not None and not part.is_linked_to_previous:
                left_out += sum(1 for p in part.paragraphs if p.text.strip())
    return OfficeText("\n".join(lines).strip("\n") + "\n", reader("python-docx"), left_out)


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
    """It runs to the right edge of the page's text: the page, not the writer, broke it."""
    indented: bool
    """It starts further right than the page's text block: a paragraph's first line."""
    size: float


def pdf_text(text: str) -> str:
    """A text layer's line with its look-alike code points made the characters they show:
    radicals (⺠ for 民), and the horizontal bar that fonts draw for the Chinese dash (―― for ——)."""
    return radicals_as_characters(text).replace("―", "—")


def read_pdf(data: bytes, path: str) -> OfficeText:
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
    lines: list[PdfLine] = []
    left_out = 0
    with pdf:
        for page in pdf.pages:
            kept = []
            for line in page.extract_text_lines(strip=True):
                if not line["text"].strip():
                    continue
                if PAGE_NUMBER.match(line["text"].strip()):
                    left_out += 1
                else:
                    kept.append(line)
            if not kept:
                continue
            right, left = max(line["x1"] for line in kept), min(line["x0"] for line in kept)
            for line in kept:
                size = (line["bottom"] - line["top"]) or 10
                lines.append(PdfLine(pdf_text(line["text"].strip()), line["x1"] >= right - 1.5 * size,
                                     line["x0"] > left + 0.8 * size, size))
    if not lines:
        raise SourceError(path, "this PDF has no text layer (a scanned image?); OCR is not supported: "
                                "find the document as text, HTML, .docx or a PDF with text")
    # 公文 indent each paragraph's first line by two characters (GB/T 9704); where the PDF does,
    # an unindented line after a full one continues it even after a 。 that fell at the edge.
    indents = any(line.indented for line in lines)
    out: list[str] = []
    previous: PdfLine | None = None
    for line in lines:
        if (previous is not None and previous.full and not line.indented
                and abs(line.size - previous.size) <= 0.15 * previous.size
                and not NUMBERED_START.match(line.text) and (indents or out[-1][-1] not in SENTENCE_END)):
            out[-1] += line.text
        else:
            out.append(line.text)
        previous = line
    return OfficeText("\n".join(out) + "\n", reader("pdfplumber"), left_out)
