"""Hostile and broken input, nothing lost, atomic and reproducible builds, stable anchors."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.clean import clean
from builder.config import BuildConfig
from builder.conserve import check_cleaning, check_document
from builder.errors import BuildAbort
from builder.write import MARKER
from builder.anatomy import read_anatomy
from builder.model import HeaderLine
from builder.pipeline import parse_attachment
from builder.meta import read_meta
from builder.model import Source
from builder.parse import parse_units
from builder.pipeline import build
from conftest import GLOSSARY, RAW, ROOT, build_site, copy_seeds, run_builder

HOSTILE = """关于<script>alert(1)</script>测试的<img src=x onerror=alert(2)>通知
发布时间:2020-01-02 来源:某报
各有关单位：
现将有关事项通知如下。
一、总体<b>要求</b> {#part-99}
这段脚本<script>alert(3)</script>不会运行。
# 这不是标题
> 这不是引用
- 这不是列表
| a | b |
`代码` *强调* _下划线_ [链接](javascript:alert(4)) {#evil} {: .x } {{ config.site_name }} {% if 1 %}x{% endif %} $x$
<!-- 注释 --> <a href="javascript:alert(5)">点我</a>。
（一）目标<img src=x onerror=alert(6)>。到2020年完成[链接](javascript:alert(7))。
1. 这是条目<svg onload=alert(8)>。
"""
HOSTILE_LITERALS = ["<script>alert(3)</script>", "# 这不是标题", "> 这不是引用", "- 这不是列表", "| a | b |",
                    "*强调*", "_下划线_", "[链接](javascript:alert(4))", "{#evil}", "{{ config.site_name }}",
                    "{% if 1 %}x{% endif %}", "<!-- 注释 -->", '<a href="javascript:alert(5)">点我</a>',
                    "<img src=x onerror=alert(6)>", "<svg onload=alert(8)>"]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if self.in_article:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    raw = work / "raw"
    raw.mkdir()
    (raw / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    return build_site(raw, work)


def test_markup_in_text_stays_literal_in_html(hostile_site):
    _, site = hostile_site
    (page,) = site.glob("doc/*.html")
    html = page.read_text(encoding="utf-8")
    parser = Elements()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "img", "svg", "b", "blockquote", "ul", "ol", "em", "strong"}
    assert [t for t, _ in parser.tags].count("code") == 1  # the SHA-256 in the metadata table, nothing else
    assert not any(a.get("href", "").startswith("javascript:") for tag, a in parser.tags if tag == "a")
    headings = [a.get("id") for tag, a in parser.tags if tag in ("h2", "h3", "h4")]
    assert headings == ["part-1", "part-1-clause-1", "part-1-clause-1-item-1"]
    assert "evil" not in {a.get("id") for _, a in parser.tags}
    import html as htmllib

    text = htmllib.unescape(html)
    for literal in HOSTILE_LITERALS:
        assert literal in text, literal


@pytest.mark.browser
def test_markup_in_text_runs_nothing_in_browser(hostile_site, browser):
    _, site = hostile_site
    (page_path,) = site.glob("doc/*.html")
    dialogs = []
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_path.resolve().as_uri())
    page.wait_for_timeout(500)
    for link in page.locator("article a").all():
        assert not (link.get_attribute("href") or "").startswith("javascript:")
    body = page.locator("article").inner_text()
    title = page.title()
    # Search results quote the same text: still literal, as text.
    box = page.locator("input[data-policy-search=query]")
    box.click()
    box.fill("这是条目")
    page.wait_for_function("() => document.querySelector('[data-policy-search=result]').dataset.query === '这是条目'")
    results = page.locator(".md-search-result__list")
    snippets = results.inner_text()
    assert results.locator("svg, img, script").count() == 0
    page.close()
    assert dialogs == []
    assert "<script>alert(3)</script>" in body and "<svg onload=alert(8)>" in body
    assert title.startswith("关于<script>alert(1)</script>测试的")
    assert "这是条目<svg onload=alert(8)>" in snippets


# --- Broken input ------------------------------------------------------------------

def seed_text(seed: str) -> bytes:
    return next(RAW.glob(f"{seed}_*.txt")).read_bytes()


BROKEN = {
    "empty.txt": (b"", "empty"),
    "blank.txt": ("   \n\t\n\u3000\u00a0".encode(), "empty"),
    "binary.txt": (bytes(range(256)) * 200, "not a text document"),
    "invalid.txt": ("关于测试的通知\n".encode() + b"\xff\xfe\xfd\x80\x81\xfe", "cannot decode"),
    "furniture.txt": ("当前位置:首页 > 新闻\n扫一扫在手机打开当前页\n主办单位:某某\n微信\n".encode(), "page furniture"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_a_clear_error(tmp_path, name):
    raw = tmp_path / "raw"
    raw.mkdir()
    data, message = BROKEN[name]
    (raw / name).write_bytes(data)
    result = run_builder(raw, tmp_path / "out")
    assert result.returncode == 1
    assert name in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


READABLE = {
    "gbk.txt": (lambda: seed_text("004").decode("utf-8").replace("\xa0", " ").encode("gbk"), 4),
    "bom.txt": (lambda: b"\xef\xbb\xbf" + seed_text("004"), 4),
    "crlf.txt": (lambda: seed_text("004").replace(b"\n", b"\r\n"), 4),
    "cr.txt": (lambda: seed_text("004").replace(b"\n", b"\r"), 4),
    "mixed.txt": (lambda: b"\r\n".join(seed_text("004").split(b"\n")[:30]) + b"\r" + b"\n".join(
        seed_text("004").split(b"\n")[30:]), 4),
    "nul.txt": (lambda: seed_text("004").replace("一、区域发展总体要求".encode(), "一、区域发展\x00总体要求".encode()), 4),
    "controls.txt": (lambda: seed_text("004").replace("(五)".encode(), "\x07(五)\x1b".encode()), 4),
    "truncated.txt": (lambda: seed_text("000").decode("utf-8")[:2500].encode("utf-8"), 1),
    "nostructure.txt": (lambda: "一段没有编号也没有标题的文字，只有几句话。\n第二句话在这里。\n".encode(), 0),
}


@pytest.mark.parametrize("name", sorted(READABLE))
def test_damaged_but_readable_file_is_published(tmp_path, name):
    raw = tmp_path / "raw"
    raw.mkdir()
    make, parts_at_least = READABLE[name]
    (raw / name).write_bytes(make())
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    (doc,) = result.corpus.documents
    assert doc.count("part") >= parts_at_least
    assert list(doc.walk()), "published page must not be empty"
    assert not [i for i in doc.issues if i.code == "conservation"]
    page = (tmp_path / "out" / "doc" / f"{doc.slug}.md").read_text(encoding="utf-8")
    assert "\x00" not in page and "\x07" not in page
    if name in ("nul.txt", "controls.txt"):
        assert any(i.code == "control-characters" for i in doc.issues)


def test_huge_file_and_huge_line_build_in_bounded_time(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    body = seed_text("002")
    (raw / "big.txt").write_bytes(body * (20_000_000 // len(body) + 1))
    (raw / "line.txt").write_text("关于长行的通知\n" + "推动成渝地区双城经济圈建设,促进区域协调发展;" * 45000 + "\n",
                                  encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    docs = {d.source.name: d for d in result.corpus.documents}
    assert docs["big.txt"].count("clause") == 18  # every repeated copy recognised and dropped
    assert len(docs["line.txt"].units[0].text) > 1_000_000


# --- Nothing lost ------------------------------------------------------------------

def analysed(seed: str):
    path = next(RAW.glob(f"{seed}_*.txt"))
    from builder.sources import read_source

    cleaned = clean(read_source(path))
    anatomy = read_anatomy(cleaned)
    header = read_meta(cleaned, anatomy)
    units, _ = parse_units(header.body)
    return cleaned, anatomy, units


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_conservation_holds_for_seeds(seed):
    cleaned, anatomy, units = analysed(seed)
    assert check_cleaning(cleaned) is None
    assert check_document(cleaned, anatomy.header, units, anatomy.removals) is None


def test_conservation_catches_a_dropped_clause():
    cleaned, anatomy, units = analysed("000")
    part2 = units[2]
    assert part2.id == "part-2"
    from dataclasses import replace

    damaged = units[:2] + (replace(part2, children=part2.children[:2] + part2.children[3:]),) + units[3:]
    issue = check_document(cleaned, anatomy.header, damaged, anatomy.removals)
    assert issue is not None and issue.code == "conservation"
    assert issue.line == 29  # where clause （五） starts in the raw file
    assert "明确实施工作重点" in issue.message


def test_conservation_failure_fails_strict_build(tmp_path, monkeypatch):
    import builder.pipeline as pipeline

    raw = copy_seeds(tmp_path / "raw", ["004"])
    real = pipeline.parse_units

    def lossy(lines, root_id="", table_rows=None):
        units, issues = real(lines, root_id, table_rows)
        return units[:-3], issues  # drop the closing part and the signature

    monkeypatch.setattr(pipeline, "parse_units", lossy)
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    (doc,) = result.corpus.documents
    assert [i.code for i in doc.issues] == ["conservation"]
    with pytest.raises(BuildAbort, match="--strict"):
        build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY, strict=True))


CJK_TEXT = st.lists(
    st.sampled_from(list("一二三四五六七八九十、（）()。，,:：;；?!？！ 　第章条节1234567890.-•关于通知成渝地區雙城經濟圈发展")
                    + ["(dāng)", "(fā)", "??", "扫一扫", "\n", "\n", "\n", "当前位置:", "责任编辑:", "来源:", "各单位:",
                       "2020年1月2日", "\ue010", "<b>", "#"]),
    max_size=200,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CJK_TEXT)
def test_cleaning_and_parsing_never_crash_or_lose_characters(text):
    source = Source("raw/h.txt", "h.txt", "0" * 64, "utf-8", text)
    cleaned = clean(source)
    assert check_cleaning(cleaned) is None
    anatomy = read_anatomy(cleaned)
    header = read_meta(cleaned, anatomy)
    units, _ = parse_units(header.body)
    for attachment in anatomy.attachments:
        units += parse_attachment(attachment)[:1]
    labels = tuple(HeaderLine(a.label.number, "attachment-label", a.label.text, a.label.original)
                   for a in anatomy.attachments if a.label)
    assert check_document(cleaned, anatomy.header + labels, units, anatomy.removals) is None


# --- Atomic and reproducible -------------------------------------------------------

def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_builder_never_edits_raw(tmp_path):
    raw = copy_seeds(tmp_path / "raw")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw.iterdir()}
    assert run_builder(raw, tmp_path / "out", "-q").returncode == 0
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw.iterdir()} == before


def test_failed_build_leaves_previous_output(tmp_path):
    raw = copy_seeds(tmp_path / "raw")
    out = tmp_path / "site_src"
    assert run_builder(raw, out, "-q").returncode == 0
    good = tree_digest(out)
    (raw / "broken.txt").write_bytes(b"\xff\xfe\xfa" * 10)
    assert run_builder(raw, out, "-q").returncode == 1
    assert tree_digest(out) == good
    assert not list(tmp_path.glob(".site_src.*"))


def test_killed_build_leaves_old_or_new_output_never_a_mix(tmp_path):
    raw = copy_seeds(tmp_path / "raw")
    out = tmp_path / "site_src"
    assert run_builder(raw, out, "-q").returncode == 0
    old = tree_digest(out)
    (raw / "000_f7f6facbeaa9e6cd.txt.yml").write_text("slug: renamed-2011\n", encoding="utf-8")
    for delay in (0.3, 0.8, 1.5, 2.5):
        proc = subprocess.Popen([sys.executable, "-m", "builder", "build", "-q", "--raw", str(raw), "--out", str(out),
                                 "--glossary", str(GLOSSARY)], cwd=ROOT)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree_digest(out)
        # The new tree: the page under its new slug, and the published one forwarding to it (slugs.json).
        assert now == old or ("doc/renamed-2011.md" in now and 'location.replace("renamed-2011.html"'
                              in (out / "doc" / "2011-chengyu-jingjiqu.md").read_text(encoding="utf-8"))
        if now != old:
            old = now


def test_failed_mkdocs_leaves_previous_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old site", encoding="utf-8")
    (site / MARKER).write_text("an earlier build's site", encoding="utf-8")
    bad = tmp_path / "mkdocs.yml"
    bad.write_text("site_name: x\ndocs_dir: nowhere\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "builder", "site", "-q", "--out", str(tmp_path / "site_src"),
                             "--mkdocs-config", str(bad), "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "site" in result.stderr and "left as it was" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "old site"


# --- Anchors are a public contract -------------------------------------------------

ANCHORS = Path(__file__).with_name("published_anchors.json")


def test_published_anchors_keep_working(seed_result, built_site):
    """Every clause URL ever published for the seeds still resolves.

    When a document's structure changes on purpose, add the old id to the
    sidecar's ``anchor_aliases`` (it then stays a working anchor) rather than
    deleting it from this list.
    """
    _, site = built_site
    published = json.loads(ANCHORS.read_text(encoding="utf-8"))
    missing = []
    for slug, ids in published.items():
        page = site / "doc" / f"{slug}.html"
        if not page.exists():
            missing.append(f"{slug}: page gone")
            continue
        html = page.read_text(encoding="utf-8")
        missing += [f"{slug}#{i}" for i in ids if f'id="{i}"' not in html]
    assert missing == []
    # New units are welcome, but must be added to the list so they stay.
    current = {d.slug: sorted(u.id for u in d.walk()) for d in seed_result.corpus.documents}
    assert {s: sorted(i) for s, i in published.items()} == current, "update tests/published_anchors.json"


@pytest.mark.browser
def test_old_anchor_and_old_slug_keep_working(tmp_path, browser):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    (raw / "004_e6b04075435b5412.txt.yml").write_text(
        "slug: 2017-wangcang-quyu-fazhan\nold_slugs: [2017-wangcang]\n"
        "anchor_aliases:\n  part-3-clause-9-old: part-3-clause-9\n", encoding="utf-8")
    site_src, site = build_site(raw, tmp_path / "work")
    page = (site / "doc" / "2017-wangcang-quyu-fazhan.html").read_text(encoding="utf-8")
    assert page.index('id="part-3-clause-9-old"') < page.index('id="part-3-clause-9"')
    tab = browser.new_page()
    tab.goto((site / "doc" / "2017-wangcang.html").resolve().as_uri() + "#part-3-clause-9")
    tab.wait_for_url("**/2017-wangcang-quyu-fazhan.html#part-3-clause-9")
    box = tab.locator("#part-3-clause-9").bounding_box()
    tab.close()
    assert box is not None and 0 <= box["y"] < 250


def test_anchor_alias_to_unknown_id_names_sidecar_key(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    (raw / "004_e6b04075435b5412.txt.yml").write_text("anchor_aliases:\n  old-one: part-9-clause-99\n",
                                                      encoding="utf-8")
    result = run_builder(raw, tmp_path / "out")
    assert result.returncode == 1
    assert "004_e6b04075435b5412.txt.yml: key 'anchor_aliases.old-one': alias target 'part-9-clause-99'" in result.stderr
