"""Each cleaning rule alone, on real snippets from the seeds."""

from __future__ import annotations

import pytest

from builder import clean as c
from builder.model import Line, Source


def lines_of(*texts: str) -> tuple[Line, ...]:
    return tuple(Line(i, t, t) for i, t in enumerate(texts, 1))


SOURCE = Source("raw/x.txt", "x.txt", "0" * 64, "utf-8", "")


def run(rule, *texts: str):
    return rule(lines_of(*texts), SOURCE)


def texts(outcome) -> list[str]:
    return [line.text for line in outcome.lines]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("當(dāng)前位置:首頁 > 時政要聞", "當前位置:首頁 > 時政要聞"),
        ("發(fā)布時間:2024年03月18日", "發布時間:2024年03月18日"),
        ("成渝地區(qū)雙城經(jīng)濟圈建設(shè)", "成渝地區雙城經濟圈建設"),
        ("市(州)和(B型)不是注音", "市(州)和(B型)不是注音"),
        ("(2020年7月10日中國共產黨四川省第十一屆委員會第七次全體會議通過)",
         "(2020年7月10日中國共產黨四川省第十一屆委員會第七次全體會議通過)"),
        ("成南(遂)渝發展帶", "成南(遂)渝發展帶"),
    ],
)
def test_strip_pinyin_removes_only_annotations(raw, expected):
    assert texts(run(c.strip_pinyin, raw)) == [expected]


def test_strip_pinyin_records_what_it_removed():
    outcome = run(c.strip_pinyin, "發(fā)布時間")
    assert outcome.changes == 1
    assert outcome.removals[0].rule == "strip-pinyin" and outcome.removals[0].text == "(fā)"


@pytest.mark.parametrize(
    "raw, expected",
    [  # wide/wb17 (a law database's mirror of a 贵州 办法)
        ("根據《中華人民共和國預算法》和《貴州省省級預算審查監督條例》【已廢止,最新為:《貴州省預算審查監督條例》】,制定本辦法。",
         "根據《中華人民共和國預算法》和《貴州省省級預算審查監督條例》,制定本辦法。"),
        ("依照《中华人民共和国企业所得税法》【已修订】的规定", "依照《中华人民共和国企业所得税法》的规定"),
        ("【废止】", "【废止】"),  # a line that is only the mark: the anatomy judges it
        ("第三条 【适用范围】本办法适用于全省。", "第三条 【适用范围】本办法适用于全省。"),
    ],
)
def test_a_databases_status_notes_inside_the_text_are_removed(raw, expected):
    outcome = run(c.strip_editor_note, raw)
    assert texts(outcome) == [expected]
    if raw != expected:
        assert outcome.removals[0].rule == "strip-editor-note" and outcome.removals[0].text.startswith("【")


def test_to_simplified_keeps_original():
    outcome = run(c.to_simplified, "中共四川省委關於深入貫徹習近平總書記重要講話精神")
    line = outcome.lines[0]
    assert line.text == "中共四川省委关于深入贯彻习近平总书记重要讲话精神"
    assert line.original == "中共四川省委關於深入貫徹習近平總書記重要講話精神"
    assert outcome.changes == 10


def test_strip_bullet_before_part_number():
    assert texts(run(c.strip_bullet, "• 一、总体要求", "  •   中共四川省委".strip())) == ["一、总体要求", "中共四川省委"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("指 导 意 见", "指导意见"),
        ("总  则", "总则"),
        ("第一章 总  则", "第一章 总则"),
        ("中共四川省委 四川省人民政府关于加快推进成渝经济区建设", "中共四川省委 四川省人民政府关于加快推进成渝经济区建设"),
    ],
)
def test_collapse_letter_spacing(raw, expected):
    assert c.collapse_spacing_text(raw)[0] == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("当前及今后5至10年,国家把深入实施西部大开发战略放在优先位置", "当前及今后5至10年，国家把深入实施西部大开发战略放在优先位置"),
        ("(一)重大机遇时不我待。", "（一）重大机遇时不我待。"),
        ("完善川渝两省(市)高层联席会议制度", "完善川渝两省（市）高层联席会议制度"),
        ("保税物流中心(B型)等", "保税物流中心（B型）等"),
        ("县级各部门,旺苍经开区管委会:", "县级各部门，旺苍经开区管委会："),
        ("做强成都都市圈增长极;依托中心城市", "做强成都都市圈增长极；依托中心城市"),
        ("2020年07月16日10:20", "2020年07月16日10:20"),
        ("缩小到2.8∶1,建成", "缩小到2.8∶1，建成"),
        ("GDP 1,000 亿元", "GDP 1,000 亿元"),
        ("见 https://www.sc.gov.cn/a,b;c 页", "见 https://www.sc.gov.cn/a,b;c 页"),
        ("Hello, world; fine!", "Hello, world; fine!"),
        ("怎么办?我们", "怎么办？我们"),
        ("推动高質量發展??傊?,各方齊心", "推动高質量發展??傊?，各方齊心"),
    ],
)
def test_fullwidth_punctuation(raw, expected):
    assert c.fullwidth_text(raw)[0] == expected


def test_corrupt_text_is_kept_and_flagged():
    line = "更好激發當?shù)匕l(fā)展的內生動力。推動高質量發展??傊?,各方齊心協力"
    outcome = run(c.flag_corrupt_text, line)
    assert texts(outcome) == [line]
    found = [line[s:e] for s, e in c.corrupt_spans(line)]
    assert found == ["?shù)匕l(fā)", "??傊?"]
    assert [i.code for i in outcome.issues] == ["corrupt-text", "corrupt-text"]
    assert outcome.issues[0].line == 1 and outcome.issues[0].column == line.index("?shù") + 1


def test_private_use_characters_removed_with_warning():
    outcome = run(c.strip_private_use, "达到3\ue0109万元")
    assert texts(outcome) == ["达到39万元"]
    assert outcome.removals[0].text == "\ue010"
    assert outcome.issues[0].code == "private-use-character"


def test_normalize_whitespace_drops_controls_and_blank_lines():
    outcome = run(c.normalize_whitespace, "\u00a0\u00a0 3月15日,省推动\x07会议", "   ", "")
    assert texts(outcome) == ["3月15日,省推动会议"]
    assert outcome.removals[0].text == "\x07"


def test_rules_run_in_documented_order():
    names = [rule.rule_name for rule in c.RULES]
    assert names.index("strip-pinyin") < names.index("to-simplified") < names.index("strip-bullet")
    assert names.index("strip-bullet") < names.index("html-markup") < names.index("fullwidth-punctuation")
    assert len(set(names)) == len(names)


def test_private_use_keeps_both_forms():
    (line,) = c.strip_private_use((Line(3, "达到3\ue0109万元", "達到3\ue0109萬元"),), SOURCE).lines
    assert (line.text, line.original) == ("达到39万元", "達到39萬元")


def test_modern_forms_fix_each_phrase_in_traditional_sources():
    from builder.lexicon import load_lexicon

    for old, new in load_lexicon().phrases:
        line = Line(1, f"要{old}推动发展", f"要{old}推動發展")  # a Traditional line: the original differs
        (fixed,) = c.modern_forms((line,), SOURCE).lines
        assert fixed.text == f"要{new}推动发展" and fixed.original == line.original, old


def test_modern_forms_leave_words_ending_in_zhu_and_simplified_sources():
    trad = Line(1, "显著力量和名著眼光", "顯著力量和名著眼光")
    assert c.modern_forms((trad,), SOURCE).lines[0].text == "显著力量和名著眼光"
    simplified = Line(1, "著力推动", "著力推动")
    assert c.modern_forms((simplified,), SOURCE).lines[0].text == "著力推动"
