"""Documents the builder has never seen, of other shapes and encodings."""

from __future__ import annotations

import datetime

import pytest

from builder.config import BuildConfig
from builder.errors import BuildAbort, SourceError
from builder.pipeline import build
from builder.sources import decode, read_source
from conftest import GLOSSARY

REGULATION = """当前位置:首页 > 政策文件
成都市区域协同发展促进条例
发布时间:2021-05-20 来源:市人大常委会 点击量:12
（2021年4月28日成都市第十七届人民代表大会常务委员会第二十五次会议通过）
第一章  总  则
第一条 为了促进成渝地区双城经济圈建设,推动区域协同发展,制定本条例。
第二条 本条例适用于本市行政区域内的区域协同发展活动。
第二章 协同机制
第三条 市人民政府应当建立下列机制:
(一)规划协同机制;
(二)项目协同机制。
第四条 各区(市)县人民政府负责本辖区内的具体工作。
"""

PLAN = """关于印发天府新区建设工作方案的通知
德府办发〔2022〕7号
各县(市、区)人民政府:
一、工作目标
(一)总体目标。到2025年,天府新区建设取得显著成效。
1.交通互联。建成三条快速通道。
(1)成德快速路。2023年开工。
(2)天府大道北延线。2024年建成。
2.产业协作。共建两个产业园区。
二、保障措施
加强组织领导。
德阳市人民政府办公室
2022年3月1日
"""

TRADITIONAL = """當(dāng)前位置:首頁 > 時政要聞
推動川陝革命老區振興發(fā)展
發(fā)布時間:2023年05月06日 瀏覽次數(shù):88次
5月5日,省政府召開會議,研究推動川陝革命老區振興發(fā)展工作。
會議指出,要加快秦巴山區(qū)生態(tài)保護,推動萬達開川渝統(tǒng)籌發(fā)展示範區(qū)建設(shè)。
來源:四川日報
"""

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于支持攀西经济区高质量发展的意见</title>
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav>首页 &gt; 政策</nav><div class="article-content">
<h1>关于支持攀西经济区高质量发展的意见</h1>
<p>川府发〔2021〕3号</p>
<p>一、总体要求</p>
<p>(一)发展目标。到2025年,攀西战略资源创新开发试验区建设取得突破。</p>
<p>二、重点任务</p><p>(二)推动钒钛产业升级。加快建设钒钛产业基地。</p>
</div><footer>主办单位:四川省人民政府办公厅</footer></body></html>"""


@pytest.fixture
def unseen(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a_regulation.txt").write_text(REGULATION, encoding="utf-8")
    (raw / "b_plan_gbk.txt").write_bytes(PLAN.encode("gbk"))
    (raw / "c_traditional.txt").write_bytes(b"\xef\xbb\xbf" + TRADITIONAL.replace("\n", "\r\n").encode("utf-8"))
    (raw / "d_page.html").write_text(HTML, encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY), write=True)
    return {doc.source.name[0]: doc for doc in result.corpus.documents}, tmp_path / "out"


def ids(doc):
    return [u.id for u in doc.walk()]


def test_regulation_with_chapters_and_articles(unseen):
    doc = unseen[0]["a"]
    assert doc.meta.title == "成都市区域协同发展促进条例"
    assert doc.meta.kind == "条例"
    assert (doc.meta.adopted, doc.meta.published) == (datetime.date(2021, 4, 28), datetime.date(2021, 5, 20))
    assert doc.meta.source_name == "市人大常委会"
    assert ids(doc) == ["chap-1", "chap-1-art-1", "chap-1-art-2", "chap-2", "chap-2-art-3",
                        "chap-2-art-3-clause-1", "chap-2-art-3-clause-2", "chap-2-art-4"]
    assert doc.units[0].heading == "第一章 总则"
    assert doc.count("article") == 4 and doc.count("chapter") == 2


def test_gbk_plan_with_items_and_subitems(unseen):
    doc = unseen[0]["b"]
    assert doc.source.encoding == "gb18030"
    assert doc.meta.doc_number == "德府办发〔2022〕7号"
    assert doc.meta.kind == "通知"
    assert doc.meta.adopted == datetime.date(2022, 3, 1)
    assert ids(doc) == [
        "addressee", "part-1", "part-1-clause-1", "part-1-clause-1-item-1", "part-1-clause-1-item-1-sub-1",
        "part-1-clause-1-item-1-sub-2", "part-1-clause-1-item-2", "part-2", "part-2-para-1",
        "signature", "signature-date",
    ]
    item = next(u for u in doc.walk() if u.id == "part-1-clause-1-item-1")
    assert item.heading == "1.交通互联。"


def test_traditional_page_with_pinyin(unseen):
    doc = unseen[0]["c"]
    assert doc.source.encoding == "utf-8-sig"
    assert doc.meta.title == "推动川陕革命老区振兴发展"
    assert doc.meta.title_original == "推動川陝革命老區振興發展"
    assert doc.meta.published == datetime.date(2023, 5, 6) and doc.meta.source_name == "四川日报"
    assert doc.meta.kind == "会议报道"
    assert [u.text for u in doc.units] == [
        "5月5日，省政府召开会议，研究推动川陕革命老区振兴发展工作。",
        "会议指出，要加快秦巴山区生态保护，推动万达开川渝统筹发展示范区建设。",
    ]
    assert doc.units[1].original == "會議指出，要加快秦巴山區生態保護，推動萬達開川渝統籌發展示範區建設。"
    assert doc.is_traditional


def test_html_page_takes_the_article(unseen):
    doc = unseen[0]["d"]
    assert doc.meta.title == "关于支持攀西经济区高质量发展的意见"
    assert doc.meta.doc_number == "川府发〔2021〕3号"
    assert ids(doc) == ["part-1", "part-1-clause-1", "part-2", "part-2-clause-2"]
    assert all("not text" not in u.text and "color" not in u.text for u in doc.walk())


def test_unseen_documents_published_with_terms(unseen):
    _, out = unseen
    page = (out / "terms" / "chuanshan-geming-laoqu.md").read_text(encoding="utf-8")
    assert "推动川陕革命老区振兴发展" in page


def test_decode_refuses_binary_and_names_the_file():
    with pytest.raises(SourceError, match="x.bin"):
        decode(bytes(range(256)) * 64, "x.bin")
    with pytest.raises(SourceError, match="empty"):
        decode(b"  \n\t ", "blank.txt")


def test_decode_invalid_bytes_names_file_and_line():
    data = "第一行\n第二行\n".encode("utf-8") + b"\xff\xfe\xfa\x80\x80"
    with pytest.raises(SourceError) as info:
        decode(data, "raw/bad.txt")
    assert str(info.value).startswith("raw/bad.txt:3: cannot decode as UTF-8 or GB18030")


def test_sidecar_errors_name_file_line_and_key(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text("关于测试的通知\n一、总体要求\n（一）目标。到2020年完成。\n", encoding="utf-8")
    side = raw / "doc.txt.yml"
    for text, expected in [
        ("slug: ok-slug\ncolour: red\n", "doc.txt.yml:2: key 'colour': unknown key"),
        ("published: 2020-13-45\n", "key 'published': '2020-13-45' is not a date"),
        ("title: [unclosed\n", "malformed YAML"),
        ("slug: Not A Slug\n", "key 'slug'"),
        ("errata:\n  - original: 不存在的文字\n    corrected: 新\n    source: 某报\n",
         "key 'errata[1].original': erratum original text '不存在的文字' not found"),
    ]:
        side.write_text(text, encoding="utf-8")
        with pytest.raises((SourceError, BuildAbort)) as info:
            if "errata" in text:
                from builder.pipeline import analyse
                analyse(read_source(raw / "doc.txt"), ())
            else:
                read_source(raw / "doc.txt")
        assert expected in str(info.value), str(info.value)


def test_inferred_slug_collision_gets_a_file_suffix_and_a_warning(tmp_path, caplog):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, title in (("a.txt", "关于推进天府新区建设的意见"), ("b.txt", "关于加快天府新区发展的意见")):
        (raw / name).write_text(f"{title}\n发布时间:2020-01-02 来源:某报\n一、总体要求\n"
                                f"（一）目标{name}。到2020年完成。\n", encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    slugs = {d.source.name: d.slug for d in result.corpus.documents}
    assert slugs == {"a.txt": "2020-tianfu-xinqu", "b.txt": "2020-tianfu-xinqu-b"}
    b = next(d for d in result.corpus.documents if d.source.name == "b.txt")
    assert [i.code for i in b.issues] == ["slug-collision"]
    assert "a.txt" in caplog.text and "b.txt" in caplog.text


def test_sidecar_slug_collision_names_both_files(tmp_path, caplog):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, title in (("a.txt", "关于推进天府新区建设的意见"), ("b.txt", "关于加快天府新区发展的意见")):
        (raw / name).write_text(f"{title}\n发布时间:2020-01-02 来源:某报\n一、总体要求\n"
                                f"（一）目标{name}。到2020年完成。\n", encoding="utf-8")
        (raw / f"{name}.yml").write_text("slug: tianfu\n", encoding="utf-8")
    with pytest.raises(BuildAbort):
        build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    assert "slug 'tianfu' is also the slug of" in caplog.text
    assert "a.txt" in caplog.text and "b.txt" in caplog.text
    assert not (tmp_path / "out").exists()


def test_check_reports_every_seed_and_writes_nothing(tmp_path):
    import subprocess
    import sys

    from conftest import RAW, ROOT

    out = tmp_path / "never"
    done = subprocess.run([sys.executable, "-m", "builder", "check", "--raw", str(RAW), "--out", str(out),
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert not out.exists()
    assert "000_f7f6facbeaa9e6cd.txt -> 2011-chengyu-jingjiqu" in report
    assert "adopted:    2011-09-22    published: 2011-09-27    source: 四川日报" in report
    assert "structure:  6 parts, 21 clauses, 3 paragraphs" in report
    assert "duplicates: 1 body copy dropped" in report
    assert "pinyin: 224 annotations removed    converted: 582 characters" in report
    assert "warning (line 22): text damaged by the scrape kept as is: '??傊?'" in report
    assert report.rstrip().endswith("5 documents, 5 warnings")


def test_strict_build_fails_on_warnings_and_writes_nothing(tmp_path):
    from conftest import RAW, run_builder

    result = run_builder(RAW, tmp_path / "out", "--strict")
    assert result.returncode == 1
    assert "--strict is set; nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_citation_of_a_corpus_document_links_to_it(tmp_path):
    from conftest import copy_seeds

    raw = copy_seeds(tmp_path / "raw", ["001"])
    (raw / "later.txt").write_text(
        "关于落实川东北经济区振兴发展的通知\n发布时间:2020-03-01 来源:某市政府办\n"
        "一、工作要求\n（一）认真落实。各地要认真落实《关于加快推进川东北经济区振兴发展的实施意见》，"
        "并参照《成渝经济区区域规划》执行。\n", encoding="utf-8")
    result = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY))
    later = next(d for d in result.corpus.documents if d.source.name == "later.txt")
    refs = [(r.title, r.target) for r in result.corpus.references if r.slug == later.slug]
    assert refs == [("关于加快推进川东北经济区振兴发展的实施意见", "2019-chuandongbei-jingjiqu"),
                    ("成渝经济区区域规划", None)]
    page = (tmp_path / "out" / "doc" / f"{later.slug}.md").read_text(encoding="utf-8")
    assert ('<a class="policy-cite" href="2019-chuandongbei-jingjiqu.md">《关于加快推进川东北经济区振兴发展的实施意见》</a>'
            in page)
    assert "- 《成渝经济区区域规划》（本站未收录）" in page
