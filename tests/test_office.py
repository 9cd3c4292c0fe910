"""Word and PDF sources (builder/office.py): the same document model as from the text source.

Fixtures are made here from a seed's own analysed text: a .docx written with python-docx,
its parts and clauses numbered by Word's list engine (一、 and （一） not in the text), with a
running header and a page-number footer; a PDF printed by Chromium (Playwright's page.pdf())
with a red 版头, page numbers — N — and the text wrapped by the page; and an image-only PDF.
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from builder.errors import BuildAbort
from conftest import ROOT, analysed, build_site

SEED = "001"  # 川东北经济区: 一、 parts, （一） clauses numbered on across parts, a document number
LAW = ROOT / "tests" / "realpages" / "full" / "f06.md"  # 内江市文明行为促进条例: 第X章, 第X条

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def law_doc(tmp_path_factory):
    raw = tmp_path_factory.mktemp("law")
    shutil.copy(LAW, raw / LAW.name)
    (doc,) = analysed(raw, raw.parent / "law-out")
    return doc


# How Word prints each numbered kind: its list level text and number format.
WORD_LISTS = {
    "chapter": ("第%1章", "chineseCounting"), "section": ("第%1节", "chineseCounting"),
    "article": ("第%1条", "chineseCounting"), "part": ("%1、", "chineseCounting"),
    "clause": ("（%1）", "chineseCounting"), "item": ("%1.", "decimal"),
}


class WordLists:
    """Word lists (numbering.xml) for a document's numbered units: one list per kind, and a
    new list where the printed numbers start again at 1 (as Word restarts numbering)."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        self.current: dict[str, str] = {}
        self.next_id = 90

    def _new(self, kind: str) -> str:
        from docx.oxml import parse_xml

        text, fmt = WORD_LISTS[kind]
        num_id = str(self.next_id)
        self.next_id += 1
        abstract = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{num_id}"><w:lvl w:ilvl="0">'
                             f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                             f'<w:suff w:val="space"/></w:lvl></w:abstractNum>')
        num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
        first_num = self.numbering.find(f"{{{W_NS}}}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.numbering.append(num)
        return num_id

    def number(self, paragraph, kind: str, value: int) -> None:
        from docx.oxml import parse_xml

        if kind not in self.current or value == 1:
            self.current[kind] = self._new(kind)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{self.current[kind]}"/></w:numPr>'))


def numbered_value(unit) -> int:
    from builder.parse import cn_to_int

    digits = re.search(r"[零〇一二两三四五六七八九十百千\d]+", unit.number).group(0)
    return cn_to_int(digits)


def add_text(document, text: str, size: int = 16, bold: bool = False, centred: bool = False, red: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    run.font.color.rgb = RGBColor(0xD0, 0, 0) if red else RGBColor(0, 0, 0)
    return paragraph


def task_table(document) -> None:
    """A 任务清单 as Word makes it: a header row marked to repeat on each page, 牵头单位 merged
    down over two rows (w:vMerge), a 合计 row merged across two columns (w:gridSpan)."""
    from docx.oxml import parse_xml

    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    values = [("序号", "任务", "牵头单位", "完成时限"), ("1", "完善区域发展推进机制", "县发展改革局", "2018年底"),
              ("2", "培育特色产业", "", "2019年底"), ("合计", "", "", "2项")]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(3, 0).merge(table.cell(3, 1))
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))


def write_docx(doc, path: Path, banner: str = "") -> None:
    """A document as a Word file: its head lines, the title as a title paragraph (large,
    centred, bold), every numbered unit numbered by Word's list engine (the number not in
    the text), a running header, a page-number footer, and a 任务清单 table."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = banner or doc.meta.title
    section.footer.paragraphs[0].text = "— 1 —"
    lists = WordLists(document)
    if banner:  # the 版头: larger than the title, and red
        add_text(document, banner, 36, bold=True, centred=True, red=True)
    for line in doc.header:
        if line.role in ("title", "title-part"):
            add_text(document, line.text, 22, bold=True, centred=True)
        elif line.role != "attachment-label":
            add_text(document, line.text, centred=line.role in ("doc-number", "adoption"))
    tabled = False
    for unit in doc.walk():
        if unit.kind in ("signature", "date") and not tabled:
            task_table(document)
            tabled = True
        if unit.kind in WORD_LISTS and unit.text.startswith(unit.number):
            paragraph = add_text(document, unit.text[len(unit.number):].strip(" \u3000"))
            lists.number(paragraph, unit.kind, numbered_value(unit))
        elif unit.text:
            add_text(document, unit.text)
    if not tabled:
        task_table(document)
    document.save(path)


def squashed(units):
    return [(u.id, re.sub(r"\s", "", u.text)) for u in units]


def check_table(doc) -> None:
    """The 任务清单 comes back as a table unit: header cells, the spans, a row per row."""
    (table,) = [u for u in doc.walk() if u.kind == "table"]
    rows = table.children
    assert [r.id for r in rows] == [f"{table.id}-row-{k}" for k in (1, 2, 3, 4)]
    assert [c.text for c in rows[0].cells] == ["序号", "任务", "牵头单位", "完成时限"]
    assert all(c.place.header for c in rows[0].cells) and not any(c.place.header for c in rows[1].cells)
    lead = rows[1].cells[2]
    assert (lead.text, lead.place.column, lead.place.rowspan) == ("县发展改革局", 2, 2)
    assert [(c.text, c.place.column) for c in rows[2].cells] == [("2", 0), ("培育特色产业", 1), ("2019年底", 3)]
    total = rows[3].cells[0]
    assert (total.text, total.place.colspan) == ("合计", 2) and rows[3].cells[-1].place.column == 3


def test_docx_gives_the_text_sources_document(seed_docs, tmp_path):
    seed = seed_docs[SEED]
    raw = tmp_path / "raw"
    raw.mkdir()
    banner = "旺苍县人民政府办公室文件"
    write_docx(seed, raw / "附件1.docx", banner)
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.source.format == "docx" and doc.source.reader.startswith("python-docx ")
    assert doc.source.left_out == (banner, "— 1 —")  # the running header and the page-number footer
    from builder.render import left_out_summary

    assert left_out_summary(doc.source.left_out) == f"页眉、页脚与页码 2 行：{banner}、— 1 —"
    assert doc.meta.title == seed.meta.title and doc.meta.doc_number == seed.meta.doc_number
    title_field = [f for f in doc.fields if f.origin == "document-format"]
    assert [f.value for f in title_field] == [seed.meta.title]  # not the 版头, which is larger
    # Word's numbering is printed again, so the same units come back with the same ids and text.
    kinds = ("part", "clause", "paragraph")
    assert [(u.id, u.text) for u in doc.walk() if u.kind in kinds] == \
        [(u.id, u.text) for u in seed.walk() if u.kind in kinds]
    check_table(doc)


def test_docx_title_is_its_title_paragraph(tmp_path):
    """A title no wording rule knows (no 通知, 意见, 条例 …), below a line that reads no less
    like one, is found by how Word prints it: larger than the body, centred and bold, but not
    the red 版头 above it, which is larger still."""
    import docx

    document = docx.Document()
    add_text(document, "川东北经济区联席会议办公室", 36, bold=True, centred=True, red=True)
    add_text(document, "内部参阅材料（第12期）", centred=True)
    add_text(document, "川东北城市群 2019 年重点任务", 22, bold=True, centred=True)
    add_text(document, "2019年4月8日", centred=True)
    for text in ("一、加快交通互联。推进达州至万州直达高速公路建设。", "二、共建产业园区。支持南充、达州共建产业合作园区。"):
        add_text(document, text)
    raw = tmp_path / "raw"
    raw.mkdir()
    document.save(raw / "renwu.docx")
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.meta.title == "川东北城市群 2019 年重点任务"
    assert [u.id for u in doc.walk() if u.kind == "part"] == ["part-1", "part-2"]


def test_docx_of_a_law_gives_its_chapters_and_articles(law_doc, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    write_docx(law_doc, raw / "内江市文明行为促进条例.docx")
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.meta.title == law_doc.meta.title and doc.meta.adopted == law_doc.meta.adopted
    kinds = ("chapter", "article", "paragraph", "clause")
    assert law_doc.count("article") >= 20
    assert squashed(u for u in doc.walk() if u.kind in kinds) == squashed(u for u in law_doc.walk() if u.kind in kinds)
    check_table(doc)


TASKS = [("1", "完善区域发展推进机制", "县发展改革局", "2018年底"), ("2", "培育特色产业", None, "2019年底")]


def task_table_html(extra_rows: int = 0) -> str:
    """A 任务清单 as a portal prints it: a header row, 牵头单位 spanning two rows, a 合计 row
    spanning two columns; ``extra_rows`` more rows make it run over a page."""
    rows = TASKS + [(str(k), f"推进第{k}项重点工作", "县级有关部门", "2020年底") for k in range(3, 3 + extra_rows)]
    body = []
    for number, task, lead, due in rows:
        lead_cell = "" if lead is None else (f'<td rowspan="2">{lead}</td>' if number == "1" else f"<td>{lead}</td>")
        body.append(f"<tr><td>{number}</td><td>{task}</td>{lead_cell}<td>{due}</td></tr>")
    body.append(f'<tr><td colspan="2">合计</td><td></td><td>{len(rows)}项</td></tr>')
    return ('<table class="tasks"><thead><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成时限</th></tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def seed_html(doc, columns: int = 1, extra_rows: int = 0) -> str:
    """The seed as a 公文 page for print: red 版头 and rule, the text (in ``columns``
    columns), a 任务清单 table before the signature."""
    issuer = doc.meta.issuers[0] if doc.meta.issuers else "四川省人民政府办公厅"
    parts = [f'<p class="head">{html.escape(issuer)}文件</p><hr class="rule">',
             f'<p class="number">{html.escape(doc.meta.doc_number)}</p>', f"<h1>{html.escape(doc.meta.title)}</h1>",
             '<div class="text">']
    tabled = False
    for unit in doc.walk():
        if unit.kind in ("signature", "date") and not tabled:
            parts += ["</div>", task_table_html(extra_rows), '<div class="text">']
            tabled = True
        parts.append(f"<p>{html.escape(unit.text)}</p>")
    parts.append("</div>")
    if not tabled:
        parts.append(task_table_html(extra_rows))
    style = ("body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16pt;line-height:1.6}"
             ".head{color:#d00;font-size:30pt;text-align:center;font-weight:bold}"
             ".rule{border:0;border-top:3px solid #d00}.number{text-align:center}h1{text-align:center;font-size:20pt}"
             "p{text-indent:2em;margin:0}"  # GB/T 9704: each paragraph's first line indented two characters
             f".text{{column-count:{columns};column-gap:12mm}}"
             ".tasks{border-collapse:collapse;width:100%;font-size:12pt;margin:1em 0;break-inside:avoid}"
             ".tasks td,.tasks th{border:1px solid #000;padding:2pt 4pt}")
    return f"<!doctype html><html lang=zh-Hans><meta charset=utf-8><style>{style}</style>{''.join(parts)}</html>"


RUNNING_HEADER = "旺苍县人民政府办公室"


@pytest.fixture
def print_pdf(browser):
    def make(markup: str, path: Path, furniture: bool = True) -> None:
        """Print ``markup``; with ``furniture``, a running header and page numbers on each page."""
        page = browser.new_page()
        page.set_content(markup)
        page.pdf(path=str(path), format="A4", display_header_footer=furniture,
                 header_template=f'<div style="font-size:10pt;width:100%;text-align:center">{RUNNING_HEADER}</div>',
                 footer_template='<div style="font-size:12pt;width:100%;text-align:center">— '
                                 '<span class="pageNumber"></span> —</div>',
                 margin={"top": "25mm", "bottom": "25mm", "left": "26mm", "right": "26mm"})
        page.close()
    return make


def check_pdf_table(doc, rows: int) -> None:
    """The printed 任务清单 comes back as one table unit, also across a page break."""
    (table,) = [u for u in doc.walk() if u.kind == "table"]
    assert [r.id for r in table.children] == [f"{table.id}-row-{k}" for k in range(1, rows + 1)]
    head, first, second = table.children[:3]
    assert [c.text for c in head.cells] == ["序号", "任务", "牵头单位", "完成时限"] and all(c.place.header for c in head.cells)
    assert [(c.text, c.place.column, c.place.rowspan) for c in first.cells] == [
        ("1", 0, 1), ("完善区域发展推进机制", 1, 1), ("县发展改革局", 2, 2), ("2018年底", 3, 1)]
    assert [(c.text, c.place.column) for c in second.cells] == [("2", 0), ("培育特色产业", 1), ("2019年底", 3)]
    total = table.children[-1].cells[0]
    assert (total.text, total.place.colspan) == ("合计", 2)


def same_units(doc, seed) -> None:
    kinds = ("part", "clause", "paragraph", "signature", "date")
    assert [(u.id, u.text) for u in doc.walk() if u.kind in kinds] == \
        [(u.id, u.text) for u in seed.walk() if u.kind in kinds]


@pytest.mark.browser
def test_pdf_title_is_its_title_line(tmp_path, print_pdf):
    """As in Word: a title no wording rule knows, below a line that reads no less like one."""
    style = ("body{font-family:'Noto Serif CJK SC',serif;font-size:16pt}.head{color:#d00;font-size:30pt;"
             "text-align:center;font-weight:bold}p{margin:0;text-align:left}.c{text-align:center}"
             "h1{text-align:center;font-size:22pt}")
    markup = (f"<!doctype html><meta charset=utf-8><style>{style}</style><p class=head>川东北经济区联席会议办公室</p>"
              "<p class=c>内部参阅材料（第12期）</p><h1>川东北城市群 2019 年重点任务</h1><p class=c>2019年4月8日</p>"
              "<p>一、加快交通互联。推进达州至万州直达高速公路建设。</p><p>二、共建产业园区。支持南充、达州共建产业合作园区。</p>")
    raw = tmp_path / "raw"
    raw.mkdir()
    print_pdf(markup, raw / "renwu.pdf")
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.meta.title == "川东北城市群 2019 年重点任务"
    assert [u.id for u in doc.walk() if u.kind == "part"] == ["part-1", "part-2"]


def printed(seed, tmp_path: Path, print_pdf, name: str, **layout):
    """The seed printed to PDF (``layout``: see seed_html), read back by the builder."""
    raw = tmp_path / "raw"
    raw.mkdir()
    print_pdf(seed_html(seed, **layout), raw / name)
    (doc,) = analysed(raw, tmp_path / "out")
    return doc


@pytest.mark.browser
def test_pdf_gives_the_text_sources_document(seed_docs, tmp_path, print_pdf):
    seed = seed_docs[SEED]
    doc = printed(seed, tmp_path, print_pdf, "旺苍县指导意见.pdf")
    assert doc.source.format == "pdf" and doc.source.reader.startswith("pdfplumber ")
    pages = sum(1 for text in doc.source.left_out if re.fullmatch(r"— \d+ —", text))
    assert pages >= 2 and doc.source.left_out.count(RUNNING_HEADER) == pages  # page numbers, running header
    assert not re.search(r"— \d+ —", doc.source.text) and RUNNING_HEADER not in doc.source.text
    assert doc.meta.title == seed.meta.title and doc.meta.doc_number == seed.meta.doc_number
    # The title as printed (large, centred, bold; over two lines), not the larger red 版头.
    assert [f.value for f in doc.fields if f.origin == "document-format"] == [seed.meta.title]
    # Lines the page wrapped are one paragraph again: the same units, ids and text.
    same_units(doc, seed)
    check_pdf_table(doc, 4)


def law_html(doc) -> str:
    """A law as a legal database prints it: the title, the adoption note, chapters centred,
    articles indented two characters and wrapped by the page."""
    parts = [f"<h1>{html.escape(doc.meta.title)}</h1>"]
    parts += [f'<p class="note">{html.escape(h.text)}</p>' for h in doc.header if h.role == "adoption"]
    for unit in doc.walk():
        tag = "h2" if unit.kind in ("chapter", "section") else "p"
        parts.append(f"<{tag}>{html.escape(unit.text)}</{tag}>")
    style = ("body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16pt;line-height:1.6}"
             "h1{text-align:center;font-size:22pt}h2{text-align:center;font-size:16pt;margin:1em 0}"
             ".note{text-align:center;text-indent:0}p{text-indent:2em;margin:0}")
    return f"<!doctype html><html lang=zh-Hans><meta charset=utf-8><style>{style}</style>{''.join(parts)}</html>"


@pytest.mark.browser
def test_pdf_of_a_law_gives_its_chapters_and_articles(law_doc, tmp_path, print_pdf):
    raw = tmp_path / "raw"
    raw.mkdir()
    print_pdf(law_html(law_doc), raw / "内江市文明行为促进条例.pdf")
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.meta.title == law_doc.meta.title and doc.meta.adopted == law_doc.meta.adopted
    kinds = ("chapter", "article", "paragraph", "clause")
    assert squashed(u for u in doc.walk() if u.kind in kinds) == squashed(u for u in law_doc.walk() if u.kind in kinds)


@pytest.mark.browser
def test_a_table_over_two_pages_is_one_table(seed_docs, tmp_path, print_pdf):
    seed = seed_docs[SEED]
    doc = printed(seed, tmp_path, print_pdf, "任务清单.pdf", extra_rows=40)
    check_pdf_table(doc, 44)
    # Chromium prints the header row again on the next page: left out, and recorded.
    assert "序号 | 任务 | 牵头单位 | 完成时限" in doc.source.left_out
    same_units(doc, seed)


@pytest.mark.browser
def test_a_cell_cut_by_a_page_break_keeps_its_text(tmp_path, print_pdf):
    """牵头单位 spans two rows, and the page ends between them: the cell has no bottom edge on
    the first page, and its text stays in its row."""
    spacer = '<div style="height:226mm"></div>'
    style = ("body{font-family:'Noto Sans CJK SC',sans-serif;font-size:12pt;margin:0}"
             ".tasks{border-collapse:collapse;width:100%}.tasks td,.tasks th{border:1px solid #000;padding:2pt 4pt}")
    markup = f"<!doctype html><meta charset=utf-8><style>{style}</style>{spacer}{task_table_html()}"
    raw = tmp_path / "raw"
    raw.mkdir()
    print_pdf(markup, raw / "cut.pdf")
    from builder.sources import read_sources

    (source,), _ = read_sources(raw)
    rows = source.text.split("\n")
    assert sum(1 for text in source.left_out if re.fullmatch(r"— \d+ —", text)) == 2  # it did break
    assert "1 | 完善区域发展推进机制 | 县发展改革局 | 2018年底" in rows
    assert "县发展改革局" not in [r for r in rows if " | " not in r]
    assert len({row.table for row in source.table_rows}) == 1


@pytest.mark.browser
def test_a_two_column_pdf_reads_column_by_column(seed_docs, tmp_path, print_pdf):
    seed = seed_docs[SEED]
    doc = printed(seed, tmp_path, print_pdf, "两栏.pdf", columns=2)
    assert doc.meta.title == seed.meta.title
    same_units(doc, seed)
    check_pdf_table(doc, 4)


def tiny_png() -> bytes:
    """A 64x64 grey PNG: what a scanner puts in a PDF, with no text."""
    raw = b"".join(b"\x00" + b"\x80" * 64 for _ in range(64))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.mark.browser
def test_a_scanned_pdf_is_a_clear_error(tmp_path, print_pdf):
    raw = tmp_path / "raw"
    raw.mkdir()
    image = base64.b64encode(tiny_png()).decode()
    print_pdf(f'<!doctype html><img src="data:image/png;base64,{image}" style="width:160mm">', raw / "扫描件.pdf", furniture=False)
    with pytest.raises(BuildAbort):
        analysed(raw, tmp_path / "out")
    from builder.sources import read_sources

    _, errors = read_sources(raw)
    assert len(errors) == 1 and "扫描件.pdf" in str(errors[0]) and "OCR is not supported" in str(errors[0])


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".ofd"])
def test_formats_that_cannot_be_read_say_what_to_do(tmp_path, suffix):
    from builder.sources import read_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / f"附件1{suffix}").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    sources, errors = read_sources(raw)
    assert sources == [] and len(errors) == 1
    message = str(errors[0])
    assert f"附件1{suffix}" in message and "cannot be read" in message and "save it as .docx or PDF" in message


def test_a_damaged_docx_is_an_error_naming_the_file(tmp_path):
    from builder.sources import read_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    _, errors = read_sources(raw)
    assert len(errors) == 1 and "坏文件.docx" in str(errors[0]) and "not a readable .docx" in str(errors[0])


@pytest.mark.browser
def test_word_and_pdf_sources_publish_with_the_real_site_build(seed_docs, tmp_path, print_pdf):
    """The .docx and the .pdf go through mkdocs build --strict like any page: their tables are
    tables, and what their readers left out is named on the page."""
    seed = seed_docs[SEED]
    raw = tmp_path / "raw"
    raw.mkdir()
    write_docx(seed, raw / "附件1.docx", "旺苍县人民政府办公室文件")
    (tmp_path / "pdf").mkdir()
    print_pdf(seed_html(seed), tmp_path / "pdf" / "x.pdf")
    (raw / "2019").mkdir()
    (raw / "2019" / "印发稿.pdf").write_bytes((tmp_path / "pdf" / "x.pdf").read_bytes())
    site_src, site = build_site(raw, tmp_path / "work")
    data = json.loads((site_src / "data" / "corpus.json").read_text(encoding="utf-8"))
    docs = {doc["file"]["name"]: doc for doc in data["documents"]}
    for name in ("附件1.docx", "2019/印发稿.pdf"):
        doc = docs.get(name) or next(d for d in data["documents"] if name in [a["name"] for a in d["also_from"]])
        assert doc["file"]["reader"].split()[0] in ("python-docx", "pdfplumber") and doc["counts"]["table"] == 1
        page = (site / "doc" / f"{doc['slug']}.html").read_text(encoding="utf-8")
        assert page.count('class="policy-table"') == 1 and page.count("<tr id=") == 4
        assert "读取时略去" in page and "页眉、页脚与页码" in page


def test_a_docx_that_unpacks_too_large_is_refused(tmp_path):
    """A zip bomb: 300 MB of zeros packed into a few hundred kilobytes, never unpacked."""
    import zipfile

    from builder.sources import read_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / "炸弹.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    assert (raw / "炸弹.docx").stat().st_size < 2 * 1024 * 1024
    sources, errors = read_sources(raw)
    assert sources == [] and len(errors) == 1
    assert "炸弹.docx" in str(errors[0]) and "zip bomb" in str(errors[0])
