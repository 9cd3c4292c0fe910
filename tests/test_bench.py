"""A 10-document smoke run of the benchmark (the full run is `nox -s bench`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "tools/bench.py", "--sizes", "10", "--runs", "1", "--no-browser",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    (row,) = report["results"]
    assert row["documents"] == 10
    assert row["builder_s"] > 0 and row["mkdocs_s"] > 0 and row["search_index_mb"] > 0
    # The changed page and its data, the home page, timeline and data index, the year, kind and
    # issuer pages that list it, and pages whose "另见" lists point at it; nothing else outside
    # the search index, where the document's text and the gram shards it falls in change.
    assert 3 <= row["files_rewritten"] <= 18 < row["files_unchanged"]
    assert {"timeline.md", "data/corpus.json", "data/index.json"} <= set(row["rewritten"])
    assert any(path.startswith("years/") for path in row["rewritten"])
    assert sum(path.startswith("search/text/") for path in row["rewritten"]) == 1
    assert row["search_files_rewritten"] >= 2
    assert "| corpus | docs | builder cold s |" in done.stdout
    assert row["warm_builder_s"] > 0 and row["largest_page_kb"] > 0
    # Both engines rendered the same generated pages.
    assert row["engine_pages"] > 10 and row["python_markdown_s"] > 0 and row["pulldown_cmark_s"] > 0
    # `builder site` cold, after one edit and with nothing changed: the last does no work.
    assert 0 < row["cycle_nothing_s"] < row["cycle_edit_s"] and row["cycle_nothing_s"] < row["cycle_cold_s"]
    assert "| corpus | docs | cold s | one edit s | nothing changed s |" in done.stdout
    # What the cold site weighs, whole, by folder and a document's share, beside the times.
    assert row["cycle_cold_rss_mb"] > 0 and row["cycle_median_page_kb"] > 0
    assert row["cycle_site_mb"] == pytest.approx(sum(row["cycle_site_parts_mb"].values()), rel=0.05)
    assert row["cycle_site_kb_per_document"] == pytest.approx(row["cycle_site_mb"] * 1e3 / 10)
    assert "| cold peak MB | edit peak MB | site MB | site KB a document |" in done.stdout


def test_synthetic_corpus_is_varied(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    import bench

    bench.generate(tmp_path, 40)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))]
    assert len(texts) == 40
    traditional = [t for t in texts if "縣" in t]  # every page has 各县（市、区）人民政府
    assert 4 <= len(traditional) <= 14  # about 20%
    assert all("(" in t for t in traditional)  # with pinyin
    assert not any("經" in t or "關" in t for t in texts if t not in traditional)
    assert any(t.count("各县（市、区）人民政府") == 2 for t in texts)  # body printed twice
    assert len({len(t) for t in texts}) > 30
    assert all(len(t.encode()) > 25_000 for t in texts)
