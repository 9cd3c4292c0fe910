"""Long documents on several pages (builder/paging.py): every unit on one page, links that find it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from builder.config import BuildConfig
from builder.paging import PAGE_BUDGET, page_name, page_plan, unit_pages, weight
from builder.pipeline import build
from conftest import GLOSSARY, ROOT, mkdocs_config_for, run_builder

CN = "一二三四五六七八九"


def cn(n: int) -> str:
    """1..999 in Chinese numerals, as laws number their articles."""
    out = ""
    if n >= 100:
        out += CN[n // 100 - 1] + "百"
        n %= 100
        if 0 < n < 10:
            out += "零"
    if n >= 10:
        out += ("" if n // 10 == 1 and not out else CN[n // 10 - 1]) + "十"
        n %= 10
    return out + (CN[n - 1] if n else "")


def long_law(articles: int = 240, chapters: int = 6) -> str:
    """A law in the corpus's form: chapters of articles, long enough to need several pages."""
    lines = ["# 四川省区域协调发展促进条例", "", "2021年9月29日四川省第十三届人民代表大会常务委员会第三十次会议通过", ""]
    per = articles // chapters
    n = 0
    for c in range(1, chapters + 1):
        lines += [f"## 第{cn(c)}章 第{c}部分规定", ""]
        for _ in range(per):
            n += 1
            lines += [f"第{cn(n)}条 县级以上地方人民政府应当统筹推进成渝地区双城经济圈建设，" + "促进区域协调发展，" * 20
                      + f"本条为第{n}条。", ""]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def law_corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("longlaw") / "raw"
    raw.mkdir()
    (raw / "条例.md").write_text(long_law(), encoding="utf-8")
    (raw / "通知.txt").write_text(
        "关于贯彻《四川省区域协调发展促进条例》的通知\n发布时间:2022-03-01\n"
        "一、工作要求\n（一）认真落实。各地要推进成渝地区双城经济圈建设，落实《四川省区域协调发展促进条例》。\n",
        encoding="utf-8")
    return raw


def law_slug(out) -> str:
    """The slug of the document with articles (the law, not the notice citing it)."""
    for path in (out / "data" / "documents").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))["document"]
        if doc["counts"]["article"]:
            return doc["slug"]
    raise AssertionError("no document with articles")


def test_plan_puts_every_unit_on_exactly_one_page(law_corpus):
    result = build(BuildConfig.create(law_corpus, law_corpus.parent / "out", GLOSSARY), write=False)
    law = next(d for d in result.corpus.documents if d.count("article"))
    plan = page_plan(law)
    assert len(plan) > 1
    pages = unit_pages(plan)
    assert set(pages) == {u.id for u in law.walk()}
    # In document order, pages never go back, and no page is over budget unless one unit is.
    order = [pages[u.id] for u in law.walk()]
    assert order == sorted(order) and order[-1] == len(plan)
    for page in plan:
        size = sum(weight(s.unit) if s.whole else len(s.unit.text.encode()) for s in page)
        assert size <= PAGE_BUDGET or len(page) == 1
    assert page_plan(law) == plan  # the same document, the same pages


def test_a_short_document_is_one_page(seed_docs):
    for doc in seed_docs.values():
        assert len(page_plan(doc)) == 1


def test_long_document_pages_are_small_and_linked(law_corpus, tmp_path):
    out, site = tmp_path / "site_src", tmp_path / "site"
    assert run_builder(law_corpus, out, "-q").returncode == 0
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(mkdocs_config_for(out, tmp_path / "mkdocs.yml")), "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert done.returncode == 0, done.stderr  # every link to a unit on a later page resolves
    slug = law_slug(out)
    pages = sorted((site / "doc").glob(f"{slug}*.html"))
    assert len(pages) >= 3 and (site / "doc" / f"{page_name(slug, 2)}.html") in pages
    assert max(p.stat().st_size for p in pages) < 150_000
    first = (site / "doc" / f"{slug}.html").read_text(encoding="utf-8")
    assert "本文件较长，分" in first and 'data-pages="' in first
    # The last article is on the last page, with its id; the search text says which page.
    last = (site / "doc" / f"{page_name(slug, len(pages))}.html").read_text(encoding="utf-8")
    assert re.search(r'id="chap-6-art-240"', last)
    text = (out / "search" / "text" / f"{slug}.js").read_text(encoding="utf-8")
    assert '"chap-6-art-240",' in text and re.search(r'"chap-6-art-240",[^\]]*,\d+\]', text)
    # The whole document is still one download.
    plain = (out / "doc" / f"{slug}.txt").read_text(encoding="utf-8")
    assert "本条为第1条。" in plain and "本条为第240条。" in plain


@pytest.mark.browser
@pytest.mark.slow
def test_old_link_to_a_unit_on_a_later_page_goes_there(law_corpus, tmp_path, browser):
    out, site = tmp_path / "site_src", tmp_path / "site"
    assert run_builder(law_corpus, out, "-q").returncode == 0
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(mkdocs_config_for(out, tmp_path / "m.yml")),
                    "-d", str(site)], cwd=ROOT, check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    slug = law_slug(out)
    page = browser.new_page()
    page.goto(f"file://{site}/doc/{slug}.html#chap-6-art-240")
    page.wait_for_url(re.compile(rf"{re.escape(slug)}--\d+\.html#chap-6-art-240$"))
    page.wait_for_selector("#chap-6-art-240")
    assert not page.query_selector(".policy-missing")
    page.close()
