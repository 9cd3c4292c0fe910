"""Copies of one document (builder/copies.py): a notice's web page, with its 信息公开 table,
and its Word file, merged field by field into one page that lists both."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.errors import BuildAbort
from builder.pipeline import build
from conftest import GLOSSARY
from test_office import write_docx

SEED = "004"  # 旺苍县 指导意见: 旺府办发〔2017〕24号, 一、 parts and （一） clauses

TABLE = {"索引号": "008351130/2017-00245", "主题分类": "综合政务", "发布机构": "旺苍县人民政府办公室",
         "成文日期": "2017年12月30日", "文号": "旺府办发〔2017〕24号", "发布日期": "2018年01月03日", "有效性": "有效"}


def portal_page(seed, table: dict[str, str]) -> str:
    """The seed's text as a county portal publishes it: crumbs, the 信息公开 table, the title, the text."""
    rows = list(table.items())
    cells = ["<tr>" + "".join(f"<td>{k}：</td><td>{v}</td>" for k, v in rows[i:i + 2]) + "</tr>"
             for i in range(0, len(rows), 2)]
    body = "\n".join(f"<p>{html.escape(u.text)}</p>" for u in seed.walk() if u.text)
    return (f'<html><head><meta charset="utf-8"><title>{seed.meta.title}_旺苍县人民政府</title></head><body>\n'
            "<div>首页 &gt; 政务公开 &gt; 政策文件</div>\n"
            f'<table class="xxgk">{"".join(cells)}</table>\n<h1>{seed.meta.title}</h1>\n{body}\n'
            "<div>打印本页 关闭窗口</div></body></html>")


def word_file(seed, path: Path, number: bool = True) -> None:
    """The seed as its Word file: the 版头, the number (unless left out), the title, the text;
    no web page's dateline."""
    roles = ("title", "issuer") + (("doc-number",) if number else ())
    write_docx(replace(seed, header=tuple(h for h in seed.header if h.role in roles)), path, "旺苍县人民政府办公室文件")


def copies(tmp_path: Path, seed, page_name: str, word_name: str, table: dict[str, str] = TABLE,
           number: bool = True) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / page_name).write_text(portal_page(seed, table), encoding="utf-8")
    word_file(seed, raw / word_name, number)
    return raw


@pytest.mark.parametrize("page_name, word_name", [("旺苍意见.html", "旺苍意见.docx"), ("a.html", "b.docx")])
def test_copies_web_page_and_word_file_merge_field_by_field(seed_docs, tmp_path, page_name, word_name):
    """Whichever file sorts first, the text is the Word file's and 效力/发布日期 the page table's;
    the page and the JSON name both files and what each gave."""
    raw = copies(tmp_path, seed_docs[SEED], page_name, word_name)
    out = tmp_path / "out"
    (doc,) = build(BuildConfig.create(raw, out, GLOSSARY)).corpus.documents
    assert doc.source.name == word_name and doc.source.format == "docx"
    m = doc.meta
    assert (m.validity, m.published.isoformat(), m.adopted.isoformat(), m.doc_number) == \
        ("有效", "2018-01-03", "2017-12-30", "旺府办发〔2017〕24号")
    assert dict(m.provenance)["validity"] == "table" and dict(m.provenance)["published"] == "table"
    assert dict(m.provenance)["doc_number"] == "header"  # the 版头 of the file as issued
    (other,) = doc.also_from
    assert other.name == page_name and other.format == "html"
    assert set(other.fields) == {"validity", "published"}
    # Nothing the page stated is lost: its 索引号 is among the fields, under its file name.
    assert ("index_number", "008351130/2017-00245", page_name) in [(f.name, f.value, f.file) for f in doc.fields]
    assert [i.code for i in doc.issues].count("same-document") == 1 and "copies-disagree" not in [i.code for i in doc.issues]

    record = json.loads((out / "data" / "documents" / f"{doc.slug}.json").read_text(encoding="utf-8"))["document"]
    assert record["validity"] == "有效" and record["file"]["name"] == word_name
    assert record["also_from"][0]["name"] == page_name and "validity" in record["also_from"][0]["fields"]
    assert {"name": "index_number", "label": "索引号", "value": "008351130/2017-00245", "line": 2, "origin": "table",
            "file": page_name} in record["fields"]
    page = (out / "doc" / f"{doc.slug}.md").read_text(encoding="utf-8")
    assert f"| 效力 | 有效（据网页信息公开表，{page_name}） |" in page.replace("&#46;", ".")
    assert "正文据此件" in page and "另一来源" in page and "效力" in page.split("另一来源")[1]


def test_copies_one_without_a_number_are_still_one_document(seed_docs, tmp_path):
    """A Word file whose 版头 holds no number is the page's document all the same (title, date
    and text agree): one page, the number from the page."""
    raw = copies(tmp_path, seed_docs[SEED], "旺苍意见.html", "旺苍意见.docx", number=False)
    (doc,) = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False).corpus.documents
    assert doc.source.format == "docx" and doc.meta.doc_number == "旺府办发〔2017〕24号"
    assert [c.name for c in doc.also_from] == ["旺苍意见.html"]


def test_copies_stating_different_values_warn_naming_both(seed_docs, tmp_path):
    """The page's table gives another 成文日期 and issuer than the Word file's 落款 and 版头: the
    file's are published (the file as issued), the page's kept in a warning naming both files."""
    table = {**TABLE, "成文日期": "2017年12月29日", "发布机构": "旺苍县人民政府"}
    raw = copies(tmp_path, seed_docs[SEED], "旺苍意见.html", "旺苍意见.docx", table)
    (doc,) = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False).corpus.documents
    assert doc.meta.adopted.isoformat() == "2017-12-30" and doc.meta.issuers == ("旺苍县人民政府办公室",)
    assert dict(doc.meta.provenance)["adopted"] == "header" and doc.meta.validity == "有效"
    messages = [i.message for i in doc.issues if i.code == "copies-disagree"]
    assert len(messages) == 2
    assert any("2017-12-30 in 旺苍意见.docx" in m and "2017-12-29 in 旺苍意见.html" in m for m in messages)


def test_copies_sidecars_setting_two_slugs_is_an_error_naming_both(seed_docs, tmp_path, caplog):
    raw = copies(tmp_path, seed_docs[SEED], "旺苍意见.html", "旺苍意见.docx")
    (raw / "旺苍意见.html.yml").write_text("slug: wangcang-a\n", encoding="utf-8")
    (raw / "旺苍意见.docx.yml").write_text("slug: wangcang-b\n", encoding="utf-8")
    with pytest.raises(BuildAbort):
        build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    assert any("旺苍意见.html.yml" in r.message and "旺苍意见.docx.yml" in r.message and "'slug'" in r.message
               for r in caplog.records)


def test_copies_keep_the_slug_the_page_was_published_under(seed_docs, tmp_path):
    """The page was published alone (slugs.json knows it by its file name); its Word file,
    added later, gives the text, and the address stays."""
    raw = copies(tmp_path, seed_docs[SEED], "旺苍意见.html", "旺苍意见.docx")
    registry = tmp_path / "slugs.json"
    registry.write_text('{"schema": 1, "slugs": {"旺苍意见.html": ["2017-wangcang-jizhi"]}}\n', encoding="utf-8")
    config = BuildConfig.create(raw, tmp_path / "out", GLOSSARY, slug_registry=str(registry))
    (doc,) = build(config).corpus.documents
    assert doc.source.name == "旺苍意见.docx" and doc.slug == "2017-wangcang-jizhi"
    assert json.loads(registry.read_text(encoding="utf-8"))["slugs"] == {
        "旺苍意见.docx": ["2017-wangcang-jizhi"], "旺苍意见.html": ["2017-wangcang-jizhi"]}


def test_copies_check_names_each_copy_and_what_it_gave(seed_docs, tmp_path):
    from conftest import run_builder

    raw = copies(tmp_path, seed_docs[SEED], "旺苍意见.html", "旺苍意见.docx")
    done = run_builder(raw, tmp_path / "out", command="check")
    assert done.returncode == 0, done.stderr
    assert "旺苍意见.docx -> " in done.stdout and "copy:       旺苍意见.html (html), gave published, validity" in done.stdout
