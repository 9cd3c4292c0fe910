"""The anatomy stage on real snippets: every role, every metadata layout, the
title choice, attachments, Chinese-numeral dates and tables of contents.

Snippets are quoted from the real pages in tests/realpages/ and the seeds.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import conftest  # noqa: F401  (fixtures and paths)

from builder.anatomy import is_mojibake, read_anatomy, read_row
from builder.clean import clean
from builder.dates import find_doc_number, is_date_line, parse_date
from builder.lexicon import furniture_role, load_lexicon
from builder.meta import read_meta
from builder.model import Line, Source

LEX = load_lexicon()


def page(*lines: str, fmt: str = "text"):
    """A source made of these lines, cleaned and read."""
    source = Source("raw/t.txt", "t.txt", "0" * 64, "utf-8", "\n".join(lines) + "\n", format=fmt)
    cleaned = clean(source)
    anatomy = read_anatomy(cleaned)
    return anatomy, read_meta(cleaned, anatomy)


def roles(anatomy) -> dict[str, str]:
    out = {h.text: h.role for h in anatomy.header}
    out.update({r.text: r.rule for r in anatomy.removals})
    return out


LETTER = ["各市（州）人民政府，省政府各部门：", "现将《实施方案》印发给你们，请认真贯彻执行。"]


# --- Furniture ---------------------------------------------------------------------

@pytest.mark.parametrize("line, role", [
    ("当前位置:首页 > 政务公开 > 重要信息 > 政策文件 > 关于旺苍县完善区域发展推进机制的指导意见", "breadcrumb"),
    ("中国共产党新闻网>>综合报道", "breadcrumb"),
    ("网易首页 > 网易号 > 正文 申请入驻", "breadcrumb"),
    ("重庆市政府网 - 信息公开 - 重庆市渝北区政府", "breadcrumb"),
    ("首页 要闻 时政 交通 交警 公路 物流 汽车 民航 铁路 邮政 深度 财经", "menu"),
    ("【字体:", "widget"), ("播报", "widget"), ("字体大小:[大][中][小]", "widget"),
    ("【编辑日期:2018-03-13】 【来源:】 【关闭】", "widget"),
    ("扫一扫在手机打开当前页", "share"), ("微信“扫一扫”添加“学习大国”", "share"),
    ("打开网易新闻 查看精彩图片", "share"), ("郑州外资企业服务中心微信公众号", "share"),
    ("(责编:吴楠、常雪梅)", "editor"), ("责任编辑: 暴雨将至", "editor"),
    ("主办单位:四川省人民政府办公厅", "footer"), ("运行维护单位:中国电信四川公司", "footer"), ("手机版 电脑版", "footer"),
    ("所有自采新闻(含图片)独家授权山西新闻网发布，未经允许不得转载或镜像；", "disclaimer"),
    ("点击此处下载", "promo"), ("会员专属,享看即看!", "promo"),
    ("4874268", "counter"), ("13371 次浏览:", "counter"),
    ('360网站安全检测平台" />', "html-debris"),
    ("宣传人大制度 交流人大经验；推进民主法制建设 构建和谐文明阿坝。", "slogan"),
])
def test_furniture_lexicon_knows_real_lines(line, role):
    assert furniture_role(line, LEX) == role


@pytest.mark.parametrize("line", [
    "协同推进嘉陵江、渠江流域水污染防治。",
    "（三）推广二维码支付，方便群众办事。",  # a clause about 二维码 is text, not a share widget
    "第十二条 网站应当在显著位置标明ICP备案编号。",
    "微信公众号运营规范",
    "关于加强政务微信公众号管理的通知", "打开新局面，阅读全文件",
    "2020年1月，习近平总书记主持召开中央财经委员会第六次会议并发表重要讲话",
])
def test_document_text_is_not_furniture(line):
    assert furniture_role(line, LEX) is None


def test_every_lexicon_example_is_recognised():
    for rule in LEX.furniture:
        assert furniture_role(rule.example, LEX) is not None, rule.example
    for field, example in LEX.field_examples:
        row = read_row(example, LEX)
        assert row is not None and row.fields[0][0] == field, example


def test_page_head_before_the_title_is_furniture():
    anatomy, meta = page("女人被躁到高潮免费视频软件，男女18禁啪啪无遮挡，男男帅哥在线，免费午夜福利在线视频",
                         "离婚", "社保", "按揭", "关于加强普通高等学校毕业生就业工作的通知", *LETTER)
    assert meta.meta.title == "关于加强普通高等学校毕业生就业工作的通知"
    assert {roles(anatomy)[t] for t in ("离婚", "按揭")} == {"page-head"}


def test_mojibake_is_left_out_with_a_warning():
    line = "闂傚倸炼搁崐鎼佸磹阉间礁纾归柟闂寸绾惧綊镆i幋锝呅挞柛呭閺屻倝宕妷锔芥瘎婵炲濮靛"
    assert is_mojibake(line) and not is_mojibake("成渝地区双城经济圈建设是国家重大区域发展战略")
    anatomy, _ = page("关于同意调整达州市部分行政区划的批复", "达州市人民政府：", "同意撤销达县。", line)
    assert roles(anatomy)[line] == "mojibake" and "mojibake" in [i.code for i in anatomy.issues]


# --- Metadata in every layout ---------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("索 引 号 : 008282882/2017-00378", [("index_number", "008282882/2017-00378")]),
    ("索引号: 003129766/201901-00336 组配分类: 规范性文件发布", [("index_number", "003129766/201901-00336"),
                                                          ("category", "规范性文件发布")]),
    ("来 源: | 达州市人民政府办公室 | 文 号: | 达市府办函〔2021〕156号 | 浏 览 量: |",
     [("source", "达州市人民政府办公室"), ("doc_number", "达市府办函〔2021〕156号"), ("views", "")]),
    ("【发布文号】广西壮族自治区人民政府令2016年第116号 【发布日期】2016-12-06",
     [("doc_number", "广西壮族自治区人民政府令2016年第116号"), ("published", "2016-12-06")]),
    ("发文机关：| 国务院 | 成文日期：| 2019年01月27日", [("issuer", "国务院"), ("adopted", "2019年01月27日")]),
    ("【法宝引证码】 CLI.12.4792728", [("citation_code", "CLI.12.4792728")]),
])
def test_metadata_rows(line, expected):
    row = read_row(line, LEX)
    assert [(f, v) for f, _, v in row.fields] == expected


def test_metadata_row_is_not_prose():
    assert read_row("来源于群众的意见，应当认真研究。", LEX) is None


def test_metadata_value_on_the_next_line():
    anatomy, meta = page("索引号:", "6107280000/2024-001005", "发文字号:", "镇政发〔2024〕7号", "发文日期:",
                         "2024年04月06日 16:40", "镇巴县人民政府工作规则", "一、县政府实行县长负责制。")
    assert meta.meta.doc_number == "镇政发〔2024〕7号"
    assert {f.name: f.value for f in anatomy.fields}["index_number"] == "6107280000/2024-001005"
    assert "6107280000/2024-001005" in roles(anatomy)


def test_metadata_run_into_text_is_split():
    anatomy, meta = page("法律效力位阶:地方性法规 制定机关:四川省人民代表大会常务委员会 公布日期:2004-06-03 四川省体育条例 "
                         "第一章 总 则 第一条 为了发展我省体育事业，制定本条例。 第二条 本条例适用于四川省。")
    assert meta.meta.title == "四川省体育条例"
    assert meta.meta.issuers == ("四川省人民代表大会常务委员会",)
    assert [line.text for line in anatomy.body][:2] == ["第一章 总 则", "第一条 为了发展我省体育事业，制定本条例。"]


def test_front_matter_is_metadata():
    anatomy, meta = page("---", 'title: "内江市文明行为促进条例"', 'office: "内江市人民代表大会常务委员会"',
                         'publish: "2021-10-12 00:00:00"', 'status: "有效"', 'url: "https://flk.npc.gov.cn/x"', "---", "",
                         "# 内江市文明行为促进条例", "第一条 为了培育和践行社会主义核心价值观，制定本条例。", fmt="markdown")
    m = meta.meta
    assert (m.title, m.issuers, m.published, m.validity, m.source_url) == (
        "内江市文明行为促进条例", ("内江市人民代表大会常务委员会",), datetime.date(2021, 10, 12), "有效", "https://flk.npc.gov.cn/x")
    assert dict(m.provenance)["issuers"] == "table"


# --- Order of trust ---------------------------------------------------------------

def test_table_wins_over_signature_and_records_where_values_came_from():
    _, meta = page("发布机构:四川省人民政府办公厅", "成文日期:2017-06-30", "发布日期:2017-07-05", "文 号:川办发〔2017〕64号",
                   "四川省人民政府办公厅", "关于印发分工方案的通知", *LETTER, "四川省人民政府办公厅", "2017年6月29日")
    m = meta.meta
    assert (m.adopted, m.published, m.doc_number) == (datetime.date(2017, 6, 30), datetime.date(2017, 7, 5), "川办发〔2017〕64号")
    assert dict(m.provenance)["adopted"] == "table"


def test_number_cited_in_the_body_is_not_the_documents():
    _, meta = page("关于加强普通高等学校毕业生就业工作的通知", "各市州人民政府：",
                   "根据《国务院办公厅关于…的通知》（国办发„2009‟3号）精神，现就有关问题通知如下：")
    assert meta.meta.doc_number == ""


def test_placeholder_number_is_not_a_number():
    assert find_doc_number("发文字号:〔〕号") == ""


def test_issuer_must_be_an_organ():
    _, meta = page("【发布单位】82101", "四川省人民代表大会常务委员会关于制定地方性法规程序的规定", "第一条 为了使程序规范化，制定本规定。")
    assert meta.meta.issuers == ("四川省人民代表大会常务委员会",)


@pytest.mark.parametrize("text, expected", [
    ("川府函[2013]209號", "川府函〔2013〕209号"), ("渝北府发 〔2017〕 7号", "渝北府发〔2017〕7号"),
    ("国办发„2009‟3号", "国办发〔2009〕3号"), ("（皖政办秘〔2021〕82号）", "皖政办秘〔2021〕82号"),
    ("国令第707号", "国令第707号"), ("(第12号)", "第12号"),
])
def test_document_numbers_normalised(text, expected):
    assert find_doc_number(text.replace("號", "号")) == expected


@pytest.mark.parametrize("text, expected", [
    ("二○一一年三月十七日", datetime.date(2011, 3, 17)), ("一九九三年十二月十五日", datetime.date(1993, 12, 15)),
    ("二〇二一年十月十三日", datetime.date(2021, 10, 13)), ("2018年3月13", datetime.date(2018, 3, 13)),
    ("2018年11月 12 日", datetime.date(2018, 11, 12)), ("2019年01月27日", datetime.date(2019, 1, 27)),
])
def test_dates_as_documents_print_them(text, expected):
    assert parse_date(text) == expected and is_date_line(text)


def test_chinese_numeral_signature_date_and_number_line():
    _, meta = page("四川省人民政府关于落实《政府工作报告》重点工作部门分工的意见", "川府发〔2011〕8号 二○一一年三月十七日",
                   "各市（州）人民政府：", "为全面完成目标任务，现提出如下意见。")
    assert (meta.meta.doc_number, meta.meta.adopted) == ("川府发〔2011〕8号", datetime.date(2011, 3, 17))


# --- The title ----------------------------------------------------------------------

def test_title_split_over_lines_is_joined_with_its_issuer():
    _, meta = page("四川省人民政府办公厅", "关于印发贯彻落实省第十一次党代会报告涉及", "政府工作目标任务分工方案的通知",
                   "川办发〔2017〕64号", *LETTER)
    assert meta.meta.title == "四川省人民政府办公厅关于印发贯彻落实省第十一次党代会报告涉及政府工作目标任务分工方案的通知"
    assert meta.meta.kind == "通知"


def test_title_is_not_a_crumb_or_a_site_name():
    _, meta = page("瑞律网", "当前位置:首页 > 法律法规 > 2024年成都市地方立法条例最新全文", "2024年成都市地方立法条例最新全文",
                   "成都市地方立法条例", "第一条 为了规范本市地方立法活动，制定本条例。")
    assert (meta.meta.title, meta.meta.kind) == ("成都市地方立法条例", "条例")


def test_headline_quoting_number_and_title():
    _, meta = page("成办函〔2015〕26号《成都市人民政府办公厅关于印发2015年〈政府工作报告〉确定的主要目标任务责任分解方案的通知》",
                   *LETTER)
    assert meta.meta.title == "成都市人民政府办公厅关于印发2015年〈政府工作报告〉确定的主要目标任务责任分解方案的通知"
    assert meta.meta.doc_number == "成办函〔2015〕26号"


def test_news_headline_and_kind():
    _, meta = page("攀西经济区联席会议第一次会议在西昌召开", "时间:2018-09-01 18:50:30 来源: 作者:",
                   "本报讯（记者何勤华）8月29日，攀西经济区联席会议第一次会议在西昌召开。")
    assert (meta.meta.title, meta.meta.kind, meta.meta.published) == (
        "攀西经济区联席会议第一次会议在西昌召开", "会议报道", datetime.date(2018, 9, 1))


@pytest.mark.parametrize("title, kind", [
    ("关于拟命名浙江省杭州市等40个地区为国家生态市(县、区)的公示", "公示"),
    ("中国共产党拉萨市委员会关于制定“十五五”时期国民经济和社会发展规划的建议", "建议"),
    ("关于加快推进成渝地区双城经济圈建设的议案", "议案"),
])
def test_documents_that_are_not_news_have_their_kind(title, kind):
    """Real titles (wide/wa46, wide/wb40): a 公示, 建议 or 议案 is the document itself, not a news report."""
    _, meta = page(title, "各有关单位：", "现将有关事项公示如下。")
    assert meta.meta.kind == kind


# --- Attachments, orders, tables of contents ----------------------------------------

def test_cover_letter_and_attachment():
    anatomy, meta = page("阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知", "阿府办发〔2021〕21号",
                         "各县（市）人民政府：", "现将《阿坝州政务数据资源管理暂行办法》印发你们，请认真遵照执行。",
                         "阿坝州人民政府办公室", "2021年10月11日", "阿坝州政务数据资源管理暂行办法",
                         "第一章 总则 第一条 为规范政务数据资源管理，制定本办法。", "第二条 本办法适用于全州。")
    (attachment,) = anatomy.attachments
    assert attachment.title == "阿坝州政务数据资源管理暂行办法"
    assert [line.text for line in attachment.lines][:2] == ["第一章 总则", "第一条 为规范政务数据资源管理，制定本办法。"]
    assert meta.meta.adopted == datetime.date(2021, 10, 11) and meta.meta.issuers == ("阿坝州人民政府办公室",)
    assert [line.text for line in anatomy.body][-1] == "2021年10月11日"


def test_order_promulgates_its_attachment():
    anatomy, meta = page("四川省人民政府令", "第349号", "(已废止)",
                         "《四川省人民政府关于调整省级行政职权事项的决定》已经2021年9月29日四川省人民政府第83次常务会议审议通过，现予公布。",
                         "省长 黄强", "2021年10月13日", "四川省人民政府", "关于调整省级行政职权事项的决定",
                         "为推进实施我省战略部署，省政府决定调整。")
    m = meta.meta
    assert anatomy.wrapper == "order"
    assert (m.title, m.kind, m.doc_number, m.validity) == ("四川省人民政府关于调整省级行政职权事项的决定", "决定",
                                                            "四川省人民政府令第349号", "已废止")
    assert (m.adopted, m.published) == (datetime.date(2021, 9, 29), datetime.date(2021, 10, 13))


def test_transmittal_without_its_own_title_takes_the_attachments():
    _, meta = page("来 源: | 达州市人民政府办公室 | 文 号: | 达市府办函〔2021〕156号 |", "各县（市、区）人民政府：",
                   "现将《重点目标任务责任分工方案》印发你们，请抓好贯彻落实。", "达州市人民政府办公室", "2021年12月6日",
                   "重点目标任务", "责任分工方案", "一、主要目标")
    assert (meta.meta.title, meta.meta.kind) == ("重点目标任务责任分工方案", "通知")
    assert "title-from-attachment" in [i.code for i in meta.issues]


def test_table_of_contents_is_not_structure():
    anatomy, _ = page("成都市地方立法条例", "目录", "第一章 总则", "第二章 地方性法规", "第三章 规章", "第一章 总则",
                      "第一条", "为了规范本市地方立法活动，制定本条例。")
    assert [h.role for h in anatomy.header if h.text.startswith("第")] == ["toc", "toc", "toc"]
    assert [line.text for line in anatomy.body][:2] == ["第一章 总则", "第一条"]


def test_toc_entries_with_page_numbers():
    anatomy, _ = page("德阳市推进成德同城化发展规划", "前言 4", "一、发展背景 5", "（一）重大意义 5", "一、发展背景", "德阳是成德同城化的主体。")
    assert roles(anatomy)["一、发展背景 5"] == "toc"


def test_neutral_tone_pinyin_is_stripped():
    anatomy, meta = page("关于加快推进成渝地区的(de)发展的通知", "市(州)人民政府：", "现通知如下：")
    assert meta.meta.title == "关于加快推进成渝地区的发展的通知"


# --- Doubts, duplicates, spam, inserted articles, HTML ------------------------------

def test_page_of_only_spam_is_an_error_naming_it(tmp_path):
    from builder.config import BuildConfig
    from builder.errors import BuildAbort
    from builder.pipeline import build
    from conftest import GLOSSARY

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "spam.txt").write_text("女人被躁到高潮免费视频软件,男女18禁啪啪无遮挡激烈,男男gay亚洲帅哥在线,免费午夜福利在线视频\n"
                                  "离婚,社保,五险一金,结婚,公积金,商标,产假,按揭\n", encoding="utf-8")
    with pytest.raises(BuildAbort):
        build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)


def test_same_document_scraped_twice_is_one_page(tmp_path):
    import shutil

    from builder.config import BuildConfig
    from builder.pipeline import build
    from conftest import GLOSSARY

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("d06.txt", "d07.txt"):
        shutil.copy(Path(__file__).parent / "realpages" / "excerpts" / name, raw / name)
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=False)
    (doc,) = result.corpus.documents
    assert doc.source.name == "d06.txt" and [c.name for c in doc.also_from] == ["d07.txt"]
    assert "same-document" in [i.code for i in doc.issues]


def test_two_different_titles_are_a_doubt_shown_to_the_reader():
    anatomy, meta = page("安徽省人民政府办公厅关于印发行动计划（2021—2023年）的通知", "（皖政办秘〔2021〕82号）",
                         "安徽省人民政府办公厅关于印发行动计划（2021-2025年）的通知", "各市人民政府：", "现将行动计划印发给你们。")
    assert "title-doubt" in [i.code for i in meta.issues]


def test_damaged_number_is_not_taken_and_is_warned():
    anatomy, meta = page("牟定县人民政府办公室关于印发应急预案的通知", "牟政办发〔201746", "各乡镇人民政府：", "现将预案印发给你们。")
    assert meta.meta.doc_number == "" and "damaged-number" in [i.code for i in meta.issues]


def test_inserted_article_gets_its_own_id():
    from builder.model import Line
    from builder.parse import parse_units

    units, _ = parse_units(tuple(Line(i, t, t) for i, t in enumerate(["第五条 甲。", "第五条之一 乙。", "第六条 丙。"], 1)))
    assert [u.id for u in units] == ["art-5", "art-5-1", "art-6"]


def test_html_page_loses_no_text_unrecorded(tmp_path):
    """A second <article>, text after </article>, <form> and <nav> content: published or recorded."""
    from conftest import analysed

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "p.html").write_text(
        "<html><head><title>关于推进天府新区建设的意见</title></head><body>"
        "<nav><a href='/'>首页</a> <a href='/a'>政务公开</a></nav>"
        "<article><h1>关于推进天府新区建设的意见</h1><p>各市（州）人民政府：</p>"
        "<p>一、加快规划建设天府新区，打造内陆开放经济高地。</p></article>"
        "<p>二、文章之外的这一段也是正文。</p>"
        "<article><p>三、第二篇文章里的条款同样要保留。</p></article>"
        "<form><label>留言</label><textarea>表单里的文字</textarea></form></body></html>", encoding="utf-8")
    (doc,) = analysed(raw, tmp_path / "out")
    text = "".join(u.text for u in doc.walk())
    for phrase in ("加快规划建设天府新区", "文章之外的这一段也是正文", "第二篇文章里的条款同样要保留"):
        assert phrase in text
    assert "conservation" not in [i.code for i in doc.issues]
    recorded = "".join(r.text for r in doc.all_removals) + "".join(h.text for h in doc.header)
    assert "首页" in recorded and ("表单里的文字" in recorded or "表单里的文字" in text)


def test_dated_promulgation_lines_are_metadata():
    anatomy, meta = page("# 拘留所条例", "2012年2月15日 国务院第192次常务会议通过", "2012年2月23日 中华人民共和国国务院令第614号公布",
                         "2012年4月1日 施行", "<!-- INFO END -->", "## 第一章 总则",
                         "第一条 为了规范拘留所的设置和管理，制定本条例。", fmt="markdown")
    m = meta.meta
    assert (m.title, m.kind) == ("拘留所条例", "条例")
    assert (m.adopted, m.published, m.effective) == (datetime.date(2012, 2, 15), datetime.date(2012, 2, 23),
                                                     datetime.date(2012, 4, 1))
    assert m.doc_number == "中华人民共和国国务院令第614号"
    assert {h.role for h in anatomy.header if h.text.startswith("2012")} == {"adoption"}


def test_imprint_after_the_text_is_apparatus():
    anatomy, meta = page("四川省人民政府办公厅关于加强安全生产的通知", "各市（州）人民政府：", "现就有关事项通知如下。",
                         "四川省人民政府办公厅", "2021年10月11日", "抄送：省委办公厅，省人大常委会办公厅。",
                         "四川省人民政府办公厅 2021年10月12日印发")
    assert {roles(anatomy)[t] for t in ("抄送：省委办公厅，省人大常委会办公厅。", "四川省人民政府办公厅 2021年10月12日印发")} == {"imprint"}
    assert meta.meta.adopted == datetime.date(2021, 10, 11)


def test_title_opening_with_an_organ_and_a_preposition_is_joined():
    _, meta = page("国务院办公厅对十届全国人大", "四次会议第7240号建议的答复", "周桂英等代表：",
                   "你们提出的关于创立免费查询所有法律、法规的政府网站的建议收悉，现答复如下：")
    assert (meta.meta.title, meta.meta.kind) == ("国务院办公厅对十届全国人大四次会议第7240号建议的答复", "答复")


# Decimal outline numbering, as a county's 应急预案 prints it (tests/realpages/excerpts/d32.txt).
@pytest.mark.parametrize("line, kind", [
    ("1 总则", "outline-1"), ("8  附则", "outline-1"), ("1.1 编制目的", "outline-2"), ("4.1.1 分级响应", "outline-3"),
])
def test_decimal_outline_headings(line, kind):
    from builder.parse import recognise

    assert recognise(line)[0].kind == kind


@pytest.mark.parametrize("line", [
    "5 月份全市完成投资", "1.5 万元以下的罚款", "2017 年工作要点", "3 加强组织领导，确保落实", "1.1编制目的",
])
def test_text_that_starts_with_a_number_is_no_outline_heading(line):
    from builder.parse import recognise

    found = recognise(line)
    assert found is None or not found[0].outline


def test_outline_sections_nest_and_are_named_by_their_number():
    from builder.parse import parse_units

    lines = ["1 总则", "1.1 编制目的", "建立健全突发环境事件应急机制。", "1.2 编制依据", "《中华人民共和国突发事件应对法》。",
             "2 组织体系及职责", "2.1 指挥机构", "县人民政府设立县突发环境事件应急指挥部。"]
    units, issues = parse_units(tuple(Line(i, t, t) for i, t in enumerate(lines, 1)))
    assert [(u.id, u.heading) for u in units] == [("o-1", "1 总则"), ("o-2", "2 组织体系及职责")]
    assert [u.id for u in units[0].children] == ["o-1-1", "o-1-2"]
    assert units[0].children[0].children[0].id == "o-1-1-para-1" and not issues


def test_an_outline_table_of_contents_is_not_structure():
    anatomy, _ = page("牟定县突发环境事件应急预案（试行）", "总则", "1.1 编制目的", "1.2 编制依据", "组织体系及职责", "2.1 指挥机构",
                      "8  附则", "1 总则", "1.1 编制目的", "建立健全突发环境事件应急机制。")
    assert [h.text for h in anatomy.header if h.role == "toc"] == [
        "总则", "1.1 编制目的", "1.2 编制依据", "组织体系及职责", "2.1 指挥机构", "8 附则"]
    assert [line.text for line in anatomy.body][:2] == ["1 总则", "1.1 编制目的"]


def test_outline_headings_in_a_row_that_are_not_printed_again_are_sections():
    anatomy, _ = page("突发事件应急预案", "4 应急处置", "4.1 应急响应", "4.1.1 分级响应", "按照事件等级分级响应。")
    assert not [h for h in anatomy.header if h.role == "toc"]


# Real articles whose text opens by citing another article (河南省农业综合开发条例, 许昌市城乡规划条例).
@pytest.mark.parametrize("line, number", [
    ("第二十七条 第二十五条第（三）项安排用于土地治理的土地出让金和地方水利建设基金，应当用于农业综合开发。", "第二十七条"),
    ("第四十四条 第四十三条所称尚可采取改正措施消除对规划实施影响的情形包括：", "第四十四条"),
])
def test_an_article_citing_another_is_one_article(line, number):
    from builder.pipeline import analyse

    source = Source("raw/t.md", "t.md", "0" * 64, "utf-8",
                    "\n".join(["# 某条例", "第一章 总则", "第一条 为了规范管理，制定本条例。", line, "第五十条 本条例自公布之日起施行。"])
                    + "\n", format="markdown")
    doc = analyse(source, ())
    assert [u.number for u in doc.walk() if u.kind == "article"] == ["第一条", number, "第五十条"]


# --- What shapes and the page's own word settle after the labeller (real snippets, wide/) ------

def test_a_flattened_table_without_colons_is_metadata():
    """wa09 (浦东新区): keys and values parted by white space, as a table copied to text prints them."""
    anatomy, meta = page("浦东新区人民政府关于印发《浦东新区人民政府工作规则》的通知", "索引号 SY-310115-2022-00371",
                         "文件编号 浦府〔2022〕1号", "发布机构 区政府", "发布时间 2022-01-29",
                         "各委、办、局：", "现将《浦东新区人民政府工作规则》印发给你们，请认真遵照执行。")
    assert meta.meta.doc_number == "浦府〔2022〕1号" and str(meta.meta.published) == "2022-01-29"
    assert {h.text: h.role for h in anatomy.header}["索引号 SY-310115-2022-00371"] == "metadata"


def test_a_key_and_white_space_in_prose_is_no_row():
    from builder.lexicon import load_lexicon
    from builder.shapes import read_row

    lexicon = load_lexicon()
    assert read_row("发布时间 为了加强管理，制定本办法。", lexicon) is None
    assert read_row("文号 这是一个", lexicon) is None  # a 文号 must read as one


def test_rows_after_a_list_bullet_or_number_are_metadata():
    """wb10 (阿里地区) prints its fields as a list, wa40 (东城区) as a numbered one."""
    anatomy, meta = page("- 发文字号：阿行发〔2021〕42号", "  7. [成文日期] 2024-04-02",
                         "阿里地区行政公署关于印发《阿里地区行政公署工作规则》的通知", "各县人民政府：",
                         "《阿里地区行政公署工作规则》已经地委、行署研究通过，现印发给你们，请认真贯彻执行。")
    assert meta.meta.doc_number == "阿行发〔2021〕42号" and str(meta.meta.adopted) == "2024-04-02"


def test_a_title_the_metadata_states_is_found_over_two_lines():
    """gov.cn prints the 标题 in its table and the title broken over two lines below."""
    anatomy, _ = page("标 题：| 国务院关于印发国家职业教育改革实施方案的通知", "发文字号：| 国发〔2019〕4号",
                      "国务院关于印发国家职业教育改革", "实施方案的通知", "国发〔2019〕4号",
                      "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
                      "现将《国家职业教育改革实施方案》印发给你们，请认真贯彻执行。")
    assert anatomy.title.text == "国务院关于印发国家职业教育改革实施方案的通知"


def test_an_adoption_note_broken_over_lines_is_read_whole():
    """A regulation printed to PDF: its adoption note broken over four lines."""
    _, meta = page("内江市文明行为促进条例", "（2021年8月25日内江市第七届人民代表大会常务委员会第四", "十七次会议通过",
                   "2021年9月29日四川省第十三届人民代表大会常务委员会第三", "十次会议批准）", "第一章 总则",
                   "第一条 为了培育和践行社会主义核心价值观，促进公民文明行为，制定本条例。")
    assert str(meta.meta.adopted) == "2021-08-25"


def test_a_page_that_is_only_contents_still_publishes_them():
    """wide/wb38 (a newspaper's 编前语 and a plan's 目录): the labeller takes the lead for the
    site's and the rest is a table of contents; the page still publishes them, with a warning."""
    from builder.sources import read_source

    path = Path(__file__).parent / "realpages" / "wide" / "wb38.txt"
    anatomy = read_anatomy(clean(read_source(path, path.name, path.parent)))
    texts = [line.text for line in anatomy.body]
    assert "目录" in texts and "第一章 规划背景" in texts
    assert "labeller-doubt" in [i.code for i in anatomy.issues]


def tagged(*rows: tuple[str, str]):
    from builder.anatomy import _Tagged
    from builder.model import Line

    return [_Tagged(Line(k + 1, text, text), label) for k, (label, text) in enumerate(rows)]


def test_a_headline_printed_whole_and_broken_is_the_title_whatever_the_labeller_said():
    """excerpts/d26 (a provincial portal's news page) as a model that never saw the site labels it."""
    from builder.anatomy import _title_by_facts

    lines = tagged(("furniture", "您现在的位置：首页 > 新闻中心 > 时政要闻"),
                   ("furniture", "尹力主持召开省政府常务会议 决定表彰四川省建设长江上游生态屏障先进集体和个人"),
                   ("metadata", "发布时间：2018年01月11日 部门/单位：办公室 文：四川日报网"),
                   ("subtitle", "尹力主持召开省政府常务会议"), ("furniture", "决定表彰四川省建设长江上游生态屏障先进集体和个人"),
                   ("body", "四川日报网消息 （记者 胡彦殊）1月10日，省委副书记、省长尹力主持召开省政府第164次常务会议。"))
    _title_by_facts(lines, [], load_lexicon())
    assert [t.label for t in lines] == ["furniture", "title", "metadata", "title", "title", "body"]


def test_with_no_title_labelled_the_headline_above_the_text_is_taken():
    """excerpts/d43 (a news portal): no kind, no table; the nearest headline-shaped line above the text."""
    from builder.anatomy import _title_by_facts

    lines = tagged(("furniture", "网易首页 > 网易号 > 正文 申请入驻"), ("furniture", "李跃旗主持召开市对口工作和区域协调发展领导小组会议"),
                   ("furniture", "0"), ("furniture", "分享至"),
                   ("body", "4月3日下午，市委书记李跃旗主持召开市对口工作和区域协调发展领导小组会议，强调要深入学习。"))
    _title_by_facts(lines, [], load_lexicon())
    assert [t.label for t in lines] == ["furniture", "title", "furniture", "furniture", "body"]


def test_an_empty_summary_field_does_not_take_the_title_below_it():
    """wa17 (安庆): 内容概述 printed with no value, the title on the next line (issue #20, item 4)."""
    _, meta = page("信息名称：关于印发安庆市政务公开工作领导小组工作规则等公开制度的通知", "内容概述：",
                   "关于印发安庆市政务公开工作领导小组工作规则等公开制度的通知", "各县（市、区）人民政府：",
                   "现将《安庆市政务公开工作领导小组工作规则》等公开制度印发给你们，请认真贯彻执行。")
    assert meta.meta.title == "关于印发安庆市政务公开工作领导小组工作规则等公开制度的通知"


def test_a_title_run_into_its_number_date_and_addressee_is_read_apart():
    """wide/wa44 and wa15: pages whose line breaks were lost, the title running into its 文号."""
    _, meta = page("国务院关于“十四五”特殊类型地区振兴发展规划的批复国函〔2021〕98号各省、自治区、直辖市人民政府,"
                   "国家发展改革委:国家发展改革委关于报送《“十四五”特殊类型地区振兴发展规划(送审稿)》的请示收悉。现批复如下:")
    assert (meta.meta.title, meta.meta.kind, meta.meta.doc_number) == (
        "国务院关于“十四五”特殊类型地区振兴发展规划的批复", "批复", "国函〔2021〕98号")
    _, meta = page("浙江省人民政府贯彻国务院关于进一步推进长江三角洲地区改革开放和经济社会发展指导意见的实施意见 浙政发[2009]69号 "
                   "2009-11-03 为贯彻《国务院关于进一步推进长江三角洲地区改革开放和经济社会发展的指导意见》(国发[2008]30号,"
                   "以下简称《指导意见》)精神,现结合我省实际,按照突出重点的原则,提出以下实施意见。")
    assert (meta.meta.title, meta.meta.doc_number) == (
        "浙江省人民政府贯彻国务院关于进一步推进长江三角洲地区改革开放和经济社会发展指导意见的实施意见", "浙政发〔2009〕69号")


@pytest.mark.parametrize("text", [
    "根据国务院关于同意设立新区的批复国函〔2021〕98号精神，现将有关事项通知如下。",  # a sentence citing the reply
    "为贯彻《国务院关于加快发展的指导意见》（国发〔2008〕30号）精神，现提出以下意见。",
])
def test_a_sentence_citing_a_document_and_its_number_is_not_cut(text):
    from builder.anatomy import _split_title_run_in

    assert _split_title_run_in(text, text, LEX) == [(text, text)]


def test_a_title_run_into_its_addressee_and_its_first_part_is_read_apart():
    """wide/wb13: title, addressee, the letter and its first part 一、 all on one line."""
    anatomy, meta = page("重庆市人民政府办公厅关于认真做好明年“两会”有关工作的通知 各区县(自治县、市)人民政府,市政府各部门,有关单位: "
                         "市二届人大四次会议、市政协二届四次会议(以下简称“两会”)将于2006年1月中旬召开。为确保“两会”的顺利召开,"
                         "经市政府同意,现就做好“两会”的有关工作通知如下: 一、努力完成全年目标任务,以优异成绩迎接“两会”召开 "
                         "今年以来,全市认真落实国家宏观调控政策, |")
    assert meta.meta.title == "重庆市人民政府办公厅关于认真做好明年“两会”有关工作的通知"
    texts = [line.text for line in meta.body]
    assert texts[0] == "各区县（自治县、市）人民政府，市政府各部门，有关单位："
    assert texts[-1].startswith("一、努力完成全年目标任务") and not texts[-1].endswith("|")


def test_a_title_with_neither_number_nor_addressee_after_it_stays_in_its_line():
    from builder.anatomy import _split_title_run_in

    text = "关于印发方案的通知 现将方案印发给你们，请认真贯彻执行。"
    assert _split_title_run_in(text, text, LEX) == [(text, text)]


def test_a_newspapers_issue_date_among_its_widgets_is_a_dateline():
    """wide/wb46 (重庆日报's e-paper): the issue date, 星期 and the font-size buttons on one line."""
    from builder.shapes import parse_dateline

    assert parse_dateline("2025 年 03 月 11 日 星期 放大 缩小 默认").date == "2025 年 03 月 11 日"
    assert parse_dateline("放大 缩小") is None


def test_a_report_delivered_at_a_meeting_is_dated_by_its_subtitle_and_issued_by_the_organ_its_title_names():
    """wide/wb47: 重庆市人民政府工作报告, its subtitle ——2025年1月19日在…会议上."""
    _, meta = page("重庆市人民政府工作报告", "——2025年1月19日在重庆市第六届人民代表大会第三次会议上", "重庆市人民政府市长 胡衡华",
                   "各位代表：", "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
                   "一、2024年工作回顾", "刚刚过去的2024年，是重庆发展史上具有里程碑意义的一年。")
    assert meta.meta.adopted == datetime.date(2025, 1, 19)
    assert meta.meta.issuers == ("重庆市人民政府",)


def test_a_number_printed_under_the_title_is_read_though_a_lead_precedes_the_title():
    """wide/wa30 (a news site): the report's lead, then the notice with its 发文字号 under its title."""
    _, meta = page("日前,青岛西海岸新区印发通知,", "公布2025-2027年促进银发经济发展、", "增进老年人福祉实施方案,",
                   "加快构建高质量养老服务体系", "和产品供给体系,", "切实增进老年人福祉,", "打造可持续的银发经济发展新高地,",
                   "高水平助力“品质西海岸”建设。", "通知全文如下", "", "关于印发青岛西海岸新区促进银发经济发展增进老年人福祉实施方案的通知",
                   "青西新发改〔2025〕54号", "各有关部门、单位：",
                   "现将《青岛西海岸新区促进银发经济发展增进老年人福祉实施方案》印发给你们，请认真组织实施。",
                   "青岛西海岸新区发展和改革局", "2025年5月6日")
    assert meta.meta.doc_number == "青西新发改〔2025〕54号"


def test_the_notice_issuing_the_headlined_plan_gives_the_title():
    """wide/wa47 (a news site): the headline is the plan's name; the notice below it prints its own title."""
    _, meta = page("首页 > 88betway88", "", "长三角地区2020-2021年秋冬季大气污染综合治理攻坚行动方案", "", "来源: 网",
                   "时间:2020-11-04 09:02:36", "热度:", "",
                   "大气网讯:日前,大气网获悉,《长三角地区2020-2021年秋冬季大气污染综合治理攻坚行动方案》印发。全文如下:", "",
                   "关于印发《长三角地区2020-2021年秋冬季大气污染综合治理攻坚行动方案》的通知", "",
                   "南京、无锡、徐州、常州、苏州、南通、连云港、淮安、盐城、扬州、镇江、泰州、宿迁市人民政府:", "",
                   "现将《长三角地区2020-2021年秋冬季大气污染综合治理攻坚行动方案》印发给你们,请遵照执行。")
    assert meta.meta.title == "关于印发《长三角地区2020-2021年秋冬季大气污染综合治理攻坚行动方案》的通知"


def test_a_reports_delivery_line_under_its_title_is_its_subtitle_and_dates_it():
    """wide/wa41 (a PDF's text): the dash subtitle has spaces around its digits and the speaker after it."""
    anatomy, meta = page("政府工作报告", "——2022 年 1 月 6 日在北京市第十五届人民代表大会第五次会议上 北京市市长 陈吉宁", "各位代表:",
                         "现在,我代表北京市人民政府,向大会报告政府工作,请予审议,并请市政 协委员提出意见。", "1、2021 年工作回顾",
                         "2021 年是党和国家历史上具有里程碑意义的一年。")
    assert roles(anatomy)["——2022 年 1 月 6 日在北京市第十五届人民代表大会第五次会议上 北京市市长 陈吉宁"] == "subtitle"
    assert meta.meta.adopted == datetime.date(2022, 1, 6)


def test_an_organ_among_a_facts_tables_bare_values_is_the_issuer():
    """wide/wb31 (新郑's portal): the table lost its keys; index number, organ, category and two dates remain."""
    _, meta = page("005299478/2022-00137", "新郑市卫生健康委员会", "应急", "2022-08-10", "2022-08-10",
                   "新郑市突发公共事件医疗卫生救援应急预案", "", "1 总则", "", "1.1 编制目的", "",
                   "为提高全市医疗卫生应急反应能力和救援水平，最大程度地减少人员伤亡和健康危害，制定本预案。")
    assert meta.meta.issuers == ("新郑市卫生健康委员会",)
