"""Word and PDF sources (builder/office.py): the same document model as from the text source.

Fixtures are made here from a seed's own analysed text: a .docx written with python-docx,
its parts and clauses numbered by Word's list engine (一、 and （一） not in the text), with a
running header and a page-number footer; a PDF printed by Chromium (Playwright's page.pdf())
with a red 版头, page numbers — N — and the text wrapped by the page; and an image-only PDF.
"""

from __future__ import annotations

import base64
import html
import re
import struct
import zlib
from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.errors import BuildAbort
from builder.pipeline import build
from conftest import GLOSSARY

SEED = "001"  # 川东北经济区: 一、 parts, （一） clauses numbered on across parts, a document number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def analysed(raw: Path, out: Path):
    return build(BuildConfig.create(raw, out, GLOSSARY), write=False).corpus.documents


def body_lines(doc):
    """The seed's reading text as (kind, number, text without its number) in order."""
    for unit in doc.walk():
        if unit.kind in ("part", "clause") and unit.text.startswith(unit.number):
            yield unit.kind, unit.text[len(unit.number):]
        else:
            yield unit.kind, unit.text


def add_list(document, num_id: str, levels: list[str]) -> str:
    """A Word list (numbering.xml) printing ``levels`` (e.g. ``%1、``) in Chinese numerals; its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, text in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


def numbered(paragraph, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def seed_docx(doc, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "旺苍县人民政府办公室文件"
    section.footer.paragraphs[0].text = "— 1 —"
    # Parts 一、 and clauses （一） as two lists: the clauses run on across parts, as in this seed.
    parts, clauses = add_list(document, "90", ["%1、"]), add_list(document, "91", ["（%1）"])
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.meta.title)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(22), RGBColor(0, 0, 0)
    document.add_paragraph(doc.meta.doc_number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in body_lines(doc):
        paragraph = document.add_paragraph(text)
        if kind == "part":
            numbered(paragraph, parts, 0)
        elif kind == "clause":
            numbered(paragraph, clauses, 0)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("序号", "任务", "牵头单位"), ("1", "完善区域发展推进机制", "县发展改革局"),
                             ("2", "培育特色产业", "县农业农村局")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(path)


def test_docx_gives_the_text_sources_document(seed_docs, tmp_path):
    seed = seed_docs[SEED]
    raw = tmp_path / "raw"
    raw.mkdir()
    seed_docx(seed, raw / "旺苍县指导意见.docx")
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.source.format == "docx" and doc.source.reader.startswith("python-docx ")
    assert doc.source.left_out == 2  # the running header and the page-number footer
    assert doc.meta.title == seed.meta.title and doc.meta.doc_number == seed.meta.doc_number
    # Word's numbering is printed again, so the same units come back with the same ids and text.
    seed_units = [(u.id, u.text) for u in seed.walk() if u.kind in ("part", "clause")]
    units = [(u.id, u.text) for u in doc.walk() if u.kind in ("part", "clause")]
    assert units == seed_units
    assert "县发展改革局" in "\n".join(u.text for u in doc.walk())  # the table's rows are kept


def seed_html(doc) -> str:
    """The seed as a 公文 page for print: red 版头 and rule, the text, a table."""
    issuer = doc.meta.issuers[0] if doc.meta.issuers else "四川省人民政府办公厅"
    parts = [f'<p class="head">{html.escape(issuer)}文件</p><hr class="rule">',
             f'<p class="number">{html.escape(doc.meta.doc_number)}</p>', f"<h1>{html.escape(doc.meta.title)}</h1>"]
    for unit in doc.walk():
        parts.append(f"<p>{html.escape(unit.text)}</p>")
    style = ("body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16pt;line-height:1.6}"
             ".head{color:#d00;font-size:30pt;text-align:center;font-weight:bold}"
             ".rule{border:0;border-top:3px solid #d00}.number{text-align:center}h1{text-align:center;font-size:20pt}"
             "p{text-indent:2em;margin:0}")  # GB/T 9704: each paragraph's first line indented two characters
    return f"<!doctype html><html lang=zh-Hans><meta charset=utf-8><style>{style}</style>{''.join(parts)}</html>"


@pytest.fixture
def print_pdf(browser):
    def make(markup: str, path: Path) -> None:
        page = browser.new_page()
        page.set_content(markup)
        page.pdf(path=str(path), format="A4", display_header_footer=True, header_template="<span></span>",
                 footer_template='<div style="font-size:12pt;width:100%;text-align:center">— '
                                 '<span class="pageNumber"></span> —</div>',
                 margin={"top": "25mm", "bottom": "25mm", "left": "26mm", "right": "26mm"})
        page.close()
    return make


@pytest.mark.browser
def test_pdf_gives_the_text_sources_document(seed_docs, tmp_path, print_pdf):
    seed = seed_docs[SEED]
    raw = tmp_path / "raw"
    raw.mkdir()
    print_pdf(seed_html(seed), raw / "旺苍县指导意见.pdf")
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.source.format == "pdf" and doc.source.reader.startswith("pdfplumber ")
    assert doc.source.left_out >= 2  # — 1 —, — 2 —, …
    assert not re.search(r"— \d+ —", doc.source.text)
    assert doc.meta.title == seed.meta.title and doc.meta.doc_number == seed.meta.doc_number
    # Lines the page wrapped are one paragraph again: the same units, ids and text.
    seed_units = [(u.id, u.text) for u in seed.walk() if u.kind in ("part", "clause")]
    units = [(u.id, u.text) for u in doc.walk() if u.kind in ("part", "clause")]
    assert units == seed_units


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
    print_pdf(f'<!doctype html><img src="data:image/png;base64,{image}" style="width:160mm">', raw / "扫描件.pdf")
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
