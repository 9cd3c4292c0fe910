"""Every file the builder reads is untrusted (issue #23): slugs.json, the cache, front
matter, relations and the raw folder itself. Each test is one row of the issue, tried as
an attacker would, and says what holds now: a build that refuses gives one line naming
the file, nothing in raw/ changes, no page carries markup from the input."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

import builder.sources as sources
from builder.cache import FORMAT, DocumentCache
from builder.config import BuildConfig
from builder.errors import BuilderError, SourceError
from builder.paging import page_plan, unit_pages
from builder.pipeline import analyse, build
from builder.render import OutputFile, document_pages, site_context
from builder.shell import render, rewrite_links
from builder.sources import read_sources
from builder.tables import SpanCell, place
from builder.write import write_site
from conftest import GLOSSARY, ROOT, copy_seeds, run_builder
from test_security import elements

HOSTILE_SLUG = '" autofocus onfocus="alert(1)'


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes (links by their target)."""
    return {p.relative_to(folder).as_posix(): (os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error" in line.lower()]


def registry(raw: Path, slugs: dict[str, list[str]]) -> Path:
    path = raw.parent / "slugs.json"
    path.write_text(json.dumps({"schema": 1, "slugs": slugs}, ensure_ascii=False), encoding="utf-8")
    return path


# --- slugs.json and every output path -------------------------------------------------

def test_registry_slug_leading_into_raw_is_refused_and_raw_is_untouched(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["003", "004"])
    first, second = sorted(p.name for p in raw.glob("*.txt"))
    registry(raw, {first: [f"../../raw/{second[:-4]}"]})
    before = snapshot(raw)
    done = run_builder(raw, tmp_path / "out")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert any("slugs.json" in line and "not a slug" in line for line in error_lines(done.stderr)), done.stderr
    assert snapshot(raw) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("slug", [HOSTILE_SLUG, "/tmp/absolute", "UPPER-case", "a--b", ""])
def test_registry_slug_that_is_not_a_slug_is_an_error_naming_the_file(tmp_path, slug):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    (name,) = [p.name for p in raw.glob("*.txt")]
    path = registry(raw, {name: [slug]})
    from builder.link import read_registry

    with pytest.raises(SourceError, match="slugs.json") as caught:
        read_registry(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("bad", ["../escaped.txt", "doc/../../escaped.txt", "<absolute>",
                                 "doc//x.txt", "doc/./x.txt", ""])
def test_write_site_refuses_a_path_leading_out_of_the_output(tmp_path, bad):
    out = tmp_path / "work" / "site_src"
    bad = bad.replace("<absolute>", str(tmp_path / "escaped-absolute.txt"))
    with pytest.raises(BuilderError, match="outside the output folder|not a path"):
        write_site([OutputFile("index.md", "# x\n"), OutputFile(bad, "pwned")], out)
    # Nothing written, not even the first file: only the lock a build takes is left.
    assert [p.name for p in tmp_path.rglob("*")] == ["work", ".site_src-build.lock"]


def test_write_target_through_a_symlinked_output_subfolder_is_refused(tmp_path):
    staging, outside = tmp_path / "staging", tmp_path / "raw"
    staging.mkdir()
    outside.mkdir()
    (staging / "doc").symlink_to(outside, target_is_directory=True)
    from builder.write import confined_target

    with pytest.raises(BuilderError, match="outside the output folder"):
        confined_target(staging, "doc/x.txt")
    assert list(outside.iterdir()) == []
    assert confined_target(staging, "data/documents/x.json") == staging.resolve() / "data/documents/x.json"


# --- ids and attributes through the one escaping path; every link checked ---------------

def test_hostile_slug_and_unit_id_reaching_attributes_are_escaped(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY, slug_registry=None), write=False)
    (doc,) = result.corpus.documents
    # Past every validation (as a planted cache entry was): the renderer still escapes.
    first = doc.units[0]
    evil = replace(doc, slug=HOSTILE_SLUG, units=(replace(first, id=HOSTILE_SLUG), *doc.units[1:]))
    corpus = replace(result.corpus, documents=(evil,))
    site = site_context(corpus, "", "main", "")
    pages = document_pages(evil, site)
    assert pages
    for page in pages:
        for tag, attrs in elements(render(page.content).html):
            assert "autofocus" not in attrs and "onfocus" not in attrs, (page.path, tag, attrs)


def test_link_checker_sees_every_link_whatever_its_quoting():
    seen: list[str] = []
    body = ('<a href="a.md">1</a><a href=\'b.md\'>2</a><a class=x href=c.md>3</a>'
            '<area href="d.md"><a href="">5</a><img src=\'e.png\'>')
    out = rewrite_links(body, lambda url: seen.append(url) or f"/{url}")
    assert seen == ["a.md", "b.md", "c.md", "d.md", "", "e.png"]
    assert 'href="/b.md"' in out and 'href="/c.md"' in out and 'src="/e.png"' in out


def test_empty_link_is_reported_by_the_site_build(caplog):
    sys.path.insert(0, str(ROOT))
    from hooks.site import _resolver

    class Links:
        links_to_anchors: dict = {}

        def path_to_url(self, url):
            return url

    class Page:
        class file:
            src_uri = "doc/x.md"

    with caplog.at_level("WARNING", logger="mkdocs.hooks.site"):
        _resolver(Links(), Page(), None)("")
    assert any("doc/x.md" in r.getMessage() and "empty link" in r.getMessage() for r in caplog.records)


# --- the cache holds no text of its own authority -------------------------------------

def plant(entry: Path, change) -> None:
    """Rewrite a cache entry as an attacker would: valid JSON, checksum recomputed."""
    header, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    change(data)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    entry.write_bytes(f"{FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode("ascii") + body)


def test_planted_cache_entry_at_the_right_key_publishes_nothing_of_its_own(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    cache, out = tmp_path / "cache", tmp_path / "out"
    assert run_builder(raw, out, "--cache-dir", str(cache)).returncode == 0
    (entry,) = [p for p in cache.iterdir() if p.suffix == ".json"]

    def change(data):
        unit = data["units"][0]
        unit["id"] = HOSTILE_SLUG
        unit["text"] = unit["original"] = "伪造条文：本条由缓存写入。" + unit["text"]

    plant(entry, change)
    # Without the last build's stamp, which would let this unchanged build stop before reading
    # the entry (tests/test_incremental.py): the planted entry must be read and refused.
    shutil.rmtree(cache / "builds")
    done = run_builder(raw, out, "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    assert "recomputed" in done.stderr
    for page in out.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "伪造条文" not in text and "onfocus" not in text, page


def test_sidecar_saved_during_a_build_does_not_poison_the_next(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    cache = DocumentCache(tmp_path / "cache", "g")
    (seed,) = raw.glob("*.txt")
    side = raw / f"{seed.name}.yml"
    side.write_text("title: 旧标题的通知\n", encoding="utf-8")
    (old,) = read_sources(raw)[0]
    side.write_text("title: 新标题的通知\n", encoding="utf-8")  # saved while the build analyses
    cache.put(old, analyse(old, ()))  # the build that read the old sidecar stores its result
    (new,) = read_sources(raw)[0]
    assert new.sidecar.title == "新标题的通知"
    assert DocumentCache(tmp_path / "cache", "g").get(new) is None


# --- open once, check the open file ---------------------------------------------------

def test_raw_file_swapped_for_a_link_after_the_check_is_not_read(tmp_path, monkeypatch):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    victim = raw / "victim.txt"
    victim.write_text("关于测试的通知\n一、总体要求\n（一）测试。\n", encoding="utf-8")
    checked = sources.confinement_problem

    def check_then_swap(path, root):
        problem = checked(path, root)
        if path.name == "victim.txt" and not path.is_symlink():
            path.unlink()
            path.symlink_to("/etc/passwd")
        return problem

    monkeypatch.setattr(sources, "confinement_problem", check_then_swap)
    found, errors = read_sources(raw)
    assert all("root:" not in s.text for s in found)
    assert [e.path for e in errors] == [str(victim)]
    assert "outside the raw folder" in str(errors[0]) or "link" in str(errors[0])


def test_raw_file_that_becomes_a_fifo_is_refused_without_hanging(tmp_path, monkeypatch):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    victim = raw / "victim.txt"
    victim.write_text("关于测试的通知\n", encoding="utf-8")
    checked = sources.confinement_problem

    def check_then_swap(path, root):
        problem = checked(path, root)
        if path.name == "victim.txt" and path.is_file():
            path.unlink()
            os.mkfifo(path)
        return problem

    monkeypatch.setattr(sources, "confinement_problem", check_then_swap)
    found, errors = read_sources(raw)
    assert [e.path for e in errors] == [str(victim)] and "regular file" in str(errors[0])


# --- bounded YAML in front matter -----------------------------------------------------

def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return "\n".join(lines)


def limited(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def test_front_matter_alias_bomb_is_refused_naming_the_file(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    bomb = raw / "bomb.md"
    bomb.write_text(f"---\ntitle: 关于测试的通知\n{alias_bomb()}\n---\n\n# 关于测试的通知\n\n一、总体要求\n", encoding="utf-8")
    assert len(bomb.read_bytes()) < 1000
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "builder", "check", "--raw", str(raw), "--out", str(tmp_path / "o"),
                           "--glossary", str(GLOSSARY), "--no-cache", "--mkdocs-config", str(ROOT / "mkdocs.yml")],
                          cwd=ROOT, capture_output=True, text=True, preexec_fn=limited(3 << 30), timeout=300)
    assert time.monotonic() - started < 120
    assert done.returncode != 0 and "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
    assert any(str(bomb) in line and "alias" in line for line in error_lines(done.stderr)), done.stderr


def test_front_matter_larger_than_the_cap_is_refused(tmp_path):
    page = tmp_path / "big.md"
    page.write_text("---\n" + "".join(f"k{i}: {'值' * 60}\n" for i in range(3000)) + "---\n\n# 标题\n", encoding="utf-8")
    with pytest.raises(SourceError, match="front matter") as caught:
        sources.read_source(page)
    assert caught.value.path == str(page)


def test_ordinary_front_matter_is_still_read(tmp_path):
    page = tmp_path / "ok.md"
    page.write_text("---\ntitle: 关于测试的通知\ndate: 2020-01-02\n---\n\n# 关于测试的通知\n\n一、总体要求\n（一）测试。\n",
                    encoding="utf-8")
    doc = analyse(sources.read_source(page), ())
    assert doc.meta.title == "关于测试的通知"


# --- bounded tables -------------------------------------------------------------------

def test_table_grid_is_bounded_by_its_real_cells_not_its_spans():
    rows = [[SpanCell(f"格{r}", 64, 1000), SpanCell("x")] for r in range(200)]
    tracemalloc.start()
    started = time.monotonic()
    placed = place(rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 16 << 20, peak
    assert [c.text for row in placed for c in row] == [c.text for row in rows for c in row]  # no cell lost


def test_html_table_with_huge_spans_is_read_quickly(tmp_path):
    rows = "".join(f'<tr><td colspan="100000" rowspan="65534">第{r}行</td><td>值</td></tr>' for r in range(400))
    page = f"<html><body><h1>关于测试的通知</h1><p>一、总体要求</p><table>{rows}</table></body></html>"
    assert len(page) < 80_000
    tracemalloc.start()
    started = time.monotonic()
    text, _, _, table_rows = sources.html_to_text(page)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 30 and peak < 100 << 20, peak
    assert "第399行" in text and len(table_rows) == 400


def long_table_page(rows: int) -> str:
    body = "".join(f"<tr><td>{r}</td><td>推进成渝地区双城经济圈建设第{r}项任务</td><td>四川省发展改革委</td>"
                   f"<td>2025年底前</td></tr>" for r in range(1, rows + 1))
    return ("<html><body><h1>关于印发重点任务清单的通知</h1><p>发布时间：2021-03-01</p><p>一、总体要求</p>"
            "<p>（一）各地要抓好落实。</p><table><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成时限</th></tr>"
            f"{body}</table></body></html>")


@pytest.fixture(scope="module")
def long_table(tmp_path_factory):
    work = tmp_path_factory.mktemp("longtable")
    raw = work / "raw"
    raw.mkdir()
    (raw / "清单.html").write_text(long_table_page(6000), encoding="utf-8")
    out = work / "site_src"
    done = run_builder(raw, out, "-q", "--no-cache")
    assert done.returncode == 0, done.stderr
    return raw, out


def test_very_long_table_is_split_so_no_page_exceeds_150_kb(long_table):
    _, out = long_table
    pages = sorted((out / "doc").glob("*.md"))
    assert len(pages) >= 3
    sizes = {p.name: p.stat().st_size for p in pages}
    assert max(sizes.values()) <= 150_000, sizes
    rows = [row for p in pages for row in re.findall(r'<tr id="([^"]+)"', p.read_text(encoding="utf-8"))]
    heading = rows[0]
    assert len(set(rows)) == 6001  # every row, its heading row repeated atop each page of the table
    with_table = [p for p in pages if "<tr id=" in p.read_text(encoding="utf-8")]
    assert rows.count(heading) == len(with_table) and len(rows) == 6000 + len(with_table)


def test_long_table_rows_are_on_the_page_the_plan_says(long_table):
    raw, out = long_table
    (doc,) = build(BuildConfig.create(raw, out.parent / "x", GLOSSARY), write=False).corpus.documents
    where = unit_pages(page_plan(doc))
    table = next(u for u in doc.walk() if u.kind == "table")
    last = table.children[-1]
    page = out / "doc" / (f"{doc.slug}--{where[last.id]}.md" if where[last.id] > 1 else f"{doc.slug}.md")
    assert f'<tr id="{last.id}"' in page.read_text(encoding="utf-8")
    assert where[table.id] == where[table.children[0].id] == where[table.children[1].id]


# --- relations ------------------------------------------------------------------------

def slugs_of(raw: Path, out: Path) -> dict[str, str]:
    result = build(BuildConfig.create(raw, out, GLOSSARY, slug_registry=None), write=False)
    return {doc.source.name: doc.slug for doc in result.corpus.documents}


def test_document_superseding_itself_is_an_error_naming_its_file(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    ((name, slug),) = slugs_of(raw, tmp_path / "o").items()
    side = raw / f"{name}.yml"
    side.write_text(f"supersedes: {slug}\n", encoding="utf-8")
    done = run_builder(raw, tmp_path / "out")
    assert done.returncode != 0
    assert any(str(side) in line and "itself" in line for line in error_lines(done.stderr)), done.stderr


@pytest.mark.parametrize("key", ["supersedes", "amends"])
def test_documents_superseding_each_other_are_an_error_naming_both(tmp_path, key):
    raw = copy_seeds(tmp_path / "raw", ["003", "004"])
    (a, sa), (b, sb) = sorted(slugs_of(raw, tmp_path / "o").items())
    (raw / f"{a}.yml").write_text(f"{key}: {sb}\n", encoding="utf-8")
    (raw / f"{b}.yml").write_text(f"{key}: {sa}\n", encoding="utf-8")
    done = run_builder(raw, tmp_path / "out")
    assert done.returncode != 0
    assert any(a in line and b in line and "cycle" in line for line in error_lines(done.stderr)), done.stderr


# --- the other files a build writes ---------------------------------------------------

def test_cache_folder_inside_raw_is_refused(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    before = snapshot(raw)
    done = run_builder(raw, tmp_path / "out", "--cache-dir", str(raw / "cache"))
    assert done.returncode != 0 and "cache folder must not" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(raw) == before


def test_link_planted_at_a_temporary_name_is_never_written_through(tmp_path):
    raw = copy_seeds(tmp_path / "raw", ["004"])
    victim = next(raw.glob("*.txt"))
    before = snapshot(raw)
    cache = tmp_path / "cache"
    cache.mkdir()
    (doc,) = build(BuildConfig.create(raw, tmp_path / "o", GLOSSARY, slug_registry=None), write=False).corpus.documents
    store = DocumentCache(cache, "g")
    entry = cache / f"{store.key(doc.source)}.json"
    (cache / f".{entry.name}.tmp-{os.getpid()}").symlink_to(victim)
    (tmp_path / f".slugs.json.tmp-{os.getpid()}").symlink_to(victim)
    store.put(doc.source, doc)
    from builder.pipeline import write_registry

    write_registry(tmp_path / "slugs.json", '{"schema": 1, "slugs": {}}\n')
    assert snapshot(raw) == before
    assert entry.is_file() and not entry.is_symlink() and (tmp_path / "slugs.json").is_file()
