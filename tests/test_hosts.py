"""Links and downloads that work wherever the site is opened: any host, a fork's Pages, file://."""

from __future__ import annotations

from conftest import copy_seeds, mkdocs_config_for, run_builder

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
