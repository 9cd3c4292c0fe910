"""Links and downloads that work wherever the site is opened: any host, a fork's Pages, file://."""

from __future__ import annotations

import hashlib
import json
import re

from conftest import ROOT, copy_seeds, mkdocs_config_for, run_builder

TEXT_SLUG = "2011-chengyu-jingjiqu"


def test_plain_text_download_starts_with_a_utf8_bom(tmp_path):
    """Served as text/plain without a charset (Python's http.server, some hosts) or opened from
    file://, a .txt is decoded by the browser's guess unless it opens with a BOM."""
    out = tmp_path / "site_src"
    assert run_builder(copy_seeds(tmp_path / "raw", ["000"]), out, "-q").returncode == 0
    data = (out / "doc" / f"{TEXT_SLUG}.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "中共四川省委 四川省人民政府关于".encode("utf-8"))
    assert data.count(b"\xef\xbb\xbf") == 1
    # The JSON downloads need none: browsers decode application/json as UTF-8, and JSON forbids a BOM.
    json_bytes = (out / "data" / "documents" / f"{TEXT_SLUG}.json").read_bytes()
    assert json_bytes.startswith(b"{")


FORK = {"GITHUB_REPOSITORY": "Alice/policy-fork"}


def test_addresses_of_a_fork_replace_this_projects_defaults():
    from builder.addresses import PROJECT_REPO_URL, PROJECT_SITE_URL, published_addresses

    fork = published_addresses(PROJECT_SITE_URL, PROJECT_REPO_URL, "policy-corpus", FORK)
    assert (fork.site_url, fork.repo_url, fork.repo_name) == (
        "https://alice.github.io/policy-fork/", "https://github.com/Alice/policy-fork", "policy-fork")
    assert fork.replaced == ("site_url", "repo_url")
    # A fork that set its own addresses keeps them; this project's own build and a build
    # outside Actions are unchanged.
    mine = published_addresses("https://policy.example.org/", "https://git.example.org/p", "p", FORK)
    assert (mine.site_url, mine.repo_url, mine.replaced) == ("https://policy.example.org/", "https://git.example.org/p", ())
    for environ in ({}, {"GITHUB_REPOSITORY": "sichuan-policy/policy-corpus"}):
        same = published_addresses(PROJECT_SITE_URL, PROJECT_REPO_URL, "policy-corpus", environ)
        assert (same.site_url, same.repo_url, same.replaced) == (PROJECT_SITE_URL, PROJECT_REPO_URL, ())
    # A user site (owner.github.io) is served at the host's root.
    root = published_addresses(PROJECT_SITE_URL, PROJECT_REPO_URL, "", {"GITHUB_REPOSITORY": "bob/bob.github.io"})
    assert root.site_url == "https://bob.github.io/"


def test_fork_built_under_actions_publishes_its_own_addresses(tmp_path, monkeypatch):
    """A fork's Pages workflow with mkdocs.yml unedited: citations, the .txt header, the
    repository links and MkDocs' own canonical addresses are the fork's; one warning says so."""
    monkeypatch.setenv("GITHUB_REPOSITORY", FORK["GITHUB_REPOSITORY"])
    out, site = tmp_path / "site_src", tmp_path / "site"
    config = mkdocs_config_for(out, tmp_path / "mkdocs.yml")
    done = run_builder(copy_seeds(tmp_path / "raw", ["000"]), out, "--mkdocs-config", str(config), "--site-dir",
                       str(site), "--slugs", str(tmp_path / "slugs.json"), "--cache-dir", str(tmp_path / "cache"),
                       command="site")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "Alice/policy-fork" in line]
    assert len(warnings) == 1 and warnings[0].startswith("WARNING:") and "mkdocs.yml" in warnings[0]
    text = (out / "doc" / f"{TEXT_SLUG}.txt").read_text(encoding="utf-8")
    assert f"https://alice.github.io/policy-fork/doc/{TEXT_SLUG}.html" in text
    for path in (out / "doc" / f"{TEXT_SLUG}.md", site / "doc" / f"{TEXT_SLUG}.html", site / "index.html"):
        page = path.read_text(encoding="utf-8")
        assert "sichuan-policy" not in page, path
    page = (site / "doc" / f"{TEXT_SLUG}.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://alice.github.io/policy-fork/doc/{TEXT_SLUG}.html">' in page
    assert 'href="https://github.com/Alice/policy-fork"' in page


def test_raw_copy_names_are_inert_and_never_collide():
    from builder.rawcopy import copy_paths

    paths = copy_paths(["a.txt", "b.pdf", "c.docx", "通知.html", "页.htm", "d.md", "e.html", "e.html.txt"])
    assert paths == {"a.txt": "raw/a.txt", "b.pdf": "raw/b.pdf", "c.docx": "raw/c.docx",
                     "通知.html": "raw/通知.html.txt", "页.htm": "raw/页.htm.txt", "d.md": "raw/d.md.txt",
                     "e.html": "raw/e.html.txt.txt", "e.html.txt": "raw/e.html.txt"}


def test_raw_file_link_opens_the_sites_own_copy(tmp_path):
    """原始文件 links a byte-identical copy inside the site, relatively, so it opens from file://
    and on any host; a scraped page's copy is served as text (its scripts never run in the
    site's origin), also under a Chinese name in a folder."""
    from urllib.parse import unquote

    raw = copy_seeds(tmp_path / "raw", ["003"])
    (raw / "2020").mkdir()
    page = (ROOT / "tests" / "realpages" / "govcn" / "g40.html").read_bytes()
    (raw / "2020" / "通知.html").write_bytes(page)
    out, site = tmp_path / "site_src", tmp_path / "site"
    config = mkdocs_config_for(out, tmp_path / "mkdocs.yml")
    done = run_builder(raw, out, "-q", "--mkdocs-config", str(config), "--site-dir", str(site), "--slugs",
                       str(tmp_path / "slugs.json"), "--cache-dir", str(tmp_path / "cache"), command="site")
    assert done.returncode == 0, done.stderr
    assert not (site / "raw" / "2020" / "通知.html").exists()
    assert (site / "raw" / "2020" / "通知.html.txt").read_bytes() == page
    corpus = json.loads((out / "data" / "corpus.json").read_text(encoding="utf-8"))
    for record in corpus["documents"]:
        name, slug = record["file"]["name"], record["slug"]
        html = (site / "doc" / f"{slug}.html").read_text(encoding="utf-8")
        href = re.search(r"<td>原始文件</td><td><a href=\"([^\"]+)\"", html).group(1)
        assert not href.startswith(("http", "/")), href
        target = (site / "doc" / unquote(href)).resolve()
        assert target.read_bytes() == (raw / name).read_bytes(), name
        assert hashlib.sha256(target.read_bytes()).hexdigest() in html
