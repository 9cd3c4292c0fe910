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


def test_to_simplified_keeps_original():
    outcome = run(c.to_simplified, "中共四川省委關於深入貫徹習近平總書記重要講話精神")
    line = outcome.lines[0]
    assert line.text == "中共四川省委关于深入贯彻习近平总书记重要讲话精神"
    assert line.original == "中共四川省委關於深入貫徹習近平總書記重要講話精神"
    assert outcome.changes == 10


@pytest.mark.parametrize(
    "rule, line",
    [
        (c.breadcrumb, "当前位置:首页 > 政务公开 > 重要信息 > 政策文件 > 关于旺苍县完善区域发展推进机制的指导意见"),
        (c.breadcrumb, "中国共产党新闻网>>综合报道"),
        (c.widget, "【字体:"),
        (c.widget, "播报"),
        (c.share, "扫一扫在手机打开当前页"),
        (c.share, "微信“扫一扫”添加“学习大国”"),
        (c.editor, "责任编辑: 暴雨将至"),
        (c.editor, "(责编:吴楠、常雪梅)"),
        (c.footer, "主办单位:四川省人民政府办公厅"),
        (c.footer, "运行维护单位:中国电信四川公司"),
        (c.footer, "手机版 电脑版"),
        (c.footer, "头条号"),
        (c.footer, "Baidu"),
        (c.footer, "×"),
        (c.html_debris, '360网站安全检测平台" />'),
        (c.drop_dateline, "2011年09月27日 00时00分"),
        (c.drop_dateline, "来源: 四川日报"),
        (c.drop_dateline, "发布时间:2024年03月18日 浏览次数:266次"),
        (c.drop_dateline, "发布时间:2017-12-30 来源:县政府办 点击量:906"),
        (c.drop_dateline, "2020年07月16日10:20 来源:四川日报"),
    ],
)
def test_boilerplate_rule_drops_and_records_line(rule, line):
    outcome = run(rule, line, "（一）重大机遇时不我待。")
    assert texts(outcome) == ["（一）重大机遇时不我待。"]
    assert [(r.rule, r.line, r.text) for r in outcome.removals] == [(rule.rule_name, 1, line)]


@pytest.mark.parametrize(
    "rule, line",
    [
        (c.drop_dateline, "2017年12月30日"),  # a signature date is content
        (c.drop_dateline, "2020年1月，习近平总书记主持召开中央财经委员会第六次会议并发表重要讲话"),
        (c.share, "协同推进嘉陵江、渠江流域水污染防治。"),
        (c.footer, "微信公众号运营规范"),
        (c.html_debris, "<script>alert(1)</script>"),
    ],
)
def test_boilerplate_rules_keep_content(rule, line):
    assert texts(run(rule, line)) == [line]


def test_crawl_date_only_as_first_line():
    outcome = run(c.drop_crawl_date, "2020-07-14", "关于加快推进成渝经济区建设 促进全省区域协调发展的决定")
    assert texts(outcome) == ["关于加快推进成渝经济区建设 促进全省区域协调发展的决定"]
    assert outcome.removals[0].rule == "crawl-date"


def test_duplicate_body_keeps_first_copy():
    body = ["一、总体要求", "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神" * 3,
            "（一）大力推进进出川综合运输大通道建设。加快推进达州、广元进出川门户型综合交通枢纽建设" * 2]
    outcome = run(c.drop_duplicate_body, "《关于加快推进川东北经济区振兴发展的实施意见》主要内容", *body,
                  "《关于加快推进川东北经济区振兴发展的实施意见》主要内容", *body, "主办单位:四川省人民政府办公厅")
    assert texts(outcome) == ["《关于加快推进川东北经济区振兴发展的实施意见》主要内容", *body,
                              "主办单位:四川省人民政府办公厅"]
    (removal,) = outcome.removals
    assert (removal.rule, removal.line, removal.end_line) == ("duplicate-body", 5, 8)


def test_duplicate_body_ignores_short_repeats():
    assert len(texts(run(c.drop_duplicate_body, "微信", "一、总体要求", "微信"))) == 3


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
    assert names.index("strip-pinyin") < names.index("to-simplified") < names.index("dateline")
    assert names.index("strip-bullet") < names.index("duplicate-body") < names.index("fullwidth-punctuation")
    assert len(set(names)) == len(names)


def test_private_use_keeps_both_forms():
    (line,) = c.strip_private_use((Line(3, "达到3\ue0109万元", "達到3\ue0109萬元"),), SOURCE).lines
    assert (line.text, line.original) == ("达到39万元", "達到39萬元")
