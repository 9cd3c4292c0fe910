"""The real site: golden site_src/, mkdocs --strict, links, JSON, determinism."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, build_site, copy_seeds, latin_words, run_builder

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_site_src_matches_a_fresh_build(built_site):
    """Golden test: site_src/ in the repository is exactly what the builder makes.

    After changing the builder or raw/, run `nox -s build` and commit site_src/.
    """
    site_src, _ = built_site
    fresh, committed = tree(site_src), tree(ROOT / "site_src")
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == []


def test_two_builds_are_byte_identical(tmp_path):
    raw = copy_seeds(tmp_path / "raw")
    for out in ("a", "b"):
        assert run_builder(raw, tmp_path / out, "-q").returncode == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("link", "script", "img") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))


def test_every_internal_link_and_fragment_resolves(built_site):
    _, site = built_site
    pages: dict[Path, LinkCollector] = {}
    # 404.html links with site_url-absolute paths on purpose (it is served at any depth); skip it.
    for page in (p for p in site.rglob("*.html") if p.name != "404.html"):
        parser = LinkCollector()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page] = parser
    broken = []
    checked = 0
    for page, parser in pages.items():
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {href} (no file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no anchor)")
    assert checked > 1000
    assert broken == []


def test_external_links_are_only_to_the_repository(built_site):
    _, site = built_site
    allowed = ("https://github.com/sichuan-policy/policy-corpus", "https://sichuan-policy.github.io/policy-corpus/")
    for page in site.rglob("*.html"):
        parser = LinkCollector()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.links:
            if urlsplit(href).scheme in ("http", "https"):
                assert href.startswith(allowed) or href == "https://squidfunk.github.io/mkdocs-material/", (page, href)


def test_clause_pages_carry_stable_ids(built_site):
    _, site = built_site
    html = (site / "doc" / "2011-chengyu-jingjiqu.html").read_text(encoding="utf-8")
    assert re.search(r'<h3 id="part-2-clause-6" data-cite="二、（六）">（六）加快规划建设天府新区。', html)
    assert 'id="para-1"' in html and 'id="part-5-clause-16-para-1"' in html
    assert 'class="headerlink" href="#part-2-clause-6"' in html


def test_errata_and_corrupt_text_are_visible(built_site):
    _, site = built_site
    html = (site / "doc" / "2011-chengyu-jingjiqu.html").read_text(encoding="utf-8")
    assert '<ins class="policy-erratum" title="勘误：原文作“人均地区生产总值达到39万元”' in html
    assert 'id="erratum-3"' in html
    report = (site / "doc" / "2024-wuqu-gongxing.html").read_text(encoding="utf-8")
    # The damaged text is shown as it is (its ASCII ? as character references, see builder/escape.py).
    assert '<mark class="policy-corrupt" title="原网页此处文字已损坏，按原样保留">&#63;&#63;傊&#63;</mark>' in report


def test_original_page_shows_traditional_text(built_site):
    _, site = built_site
    html = (site / "doc" / "2020-chengyu-shuangcheng-jingjiquan-original.html").read_text(encoding="utf-8")
    assert "推動成渝地區雙城經濟圈建設" in html
    assert 'id="part-3-clause-9"' in html


def test_anchor_validation_fails_the_build_on_a_missing_clause(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["000"])
    site_src = tmp_path / "work" / "site_src"
    assert run_builder(raw, site_src, "-q").returncode == 0
    page = site_src / "doc" / "2011-chengyu-jingjiqu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](2011-chengyu-jingjiqu.md#part-9-clause-99)\n",
                    encoding="utf-8")
    import subprocess
    import sys

    from conftest import mkdocs_config_for

    config = mkdocs_config_for(site_src, tmp_path / "work" / "mkdocs.yml")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(tmp_path / "work" / "site")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode != 0
    assert "part-9-clause-99" in done.stderr


def search_data(path: Path):
    """The data of one search/ script: ``policySearch.add(kind, key, data);``."""
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r'policySearch\.add\("(\w+)","([^"]*)",(.*)\);\n', text, re.S)
    assert match, path
    return json.loads(match.group(3))


def test_search_index_points_each_gram_to_its_documents(built_site):
    from builder.search import shard_of

    _, site = built_site
    meta = search_data(site / "search" / "meta.js")
    slugs = [doc[0] for doc in meta["docs"]]
    def postings(gram):
        shard = search_data(site / "search" / "grams" / f"{shard_of(gram, meta['shards'])}.js")
        return {slugs[value >> 8]: value & 255 for value in shard.get(gram, [])}

    # 天府 occurs 3 times in 2011 (all in 天府新区), 8 in 2020 (also 天府文化 …), once in 2019 and 2024.
    assert postings("天府") == {"2011-chengyu-jingjiqu": 3, "2019-chuandongbei-jingjiqu": 1,
                                "2020-chengyu-shuangcheng-jingjiquan": 8, "2024-wuqu-gongxing": 1}
    # 府新 only ever occurs inside 天府新区.
    assert postings("府新") == {"2011-chengyu-jingjiqu": 3, "2019-chuandongbei-jingjiqu": 1,
                                "2020-chengyu-shuangcheng-jingjiquan": 3, "2024-wuqu-gongxing": 1}
    # Grams never span punctuation: 2011 has 天府新区。按照 but no gram 区按.
    assert postings("区按") == {}
    assert postings("天")["2011-chengyu-jingjiqu"] >= 3
    assert {t[1] for t in meta["terms"]} >= {"天府新区", "川陕革命老区", "万达开"}


def test_search_text_is_simplified_unit_by_unit(built_site):
    _, site = built_site
    meta = search_data(site / "search" / "meta.js")
    assert sorted(p.stem for p in (site / "search" / "text").glob("*.js")) == sorted(d[0] for d in meta["docs"])
    units = {u[0]: u for u in search_data(site / "search" / "text" / "2011-chengyu-jingjiqu.js")}
    unit_id, label, text, head = units["part-2-clause-6"]
    assert label == "二、（六）"
    assert text[:head] == "（六）加快规划建设天府新区。" and len(text) > head
    units_2020 = search_data(site / "search" / "text" / "2020-chengyu-shuangcheng-jingjiquan.js")
    joined = "".join(u[2] for u in units_2020)
    assert "成渝地区双城经济圈" in joined and "雙城" not in joined


def test_term_page_lists_each_mention_once_labelled(built_site):
    site_src, _ = built_site
    text = (site_src / "terms" / "chuanshan-geming-laoqu.md").read_text(encoding="utf-8")
    # The label carries the clause number; the snippet does not repeat it.
    assert ("- [四、（十二）](../doc/2011-chengyu-jingjiqu.md#part-4-clause-12)：加快川陕革命老区发展。"
            "积极争取国家支持川陕革命老区专项政策，设立省级革命…") in text
    assert "：（十二）" not in text


def test_offline_archive_and_no_cdn_in_pages(built_site):
    _, site = built_site
    import zipfile

    with zipfile.ZipFile(site / "downloads" / "policy-site.zip") as archive:
        names = archive.namelist()
    assert "policy-site/index.html" in names and "policy-site/doc/2011-chengyu-jingjiqu.html" in names
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "unpkg.com" not in html and "jsdelivr" not in html, page


def test_corpus_json_holds_every_chinese_character_in_order(seed_result, built_site):
    site_src, _ = built_site
    data = json.loads((site_src / "data" / "corpus.json").read_text(encoding="utf-8"))
    by_file = {d["file"]["name"]: d for d in data["documents"]}

    def flatten(units):
        for unit in units:
            yield unit["line"], 1, unit["text"]
            yield from flatten(unit.get("children", []))

    han = re.compile(r"[\u4e00-\u9fff]")
    for doc in seed_result.corpus.documents:
        from builder.conserve import removed_lines

        gone = removed_lines(doc.clean, doc.removals)
        body = "".join(line.text for line in doc.clean.lines if line.number not in gone)
        entry = by_file[doc.source.name]
        # In source order: a header line (a repeated dateline) may stand after the text.
        pieces = sorted([(h["line"], 0, h["text"]) for h in entry["header"]] + list(flatten(entry["units"])),
                        key=lambda p: p[:2])
        published = "".join(text for _, _, text in pieces)
        expected = han.findall(body)
        got = iter(han.findall(published))
        assert all(ch in got for ch in expected), doc.source.name  # subsequence: every char, in order
        assert entry["file"]["sha256"] == doc.source.sha256
    doc000 = by_file["000_f7f6facbeaa9e6cd.txt"]
    assert doc000["adopted"] == "2011-09-22" and doc000["published"] == "2011-09-27"
    assert len(doc000["errata"]) == 3
    assert {r["rule"] for r in doc000["cleaning"]["removals"]} >= {"duplicate-body", "footer", "editor", "crawl-date"}


def test_built_site_is_byte_identical_across_builds(built_site, tmp_path):
    """Also site/: MkDocs and Material output, the search index and the zip."""
    _, site = built_site
    _, again = build_site(ROOT / "raw", tmp_path)
    assert tree(site) == tree(again)


def test_builds_are_identical_whatever_the_hash_seed(tmp_path):
    """Set iteration order changes with PYTHONHASHSEED; output must not."""
    import os
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import bench

    bench.generate(tmp_path / "raw", 120)
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "builder", "build", "-q", "--no-cache", "--raw",
                               str(tmp_path / "raw"), "--out", str(tmp_path / seed)],
                              cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "1") == tree(tmp_path / "2")


def test_document_page_says_where_its_text_came_from(built_site):
    _, site = built_site
    html = (site / "doc" / "2011-chengyu-jingjiqu.html").read_text(encoding="utf-8")
    head, _, rest = html.partition("来源与校验")
    assert "<details" in head[-300:] and "SHA-256" in rest.split("</details>")[0]
    assert "获取日期" in rest and "未记录" in rest
    assert "效力" in html and "未标注" in html
    assert "据网页日期栏" in html and "据文件版头或落款" in html
    summary = (site / "doc" / "2019-chuandongbei-jingjiqu.html").read_text(encoding="utf-8")
    assert "不是文件全文" in summary
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "四川日报" not in home.split('id="documents"', 1)[1].split('id="citing"')[0]  # a source, not an issuer


def test_relations_are_shown_both_ways(tmp_path):
    from conftest import copy_seeds, run_builder

    raw = copy_seeds(tmp_path / "raw", ["000", "002"])
    (raw / "002_2921a2321b07acbf.txt.yml").write_text("amends: [2011-chengyu-jingjiqu]\nretrieved: 2024-05-01\n",
                                                     encoding="utf-8")
    assert run_builder(raw, tmp_path / "out", "-q").returncode == 0
    newer = (tmp_path / "out" / "doc" / "2020-chengyu-shuangcheng-jingjiquan.md").read_text(encoding="utf-8")
    older = (tmp_path / "out" / "doc" / "2011-chengyu-jingjiqu.md").read_text(encoding="utf-8")
    assert "| 修改 | [《" in newer and "](2011-chengyu-jingjiqu.md)" in newer and "2024-05-01" in newer
    assert "| 已被修改 | [《" in older and "](2020-chengyu-shuangcheng-jingjiquan.md)" in older
    (raw / "002_2921a2321b07acbf.txt.yml").write_text("supersedes: [no-such-document]\n", encoding="utf-8")
    done = run_builder(raw, tmp_path / "out", "-q")
    assert done.returncode == 1 and "supersedes" in done.stderr and "no-such-document" in done.stderr


def test_document_pages_carry_citation_meta_tags(built_site):
    """Zotero's generic translator reads Highwire Press citation_* and Dublin Core tags."""
    from html.parser import HTMLParser

    class Meta(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: list[tuple[str, str]] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "meta" and a.get("name"):
                self.tags.append((a["name"], a.get("content") or ""))

    _, site = built_site
    parser = Meta()
    parser.feed((site / "doc" / "2011-chengyu-jingjiqu.html").read_text(encoding="utf-8"))
    tags = parser.tags
    assert ("citation_title", "中共四川省委 四川省人民政府关于加快推进成渝经济区建设 促进全省区域协调发展的决定") in tags
    assert [v for k, v in tags if k == "citation_author"] == ["中共四川省委员会", "四川省人民政府"]
    # The publication's date (发布, from the page's dateline), as in the GB/T 7714 reference.
    assert ("citation_publication_date", "2011/09/27") in tags and ("DC.date", "2011-09-27") in tags
    assert ("citation_public_url", "https://sichuan-policy.github.io/policy-corpus/doc/2011-chengyu-jingjiqu.html") in tags
    parser = Meta()
    parser.feed((site / "doc" / "2017-wangcang.html").read_text(encoding="utf-8"))
    assert ("DC.identifier", "旺府办发〔2017〕24号") in parser.tags
    item = zotero_item(parser.tags)
    assert item == {"itemType": "report", "title": "关于旺苍县完善区域发展推进机制的指导意见",
                    "date": item["date"], "number": "旺府办发〔2017〕24号", "institution": "旺苍县人民政府办公室",
                    "url": item["url"], "language": "zh"}, item
    assert zotero_item(tags)["institution"] == "中共四川省委员会；四川省人民政府"


# What Zotero's Embedded Metadata translator (zotero/translators, "Embedded Metadata.js") makes of
# Highwire Press tags: HIGHWIRE_MAPPINGS in its order (a later tag overwrites an earlier one of the
# same field), the item type from init()'s switch, and a report's institution being its publisher
# (Zotero's base field), so citation_publisher would overwrite it.
ZOTERO_HIGHWIRE = (("citation_title", "title"), ("citation_publication_date", "date"), ("citation_date", "date"),
                   ("citation_journal_title", "publicationTitle"),
                   ("citation_technical_report_institution", "institution"),
                   ("citation_technical_report_number", "number"), ("citation_publisher", "institution"),
                   ("citation_public_url", "url"), ("citation_language", "language"))


def zotero_item(tags: list[tuple[str, str]]) -> dict:
    names = {k for k, _ in tags}
    if "citation_journal_title" in names:
        kind = "journalArticle"
    elif "citation_technical_report_institution" in names:
        kind = "report"
    else:
        kind = "journalArticle" if "citation_title" in names else "webpage"
    item = {"itemType": kind}
    for tag, field in ZOTERO_HIGHWIRE:
        value = next((v for k, v in tags if k == tag and v.strip()), None)
        if value and (field != "institution" or kind == "report"):
            item[field] = value
    return item


def test_each_document_downloads_as_text_and_json(built_site):
    _, site = built_site
    text = (site / "doc" / "2011-chengyu-jingjiqu.txt").read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("引用：中共四川省委 四川省人民政府《关于加快推进成渝经济区建设")
    assert "人均地区生产总值达到3.9万元" in text and "（六）加快规划建设天府新区。" in text  # errata applied, numbering kept
    data = json.loads((site / "data" / "documents" / "2011-chengyu-jingjiqu.json").read_text(encoding="utf-8"))
    assert data["document"]["slug"] == "2011-chengyu-jingjiqu" and data["document"]["units"]
    html = (site / "doc" / "2011-chengyu-jingjiqu.html").read_text(encoding="utf-8")
    assert 'href="2011-chengyu-jingjiqu.txt"' in html and 'href="../data/documents/2011-chengyu-jingjiqu.json"' in html


class ReaderText(HTMLParser):
    """What a page shows or says to its reader: its text and the attributes a reader meets
    (tooltips, labels read aloud, placeholders), not scripts, styles, icons or code (anchor
    ids and digests, like addresses, are not words), nor the damaged source text a page shows
    as it is (mark.policy-corrupt: ``?shù)匕l(fā)`` is pinyin the scrape mangled, not English)."""

    SKIP = {"script", "style", "svg", "template", "code", "pre"}
    SHOWN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.skipped, self.depth = "", 0  # the element being skipped, and how deep inside it
        self.parts: list[str] = []
        self.damaged: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.skipped:
            self.depth += tag == self.skipped
            return
        if tag in self.SKIP or (tag == "mark" and "policy-corrupt" in (dict(attrs).get("class") or "")):
            self.skipped, self.depth = tag, 1
        elif tag not in ("meta", "link"):
            self.parts += [value for name, value in attrs if name in self.SHOWN and value]

    def handle_endtag(self, tag):
        if self.skipped and tag == self.skipped:
            self.depth -= 1
            if not self.depth:
                self.skipped = ""

    def handle_data(self, data):
        if not self.skipped:
            self.parts.append(data)
        elif self.skipped == "mark":
            self.damaged.append(data)


def test_reader_pages_show_no_english_but_names(built_site):
    """Every built page: no Latin word outside conftest.LATIN_NAMES (English technical messages
    in 处理提示, policy-corpus in the header and Material's English credit line were)."""
    _, site = built_site
    found: dict[str, set[str]] = {}
    damaged: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        reader = ReaderText()
        reader.feed(page.read_text(encoding="utf-8"))
        damaged.update(latin_words(" ".join(reader.damaged)))
        for word in latin_words(" ".join(reader.parts)):
            found.setdefault(word, set()).add(page.relative_to(site).as_posix())
    # The original-text page shows the same damage unmarked (its units carry no marks).
    found = {word: pages for word, pages in found.items() if word not in damaged}
    assert found == {}, {w: sorted(pages)[:3] for w, pages in found.items()}


def test_processing_notes_are_chinese_with_the_erratum_that_answers_them(built_site):
    site_src, _ = built_site
    text = (site_src / "doc" / "2011-chengyu-jingjiqu.md").read_text(encoding="utf-8")
    notes = text.split("<summary>处理提示（3）</summary>", 1)[1].split("</details>", 1)[0]
    assert "- 原始文件第27行（3 处）：原网页此处有无法识别的符号，已略去（已按文末勘误第1、2、3条更正）。" in notes
    assert latin_words(notes) == [] and "<small>" not in notes
    # The English detail stays for the build log, `check` and corpus.json.
    corpus = json.loads((site_src / "data" / "corpus.json").read_text(encoding="utf-8"))
    (doc,) = [d for d in corpus["documents"] if d["slug"] == "2011-chengyu-jingjiqu"]
    assert any("unknown symbol" in issue["message"] for issue in doc["warnings"])


def test_term_index_is_not_addressed_to_editors(built_site):
    site_src, _ = built_site
    text = (site_src / "terms" / "index.md").read_text(encoding="utf-8")
    assert "glossary.yml" not in text and "供编辑参考" not in text and "候选术语" not in text
    corpus = json.loads((site_src / "data" / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["candidate_terms"]  # still there, for whoever curates the glossary


def test_header_names_the_site_and_its_repository_in_chinese(built_site):
    _, site = built_site
    html = (site / "index.html").read_text(encoding="utf-8")
    header = html.split('<header class="md-header', 1)[1].split("</header>", 1)[0]
    assert "四川区域发展政策文库" in header and "源代码与数据" in header
    assert "policy-corpus" not in re.sub(r'href="[^"]*"', "", header)
    assert "Made with" not in html


def test_every_document_page_says_it_is_not_the_official_text(built_site):
    """On each document page, original-text pages too, and the home page: not the official text,
    its source, and how recent the corpus is: the latest date the inputs record (2024-wuqu-gongxing's
    发布 2024-03-18), not the day of the build."""
    _, site = built_site
    pages = sorted((site / "doc").glob("*.html"))
    assert len(pages) >= 7
    for page in pages + [site / "index.html"]:
        html = page.read_text(encoding="utf-8")
        if "location.replace" in html and 'class="policy-notice"' not in html:
            continue  # a former address forwarding to the page
        notice = html.split('<p class="policy-notice">', 1)[1].split("</p>", 1)[0]
        assert "不是官方正式文本" in notice and "本站资料截至 2024-03-18" in notice, page
    html = (site / "doc" / "2017-wangcang.html").read_text(encoding="utf-8")
    assert '<p class="policy-notice">本页文字整理自县政府办，不是官方正式文本' in html


def test_notice_links_the_source_page_when_known(seed_docs):
    import dataclasses

    from builder.render import official_notice

    doc = seed_docs["001"]
    for url, linked in (("https://www.gov.cn/a.html", True), ("javascript:alert(1)", False)):
        page = official_notice(dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, source_url=url)), "2024-03-18")
        assert page.startswith('<p class="policy-notice">本页文字整理自<a href=') == linked, page
        assert "javascript" not in page and "本站资料截至 2024-03-18" in page


def test_corpus_date_comes_from_the_inputs(tmp_path):
    """Without the 2024 seed the notice gives the next latest date; and it never follows the clock."""
    raw = copy_seeds(tmp_path / "raw", ["000", "001", "002", "004"])
    assert run_builder(raw, tmp_path / "out", "-q").returncode == 0
    page = (tmp_path / "out" / "doc" / "2011-chengyu-jingjiqu.md").read_text(encoding="utf-8")
    corpus = json.loads((tmp_path / "out" / "data" / "corpus.json").read_text(encoding="utf-8"))
    dates = [d[key] for d in corpus["documents"] for key in ("adopted", "published") if d.get(key)]
    assert f"本站资料截至 {max(dates)}" in page and max(dates) < "2024-03-18"
