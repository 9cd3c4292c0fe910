"""Site templates (builder/templates.py): what a scrape's pages repeat is the site's, not a document's.

The pages are real detail pages of the national policy library (tests/realpages/govcn), saved
together as a scrape of one site would be.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import conftest  # noqa: F401  (fixtures and paths)

from conftest import ROOT, analysed
from builder.model import PageField, Sidecar
from builder.shapes import title_key
from builder.sources import read_source
from builder.templates import MIN_PAGES, site_of, template_lines

GOVCN = ROOT / "tests" / "realpages" / "govcn"
# Six pages that all print the same addressee, 国务院办公厅 as signer and （此件公开发布）.
SHARING = ["g02", "g04", "g06", "g07", "g08", "g09"]
NAV = "常务会议 国务院文件 政策解读"
FOOTER = "国务院部门文件 政策问答"


def read(path: Path):
    return read_source(path, path.name, path.parent.resolve())


def test_templates_of_the_policy_library_are_its_widget_and_its_empty_key():
    found = template_lines(read(p) for p in sorted(GOVCN.glob("*.html")))
    assert found == {"folder:.": frozenset({"扫一扫在手机打开当前页", "主题词："})}


def test_templates_never_count_what_documents_share_by_nature():
    pages = [read(GOVCN / f"{name}.html") for name in SHARING]
    shared = set.intersection(*({title_key(line) for line in p.text.split("\n")} for p in pages))
    assert {"国务院办公厅", "（此件公开发布）", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："} <= shared
    (template,) = template_lines(pages).values()
    assert "扫一扫在手机打开当前页" in template
    assert not template & {"国务院办公厅", "（此件公开发布）", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："}


def test_templates_need_enough_pages_of_one_site():
    pages = [read(GOVCN / f"{name}.html") for name in SHARING[: MIN_PAGES - 1]]
    assert template_lines(pages) == {}


def test_site_is_the_host_the_page_states_else_its_folder():
    page = read(GOVCN / "g02.html")
    assert site_of(page) == "folder:."
    assert site_of(replace(page, name="2019/g02.html")) == "folder:2019"
    stated = replace(page, head_fields=(PageField("source_url", "canonical", "https://www.gov.cn/x/1.htm", None, "html-head"),))
    assert site_of(stated) == "host:gov.cn"
    assert site_of(replace(page, sidecar=Sidecar(source_url="http://fgw.sc.gov.cn/a.html"))) == "host:fgw.sc.gov.cn"


def scrape(target: Path, names: list[str]) -> Path:
    """The pages as a scrape saves them: each with the site's menu above and its footer below."""
    target.mkdir()
    for name in names:
        html = (GOVCN / f"{name}.html").read_text(encoding="utf-8")
        (target / f"{name}.html").write_text(f'<div class="nav">{NAV}</div>\n{html}\n<div class="foot">{FOOTER}</div>\n',
                                             encoding="utf-8")
    return target


def removed(doc) -> dict[str, str]:
    return {r.text: r.rule for r in doc.removals}


def test_a_scrapes_footer_no_phrase_names_is_left_out_and_its_documents_notes_kept(tmp_path):
    docs = analysed(scrape(tmp_path / "raw", SHARING), tmp_path / "out")
    assert len(docs) == len(SHARING)
    for doc in docs:
        assert removed(doc).get(FOOTER) == "site-template", doc.source.name
        text = "\n".join(u.text for u in doc.walk())
        assert FOOTER not in text and "此件公开发布" in "\n".join(h.text for h in doc.header) + text


def test_the_same_footer_on_a_page_alone_is_not_the_sites(tmp_path):
    raw = scrape(tmp_path / "raw", SHARING[:1])
    (doc,) = analysed(raw, tmp_path / "out")
    assert doc.source.site_lines == frozenset() and removed(doc).get(FOOTER) != "site-template"
