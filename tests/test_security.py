"""Scraped text is untrusted input: it can never run, nothing outside raw/ is
read, nothing is lost or overwritten. Each test is one case of the security
issue and is named after what it proves."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from builder.config import BuildConfig
from builder.errors import BuildAbort, SourceError
from builder.pipeline import build
from builder.sources import read_sidecar
from conftest import GLOSSARY, ROOT, build_site, copy_seeds, run_builder

# The hostile list: markup, Markdown, attribute lists, templates, comments,
# line and paragraph separators, C1 controls and bidi overrides.
HOSTILE = [
    "关于*测试*<img src=x onerror=alert(1)>的通知",
    "关于</title><script src=//a.b></script>",
    '"><svg onload=alert(2)>',
    "{: onclick=alert(3) } {#id} {{ config.site_name }}",
    "`代码` [a](javascript:alert(4)) <!-- 注释",
    "甲\u2028乙\u0096丙\u202e丁",
    "[x](onmouseover=alert(5)//)",
    "<script>alert(6)</script>",
]
JOINED = "　".join(HOSTILE)
BAD_NAME = "b) <img src=x onerror=alert(7)> (.txt"

TEXT = """关于推进天府新区建设的意见
发布时间:2020-01-02 来源:某报
{line}
一、总体要求
（一）推进天府新区建设，人均地区生产总值达到39万元。
（二）{line}。
"""


class Elements(HTMLParser):
    """Every element and attribute of a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def assert_inert(page: Path) -> None:
    """No element or attribute came from source text."""
    tags = elements(page.read_text(encoding="utf-8"))
    names = {tag for tag, _ in tags}
    # Material draws its icons as inline <svg>; none of the others is ever ours.
    assert not names & {"img", "iframe", "object", "embed", "em", "blockquote", "ul li ol"}, (page, names)
    for tag, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")], (page, tag, attrs)
        for key in ("href", "src", "action"):
            assert not (attrs.get(key) or "").strip().lower().startswith("javascript:"), (page, tag, attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            assert not src or "assets/" in src or "search/" in src, (page, src)
        assert "id" not in attrs or attrs["id"] != "id", (page, tag, attrs)


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory):
    """Documents carrying the hostile list in every field a source or sidecar can set."""
    work = tmp_path_factory.mktemp("hostile-fields")
    raw = work / "raw"
    raw.mkdir()
    for n, value in enumerate(HOSTILE):
        name = f"h{n}.txt"
        (raw / name).write_text(TEXT.format(line=value), encoding="utf-8")
        sidecar = {
            "title": f"{value}的决定", "kind": value, "issuers": [value, "四川省人民政府"], "doc_number": value,
            "source_name": value, "source_url": f"https://example.org/a_(b)*[c]?q={n}&v=1#x",
            "short_names": [value], "adopted": f"2020-01-{n + 1:02d}",
            "errata": [{"original": "达到39万元", "corrected": f"达到3.9万元{value}", "source": value, "note": value}],
        }
        (raw / f"{name}.yml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
    (raw / BAD_NAME).write_text(TEXT.format(line="文件名不可信"), encoding="utf-8")
    (raw / f"{BAD_NAME}.yml").write_text("adopted: 2021-01-01\n", encoding="utf-8")
    glossary = work / "glossary.yml"
    terms = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    terms["terms"].append({"term": "天府新区建设", "slug": "hostile-term", "category": HOSTILE[0],
                           "aliases": [], "description": JOINED})
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")
    return build_site(raw, work, glossary=glossary)


def test_hostile_fields_never_become_elements_or_attributes(hostile_corpus):
    site_src, site = hostile_corpus
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert_inert(page)


def test_hostile_title_stays_literal_on_its_page_and_in_window_title(hostile_corpus):
    _, site = hostile_corpus
    for page in site.glob("doc/*.html"):
        html = page.read_text(encoding="utf-8")
        head = html.split("</title>", 1)[0]
        assert "<script src=//a.b>" not in head and "<img" not in head
    data = json.loads((hostile_corpus[0] / "data" / "corpus.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in data["documents"]}
    assert "关于*测试*<img src=x onerror=alert(1)>的通知的决定" in titles  # the model keeps the text as it is


def test_front_matter_is_valid_yaml_for_every_page(hostile_corpus):
    site_src, _ = hostile_corpus
    for page in site_src.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n"), page
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(meta, dict) and meta.get("title"), page


def test_raw_file_name_is_escaped_in_the_source_link(hostile_corpus):
    _, site = hostile_corpus
    page = next(p for p in site.glob("doc/*.html") if "文件名不可信" in p.read_text(encoding="utf-8"))
    links = [a for tag, a in elements(page.read_text(encoding="utf-8")) if tag == "a" and "raw/" in (a.get("href") or "")]
    assert links and all("<" not in a["href"] and " " not in a["href"] for a in links)


def test_sidecar_url_must_be_a_web_address(tmp_path):
    side = tmp_path / "doc.txt.yml"
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    side.write_text('source_url: "https://x.com/ [a](javascript:alert(1))"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="source_url"):
        read_sidecar(side)
    side.write_text('source_url: "javascript:alert(1)"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="source_url"):
        read_sidecar(side)


def test_sidecar_newlines_fold_into_one_line(tmp_path):
    side = tmp_path / "doc.txt.yml"
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    side.write_text('title: "关于\\n- 列表\\n<img src=x onerror=alert(1)>的通知"\n', encoding="utf-8")
    assert read_sidecar(side).title == "关于 - 列表 <img src=x onerror=alert(1)>的通知"


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_pages_run_no_script_in_chromium(hostile_corpus, browser):
    _, site = hostile_corpus
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file://") else None)
    for html in sorted(site.rglob("*.html")):
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, em').length") == 0, html
        assert page.evaluate("[...document.querySelectorAll('*')].some(e => [...e.attributes]"
                             ".some(a => a.name.startsWith('on')))") is False, html
    page.close()
    assert dialogs == [] and requests == []


# --- Files outside raw/ and outputs that destroy inputs -----------------------------

def test_symlink_out_of_raw_is_not_published(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    (raw / "etc").symlink_to("/etc", target_is_directory=True)  # a folder link is never followed
    os.mkfifo(raw / "fifo.txt")
    done = run_builder(raw, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    for name in ("passwd.txt", "dangling.txt", "etc", "fifo.txt"):
        assert name in done.stderr  # skipped, with a warning naming it
    corpus = (tmp_path / "out" / "data" / "corpus.json").read_text(encoding="utf-8")
    assert "root:" not in corpus and "passwd" not in corpus and "hostname" not in corpus


def test_documents_in_folders_of_raw_are_read_and_linked_by_their_path(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    seed = next(raw.glob("004_*.txt"))
    (raw / "2024" / "五区").mkdir(parents=True)
    seed.rename(raw / "2024" / "五区" / "b) <img>.txt")
    for side in raw.glob("004_*.yml"):
        side.rename(raw / "2024" / "五区" / "b) <img>.txt.yml")
    (raw / ".git").mkdir()
    (raw / ".git" / "x.txt").write_text("不是文件", encoding="utf-8")
    out = tmp_path / "out"
    done = run_builder(raw, out, "--repo-url", "https://github.com/example/policy")
    assert done.returncode == 0, done.stderr
    corpus = json.loads((out / "data" / "corpus.json").read_text(encoding="utf-8"))
    assert [d["file"]["name"] for d in corpus["documents"]] == ["2024/五区/b) <img>.txt"]
    page = (out / "doc" / f"{corpus['documents'][0]['slug']}.md").read_text(encoding="utf-8")
    assert "/blob/main/raw/2024/%E4%BA%94%E5%8C%BA/b%29%20%3Cimg%3E.txt)" in page


def test_symlink_inside_raw_is_read(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    original = next(raw.glob("004_*.txt"))
    (raw / "copy.txt").symlink_to(original.name)
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    (doc,) = result.corpus.documents  # read, and recognised as the same document
    assert sorted([doc.source.name, *(c.name for c in doc.also_from)]) == sorted([original.name, "copy.txt"])


@pytest.mark.parametrize("where", ["root", "raw-parent", "inside-raw", "mkdocs-folder"])
def test_output_folder_that_would_destroy_inputs_is_refused(tmp_path, where):
    project = tmp_path / "project"
    raw = copy_seeds(project / "raw", ["004"])
    (project / ".git").mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    out = {"root": project, "raw-parent": project, "inside-raw": raw / "out", "mkdocs-folder": project}[where]
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    done = run_builder(raw, out, "--mkdocs-config", str(project / "mkdocs.yml"))
    assert done.returncode != 0 and "output folder" in done.stderr
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_output_folder_not_made_by_the_builder_is_never_deleted(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("my notes", encoding="utf-8")
    done = run_builder(raw, out)
    assert done.returncode != 0 and "not made by the builder" in done.stderr
    assert (out / "mine.txt").read_text(encoding="utf-8") == "my notes"


def test_cache_entry_cannot_run_code_and_corruption_is_a_miss(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    cache = tmp_path / "cache"
    assert run_builder(raw, tmp_path / "out", "--cache-dir", str(cache)).returncode == 0
    entries = [p for p in cache.iterdir() if p.is_file()]
    assert entries
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for entry in entries:
        entry.write_bytes(pickle.dumps(Evil()))
    # Without the stamp of the last build, which lets a build of unchanged inputs stop before
    # reading any entry (tests/test_incremental.py): this test is about reading them.
    shutil.rmtree(cache / "builds")
    done = run_builder(raw, tmp_path / "out", "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert "cache" in done.stderr and "recomputed" in done.stderr
    # One flipped bit: a miss, not a traceback.
    assert run_builder(raw, tmp_path / "out", "--cache-dir", str(cache)).returncode == 0
    for entry in [p for p in cache.iterdir() if p.is_file()]:
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0x01
        entry.write_bytes(bytes(data))
    shutil.rmtree(cache / "builds")
    done = run_builder(raw, tmp_path / "out", "--cache-dir", str(cache))
    assert done.returncode == 0 and "Traceback" not in done.stderr


# --- Nothing lost, nothing overwritten ------------------------------------------

def test_c1_controls_and_bidi_overrides_are_removed_with_a_warning(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "c.txt").write_text("关于推进天府新区建设的意见\n一、总体\u0096要求\u202e\n（一）目标\ufffe。\n", encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    (doc,) = result.corpus.documents
    text = "".join(u.text + u.original for u in doc.walk())
    assert not any(ch in text for ch in "\u0096\u202e\ufffe")
    assert "control-characters" in [i.code for i in doc.issues]


def test_sidecar_alias_bomb_is_refused(tmp_path):
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    (tmp_path / "doc.txt.yml").write_text(bomb, encoding="utf-8")
    with pytest.raises(SourceError, match="alias"):
        read_sidecar(tmp_path / "doc.txt.yml")


def test_oversized_sidecar_is_refused(tmp_path):
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    (tmp_path / "doc.txt.yml").write_text("title: " + "长" * 300_000 + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="bytes"):
        read_sidecar(tmp_path / "doc.txt.yml")


def test_old_slug_equal_to_own_or_another_page_is_an_error(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["002", "004"])
    (raw / next(raw.glob("004_*.txt")).name).with_name(next(raw.glob("004_*.txt")).name + ".yml").write_text(
        "old_slugs: [2017-wangcang]\n", encoding="utf-8")
    with pytest.raises(BuildAbort):
        build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    (raw / (next(raw.glob("004_*.txt")).name + ".yml")).write_text(
        "slug: 2020-chengyu-shuangcheng-jingjiquan-original\n", encoding="utf-8")
    with pytest.raises(BuildAbort):
        build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))


def test_upper_case_sidecar_is_read(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    doc = next(raw.glob("004_*.txt"))
    upper = doc.with_name(doc.stem.upper() + ".TXT")
    doc.rename(upper)
    upper.with_name(upper.name + ".YML").write_text("slug: upper-case\n", encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    assert [d.slug for d in result.corpus.documents] == ["upper-case"]


def test_check_writes_nothing_not_even_the_cache(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    cache = tmp_path / "cache"
    done = run_builder(raw, tmp_path / "out", "--cache-dir", str(cache), command="check")
    assert done.returncode == 0, done.stderr
    assert not cache.exists() and not (tmp_path / "out").exists()


# --- Interrupted, concurrent and refused writes -------------------------------------

def test_swap_interrupted_between_renames_is_recovered(tmp_path):
    """SIGKILL between 'site_src -> .old' and 'staging -> site_src' leaves no site_src:
    the next build restores the old tree first, then writes the new one."""
    from builder.write import MARKER

    raw = copy_seeds(tmp_path / "raw", ["004"])
    out = tmp_path / "site_src"
    assert run_builder(raw, out, "-q").returncode == 0
    dead = 2 ** 22 + 12345  # a pid no process has
    os.rename(out, tmp_path / f".site_src.old-{dead}")
    staging = tmp_path / f".site_src.staging-{dead}"
    staging.mkdir()
    (staging / MARKER).write_text("half written", encoding="utf-8")
    done = run_builder(raw, out, "-q", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert (out / "index.md").is_file() and (out / MARKER).is_file()
    assert not list(tmp_path.glob(".site_src.old-*")) and not list(tmp_path.glob(".site_src.staging-*"))


def test_interrupted_swap_alone_restores_previous_output(tmp_path):
    from builder.write import recover

    out = tmp_path / "site_src"
    old = tmp_path / ".site_src.old-4194305"
    old.mkdir()
    (old / ".policy-builder-output").write_text("x", encoding="utf-8")
    (old / "index.md").write_text("previous", encoding="utf-8")
    recover(out)
    assert (out / "index.md").read_text(encoding="utf-8") == "previous"


def test_two_builds_of_one_folder_do_not_interleave(tmp_path):
    import fcntl

    raw = copy_seeds(tmp_path / "raw", ["004"])
    out = tmp_path / "site_src"
    lock = tmp_path / ".site_src-build.lock"
    with lock.open("w") as handle:
        handle.write("999999\n")
        handle.flush()
        fcntl.flock(handle, fcntl.LOCK_EX)
        done = run_builder(raw, out, "-q")
    assert done.returncode == 1
    assert "another build (pid 999999)" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_read_only_output_is_one_clear_error(tmp_path):
    if os.geteuid() == 0:
        # root ignores permission bits: make the parent a file, which refuses for everyone
        raw = copy_seeds(tmp_path / "raw", ["004"])
        blocker = tmp_path / "blocked"
        blocker.write_text("a file, not a folder", encoding="utf-8")
        done = run_builder(raw, blocker / "site_src", "-q")
    else:
        raw = copy_seeds(tmp_path / "raw", ["004"])
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        done = run_builder(raw, ro / "site_src", "-q")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(lines) == 1 and "cannot write" in lines[0] and "Traceback" not in done.stderr


def test_sidecar_that_is_a_folder_is_one_clear_error(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    doc = next(raw.glob("004_*.txt"))
    (raw / (doc.name + ".yml")).mkdir()
    done = run_builder(raw, tmp_path / "out", "-q")
    assert done.returncode == 1 and "sidecar is a folder" in done.stderr and "Traceback" not in done.stderr


def test_builder_outside_its_environment_says_what_to_install(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-S", "-m", "builder", "build"], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)})
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "pip install -e ." in done.stderr


def test_big5_file_is_decoded_as_big5_and_says_so(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = ("中共四川省委關於深入貫徹習近平總書記重要講話精神加快推動成渝地區雙城經濟圈建設的決定\n"
            "一、充分認識成渝地區雙城經濟圈建設的重大意義\n"
            "（一）成渝地區雙城經濟圈建設是習近平總書記親自謀劃、親自部署、親自推動的國家重大區域發展戰略。\n")
    (raw / "big5.txt").write_bytes(text.encode("big5"))
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    (doc,) = result.corpus.documents
    assert doc.source.encoding == "big5"
    assert doc.meta.title == "中共四川省委关于深入贯彻习近平总书记重要讲话精神加快推动成渝地区双城经济圈建设的决定"
    assert not [i for i in doc.issues if i.code == "private-use-character"]
    data = json.loads((tmp_path / "out" / "data" / "corpus.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["file"]["encoding"] == "big5"


def test_html_declared_charset_is_used(tmp_path):
    from builder.sources import decode

    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><p>关于推进天府新区建设的意见</p></body></html>"
    text, encoding = decode(page.encode("gbk"), "p.html", html=True)
    assert encoding == "gb18030" and "天府新区" in text


def test_prose_that_looks_like_furniture_is_kept(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "icp.txt").write_text("关于规范互联网信息服务的通知\n各市（州）人民政府：\n"
                                 "一、网站应当在首页底部显著位置标明ICP备案编号。\n"
                                 "二、推广二维码支付，方便群众办事。\n", encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    (doc,) = result.corpus.documents
    text = "".join(u.text for u in doc.walk())
    assert "ICP备案编号" in text and "二维码支付" in text


def test_repeated_paragraph_inside_the_text_is_warned(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    repeated = "各地要建立健全工作机制，明确责任分工，加强督促检查，确保各项任务落到实处，" * 7 + "。"
    (raw / "rep.txt").write_text("关于推进天府新区建设的意见\n" + "\n".join([
        "一、总体要求", "（一）坚持规划引领，统筹推进天府新区建设发展。" * 8, repeated, "二、重点任务",
        "（二）加快基础设施建设，完善综合交通运输体系。" * 8, "（三）推进产业发展，建设现代产业体系。" * 8,
        "（四）深化改革开放，激发发展活力。" * 8, "三、保障措施", repeated]) + "\n", encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    (doc,) = result.corpus.documents
    assert "duplicate-text" in [i.code for i in doc.issues]
    assert any(r.rule == "duplicate-body" for r in doc.all_removals)


# --- Published slugs never change -----------------------------------------------------

def test_glossary_change_does_not_rename_published_pages(tmp_path):
    work = tmp_path / "project"
    raw = copy_seeds(work / "raw", ["000", "004"])
    out = work / "site_src"
    assert run_builder(raw, out, "-q").returncode == 0
    assert (out / "doc" / "2011-chengyu-jingjiqu.md").is_file()
    registry = json.loads((work / "slugs.json").read_text(encoding="utf-8"))
    glossary = work / "glossary.yml"
    terms = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    # A term found earlier in the 2011 title would now give it another slug.
    terms["terms"].insert(0, {"term": "四川省委", "slug": "sichuan-shengwei", "category": "机构"})
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")
    fresh = work / "fresh"
    raw2 = copy_seeds(fresh / "raw", ["000", "004"])
    assert run_builder(raw2, fresh / "site_src", "-q", glossary=glossary).returncode == 0
    assert (fresh / "site_src" / "doc" / "2011-sichuan-shengwei.md").is_file()  # without a registry: renamed
    assert run_builder(raw, out, "-q", glossary=glossary).returncode == 0
    assert (out / "doc" / "2011-chengyu-jingjiqu.md").is_file()  # with it: kept
    assert json.loads((work / "slugs.json").read_text(encoding="utf-8")) == registry


def test_sidecar_slug_change_leaves_a_forwarding_page(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    out = tmp_path / "site_src"
    assert run_builder(raw, out, "-q").returncode == 0
    doc = next(raw.glob("004_*.txt"))
    doc.with_name(doc.name + ".yml").write_text("slug: wangcang-2017\n", encoding="utf-8")
    assert run_builder(raw, out, "-q").returncode == 0
    assert (out / "doc" / "wangcang-2017.md").is_file()
    forward = (out / "doc" / "2017-wangcang.md").read_text(encoding="utf-8")
    assert 'location.replace("wangcang-2017.html"' in forward


def test_unreadable_slug_registry_is_an_error_naming_it(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    (tmp_path / "slugs.json").write_text("{not json", encoding="utf-8")
    done = run_builder(raw, tmp_path / "out", "-q")
    assert done.returncode == 1 and "slugs.json" in done.stderr and "Traceback" not in done.stderr


def test_committed_slug_registry_matches_the_seeds(seed_result):
    from builder.link import registry_json

    assert (ROOT / "slugs.json").read_text(encoding="utf-8") == registry_json(seed_result.corpus.documents)
