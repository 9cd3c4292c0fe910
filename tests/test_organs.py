"""Organs' names (builder/organs.tsv, builder/organs.py) and the issuers a page gives.

Each snippet is cut from a real page of tests/realpages (named in the test), so the
page says what a reader sees: one organ, one issuer, in its full name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest  # noqa: F401  (fixtures and paths)

from builder.anatomy import read_anatomy
from builder.clean import clean
from builder.errors import SourceError
from builder.meta import read_meta
from builder.model import Source
from builder.organs import EXAMPLE_PLACE_RE, full_name, load_organs, page_places, split_organs
from builder.pipeline import analyse
from builder.render import cite_prefix, meta_table
from builder.search import document_facts
from builder.sources import read_source

TABLE = load_organs()


def page(*lines: str):
    """The metadata of a text page made of these lines."""
    source = Source("raw/t.txt", "t.txt", "0" * 64, "utf-8", "\n".join(lines) + "\n", format="text")
    cleaned = clean(source)
    return read_meta(cleaned, read_anatomy(cleaned)).meta


LETTER = ["各有关部门、单位:", "现将《实施方案》印发给你们,请结合我区实际认真组织实施。"]


# --- The table ---------------------------------------------------------------------------

@pytest.mark.parametrize("rule", TABLE.rules, ids=lambda r: f"{r.line}-{r.kind}-{r.short}")
def test_organs_every_rule_example_is_normalised(rule):
    m = EXAMPLE_PLACE_RE.match(rule.example)
    places = page_places([m.group("place") + "人民政府"], TABLE) if m else {}
    name = m.group("name") if m else rule.example
    assert full_name(name, places, TABLE) == rule.normalised


def test_organs_malformed_rule_names_file_and_line(tmp_path):
    bad = tmp_path / "organs.tsv"
    bad.write_text("# kind\tshort\tfull\texample\tnormalised\nlevel\t省\tprovince\t四川省人民政府\t四川省人民政府\n"
                   "unit\t人大常委会\t人民代表大会常务委员会\t湖南省人大常委会\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_organs(bad)
    assert (err.value.path, err.value.line) == (str(bad), 3)


@pytest.mark.parametrize("name", ["发展改革委", "市场监管总局", "国务院办公厅", "省委"])
def test_organs_short_form_without_a_place_stays_as_printed(name):
    # A national body's own short name, or a bare 省委 on a page naming no province.
    assert full_name(name, {}, TABLE) == name


def test_organs_bare_tier_needs_one_place_of_that_tier():
    two = page_places(["成都市人民政府", "绵阳市人民政府"], TABLE)
    assert full_name("市委", two, TABLE) == "市委"
    assert full_name("市委", page_places(["成都市人民政府"], TABLE), TABLE) == "中共成都市委员会"


def test_organs_letter_spaced_joint_line_is_cut_into_organs():
    assert split_organs("四川省人民政府四川省财政厅（代章）") == ("四川省人民政府", "四川省财政厅")
    assert split_organs("鹤岗市人民政府 鹤岗市中级人民法院") == ("鹤岗市人民政府", "鹤岗市中级人民法院")
    assert split_organs("四川省人民政府办公厅") == ("四川省人民政府办公厅",)


# --- Issuers of real pages -----------------------------------------------------------------

def test_meta_short_form_issuer_is_the_full_form_with_the_printed_one_kept():
    # excerpts/d35: the page prints the organ as 湖南省人大常委会 only.
    m = page("湖南省人民代表大会常务委员会制定地方性法规程序的规定", "湖南省人大常委会",
             "第一条 为了使制定地方性法规的程序科学化、规范化,制定本规定。")
    assert m.issuers == ("湖南省人民代表大会常务委员会",)
    assert m.issuers_printed == ("湖南省人大常委会",)


def test_meta_issuer_without_its_place_takes_the_place_the_page_names():
    # wide/wa13: the table's 发布部门 omits 徐州, the signature names it.
    m = page("发布部门:市人民政府办公室", "发布时间:2019年12月06日", "市政府办公室关于印发徐州市生活必需品市场供应应急预案的通知",
             "徐政办发〔2019〕107号", "各县(市)区人民政府:", "经市政府同意,现将修订后的《应急预案》印发给你们,请认真贯彻执行。",
             "徐州市人民政府办公室", "2019年11月26日")
    assert m.issuers == ("徐州市人民政府办公室",)


def test_meta_five_organs_signing_one_a_line_are_all_issuers():
    # wide/wa30
    organs = ["青岛西海岸新区发展和改革局", "青岛西海岸新区工业和信息化局", "青岛西海岸新区民政局", "青岛西海岸新区卫生健康局",
              "青岛西海岸新区医疗保障局"]
    m = page("关于印发青岛西海岸新区促进银发经济发展实施方案的通知", "青西新发改〔2025〕54号", *LETTER, *organs, "2025年4月28日")
    assert m.issuers == tuple(organs)


def test_meta_fourteen_organs_signing_two_a_line_are_all_issuers():
    # wide/wa47: the State Council's ministries by their own short names, then four provinces.
    lines = ["生态环境部 发展改革委", "工业和信息化部 公安部", "财政部 住房城乡建设部", "交通运输部 商务部", "市场监管总局 能源局",
             "上海市人民政府 江苏省人民政府", "浙江省人民政府 安徽省人民政府"]
    m = page("关于印发《长三角地区秋冬季大气污染综合治理攻坚行动方案》的通知", "各有关城市人民政府:",
             "现将《行动方案》印发给你们,请遵照执行。", *lines, "2020年10月30日", "(此件社会公开)")
    assert m.issuers == tuple(" ".join(lines).split())


def test_meta_letter_spaced_signature_with_its_seal_note_gives_each_organ():
    m = page("关于做好2024年春耕生产工作的通知", "各市(州)人民政府:", "现就有关事项通知如下,请认真贯彻执行。",
             "四 川 省 人 民 政 府   四 川 省 财 政 厅（代章）", "2024年3月1日")
    assert m.issuers == ("四川省人民政府", "四川省财政厅")


def test_meta_regulation_issuer_comes_from_its_adoption_note():
    # wide/wb16: a 条例 with no issuer line, only its adoption note.
    m = page("陕西省机关运行保障条例", "(2025年7月30日陕西省第十四届人民代表大会常务委员会第十七次会议通过)",
             "第一条 为了规范和加强机关运行保障工作,制定本条例。")
    assert m.issuers == ("陕西省人民代表大会常务委员会",)


def test_meta_regulation_read_from_word_takes_its_adoption_note_issuer(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in ("四川省体育条例", "（2004年6月3日四川省第十届人民代表大会常务委员会第十次会议通过）",
                 "第一条 为了发展体育事业，增强人民体质，制定本条例。", "第二条 本条例适用于本省行政区域内的体育活动。"):
        document.add_paragraph(text)
    document.save(tmp_path / "tiyu.docx")
    meta = analyse(read_source(tmp_path / "tiyu.docx"), ()).meta
    assert meta.issuers == ("四川省人民代表大会常务委员会",)


def test_meta_issuer_named_in_the_title_wins_over_the_office_that_posted_the_page():
    m = page("发布机构:镇巴县人民政府办公室", "发布日期:2024-04-06", "镇巴县人民政府关于印发镇巴县防汛应急预案的通知",
             "各镇人民政府,县政府各工作部门:", "现将《镇巴县防汛应急预案》印发给你们,请认真贯彻执行。")
    assert m.issuers == ("镇巴县人民政府",)


def test_meta_party_committee_short_form_takes_the_province_the_page_names():
    m = page("中共四川省委 四川省人民政府关于加快推进成渝经济区建设的决定", "各市(州)党委和人民政府:",
             "为加快推进成渝经济区建设,现作如下决定。")
    assert m.issuers == ("中共四川省委员会", "四川省人民政府")


# --- What the reader sees ----------------------------------------------------------------

def test_page_shows_full_issuer_with_the_printed_form_and_search_finds_both(tmp_path):
    (tmp_path / "d35.txt").write_text(Path(conftest.__file__).parent.joinpath("realpages/excerpts/d35.txt")
                                      .read_text(encoding="utf-8"), encoding="utf-8")
    doc = analyse(read_source(tmp_path / "d35.txt"), ())
    table = meta_table(doc, "", "main", False)
    assert "湖南省人民代表大会常务委员会（据" in table and "原文作“湖南省人大常委会”" in table
    facts = document_facts(doc)
    assert "湖南省人民代表大会常务委员会" in facts and "湖南省人大常委会" in facts


def test_cite_prefix_keeps_the_issuers_as_the_title_prints_them():
    source = Source("raw/t.txt", "t.txt", "0" * 64, "utf-8", "\n".join([
        "中共四川省委 四川省人民政府关于加快推进成渝经济区建设的决定", "2011年9月22日", "各市(州)党委和人民政府:",
        "为加快推进成渝经济区建设,现作如下决定。"]) + "\n", format="text")
    doc = analyse(source, ())
    assert doc.meta.issuers == ("中共四川省委员会", "四川省人民政府")
    assert cite_prefix(doc).startswith("中共四川省委 四川省人民政府《关于加快推进成渝经济区建设的决定》")
