"""Rebuilding only what changed: a build whose inputs are unchanged does nothing, and one
edited raw file gives, byte for byte, the site a cold build of the edited corpus gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import builder.cache as cache
from builder.publish import ANCHORS, RECORD
from conftest import GLOSSARY, RAW, ROOT, mkdocs_config_for

EDITED = "001_b054fd59894d34d3.txt"
# A phrase of 001's body, so the edit changes published text (not furniture).
BEFORE, AFTER = "川陕革命老区", "川陕苏区"


def site_build(work: Path, *extra: str) -> subprocess.CompletedProcess:
    """``python -m builder site`` over ``work/raw``, as a user runs it, its cache in ``work``."""
    config = mkdocs_config_for(work / "site_src", work / "mkdocs.yml")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run(
        [sys.executable, "-m", "builder", "site", "--raw", str(work / "raw"), "--out", str(work / "site_src"),
         "--glossary", str(work / "glossary.yml"), "--mkdocs-config", str(config), "--site-dir", str(work / "site"),
         "--cache-dir", str(work / ".cache"), "--slugs", str(work / "slugs.json"), *extra],
        cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def corpus(work: Path) -> Path:
    shutil.copytree(RAW, work / "raw")
    shutil.copyfile(GLOSSARY, work / "glossary.yml")
    return work


def edit(raw: Path) -> None:
    path = raw / EDITED
    text = path.read_text(encoding="utf-8")
    assert BEFORE in text
    path.write_text(text.replace(BEFORE, AFTER, 1), encoding="utf-8")


def files(root: Path) -> dict[str, bytes]:
    # The record of what site/ was built from holds the times and inodes of site_src/'s
    # files, which differ between any two folders; everything else must be the same.
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != RECORD}


def stats(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_incremental_build_equals_a_cold_build_of_the_edited_corpus(tmp_path):
    warm = corpus(tmp_path / "warm")
    site_build(warm)
    before = stats(warm / "site")
    edit(warm / "raw")
    done = site_build(warm)
    assert "--dirty" in done.stderr  # only the changed pages were rendered again

    cold = corpus(tmp_path / "cold")
    edit(cold / "raw")
    site_build(cold)
    for tree in ("site_src", "site"):
        got, expected = files(warm / tree), files(cold / tree)
        assert sorted(got) == sorted(expected), tree
        differ = [name for name in expected if got[name] != expected[name]]
        assert not differ, (tree, differ[:10])
    assert AFTER in (warm / "site" / "doc").joinpath(next(
        p.name for p in (warm / "site" / "doc").glob("*.html") if AFTER in p.read_text(encoding="utf-8")
    )).read_text(encoding="utf-8")
    # A page the edit does not concern was kept, not written again.
    after = stats(warm / "site")
    kept = [name for name in before if name.endswith(".html") and before[name] == after.get(name)]
    assert "assets/javascripts/policy.js" in after and len(kept) >= len([n for n in before if n.endswith(".html")]) // 2


@pytest.mark.slow
def test_unchanged_build_leaves_site_src_and_site_as_they_are(tmp_path):
    work = corpus(tmp_path)
    site_build(work)
    before = {tree: stats(work / tree) for tree in ("site_src", "site")}
    done = site_build(work)
    assert "nothing changed since the last build" in done.stderr
    assert "running" not in done.stderr  # MkDocs was not run
    assert {tree: stats(work / tree) for tree in ("site_src", "site")} == before
    assert sum("unknown symbol" in line for line in done.stderr.splitlines()) >= 1  # its warnings, repeated

    # An output edited by hand is not the tree the stamp lists: built again, and restored.
    expected = files(work / "site_src")
    page = next((work / "site_src" / "doc").glob("*.md"))
    page.write_text("edited by hand\n", encoding="utf-8")
    done = site_build(work)
    assert "nothing changed" not in done.stderr
    assert files(work / "site_src") == expected
    glossary = work / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "nothing changed" not in site_build(work).stderr

    # Without the record of the last site's anchors, an edit is built in full, not refused.
    (work / "site" / ANCHORS).unlink()
    edit(work / "raw")
    assert "--dirty" not in site_build(work).stderr


def test_builder_version_covers_the_model_and_data_files_under_builder(tmp_path, monkeypatch):
    (tmp_path / "roles.py").write_text("MODEL = 'roles.crfsuite'\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(cache, "PACKAGE", tmp_path)
    digests = []
    for model, table in ((b"model 1", "a\tb\n"), (b"model 2", "a\tb\n"), (b"model 2", "a\tc\n")):
        (tmp_path / "roles.crfsuite").write_bytes(model)
        (tmp_path / "data" / "shapes.tsv").write_text(table, encoding="utf-8")
        cache.builder_version.cache_clear()
        digests.append(cache.builder_version())
    cache.builder_version.cache_clear()
    assert len(set(digests)) == 3
