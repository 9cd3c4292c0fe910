"""Validity (builder/validity.py): 有效 / 失效 / 已废止 / 已修订 / 尚未施行 whenever the page,
its text or the corpus says so, with where it came from; each rule on a real page."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from conftest import GLOSSARY, RAW, ROOT

from builder.config import BuildConfig
from builder.model import Source
from builder.pipeline import analyse, build
from builder.render import meta_table
from builder.sources import read_source
from builder.validity import judge_validity

D = datetime.date
PAGES = ROOT / "tests" / "realpages"
RULES_TAIHU = PAGES / "excerpts" / "d39.txt"  # 废止时间: 2020-01-23
DATA_ABA = PAGES / "full" / "f01.txt"  # 暂行办法: 本办法自颁布之日起施行，有效期2年 (2021-10-11)
HUNAN = PAGES / "wide" / "wb07.txt"  # 自发布之日起施行,有效期五年 (2020-11-10)
STATED = PAGES / "excerpts" / "d01.txt"  # 有 效 性 :有效, 废止日期: (empty)


def judged(path: Path, as_of: datetime.date):
    (doc,) = judge_validity([analyse(read_source(path), ())], as_of)
    return doc.meta.validity, doc.meta.validity_basis


def text_page(*lines: str):
    source = Source("raw/t.txt", "t.txt", "0" * 64, "utf-8", "\n".join(lines) + "\n", format="text")
    return analyse(source, ())


def test_validity_repeal_date_of_the_page_in_the_past_is_repealed():
    assert judged(RULES_TAIHU, D(2026, 12, 4)) == ("已废止", "据“废止时间：2020-01-23”")
    assert judged(RULES_TAIHU, D(2019, 6, 1)) == ("有效", "据“废止时间：2020-01-23”")


def test_validity_term_in_years_counts_from_the_day_the_text_takes_effect():
    assert judged(DATA_ABA, D(2026, 12, 4)) == (
        "失效", "据正文“有效期2年”，自2021-10-11施行（据正文“自颁布之日起施行”），至2023-10-10")
    assert judged(DATA_ABA, D(2022, 1, 1))[0] == "有效"
    status, basis = judged(HUNAN, D(2026, 12, 4))  # 五年, in Chinese numerals, from the publication
    assert status == "失效" and basis.endswith("至2025-11-09")


def test_validity_effective_date_still_to_come_is_not_yet_in_force():
    # 乐山市东风堰世界灌溉工程遗产保护条例 (tests/realpages/full/f07.md), as a text without its page's 效力.
    doc = text_page("乐山市东风堰世界灌溉工程遗产保护条例", "2026年4月28日",
                    "第一条　为了加强东风堰世界灌溉工程遗产的保护，制定本条例。", "第二十条　本条例自2026年8月1日起施行。")
    ((judged_doc,), (later,)) = judge_validity([doc], D(2026, 7, 1)), judge_validity([doc], D(2026, 12, 4))
    assert (judged_doc.meta.validity, judged_doc.meta.validity_basis) == (
        "尚未施行", "2026-08-01起施行，据正文“自2026年8月1日起施行”")
    assert later.meta.validity == ""  # in force since, but nothing says it still is


def test_validity_stated_by_the_page_wins_and_needs_no_basis():
    assert judged(STATED, D(2026, 12, 4)) == ("有效", "")


@pytest.mark.parametrize("key, status", [("supersedes", "已废止"), ("amends", "已修订")])
def test_validity_of_a_document_a_newer_one_replaces_or_amends(tmp_path, key, status):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_f7f6facbeaa9e6cd.txt", "002_2921a2321b07acbf.txt"):
        shutil.copy(RAW / name, raw / name)
    (raw / "002_2921a2321b07acbf.txt.yml").write_text(f"{key}: [2011-chengyu-jingjiqu]\n", encoding="utf-8")
    corpus = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY, slug_registry=None), write=False).corpus
    old = next(d for d in corpus.documents if d.slug == "2011-chengyu-jingjiqu")
    assert old.meta.validity == status
    assert old.meta.validity_basis.startswith("据《") and old.meta.validity_basis.endswith("》（2020年）")


def test_validity_the_reader_sees_it_with_its_basis_and_the_filter_offers_it(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RULES_TAIHU, raw / RULES_TAIHU.name)
    out = tmp_path / "out"
    (doc,) = build(BuildConfig.create(raw, out, GLOSSARY, slug_registry=None, as_of=D(2026, 12, 4))).corpus.documents
    assert "| 效力 | 已废止（据“废止时间：2020&#45;01&#45;23”） |" in meta_table(doc, "", "main", False)
    assert "效力：已废止（据“废止时间：2020-01-23”）" in (out / "doc" / f"{doc.slug}.txt").read_text(encoding="utf-8")
    record = json.loads((out / "data" / "documents" / f"{doc.slug}.json").read_text(encoding="utf-8"))
    assert (record["document"]["validity"], record["document"]["validity_basis"]) == ("已废止", "据“废止时间：2020-01-23”")
    assert "已废止" in (out / "search" / "meta.js").read_text(encoding="utf-8")  # the filter's values
