"""What only a browser can show: anchors, search, original text, citations,
offline use. Debian's Chromium, driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOC_2011 = "doc/2011-chengyu-jingjiqu.html"
SITE_URL = "https://sichuan-policy.github.io/policy-corpus/"
TITLE_2011 = "中共四川省委 四川省人民政府关于加快推进成渝经济区建设 促进全省区域协调发展的决定"

# Real queries from the documents, with a clause each must find among the first results.
QUERIES = [
    ("天府新区", "2011-chengyu-jingjiqu.html#part-2-clause-6"),
    ("川陕革命老区", "2011-chengyu-jingjiqu.html#part-4-clause-12"),
    ("攀西战略资源创新开发试验区", "2011-chengyu-jingjiqu.html#part-3-clause-9"),
    ("嘉陵江", "2019-chuandongbei-jingjiqu.html#part-6-clause-16"),
    ("万达开", "2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-8"),
    ("五区共兴", "2024-wuqu-gongxing.html"),
    ("成渝地区双城经济圈", "2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-6"),
    ("双城经济圈", "2020-chengyu-shuangcheng-jingjiquan.html#part-1-clause-1"),
    ("公园城市", "2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-5"),
    ("杜仲", "2017-wangcang.html#part-3-clause-9"),
    ("钒钛", "2011-chengyu-jingjiqu.html#part-3-clause-9"),
    ("秦巴山区", "2011-chengyu-jingjiqu.html#part-4-clause-13"),
    # Traditional queries are simplified before searching.
    ("成渝地區雙城經濟圈", "2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-6"),
    ("萬達開", "2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-8"),
    ("川陝革命老區", "2011-chengyu-jingjiqu.html#part-4-clause-12"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def http_base(built_site):
    """The built site over http, from a separate server process."""
    _, site = built_site
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def file_base(built_site):
    _, site = built_site
    return site.resolve().as_uri() + "/"


class Visit:
    """A browser context that records (and blocks) every request leaving the site."""

    def __init__(self, browser, base: str, **options):
        self.base = base
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", **options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def search(self, query: str) -> list[str]:
        page = self.page
        box = page.locator("input[data-policy-search=query]")
        box.click()
        box.fill(query)
        box.press("End")
        # The result list says which query it shows once it is complete.
        page.wait_for_function(
            """() => document.querySelector('[data-policy-search=result]').dataset.query
                     === document.querySelector('input[data-policy-search=query]').value.trim()""",
            timeout=15000,
        )
        links = page.eval_on_selector_all(".md-search-result__list a.md-search-result__link",
                                          "els => els.map(e => e.href)")
        # Document links carry ?h=<phrases> for the page to mark them; keep page and fragment.
        return [re.sub(r"\?h=[^#]*", "", link) for link in links]

    def close(self):
        self.context.close()


@pytest.fixture(params=["http", "file"])
def visit(request, browser, http_base, file_base):
    base = http_base if request.param == "http" else file_base
    v = Visit(browser, base)
    yield v
    v.close()
    assert v.external == [], f"requests outside the site: {v.external}"
    assert v.errors == [], f"script errors: {v.errors}"


def test_clause_url_lands_on_clause(visit, artifacts):
    page = visit.open(DOC_2011 + "#part-2-clause-6")
    heading = page.locator("#part-2-clause-6")
    assert heading.inner_text().startswith("（六）加快规划建设天府新区。")
    page.wait_for_timeout(300)
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 250, box
    assert "policy-target" in heading.get_attribute("class")
    if visit.base.startswith("http"):
        page.screenshot(path=str(artifacts / "document-page.png"))


def test_paragraph_url_lands_on_paragraph(visit):
    page = visit.open("doc/2024-wuqu-gongxing.html#para-6")
    para = page.locator("#para-6")
    assert para.inner_text().startswith("会议指出，要着力推动省内优势地区加快发展")  # 著力 in the Traditional source
    page.wait_for_timeout(300)  # let fonts and layout settle, as for clauses
    box = para.bounding_box()
    assert box is not None and 0 <= box["y"] < 250


def test_landing_on_a_clause_marks_it_in_the_table_of_contents(visit):
    page = visit.open(DOC_2011 + "#part-2-clause-6")
    page.wait_for_timeout(600)
    active = page.eval_on_selector_all(".md-sidebar--secondary .md-nav__link--active", "els => els.map(e => e.getAttribute('href'))")
    assert active and active[-1] == "#part-2-clause-6", active


def test_landing_on_a_clause_highlights_the_whole_unit(visit):
    page = visit.open(DOC_2011 + "#part-2-clause-6")
    marked = page.eval_on_selector_all(".policy-target", "els => els.map(e => e.id || e.className)")
    assert marked[0] == "part-2-clause-6" and len(marked) >= 2  # the heading and its text
    assert "part-2-clause-7" not in marked  # not the next clause


def test_missing_fragment_shows_a_notice(visit):
    page = visit.open(DOC_2011 + "#part-9-clause-99")
    notice = page.locator(".policy-missing")
    notice.wait_for()
    assert "该条款不存在或已调整" in notice.inner_text() and "part-9-clause-99" in notice.inner_text()
    page.evaluate("location.hash = '#part-2-clause-6'")
    page.wait_for_timeout(200)
    assert page.locator(".policy-missing").count() == 0


def test_malformed_escape_in_address_is_harmless(visit):
    """?h=% and #% used to throw URIError, losing the highlight and the hashchange handler."""
    page = visit.open(DOC_2011 + "?h=%E5%zz%#%")
    page.evaluate("location.hash = '#part-2-clause-6'")
    page.wait_for_timeout(200)
    assert "policy-target" in page.locator("#part-2-clause-6").get_attribute("class")


@pytest.mark.parametrize("query, expected", QUERIES)
def test_search_finds_clause_over_http(browser, http_base, query, expected):
    v = Visit(browser, http_base)
    try:
        v.open("index.html")
        links = v.search(query)
        firsts = links[:8]
        assert any(link.endswith("/" + expected) for link in firsts), firsts
    finally:
        v.close()
    assert v.external == []


def test_search_works_offline_from_file(visit, artifacts):
    visit.open(DOC_2011)
    links = visit.search("川陕革命老区")
    assert any(link.endswith("2011-chengyu-jingjiqu.html#part-4-clause-12") for link in links[:12]), links[:12]
    if visit.base.startswith("file"):
        visit.page.screenshot(path=str(artifacts / "search-results.png"))


def test_traditional_query_is_simplified(visit):
    visit.open("index.html")
    links = visit.search("成渝地區雙城經濟圈")
    assert visit.page.input_value("input[data-policy-search=query]") == "成渝地区双城经济圈"
    assert any("2020-chengyu-shuangcheng-jingjiquan.html" in link for link in links[:12])


def test_search_results_mark_the_phrase_and_open_the_clause(visit):
    page = visit.open("index.html")
    links = visit.search("杜仲")
    assert links[0].endswith("/doc/2017-wangcang.html#part-3-clause-9")
    first = page.locator(".md-search-result__list a").first
    assert first.locator("h2").inner_text() == "三、（九）　《旺苍县完善区域发展推进机制的指导意见》"
    assert set(first.locator("mark").all_inner_texts()) == {"杜仲"}
    assert page.inner_text(".md-search-result__meta") == "1 篇文件，已列出 1 项（全部）"
    # Keyboard: down to the first result, Enter opens it, the search closes.
    page.locator("input[data-policy-search=query]").press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/doc/2017-wangcang.html#part-3-clause-9")  # ?h= is gone from the address
    assert "policy-target" in page.locator("#part-3-clause-9").get_attribute("class")
    # The phrase is marked in the text (the clause's heading is followed by its body).
    hits = page.locator("mark.policy-hit")
    assert set(hits.all_inner_texts()) == {"杜仲"}
    assert hits.first.evaluate("m => m.closest('p').previousElementSibling.id") == "part-3-clause-9"
    assert not page.is_checked("#__search")


def test_search_pages_through_many_results_and_explains_misses(visit):
    page = visit.open(DOC_2011)
    page.keyboard.press("/")  # the shortcut focuses the box
    assert page.evaluate("document.activeElement.dataset.policySearch") == "query"
    visit.search("双城经济圈")
    items = page.locator(".md-search-result__list > li")
    before = items.count()
    assert before == 21  # the glossary term, then a first page of 20: the document by its title, clauses, paragraphs
    page.click(".policy-search-more")
    page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__list > li').length > {before}")
    assert "（全部）" in page.inner_text(".md-search-result__meta") or page.is_visible(".policy-search-more")
    # No exact phrase: the query is tried again as two-character words.
    links = visit.search("成都公园城市")
    assert links[0].endswith("2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-5")
    assert page.inner_text(".md-search-result__meta").startswith("没有完整的“成都公园城市”，以下含有“成都”“公园”“城市”。")
    # Every pair of 旺苍经济 occurs in the 2017 document (苍经 in 旺苍经开区), the phrase nowhere:
    # the candidates are read, nothing matches, and the words are tried.
    links = visit.search("旺苍经济")
    assert links and all("2017-wangcang.html" in link for link in links)
    assert page.inner_text(".md-search-result__meta").startswith("没有完整的“旺苍经济”，以下含有“旺苍”“经济”。")
    assert visit.search("不存在的词语") == []
    assert page.inner_text(".md-search-result__meta") == "没有找到“不存在的词语”"
    assert visit.search("<img src=x onerror=alert(1)>") == []
    assert page.locator(".md-search-result__list img").count() == 0


def test_search_on_a_small_screen(browser, http_base):
    """The header's search icon opens the search and puts the cursor in the box."""
    v = Visit(browser, http_base)
    try:
        v.page.set_viewport_size({"width": 390, "height": 800})
        page = v.open(DOC_2011)
        box = page.locator("input[data-policy-search=query]")
        assert not page.is_checked("#__search")
        page.locator("label.md-header__button[for=__search]").click()
        assert page.is_checked("#__search")
        assert page.evaluate("document.activeElement.dataset.policySearch") == "query"
        page.wait_for_timeout(400)  # Material's slide-in transition
        rect = box.bounding_box()
        assert rect is not None and 0 <= rect["x"] and rect["x"] + rect["width"] <= 390 and rect["y"] < 100, rect
        links = v.search("嘉陵江")
        assert any(link.endswith("2019-chuandongbei-jingjiqu.html#part-6-clause-16") for link in links[:3])
        page.keyboard.press("Escape")
        assert not page.is_checked("#__search")
    finally:
        v.close()
    assert v.external == [] and v.errors == []


def test_search_script_agrees_with_builder(visit):
    """Gram shards and text folding are computed twice: by the builder and in the browser."""
    from builder.search import SEPARATOR, normalize, shard_of

    page = visit.open("index.html")
    page.wait_for_function("() => window.policySearch && window.policySearch.shardOf")
    grams = ["天府", "新", "經濟", "5g", "ab", "𠀀𠀁", "〇一", "ａｂ", "é中"]
    js = page.evaluate("gs => gs.map(g => policySearch.shardOf(g, 1024))", grams)
    assert js == [shard_of(g, 1024) for g in grams]
    text = "成渝地区（2020年）：双城经济圈、G93高速 Tianfu_New·Area——𠀀字，ＡＢ，著眼於"
    js_parts = page.evaluate("t => policySearch.fold(t).split('\\u0000').filter(Boolean)", text)
    assert js_parts == [p for p in normalize(text).split(SEPARATOR) if p]
    assert len(page.evaluate("t => policySearch.fold(t)", text)) == len(text)  # positions line up for snippets


def test_search_finds_documents_by_their_metadata(visit):
    """A document number, an issuer or a source finds the document itself."""
    visit.open("index.html")
    links = visit.search("旺府办发")
    assert links and "2017-wangcang.html" in links[0]
    visit.open("index.html")
    links = visit.search("四川日报")
    assert {"2011-chengyu-jingjiqu.html", "2019-chuandongbei-jingjiqu.html"} <= {link.rsplit("/", 1)[-1].split("#")[0]
                                                                                   for link in links}
    assert "文件日期：" in visit.page.locator(".md-search-result__list").inner_text()


def test_search_finds_either_form_of_a_variant(visit):
    """OpenCC keeps 著 in 著眼; the reading text writes 着眼, and search folds the pair."""
    for query in ("着眼", "著眼"):
        visit.open("index.html")
        links = visit.search(query)
        assert any("2020-chengyu-shuangcheng-jingjiquan.html" in link for link in links[:12]), (query, links)


def test_original_view_shows_traditional_text(visit):
    page = visit.open("doc/2020-chengyu-shuangcheng-jingjiquan.html#part-3-clause-9")
    link = page.locator("#part-3-clause-9 .policy-original-link")
    assert link.count() == 1
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("2020-chengyu-shuangcheng-jingjiquan-original.html#part-3-clause-9")
    text = page.locator("#part-3-clause-9").inner_text()
    assert text.startswith("（九）加強交通基礎設施建設。")
    assert "雙城經濟圈" in page.locator("article").inner_text()


def test_copy_citation(browser, http_base):
    v = Visit(browser, http_base, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = v.open(DOC_2011)
        page.locator("#part-2-clause-6 .policy-cite-button").click()
        toast = page.locator(".policy-toast")
        toast.wait_for(state="attached")
        # Issuers, title, date, the unit, and the published address (site_url), not the local server's.
        cited = "中共四川省委 四川省人民政府《关于加快推进成渝经济区建设 促进全省区域协调发展的决定》（2011年9月22日）"
        expected = f"{cited}二、（六），{SITE_URL}{DOC_2011}#part-2-clause-6"
        assert toast.inner_text() == "已复制：" + expected
        assert page.evaluate("navigator.clipboard.readText()") == expected
        page.locator("#para-1 .policy-cite-button").click()
        assert page.evaluate("navigator.clipboard.readText()") == f"{cited}导语第1段，{SITE_URL}{DOC_2011}#para-1"
        # The original-text page has the same tools, and 返回简体版 keeps the unit.
        original = v.open("doc/2020-chengyu-shuangcheng-jingjiquan-original.html#part-2-clause-6")
        original.locator("#part-2-clause-6 .policy-cite-button").click()
        text = original.evaluate("navigator.clipboard.readText()")
        assert text.startswith("中共四川省委《关于深入贯彻") and text.endswith(
            f"二、（六），{SITE_URL}doc/2020-chengyu-shuangcheng-jingjiquan-original.html#part-2-clause-6")
        original.locator("a.policy-back").click()
        original.wait_for_url("**/2020-chengyu-shuangcheng-jingjiquan.html#part-2-clause-6")
    finally:
        v.close()


def test_print_shows_the_text_and_its_citation_not_the_chrome(visit, artifacts):
    """The print-out: citation and address, the facts table, the notice and the text; nothing for
    the editor (来源与校验 with the SHA-256 and the scraped 责任编辑, 处理提示)."""
    page = visit.open(DOC_2011)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".policy-cite-button", ".policy-also", ".policy-downloads",
                     ".policy-provenance", ".policy-notes"):
        assert not page.locator(selector).first.is_visible(), selector
    cite = page.locator(".policy-print-cite")
    assert cite.is_visible() and cite.inner_text().endswith(f"，{SITE_URL}{DOC_2011}")
    assert page.locator("#part-2-clause-6").is_visible()  # clause numbers kept
    assert page.locator(".policy-facts table").is_visible() and page.locator(".policy-notice").is_visible()
    printed = page.inner_text("article")
    assert "发布机关" in printed and "中共四川省委员会、四川省人民政府" in printed
    assert "（六）加快规划建设天府新区。" in printed
    for editorial in ("来源与校验", "SHA-256", "e1a4ecffb9b9ef42", "处理提示", "责任编辑", "暴雨将至"):
        assert editorial not in printed, editorial
    if visit.base.startswith("http"):
        page.screenshot(path=str(artifacts / "document-print.png"))


def test_errata_visible_with_original_reading(visit):
    page = visit.open(DOC_2011 + "#part-2-clause-4")
    erratum = page.locator("ins.policy-erratum").first
    assert erratum.inner_text() == "人均地区生产总值达到3.9万元"
    assert "原文作“人均地区生产总值达到39万元”" in erratum.get_attribute("title")
    assert "CNTV" in page.locator("#erratum-1").inner_text()


def test_pages_make_no_external_request(visit):
    pages = ["index.html", "timeline.html", "terms/index.html", "terms/tianfu-xinqu.html", DOC_2011,
             "doc/2020-chengyu-shuangcheng-jingjiquan-original.html", "search.html?q=天府新区", "404.html"]
    for path in pages:
        visit.open(path)
        visit.page.wait_for_timeout(200)
    # The fixture asserts that nothing left the site.


def test_term_page_follows_policy_across_years(visit):
    page = visit.open("terms/tianfu-xinqu.html")
    text = page.locator("article").inner_text()
    assert text.index("2011-09-22") < text.index("2020-07-10")
    page.locator("a[href$='2011-chengyu-jingjiqu.html#part-2-clause-6']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#part-2-clause-6")


def search_page(visit, address: str):
    page = visit.open(address)
    page.wait_for_selector("[data-policy-search-page-results][data-query]", timeout=15000)
    return page


def page_results(page) -> list[str]:
    return [re.sub(r"\?h=[^#]*", "", href).split("/")[-1] for href in
            page.eval_on_selector_all("[data-policy-search-page-results] a", "els => els.map(e => e.href)")]


def test_search_page_reads_its_query_and_filters_from_the_address(visit):
    page = search_page(visit, "search.html?q=" + "天府新区" + "&from=2011&to=2011")
    assert page.input_value("[data-policy-filter=q]") == "天府新区"
    assert page.input_value("[data-policy-filter=from]") == "2011"
    hits = page_results(page)
    assert hits and all(h.startswith("2011-chengyu-jingjiqu.html") for h in hits)
    assert "2011-chengyu-jingjiqu.html#part-2-clause-6" in hits
    # Without the year filter the same query finds the 2020 document too.
    page = search_page(visit, "search.html?q=" + "天府新区")
    assert any(h.startswith("2020-") for h in page_results(page))


def test_search_page_filters_combine_and_live_in_the_address(visit):
    page = search_page(visit, "search.html")
    assert "全部 5 篇文件" in page.inner_text("[data-policy-search-page-meta]")
    page.select_option("[data-policy-filter=kind]", "实施意见")
    page.wait_for_function("() => location.search.includes('kind=')")
    assert len(page_results(page)) == 1 and page_results(page)[0].startswith("2019-chuandongbei-jingjiqu.html")
    page.select_option("[data-policy-filter=validity]", "未标注")
    page.fill("[data-policy-filter=q]", "嘉陵江")
    page.wait_for_function("() => location.search.includes('q=')")
    address = page.url
    assert "kind=" in address and "validity=" in address
    # The address reloads the same search: shareable, also from file://.
    again = search_page(visit, address[len(visit.base):])
    assert again.input_value("[data-policy-filter=kind]") == "实施意见"
    assert page_results(again) and all(h.startswith("2019-chuandongbei-jingjiqu.html") for h in page_results(again))
    # Results say each document's date, kind and validity.
    assert "文件日期：2019-" in again.inner_text("[data-policy-search-page-results]")
    assert "效力：未标注" in again.inner_text("[data-policy-search-page-results]")


@pytest.mark.parametrize("query", ["旺府办发", "旺苍县人民政府办公室", "四川日报"])
def test_search_count_counts_what_it_lists(visit, query):
    """A 文号, issuer or newspaper finds documents by their facts: the count above the results
    says how many documents and entries it lists, never 0 篇文件，已列出 0 处 above them."""
    for address in ("search.html?q=" + query, "index.html"):
        if address == "index.html":
            visit.open(address)
            visit.search(query)
            meta = visit.page.inner_text(".md-search-result__meta")
            listed = visit.page.locator(".md-search-result__list > li").count()
        else:
            page = search_page(visit, address)
            meta = page.inner_text("[data-policy-search-page-meta]")
            listed = page.locator("[data-policy-search-page-results] > li").count()
        documents = int(re.search(r"(\d+) 篇文件", meta).group(1))
        assert listed and documents >= 1, meta
        assert f"已列出 {listed} 项" in meta, meta


def test_search_page_results_read_as_a_list_not_as_headings(visit):
    """search.html's results are titles of the body text's size, in the text colour, not
    red underlined heading-size links."""
    page = search_page(visit, "search.html?q=" + "天府新区")
    look = page.evaluate("""() => {
        const body = getComputedStyle(document.querySelector(".md-typeset p"));
        return [...document.querySelectorAll("[data-policy-search-page-results] article > :first-child")].map(h => {
            const s = getComputedStyle(h), a = getComputedStyle(h.closest("a"));
            return {size: parseFloat(s.fontSize) / parseFloat(body.fontSize), line: a.textDecorationLine + s.textDecorationLine,
                    colour: s.color, accent: getComputedStyle(document.querySelector(".md-typeset a")).color};
        });
    }""")
    assert look
    for one in look:
        assert one["size"] <= 1.25, one
        assert "underline" not in one["line"], one


def test_issuer_filter_lists_that_issuers_documents(visit):
    page = search_page(visit, "search.html?issuer=" + "旺苍县人民政府办公室")
    assert page_results(page) == ["2017-wangcang.html"]


def test_citation_formats_for_a_clause_and_for_the_document(visit, artifacts):
    page = visit.open(DOC_2011 + "#part-2-clause-6")
    page.click("#part-2-clause-6 .policy-formats-button")
    panel = page.locator("#part-2-clause-6 + .policy-cite-panel")
    gbt = panel.locator("pre[data-format=gbt7714]").inner_text()
    address = SITE_URL + DOC_2011 + "#part-2-clause-6"
    # GB/T 7714-2015's symbols (": " before other title information) and its publication date (发布).
    assert gbt.startswith("中共四川省委员会, 四川省人民政府. " + TITLE_2011 + ": 二、（六）[EB/OL]. (2011-09-27)")
    assert gbt.endswith("]. " + address + ".")
    assert re.search(r"\[EB/OL\]\. \(2011-09-27\)\[\d{4}-\d\d-\d\d\]\. ", gbt)
    bib = panel.locator("pre[data-format=bibtex]").inner_text()
    assert bib.startswith("@misc{2011-chengyu-jingjiqu-2011,") and "author = {{中共四川省委员会} and {四川省人民政府}}" in bib
    assert "url = {" + address + "}" in bib and "note = {二、（六）}" in bib
    import json

    (item,) = json.loads(panel.locator("pre[data-format=csl-json]").inner_text())
    assert item["URL"] == address and item["issued"] == {"date-parts": [[2011, 9, 27]]}
    assert [a["literal"] for a in item["author"]] == ["中共四川省委员会", "四川省人民政府"] and item["section"] == "二、（六）"
    page.screenshot(path=str(artifacts / f"cite-formats-{visit.base.split(':')[0]}.png"))
    # The document as a whole, from the title.
    page.click("h1 .policy-formats-button")
    whole = page.locator("h1 + .policy-cite-panel pre[data-format=gbt7714]").inner_text()
    assert whole.endswith("]. " + SITE_URL + DOC_2011 + ".") and "：" not in whole.split("[EB/OL]")[0][-5:]


def test_not_found_page_is_styled_chinese_and_searchable(visit, built_site, artifacts):
    """From file:// (the page itself, as in the unpacked zip) and over http at a missing address
    deep in the site, served as GitHub Pages serves it (the 404 page's bytes at that address)."""
    _, site = built_site
    page = visit.page
    if visit.base.startswith("http"):
        body = (site / "404.html").read_bytes()
        visit.context.route(visit.base + "doc/no/such/page.html",
                            lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
        visit.open("doc/no/such/page.html")
    else:
        visit.open("404.html")
    assert "找不到这个页面（404）" in page.inner_text("article")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    # Styled: Material's stylesheet and ours loaded (the header takes the primary colour).
    colour = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(198, 40, 40)"
    # Its links lead into the site, and its search box searches it.
    assert page.eval_on_selector("article a[href$='search.html']", "a => a.href") == visit.base + "search.html"
    assert any("2011-chengyu-jingjiqu.html#part-2-clause-6" in link for link in visit.search("天府新区"))
    page.screenshot(path=str(artifacts / f"404-{visit.base.split(':')[0]}.png"))


# The pages a reader meets, for the accessibility check and the screenshots.
READER_PAGES = {"home": "index.html", "document": DOC_2011,
                "original": "doc/2020-chengyu-shuangcheng-jingjiquan-original.html", "timeline": "timeline.html",
                "term": "terms/tianfu-xinqu.html", "search": "search.html?q=天府新区&from=2011"}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("name", READER_PAGES)
def test_no_serious_accessibility_violations(visit, name):
    """axe-core (vendored from npm, tests/vendor/axe-core) in Chromium: no serious or critical violation."""
    violations = axe_violations(visit.open(READER_PAGES[name]))
    assert violations == [], "\n".join(violations)


def axe_violations(page) -> list[str]:
    """The serious and critical violations axe-core finds on an open page, one line each."""
    page.wait_for_timeout(300)
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_reader_pages(browser, http_base, artifacts, width):
    """Written for a person to look at (test-artifacts/reader-<page>-<width>.png); and no page
    scrolls sideways on a phone."""
    v = Visit(browser, http_base)
    v.context.close()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    for name, path in READER_PAGES.items():
        page.goto(http_base + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts / f"reader-{name}-{width}.png"))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    context.close()


def tools_opacity(page, unit: str) -> str:
    """The computed opacity of a unit's tools (``.policy-tools`` inside it)."""
    return page.eval_on_selector(f"{unit} .policy-tools", "el => getComputedStyle(el).opacity")


def wait_for_tools(page, unit: str, opacity: str):
    page.wait_for_function("([unit, want]) => getComputedStyle(document.querySelector(unit + ' .policy-tools'))"
                           ".opacity === want", arg=[unit, opacity], timeout=3000)


def test_unit_tools_show_on_hover_and_keyboard_focus(visit, artifacts):
    """At 1280 px the ¶, 复制引用 and 引用格式 of a unit are hidden until the pointer is on the unit
    (or on the text under its heading) or the keyboard is in it; Tab still reaches them."""
    page = visit.open(DOC_2011)
    page.mouse.move(0, 0)
    for unit in ("#para-1", "#part-2-clause-6"):
        assert tools_opacity(page, unit) == "0", unit
    assert page.eval_on_selector("h1 .policy-tools--document", "el => getComputedStyle(el).opacity") == "1"
    page.hover("#para-1")
    wait_for_tools(page, "#para-1", "1")
    assert tools_opacity(page, "#part-2-clause-6") == "0"
    # The text under a clause's heading shows the heading's tools.
    page.hover("#part-2-clause-6 + p.policy-text")
    wait_for_tools(page, "#part-2-clause-6", "1")
    wait_for_tools(page, "#para-1", "0")
    page.mouse.move(0, 0)
    wait_for_tools(page, "#part-2-clause-6", "0")
    # Keyboard: from the link before the first paragraph, Tab goes into its tools, and they show.
    page.focus(".policy-downloads a >> nth=-1")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#para-1 .policy-tools')"):
            break
    assert page.evaluate("document.activeElement.textContent") == "¶"
    wait_for_tools(page, "#para-1", "1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('policy-cite-button')")
    assert tools_opacity(page, "#para-1") == "1"
    if visit.base.startswith("http"):
        page.screenshot(path=str(artifacts / "tools-keyboard-1280.png"))


def test_unit_tools_on_a_phone_show_on_tap(browser, http_base, artifacts):
    """A touch screen has no hover: at 390 px the tools are hidden (and not tappable by accident)
    until a tap on the unit's text shows them; a tap on another unit moves them there."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN", has_touch=True,
                                  is_mobile=True, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(http_base + DOC_2011)
        page.wait_for_load_state("load")
        assert page.evaluate("matchMedia('(hover: none)').matches")
        assert tools_opacity(page, "#para-1") == "0"
        assert page.eval_on_selector("#para-1 .policy-tools", "el => getComputedStyle(el).pointerEvents") == "none"
        page.locator("#para-1").tap(position={"x": 40, "y": 12})
        wait_for_tools(page, "#para-1", "1")
        page.locator("#para-1 .policy-cite-button").tap()
        page.locator(".policy-toast").wait_for(state="attached")
        assert page.locator(".policy-toast").inner_text().startswith("已复制：")
        assert tools_opacity(page, "#para-1") == "1"  # tapping a tool keeps them
        page.locator("#part-2-clause-6 + p.policy-text").tap(position={"x": 40, "y": 12})
        wait_for_tools(page, "#part-2-clause-6", "1")
        wait_for_tools(page, "#para-1", "0")
        page.screenshot(path=str(artifacts / "tools-tap-390.png"))
    finally:
        context.close()


def test_reader_pages_show_no_english_once_scripts_ran(visit):
    """What the reader sees (innerText, after policy.js added the tools): no Latin word but names."""
    from conftest import latin_words

    for name in ("home", "document", "original", "term", "search"):
        page = visit.open(READER_PAGES[name])
        page.wait_for_timeout(200)
        assert latin_words(page.inner_text("body")) == [], name
