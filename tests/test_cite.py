"""Citations (builder/cite.py): the citation line of 复制引用, the print-out and the .txt
download never nest 《《…》》, and the GB/T 7714-2015 reference has the standard's own form,
checked against the standard's examples."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.pipeline import build
from conftest import GLOSSARY, RAW, ROOT

NOTICE = ROOT / "tests" / "realpages" / "full" / "f02.txt"  # 包头市…关于印发《…考评办法》的通知, 包府办发〔2022〕43号
STATE_COUNCIL = ROOT / "tests" / "realpages" / "govcn" / "g03.html"  # 国发〔2019〕4号: 成文 01-24, 发布 02-13
SUMMARY = RAW / "001_b054fd59894d34d3.txt"  # 《…实施意见》主要内容, 四川日报 2019-01-02

# GB/T 7714-2015's own examples: an electronic bulletin (8.8), a newspaper online (8.4).
STANDARD_EB = "萧钰. 出版业信息化迈入快车道[EB/OL]. (2001-12-19)[2002-04-15]. http://www.creader.com/news/20011219/200112190019.html."
STANDARD_N = ("傅刚, 赵承, 李佳路. 大风沙过后的思考[N/OL]. 北京青年报, 2000-04-12(14)[2005-07-12]. "
              "http://www.bjyouth.com.cn/Bqb/20000412/GB/4216%5ED0412B1401.htm.")
# Their shape: 主要责任者. 题名(: 其他题名信息)[EB/OL]. (日期)[引用日期]. 地址. and the newspaper's,
# with the standard's ASCII symbols (". ", ": ", ", ").
EB_FORM = re.compile(r"^[^.:：]+(, [^.:：]+)*\. [^\[：]+(: [^\[：]+)*\[EB/OL\]\. \(\d{4}-\d\d-\d\d\)\[\d{4}-\d\d-\d\d\]\. "
                     r"https?://\S+\.$")
N_FORM = re.compile(r"^[^.:：]+(, [^.:：]+)*\. [^\[：]+(: [^\[：]+)*\[N/OL\]\. [^,]+, \d{4}-\d\d-\d\d(\(\d+\))?"
                    r"\[\d{4}-\d\d-\d\d\]\. https?://\S+\.$")


def built(tmp_path: Path, *files: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in files:
        shutil.copy(f, raw / f.name)
    out = tmp_path / "out"
    corpus = build(BuildConfig.create(raw, out, GLOSSARY, site_url="https://example.org/site/")).corpus
    return {doc.source.name: doc for doc in corpus.documents}, out


def filled(template: str, unit: str = "") -> str:
    """As the page's script fills it (policy.js)."""
    return (template.replace("{unit}", f": {unit}" if unit else "").replace("{accessed}", "2026-12-04")
            .replace("{url}", "https://example.org/site/doc/x.html"))


def test_cite_a_printed_notice_names_its_attachment_in_single_marks(tmp_path):
    """复制引用, the print-out and the .txt header: 《关于印发〈…办法〉的通知》, and the
    newspaper summary titled 《…》主要内容 is 《〈…〉主要内容》, never 《《…》…》."""
    docs, out = built(tmp_path, NOTICE, SUMMARY)
    expected = {NOTICE.name: "包头市人民政府办公室《关于印发〈包头市2022年数字政府建设考评办法〉的通知》（2022年4月14日）",
                SUMMARY.name: "《〈关于加快推进川东北经济区振兴发展的实施意见〉主要内容》（2019年1月2日）"}
    for name, prefix in expected.items():
        slug = docs[name].slug
        text = (out / "doc" / f"{slug}.txt").read_text(encoding="utf-8")
        assert text.splitlines()[2] == f"引用：{prefix}，https://example.org/site/doc/{slug}.html"
        page = (out / "doc" / f"{slug}.md").read_text(encoding="utf-8")
        assert "《《" not in page and "》》" not in page
        print_cite = re.search(r'<p class="policy-print-cite">([^<]*)</p>', page).group(1)
        assert print_cite.startswith(prefix)


def test_gbt7714_of_a_notice_has_the_standards_form(tmp_path):
    """主要责任者. 题名: 文号[EB/OL]. (发布日期)[引用日期]. 地址. — ASCII symbols, the 文号 as
    其他题名信息, the 发布 date (2019-02-13), not the 成文 date (2019-01-24)."""
    assert EB_FORM.match(STANDARD_EB)  # the form is the standard's own example's
    docs, out = built(tmp_path, STATE_COUNCIL)
    doc = docs[STATE_COUNCIL.name]
    from builder.cite import gbt7714

    reference = filled(gbt7714(doc))
    assert reference == ("国务院. 国务院关于印发国家职业教育改革实施方案的通知: 国发〔2019〕4号[EB/OL]. "
                         "(2019-02-13)[2026-12-04]. https://example.org/site/doc/x.html.")
    assert EB_FORM.match(reference) and EB_FORM.match(filled(gbt7714(doc), "二、（六）"))
    assert ": 国发〔2019〕4号: 二、（六）[EB/OL]" in filled(gbt7714(doc), "二、（六）")
    page = (out / "doc" / f"{doc.slug}.md").read_text(encoding="utf-8")
    assert "data-gbt7714=" in page  # the template the page script fills
    assert "date: 2019/02/13" in page  # the date reference managers read is the publication's too


def test_gbt7714_of_a_newspaper_report_names_the_paper(tmp_path):
    """A text no organ signs, from 四川日报: the paper is its responsible party, and it is cited
    as a newspaper online, [N/OL], with the paper's name and date."""
    assert N_FORM.match(STANDARD_N)
    docs, _ = built(tmp_path, SUMMARY)
    from builder.cite import gbt7714

    reference = filled(gbt7714(docs[SUMMARY.name]))
    assert reference == ("四川日报. 《关于加快推进川东北经济区振兴发展的实施意见》主要内容[N/OL]. 四川日报, 2019-01-02"
                         "[2026-12-04]. https://example.org/site/doc/x.html.")
    assert N_FORM.match(reference)


@pytest.mark.browser
def test_book_title_is_the_same_in_python_and_in_the_pages_scripts(browser):
    """The search results' labels and the fallback citation wrap titles as builder/cite.py does."""
    from builder.cite import book_title

    titles = ["关于印发《包头市2022年数字政府建设考评办法》的通知", "《关于加快推进川东北经济区振兴发展的实施意见》主要内容",
              "《中华人民共和国民法典》", "中共四川省委关于深入贯彻习近平总书记重要讲话精神的决定", "印发《甲》《乙》的通知"]
    page = browser.new_page()
    try:
        for script in ("policy.js", "policy-search.js"):
            source = (ROOT / "overrides" / "assets" / "javascripts" / script).read_text(encoding="utf-8")
            function = re.search(r"function bookTitle\(title\) \{.*?\n  \}", source, re.S).group(0)
            got = page.evaluate(f"(titles) => {{ {function}; return titles.map(bookTitle); }}", titles)
            assert got == [book_title(t) for t in titles], script
    finally:
        page.close()
