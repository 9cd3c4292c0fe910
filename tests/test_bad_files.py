"""Files that are broken in the ways a user's files are, each refused, read or warned about
with one line naming the file and saying what to do (``python -m builder check``): a PDF
whose text layer is (cid:N), UTF-16 without a BOM, pages saved as mojibake, a sidecar with a
full-width colon or named .yaml, a page that stops mid-sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_builder

NOTICE = ("关于印发旺苍县区域发展推进机制实施方案的通知\n旺府办发〔2017〕24号\n各乡镇人民政府、各街道办事处，县级各部门：\n"
          "现将《旺苍县区域发展推进机制实施方案》印发给你们，请结合实际，认真贯彻执行。\n"
          "一、总体要求\n全面贯彻落实区域发展战略，优化区域发展布局，健全区域协调发展机制。\n"
          "二、工作措施\n加强县域政策统筹，完善区域规划体系，加快交通基础设施建设。\n"
          "旺苍县人民政府办公室\n2017年12月30日\n")


def cid_pdf(lines: list[str]) -> bytes:
    """A PDF whose text is set in a CID font (Identity-H) embedded without a ToUnicode map,
    as some typesetting software exports: its text layer gives only glyph numbers."""
    content = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(
        "<" + "".join(f"{0x100 + ord(ch) % 3000:04X}" for ch in line) + "> Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        "<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        "/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def check(raw: Path, tmp_path: Path):
    return run_builder(raw, tmp_path / "out", "--no-cache", command="check")


def errors_of(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("ERROR: ") and "could not be built" not in line]


def raw_with(tmp_path: Path, name: str, data: bytes) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / name).write_bytes(data)
    return raw


def test_pdf_of_glyph_numbers_is_refused_like_a_scan(tmp_path):
    raw = raw_with(tmp_path, "印发稿.pdf", cid_pdf(NOTICE.splitlines()))
    done = check(raw, tmp_path)
    assert done.returncode == 1 and "(cid:" not in done.stdout
    (line,) = errors_of(done)
    assert "印发稿.pdf" in line and "glyph numbers" in line and "OCR is not supported" in line
    assert "find the document as text, HTML, .docx or a PDF whose text can be copied" in line


def test_pdf_with_a_few_unmapped_glyphs_marks_them_as_damage():
    from builder.office import PdfLine, mapped_text

    pages = [[PdfLine("关于印发实施方案的通知", False, False, 14),
              PdfLine("现将方案印发给你们(cid:12)请认真贯彻执行。", False, False, 14)]]
    mapped, warnings = mapped_text(pages, "x.pdf")
    assert mapped[0][1].text == "现将方案印发给你们\ufffd请认真贯彻执行。" and len(warnings) == 1


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, codec):
    raw = raw_with(tmp_path, "通知.txt", NOTICE.encode(codec))
    done = check(raw, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "title:      关于印发旺苍县区域发展推进机制实施方案的通知" in done.stdout and f"({codec})" in done.stdout


def browser_1252(data: bytes) -> str:
    """Bytes as a browser reads Windows-1252: the five undefined bytes become C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


@pytest.mark.parametrize("garbled, codec", [
    (NOTICE.encode("utf-8").decode("latin-1"), "latin1"),
    (browser_1252(NOTICE.encode("utf-8")), "cp1252"),
    (NOTICE.encode("utf-8").decode("gb18030", errors="replace"), "gb18030"),
])
def test_mojibake_page_is_named_with_how_to_undo_it(tmp_path, garbled, codec):
    raw = raw_with(tmp_path, "乱码.txt", garbled.encode("utf-8"))
    done = check(raw, tmp_path)
    (line,) = errors_of(done)
    assert "乱码.txt" in line and "mojibake" in line and "control characters" not in line
    assert "save the page again from its address as UTF-8" in line and f"iconv -f utf-8 -t {codec}" in line


def test_sidecar_with_a_full_width_colon_says_so(tmp_path):
    raw = raw_with(tmp_path, "通知.txt", NOTICE.encode("utf-8"))
    (raw / "通知.txt.yml").write_text("title: 关于印发实施方案的通知\nissuers：旺苍县人民政府办公室\n", encoding="utf-8")
    (line,) = errors_of(check(raw, tmp_path))
    assert "通知.txt.yml" in line and ":2" in line and "'issuers' is followed by a full-width colon" in line
    assert "write 'issuers: …'" in line


def test_sidecar_named_yaml_says_to_rename_it(tmp_path):
    raw = raw_with(tmp_path, "通知.txt", NOTICE.encode("utf-8"))
    (raw / "通知.txt.yaml").write_text("title: 关于印发实施方案的通知\n", encoding="utf-8")
    (line,) = errors_of(check(raw, tmp_path))
    assert "通知.txt.yaml" in line and "rename it to 通知.txt.yml" in line


def test_page_ending_mid_sentence_is_warned(tmp_path):
    """The page cut in the middle of a word is warned about; the whole page is not."""
    cut = NOTICE.split("加快交通")[0] + "加快交通基础设"
    raw = raw_with(tmp_path, "通知.txt", cut.encode("utf-8"))
    done = check(raw, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the text ends mid-sentence ('…规划体系，加快交通基础设')" in done.stdout
    assert "save it again whole from its address" in done.stdout
    (raw / "通知.txt").write_text(NOTICE, encoding="utf-8")
    done = check(raw, tmp_path)
    assert done.returncode == 0 and "mid-sentence" not in done.stdout
