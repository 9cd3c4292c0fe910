"""The line-role labeller: its features on real snippets, its training data, its fitting, its explanations.

The anatomy's own tests (tests/test_anatomy.py) say what a page is read as;
these say how the decision is made: named features of each line
(builder/features.py), a CRF over the page (builder/roles.py), fitted from the
labelled pages of training/roles/ (builder/training.py).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from builder import roles, training
from builder.anatomy import read_anatomy
from builder.clean import clean
from builder.errors import SourceError
from builder.features import line_features, page_context
from builder.lexicon import LEXICON_FILE, load_lexicon
from builder.model import Line, Source
from conftest import ROOT, run_builder

LEXICON = load_lexicon()


def features_of(*texts: str) -> list[list[str]]:
    lines = [Line(k + 1, t, t) for k, t in enumerate(texts)]
    return line_features(lines, page_context(lines, [], LEXICON, frozenset(), frozenset()), LEXICON)


@pytest.mark.parametrize(("text", "feature"), [
    # Real lines of the development pages, each with the fact a reader states of it.
    ("首页 > 政务公开 > 政策文件", "crumb"),
    ("当前位置：首页 > 信息公开", "crumb"),
    ("索引号：11510000MB1535259D/2019-00123", "row"),
    ("发布时间：2019-01-02 来源：四川省人民政府", "dateline"),
    ("川府发〔2019〕12号", "number:only"),
    ("各市（州）、县（市、区）人民政府，省政府各部门：", "addressee"),
    ("四川省人民政府关于加快推进川西北生态示范区建设的实施意见", "kind:document"),
    ("四川省人民政府关于加快推进川西北生态示范区建设的实施意见", "about"),
    ("一、总体要求", "numbered:part"),
    ("第十二条 本条例自2020年1月1日起施行。", "numbered:article"),
    ("关 闭 窗 口", "spaced"),
    ("抄送：省委办公厅，省人大常委会办公厅。", "imprint"),
    ("附件2", "attachment-label"),
    ("现将《实施意见》印发给你们，请认真贯彻执行。", "sentence-end"),
    ("现将《实施意见》印发给你们，请认真贯彻执行。", "prose"),
])
def test_a_line_has_the_feature_a_reader_names(text, feature):
    assert feature in features_of(text)[0]


@pytest.mark.parametrize(("text", "feature"), [
    ("一、总体<b>要求</b>", "crumb"),  # the end of a tag is no crumb's separator
    ("> 引文", "crumb"),  # nor is a Markdown quote
    ("现将《实施意见》印发给你们，请认真贯彻执行。", "kind"),  # prose naming a kind is not a title's kind
    ("第十二条 本条例自2020年1月1日起施行。", "date"),  # a clause with a date is no date line
])
def test_a_line_lacks_the_feature_a_reader_would_not_name(text, feature):
    assert feature not in features_of(text)[0]


def test_a_line_lends_its_neighbours_what_it_is():
    first, second, third = features_of("四川省人民政府关于印发方案的通知", "川府发〔2019〕12号", "各市（州）人民政府：")
    assert "+1:number:only" in first and "-1:kind" in second and "+1:len:<=10" in second
    assert "-1:edge" in first and "+1:edge" in third and "-2:kind" in third


def test_features_never_hold_the_words_of_the_line():
    """What is learnt on one site carries over: a feature names a fact, never the text itself."""
    for features in features_of("旺苍县人民政府办公室", "关于印发旺苍县推进经济高质量发展方案的通知"):
        assert not any("旺苍" in f for f in features)


def page_lines(*texts: str) -> list[str]:
    """The anatomy's reading of a text page: each line's header role, removal rule or 'text'."""
    source = Source("raw/t.txt", "t.txt", "0" * 64, "utf-8", "\n".join(texts) + "\n")
    anatomy = read_anatomy(clean(source))
    return anatomy


def test_a_page_of_an_unseen_site_is_read_in_the_order_of_an_official_document():
    """A page made of lines of no labelled page: furniture, metadata, title, text, signature, furniture."""
    anatomy = page_lines(
        "网站首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流",
        "当前位置：首页 > 政务公开 > 通知公告",
        "索引号：115108000083956041/2023-00017",
        "发文字号：广府办发〔2023〕9号",
        "广元市人民政府办公室关于印发广元市加快建设川陕甘结合部现代物流中心实施方案的通知",
        "各县（区）人民政府，市级各部门：",
        "现将《广元市加快建设川陕甘结合部现代物流中心实施方案》印发给你们，请认真抓好贯彻落实。",
        "广元市人民政府办公室",
        "2023年3月20日",
        "扫一扫在手机打开当前页",
        "主办单位：广元市人民政府办公室  蜀ICP备05002811号",
    )
    assert anatomy.title.text == "广元市人民政府办公室关于印发广元市加快建设川陕甘结合部现代物流中心实施方案的通知"
    assert [line.text for line in anatomy.body] == [
        "各县（区）人民政府，市级各部门：",
        "现将《广元市加快建设川陕甘结合部现代物流中心实施方案》印发给你们，请认真抓好贯彻落实。",
        "广元市人民政府办公室", "2023年3月20日"]
    assert {f.name: f.value for f in anatomy.fields}["doc_number"] == "广府办发〔2023〕9号"
    removed = {r.text for r in anatomy.removals}
    assert {"网站首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流", "扫一扫在手机打开当前页"} <= removed


def test_a_phrase_a_user_adds_to_the_lexicon_takes_effect(tmp_path):
    """The lexicon is a feature the model weighs heavily: a new furniture phrase removes its line."""
    texts = ("关于印发广元市物流发展方案的通知", "各县（区）人民政府：", "现将方案印发给你们，请认真贯彻落实。",
             "本页面由广元云平台提供技术保障", "广元市人民政府办公室", "2023年3月20日")
    source = Source("raw/t.txt", "t.txt", "0" * 64, "utf-8", "\n".join(texts) + "\n")
    before = read_anatomy(clean(source))
    assert "本页面由广元云平台提供技术保障" in [line.text for line in before.body]
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text(LEXICON_FILE.read_text(encoding="utf-8") + '\n[[furniture]]\nrole = "footer"\n'
                       "pattern = '^本页面由.{2,20}提供技术保障$'\nexample = \"本页面由广元云平台提供技术保障\"\n",
                       encoding="utf-8")
    after = read_anatomy(clean(source), load_lexicon(lexicon))
    assert "本页面由广元云平台提供技术保障" not in [line.text for line in after.body]
    assert ("footer", "本页面由广元云平台提供技术保障") in {(r.rule, r.text) for r in after.removals}


# --- Training data and fitting ------------------------------------------------------

def labelled_set(tmp_path: Path, rows: str) -> tuple[Path, Path, Path]:
    """A labels folder and a pages folder holding one page (set ``x``) and its TSV."""
    labels, pages = tmp_path / "labels", tmp_path / "pages"
    (labels / "x").mkdir(parents=True)
    (pages / "x").mkdir(parents=True)
    (pages / "x" / "p.txt").write_text("关于印发方案的通知\n各县（区）人民政府：\n现将方案印发给你们。\n", encoding="utf-8")
    tsv = labels / "x" / "p.tsv"
    tsv.write_text(rows, encoding="utf-8")
    return tsv, labels, pages


def test_labels_that_no_longer_fit_their_page_name_the_row(tmp_path):
    tsv, labels, pages = labelled_set(tmp_path, "title\t关于印发方案的通知\nbody\t各县人民政府：\nbody\t现将方案印发给你们。\n")
    with pytest.raises(SourceError) as caught:
        training.load_page(tsv, labels, pages)
    assert caught.value.line == 2 and "relabel" in str(caught.value) and str(tsv) in str(caught.value)


def test_an_unknown_role_names_its_row(tmp_path):
    tsv, labels, pages = labelled_set(tmp_path, "title\t关于印发方案的通知\naddressee\t各县（区）人民政府：\n")
    with pytest.raises(SourceError) as caught:
        training.load_page(tsv, labels, pages)
    assert caught.value.line == 2 and "unknown role 'addressee'" in str(caught.value)


def test_fitting_is_deterministic(tmp_path):
    """Same labels, same model file, byte for byte."""
    tsvs = training.labelled()[::25]
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    training.fit(tsvs, a)
    training.fit(tsvs, b)
    assert a.read_bytes() == b.read_bytes()


def test_the_committed_model_is_the_one_its_labels_give(tmp_path):
    """builder/roles.crfsuite is refitted whenever a label, a feature or a page changes (`nox -s fit`)."""
    refitted = tmp_path / "roles.crfsuite"
    training.fit(training.labelled(), refitted)
    assert refitted.read_bytes() == roles.MODEL_FILE.read_bytes(), "run `python -m builder.training fit` and commit"


def test_every_labelled_page_is_a_page_of_the_project():
    tsvs = training.labelled()
    assert len(tsvs) >= 277
    assert {tsv.parent.name for tsv in tsvs} >= {"excerpts", "govcn", "full", "wide", "seeds", "laws"}
    for tsv in tsvs:
        assert training.page_of(tsv).exists()


def test_a_model_fitted_on_other_pages_is_used_for_a_while(tmp_path):
    """Leave-one-site-out scoring labels with a model fitted without the site's pages."""
    other = tmp_path / "other.crfsuite"
    training.fit(training.labelled()[:3], other)
    features = features_of("关于印发方案的通知", "现将方案印发给你们。")
    with roles.using(other):
        assert roles.model_file() == other
        assert len(roles.label(features)) == 2
    assert roles.model_file() == roles.MODEL_FILE


# --- Explaining a decision ----------------------------------------------------------

def test_check_roles_prints_each_line_with_its_role_and_reasons(tmp_path):
    (tmp_path / "raw").mkdir()
    page = tmp_path / "p.txt"
    page.write_text("首页 > 政务公开 > 通知公告\n关于印发广元市物流发展方案的通知\n各县（区）人民政府：\n"
                    "现将方案印发给你们，请认真贯彻落实。\n", encoding="utf-8")
    result = run_builder(tmp_path / "raw", tmp_path / "out", "--roles", str(page), command="check")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    assert [row.split()[:2] for row in rows] == [["1", "furniture"], ["2", "title"], ["3", "body"], ["4", "body"]]
    assert "crumb +" in rows[0] and "←" in rows[1]


def test_file_arguments_without_roles_are_a_usage_error(tmp_path):
    (tmp_path / "raw").mkdir()
    result = run_builder(tmp_path / "raw", tmp_path / "out", str(tmp_path / "p.txt"), command="check")
    assert result.returncode == 2 and "--roles" in result.stderr


# --- Leave-one-site-out -------------------------------------------------------------

def load_tool():
    spec = importlib.util.spec_from_file_location("realpages_tool", ROOT / "tools" / "realpages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_sites_group_the_pages_saved_from_one_host():
    tool = load_tool()
    groups = tool.site_groups(tool.SETS)
    pages = [(folder, name) for group in groups.values() for folder, name, _ in group]
    assert len(pages) == len(set(pages)) == 212
    assert len(groups["gov.cn"]) == 60  # the national portal's pages leave together
    assert len(groups) >= 100
