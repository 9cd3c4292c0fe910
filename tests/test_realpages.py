"""Real pages, as people save them: every expectation in tests/realpages/*/expected.json.

The pages and their expectations are the team's shared set (shared/realpages,
copied here so CI runs them); ``tests/realpages/check.py`` is the shared
checker, and this test judges each page with the very same ``judge``, built
in-process for speed (the checker itself builds each page in a subprocess and
gives the same figures: ``python tests/realpages/check.py tests/realpages/*/``).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.export import corpus_json
from builder.pipeline import analyse, build
from builder.sources import read_source
from conftest import GLOSSARY, build_site

PAGES = Path(__file__).parent / "realpages"
FOLDERS = ("excerpts", "govcn", "full")
# Pages from about 90 sites the anatomy was not written on (issue #19): measured, and held to
# a floor that may only rise. Their shortfalls are the checker's own lines (`nox -s realpages`).
WIDE = "wide"

# Pages still short of what a reader expects, and why (a reader's reason).
KNOWN_GAPS: dict[str, str] = {}
MIN_PAGES, MIN_CHECK_SHARE = 112, 1.0
# wide/ on 2026-12-04, before the generalization work: 34 of 100 pages, 1,181 of 1,449 checks;
# with organs' names as data (builder/organs.tsv): 39 pages, 1,199 checks; with the line roles
# chosen by the fitted labeller (builder/roles.py), in-sample: 61 pages, 1,336 checks; on 2026-12-05,
# 69 pages, 1,349 checks. The figure for a site never seen is leave-one-site-out (`nox -s realpages`, README).
WIDE_MIN_PAGES, WIDE_MIN_CHECKS = 69, 1349


def load_checker():
    spec = importlib.util.spec_from_file_location("realpages_check", PAGES / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """(folder/name) -> (checks, problems) for every real page, each built alone."""
    check = load_checker()
    out = {}
    for folder in (*FOLDERS, WIDE):
        expected = json.loads((PAGES / folder / "expected.json").read_text(encoding="utf-8"))
        for name, e in sorted(expected.items()):
            work = tmp_path_factory.mktemp("page")
            raw = work / "raw"
            raw.mkdir()
            shutil.copy(PAGES / folder / name, raw / name)
            result = build(BuildConfig.create(raw, work / "out", GLOSSARY), write=False)
            corpus = json.loads(corpus_json(result.corpus))
            out[f"{folder}/{name}"] = (check.count_checks(e), check.judge(corpus["documents"][0], corpus, e))
    return out


def score(verdicts) -> tuple[int, int, int]:
    """(pages passing, checks passing, checks) as the shared checker counts them."""
    passed = sum(1 for _, problems in verdicts.values() if not problems)
    total = sum(n for n, _ in verdicts.values())
    ok = sum(max(0, n - len(problems)) for n, problems in verdicts.values())
    return passed, ok, total


def development(verdicts, wide: bool) -> dict:
    return {page: v for page, v in verdicts.items() if page.startswith(f"{WIDE}/") == wide}


def test_realpages_meet_the_bar(verdicts):
    first = development(verdicts, wide=False)
    passed, ok, total = score(first)
    assert len(first) == 112
    assert passed >= MIN_PAGES and ok / total >= MIN_CHECK_SHARE, (passed, ok, total)


def test_realpages_wide_hold_their_floor(verdicts):
    """Pages of unseen sites: never fewer passing pages or checks than the floor recorded above."""
    wide = development(verdicts, wide=True)
    passed, ok, total = score(wide)
    assert len(wide) == 100
    assert passed >= WIDE_MIN_PAGES and ok >= WIDE_MIN_CHECKS, (passed, ok, total)


def test_realpages_pass_except_known_gaps(verdicts):
    failing = {page: problems for page, (_, problems) in development(verdicts, wide=False).items() if problems}
    unexpected = {page: problems for page, problems in failing.items() if page not in KNOWN_GAPS}
    assert not unexpected
    fixed = [page for page in KNOWN_GAPS if page not in failing]
    assert not fixed, f"{fixed} now pass: remove them from KNOWN_GAPS"


@pytest.mark.slow
def test_realpages_build_as_one_site(tmp_path):
    """All 112 pages as one corpus through the real mkdocs build --strict."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for folder in FOLDERS:
        for path in (PAGES / folder).iterdir():
            if path.name not in ("expected.json", "SOURCES.tsv"):
                shutil.copy(path, raw / path.name)
    site_src, site = build_site(raw, tmp_path)
    data = json.loads((site_src / "data" / "corpus.json").read_text(encoding="utf-8"))
    # d06 and d07 are one notice from two mirrors: one page listing both sources.
    assert len(data["documents"]) == 111
    d06 = next(d for d in data["documents"] if d["file"]["name"] == "d06.txt")
    assert [a["name"] for a in d06["also_from"]] == ["d07.txt"]
    assert len(list((site / "doc").glob("*.html"))) >= 111
    assert not [d["file"]["name"] for d in data["documents"] if any(w["code"] == "conservation" for w in d["warnings"])]
    f01 = next(d for d in data["documents"] if d["file"]["name"] == "f01.txt")
    attachment = next(u for u in f01["units"] if u["kind"] == "attachment")
    assert attachment["id"] == "att-1" and attachment["children"][0]["id"] == "att-1-chap-1"


LAWS = Path(__file__).parent / "corpora" / "lawrefbook"
ARTICLE_LINE = re.compile(r"^(?:[#>]\s*)*第[一二三四五六七八九十百零〇千]+条(?:之[一二三四五六七八九十]+)?(?:\s|$)")
DATED_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\s")


@pytest.mark.parametrize("path", sorted(LAWS.glob("*.md")), ids=lambda p: p.stem[:20])
def test_real_law_structure_and_dates(path):
    """Every 第X条 line of a real law becomes one article; its promulgation lines give its dates."""
    doc = analyse(read_source(path), ())
    lines = path.read_text(encoding="utf-8").split("\n")
    assert doc.count("article") == sum(1 for line in lines if ARTICLE_LINE.match(line))
    head = lines[: next((i for i, line in enumerate(lines) if "INFO END" in line), 0)]
    if any(DATED_LINE.match(line) for line in head):
        assert doc.meta.date is not None
    assert doc.meta.title == lines[0].removeprefix("# ").strip()
    if "## 序言" in lines:  # a constitution's or basic law's preamble heading is the text's
        assert any(u.heading == "序言" or u.text == "序言" for u in doc.walk())
    assert doc.meta.kind not in ("新闻报道", "会议报道")
    assert "conservation" not in [i.code for i in doc.issues]


def test_parallel_analysis_gives_the_same_documents(tmp_path, monkeypatch):
    """The worker pool (used from PARALLEL_FROM documents on) changes nothing but the time."""
    import builder.pipeline as pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in (PAGES / "govcn").glob("*.html"):
        shutil.copy(path, raw / path.name)
    config = BuildConfig.create(raw, tmp_path / "out", GLOSSARY)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    parallel = build(config, write=False).corpus.documents
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10 ** 9)
    serial = build(config, write=False).corpus.documents
    assert parallel == serial and len(serial) == 60
