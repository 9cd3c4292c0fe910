"""Tables as units, in a real page read by the real builder and shown in a real browser.

The fixture is a real State Council page (tests/realpages/govcn/g10.html) whose second
attachment is a 22-row table of reform measures (序号 / 改革举措 / 主要内容 / 指导部门 /
推广范围), with a row per section spanning all five columns.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT, build_site
from test_browser import Visit

PAGE = ROOT / "tests" / "realpages" / "govcn" / "g10.html"
SLUG = "2018-tuiguang-dierpi-zhichi-chuangxin-xiangguan"
TABLE = "att-2-table-1"
ROW = f"{TABLE}-row-5"  # 3 | 以降低侵权损失为核心的专利保险机制 | …


@pytest.fixture(scope="module")
def table_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("tablesite")
    raw = work / "raw"
    raw.mkdir()
    shutil.copy(PAGE, raw / PAGE.name)
    return build_site(raw, work)


def test_table_is_exported_as_rows_of_cells(table_site):
    site_src, _ = table_site
    data = json.loads((site_src / "data" / "corpus.json").read_text(encoding="utf-8"))
    (doc,) = data["documents"]
    assert doc["counts"]["table"] == 1

    def find(units, wanted):
        for unit in units:
            if unit["id"] == wanted:
                return unit
            found = find(unit.get("children", []), wanted)
            if found:
                return found
    table = find(doc["units"], TABLE)
    assert table["kind"] == "table" and table["label"] == "附件2表1"
    head, section, row = table["children"][0], table["children"][1], find(doc["units"], ROW)
    assert [c["text"] for c in head["cells"]] == ["序号", "改革举措", "主要内容", "指导部门", "推广范围"]
    assert all(c.get("header") for c in head["cells"])
    assert section["cells"] == [{"text": "一、知识产权保护方面（共5项）", "column": 0, "colspan": 5}]
    assert [c["text"] for c in row["cells"]][:2] == ["3", "以降低侵权损失为核心的专利保险机制"]
    assert row["label"] == "附件2表1第5行" and row["text"].startswith("3 | 以降低侵权损失为核心的专利保险机制 | ")


@pytest.fixture(params=["http", "file"])
def table_visit(request, browser, table_site):
    _, site = table_site
    if request.param == "file":
        v = Visit(browser, site.resolve().as_uri() + "/")
        yield v
    else:
        import subprocess
        import sys
        import time

        from test_browser import free_port

        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                   "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        v = Visit(browser, f"http://127.0.0.1:{port}/")
        yield v
        server.terminate()
        server.wait(timeout=10)
    v.close()
    assert v.external == [] and v.errors == []


@pytest.mark.browser
def test_a_table_shows_as_a_table_with_linkable_rows(table_visit, artifacts):
    page = table_visit.open(f"doc/{SLUG}.html#{ROW}")
    page.wait_for_function(f"document.getElementById('{ROW}').classList.contains('policy-target')")
    shape = page.evaluate(f"""() => {{
        const table = document.querySelector('#{TABLE} table');
        const row = document.getElementById('{ROW}');
        const box = row.getBoundingClientRect();
        const last = row.cells[row.cells.length - 1];
        const link = last.querySelector('a.policy-permalink');
        return {{rows: table.rows.length, heads: table.tHead.rows[0].cells.length,
                 headTag: table.tHead.rows[0].cells[0].tagName, span: table.rows[1].cells[0].colSpan,
                 top: box.top, height: innerHeight, link: link && link.getAttribute('href'),
                 cite: !!last.querySelector('button.policy-cite-button'),
                 shaded: getComputedStyle(row.cells[1]).backgroundColor}};
    }}""")
    assert shape["rows"] == 23 and shape["heads"] == 5 and shape["headTag"] == "TH" and shape["span"] == 5
    assert 0 <= shape["top"] < shape["height"]  # the linked row is on screen
    assert shape["link"] == f"#{ROW}" and shape["cite"]
    assert shape["shaded"] not in ("rgba(0, 0, 0, 0)", "transparent")  # and marked as the target
    page.screenshot(path=str(artifacts / "table-row.png"))


@pytest.mark.browser
def test_search_finds_a_tables_row(table_visit):
    table_visit.open("index.html")
    links = table_visit.search("专利保险机制")
    assert any(link.endswith(f"{SLUG}.html#{ROW}") for link in links[:5]), links[:5]


def test_a_document_with_a_table_survives_the_cache():
    from builder.cache import from_data, to_data
    from builder.model import Document
    from builder.pipeline import analyse
    from builder.sources import read_source

    doc = analyse(read_source(PAGE), ())
    assert any(u.cells for u in doc.walk()) and doc.source.table_rows
    assert from_data(to_data(doc), Document) == doc


def test_a_table_that_lays_out_the_page_is_read_as_lines():
    from builder.sources import html_to_text

    page = ("<table><tr><td><ul><li><a href=/>首页</a></li><li><a href=/b>政务公开</a></li></ul></td>"
            "<td><h1>关于做好春耕工作的通知</h1><p>各乡镇：</p><p>请抓好春耕。</p></td></tr>"
            "<tr><td>主办单位</td><td>某县人民政府</td></tr></table>")
    text, _, _, rows = html_to_text(page)
    assert text.splitlines() == ["首页", "政务公开", "关于做好春耕工作的通知", "各乡镇：", "请抓好春耕。", "主办单位 | 某县人民政府"]
    assert rows == ()


def test_a_data_tables_cells_keep_their_places():
    from builder.sources import html_to_text

    page = ("<p>附件</p><table><caption>重点任务分工</caption><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>"
            "<tr><td>1</td><td><p>推进成渝地区</p><p>双城经济圈建设</p></td><td rowspan=2>省发展改革委</td></tr>"
            "<tr><td></td><td>建设 GDP|核算体系</td></tr></table>")
    text, _, _, rows = html_to_text(page)
    assert text.splitlines() == ["附件", "重点任务分工", "序号 | 任务 | 牵头单位", "1 | 推进成渝地区双城经济圈建设 | 省发展改革委",
                                 "建设 GDP｜核算体系"]
    assert [row.line for row in rows] == [3, 4, 5]
    assert [(c.column, c.rowspan, c.header) for c in rows[1].cells] == [(0, 1, False), (1, 1, False), (2, 2, False)]
    assert all(c.header for c in rows[0].cells) and [c.column for c in rows[2].cells] == [1]


@pytest.mark.browser
def test_a_page_with_a_table_has_no_serious_accessibility_violation(table_visit):
    from test_browser import axe_violations

    violations = axe_violations(table_visit.open(f"doc/{SLUG}.html"))
    assert violations == [], "\n".join(violations)


@pytest.mark.browser
def test_a_table_scrolls_on_a_phone_instead_of_widening_the_page(browser, table_site, artifacts):
    _, site = table_site
    v = Visit(browser, site.resolve().as_uri() + "/")
    try:
        v.page.set_viewport_size({"width": 390, "height": 844})
        page = v.open(f"doc/{SLUG}.html#{ROW}")
        widths = page.evaluate(f"""() => {{
            const wrap = document.getElementById('{TABLE}').getBoundingClientRect();
            const first = document.getElementById('{ROW}').cells[0];
            const range = document.createRange();
            range.selectNodeContents(first);
            return {{page: document.documentElement.scrollWidth, view: innerWidth, wrap: wrap.left,
                     number: range.getBoundingClientRect().left}};
        }}""")
        assert widths["page"] <= widths["view"]  # the page itself does not scroll sideways
        assert widths["number"] >= widths["wrap"]  # and the first column is not cut off at the left
        page.screenshot(path=str(artifacts / "table-phone.png"))
    finally:
        v.close()
    assert v.errors == []


def test_a_hostile_span_costs_no_more_than_the_table():
    """colspan="100000" rowspan="65534" would be a grid of 6.5e9 places: a span reaches no
    further than the table's last row, nor wider than 64 columns."""
    from builder.sources import html_to_text

    page = ('<table><tr><td colspan="100000" rowspan="65534">甲</td><td>乙</td></tr>'
            "<tr><td>丙</td><td>丁</td></tr></table>")
    _, _, _, rows = html_to_text(page)
    first = rows[0].cells[0]
    assert (first.colspan, first.rowspan) == (64, 2)


def test_a_hostile_cell_stays_text(tmp_path):
    """A cell's text reaches the page through the one escaping path, as any text does."""
    from builder.config import BuildConfig
    from builder.pipeline import build
    from conftest import GLOSSARY

    raw = tmp_path / "raw"
    raw.mkdir()
    hostile = "&lt;script&gt;alert(1)&lt;/script&gt; {: onclick=x} [a](javascript:alert(1)) &lt;img src=x onerror=y&gt;"
    (raw / "t.html").write_text(
        "<html><body><h1>关于印发重点任务清单的通知</h1><p>各县（市、区）人民政府：</p><p>一、重点任务</p>"
        f"<table><tr><th>序号</th><th>任务</th></tr><tr><td>1</td><td>{hostile}</td></tr>"
        "<tr><td>2</td><td>推进产业协作</td></tr></table></body></html>", encoding="utf-8")
    build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    (page,) = (tmp_path / "out" / "doc").glob("*.md")
    markdown = page.read_text(encoding="utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith('<tr id="part-1-table-1-row-2"'))
    assert "<script" not in row and "<img" not in row and "](" not in row and "{:" not in row
    assert "&#60;script&#62;alert&#40;1&#41;" in row
