"""Whole seed documents through the real pipeline: metadata, structure, ids."""

from __future__ import annotations

import datetime

import pytest

D = datetime.date


@pytest.mark.parametrize(
    "seed, parts, clauses",
    [("000", 6, 21), ("001", 9, 28), ("002", 4, 18), ("003", 0, 0), ("004", 4, 19)],
)
def test_seed_structure_counts(seed_docs, seed, parts, clauses):
    doc = seed_docs[seed]
    assert (doc.count("part"), doc.count("clause")) == (parts, clauses)


def test_seed_000_metadata(seed_docs):
    m = seed_docs["000"].meta
    assert m.title == "中共四川省委 四川省人民政府关于加快推进成渝经济区建设 促进全省区域协调发展的决定"
    assert m.kind == "决定"
    assert m.issuers == ("中共四川省委员会", "四川省人民政府")  # in full (builder/organs.tsv)
    assert m.issuers_printed == ("中共四川省委", "四川省人民政府")
    assert (m.adopted, m.published) == (D(2011, 9, 22), D(2011, 9, 27))
    assert m.source_name == "四川日报" and m.editor == "暴雨将至"
    assert seed_docs["000"].slug == "2011-chengyu-jingjiqu"


def test_seed_001_metadata(seed_docs):
    m = seed_docs["001"].meta
    assert m.title == "《关于加快推进川东北经济区振兴发展的实施意见》主要内容"
    assert m.kind == "实施意见"
    assert (m.adopted, m.published, m.source_name) == (None, D(2019, 1, 2), "四川日报")


def test_seed_002_metadata(seed_docs):
    doc = seed_docs["002"]
    m = doc.meta
    assert m.title == "中共四川省委关于深入贯彻习近平总书记重要讲话精神 加快推动成渝地区双城经济圈建设的决定"
    assert m.title_original == "中共四川省委關於深入貫徹習近平總書記重要講話精神 加快推動成渝地區雙城經濟圈建設的決定"
    assert (m.adopted, m.published) == (D(2020, 7, 10), D(2020, 7, 16))
    assert m.adopted_by == "中国共产党四川省第十一届委员会第七次全体会议"
    # Its adoption note names the committee in full; the title prints 中共四川省委.
    assert m.issuers == ("中共四川省委员会",) and m.kind == "决定" and m.source_name == "四川日报"
    assert m.editor == "吴楠、常雪梅"
    assert doc.is_traditional


def test_seed_003_metadata_and_paragraphs(seed_docs):
    doc = seed_docs["003"]
    m = doc.meta
    assert m.title == "集中资源力量扎实推进双圈建设和“五区共兴”发展"
    assert m.subtitle == "努力在促进区域协调发展推动高质量发展上走在前列"
    assert (m.kind, m.published, m.source_name) == ("会议报道", D(2024, 3, 18), "川观新闻")
    assert [u.id for u in doc.units] == [f"para-{n}" for n in range(1, 9)]
    assert doc.units[0].text.startswith("3月15日，省推动成渝地区双城经济圈建设暨推进区域协同发展领导小组第六次会议召开")
    assert doc.units[0].original.startswith("3月15日，省推動成渝地區雙城經濟圈建設")
    pinyin = next(s for s in doc.clean.stats if s.rule == "strip-pinyin")
    assert pinyin.changes == 224


def test_seed_004_metadata_and_frame(seed_docs):
    doc = seed_docs["004"]
    m = doc.meta
    assert m.title == "关于旺苍县完善区域发展推进机制的指导意见"
    assert m.doc_number == "旺府办发〔2017〕24号"
    assert m.issuers == ("旺苍县人民政府办公室",)
    assert (m.adopted, m.published, m.kind, m.source_name) == (D(2017, 12, 30), D(2017, 12, 30), "指导意见", "县政府办")
    kinds = [u.kind for u in doc.units]
    assert kinds[0] == "addressee" and kinds[-2:] == ["signature", "date"]
    assert doc.units[0].text == "各乡镇人民政府、各街道办事处，县级各部门，旺苍经开区管委会："


def test_doc_number_ignores_numbers_cited_in_body(seed_docs):
    # Seed 000 cites 川委发〔2010〕15号 in clause （十） but has no number of its own.
    assert seed_docs["000"].meta.doc_number == ""


def test_clause_heading_is_lead_sentence(seed_docs):
    units = {u.id: u for u in seed_docs["000"].walk()}
    assert units["part-2-clause-5"].heading == "（五）明确实施工作重点。"
    assert units["part-2"].heading == "二、推动成渝经济区率先发展"
    assert units["part-5-clause-16"].heading == "（十六）构建和谐稳定的发展环境。"
    assert units["part-5-clause-16-para-1"].text.startswith("切实增强政治意识")


def test_multi_paragraph_clauses_in_seed_002(seed_docs):
    units = {u.id: u for u in seed_docs["002"].walk()}
    clause9 = units["part-3-clause-9"]
    assert [c.id for c in clause9.children] == ["part-3-clause-9-para-1", "part-3-clause-9-para-2"]
    assert clause9.children[1].text.startswith("建设现代物流枢纽体系。")
    assert [c.id for c in units["part-3-clause-12"].children] == ["part-3-clause-12-para-1"]
    assert units["part-3-clause-12"].heading == "（十二）加强生态环境保护。"


def test_ids_are_unique_ascii_and_hierarchical(seed_result):
    for doc in seed_result.corpus.documents:
        ids = [u.id for u in doc.walk()]
        assert len(ids) == len(set(ids)), doc.source.name
        assert all(i.isascii() and i.replace("-", "").isalnum() for i in ids)
        for unit in doc.walk():
            for child in unit.children:
                assert child.id.startswith(unit.id + "-")


def test_duplicate_bodies_dropped_once(seed_docs):
    for seed in ("000", "001"):
        drops = [r for r in seed_docs[seed].all_removals if r.rule == "duplicate-body"]
        assert len(drops) == 1
    assert [u.line for u in seed_docs["000"].walk()][-1] < 78  # nothing from the second copy


def test_errata_applied_to_seed_000(seed_docs):
    doc = seed_docs["000"]
    clause = next(u for u in doc.walk() if u.id == "part-2-clause-4")
    assert "确保到2015年人均地区生产总值达到3.9万元，城镇化率达到52%，城乡居民收入差距缩小到2.8∶1" in clause.text
    assert "到2020年，人均地区生产总值达到6.5万元" in clause.text
    assert [a.erratum.corrected for a in doc.clean.errata] == [
        "人均地区生产总值达到3.9万元", "城乡居民收入差距缩小到2.8∶1", "人均地区生产总值达到6.5万元"]
    assert all("CNTV" in a.erratum.source for a in doc.clean.errata)


def test_corrupt_text_in_seed_003_is_kept_and_warned(seed_docs):
    doc = seed_docs["003"]
    assert any("??傊?" in u.text for u in doc.walk())
    corrupt = [i for i in doc.issues if i.code == "corrupt-text"]
    assert [i.line for i in corrupt] == [22, 22]


def test_punctuation_restored_in_reading_text(seed_docs):
    text = seed_docs["004"].units[1].text
    assert text.startswith("为贯彻落实国家、省、市关于区域发展的重大战略部署，改革创新区域发展推进机制，")
    assert "," not in text and "(" not in text


def test_no_boilerplate_left_in_any_seed(seed_result):
    junk = ("责任编辑", "扫一扫", "主办单位", "运行维护单位", "当前位置", "字体", "点击量", "浏览次数", "Baidu",
            "来源:", "网站安全检测")
    for doc in seed_result.corpus.documents:
        for unit in doc.walk():
            assert not any(j in unit.text for j in junk), (doc.source.name, unit.text[:40])


def test_two_versions_of_a_law_are_two_documents_and_one_text_twice_is_one(tmp_path):
    """A law revised in 2024 keeps its 1982 title and adoption date; its dated history line
    (2024年3月11日…修订) says it is another text, so both are published. The same file saved
    twice is still one document listing both files."""
    from conftest import analysed

    raw = tmp_path / "raw"
    raw.mkdir()
    head = "# 中华人民共和国国务院组织法\n\n（1982年12月10日第五届全国人民代表大会第五次会议通过{}）\n\n"
    old = head.format("") + "第一条 中华人民共和国国务院，即中央人民政府。\n\n第二条 国务院由总理、副总理组成。\n"
    new = (head.format("　2024年3月11日第十四届全国人民代表大会第二次会议修订")
           + "第一条 为了健全国务院的组织和工作制度，制定本法。\n\n第二条 国务院实行总理负责制。\n\n第三条 本法自公布之日起施行。\n")
    (raw / "国务院组织法(1982-12-10).md").write_text(old, encoding="utf-8")
    (raw / "国务院组织法(2024-03-11).md").write_text(new, encoding="utf-8")
    (raw / "国务院组织法(2024-03-11)副本.md").write_text(new, encoding="utf-8")
    docs = analysed(raw, tmp_path / "out")
    assert sorted(d.count("article") for d in docs) == [2, 3]
    revised = next(d for d in docs if d.count("article") == 3)
    assert [c.name for c in revised.also_from] == ["国务院组织法(2024-03-11)副本.md"]


def test_parts_of_one_code_published_as_separate_files_are_separate_documents(tmp_path):
    """民法典 saved one 编 a file: the same title and date, a subtitle each."""
    from conftest import analysed

    raw = tmp_path / "raw"
    raw.mkdir()
    for name, part, article in (("总则", "总则", "第一条 为了保护民事主体的合法权益，制定本法。"),
                                ("合同编", "合同编", "第四百六十三条 本编调整因合同产生的民事关系。")):
        (raw / f"{name}.md").write_text(f"# 中华人民共和国民法典\n\n# {part}\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n"
                                        f"## 第一章 一般规定\n\n{article}\n", encoding="utf-8")
    docs = analysed(raw, tmp_path / "out")
    assert sorted(d.count("article") for d in docs) == [1, 1] and len({d.slug for d in docs}) == 2


def test_a_line_that_cites_an_article_is_not_an_article(tmp_path):
    """A history line broken before 第三十一条的决定 (as saved in the law corpus) stays text."""
    from conftest import analysed

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "文物保护法.md").write_text(
        "# 中华人民共和国文物保护法\n\n1982年11月19日第五届全国人民代表大会常务委员会第二十五次会议通过\n"
        "1991年6月29日第七届全国人民代表大会常务委员会第二十次会议《关于修改〈中华人民共和国文物保护法〉\n"
        "第三十一条的决定》第一次修正\n\n## 第一章 总则\n\n第一条 为了加强对文物的保护，制定本法。\n\n"
        "第二条 在中华人民共和国境内，下列文物受国家保护。\n\n第三条和第五条规定的文物，由国务院公布。\n\n"
        "第四条 和解协议草案经表决未获通过的，终止和解程序。\n", encoding="utf-8")
    (doc,) = analysed(raw, tmp_path / "out")
    # 第四条's text opens with 和解: it is an article; 第三条和第五条… cites two.
    assert [u.number for u in doc.walk() if u.kind == "article"] == ["第一条", "第二条", "第四条"]


# --- Units whose number is their only heading (issue #20, item 2) --------------------------

# From tests/realpages/excerpts/d33.txt, 镇巴县人民政府工作规则: articles numbered 一、二、
# across 第一章, 第二章.
RULES_D33 = ["第一章总则",
             "一、根据《中华人民共和国宪法》《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》,参照"
             "《陕西省人民政府工作规则》《汉中市人民政府工作规则》的有关规定,结合本县实际,制定本规则。",
             "第二章   组成人员和政府职能",
             "四、县政府由县长、副县长、县政府党组成员,县政府各工作部门主要负责人组成。"]


def units_of(*texts: str):
    from builder.model import Line
    from builder.parse import parse_units

    units, _ = parse_units(tuple(Line(n, t, t) for n, t in enumerate(texts, 1)))
    out, todo = {}, list(units)
    while todo:
        u = todo.pop(0)
        out[u.id] = u
        todo += u.children
    return out


def test_parse_numbered_article_of_a_chapter_is_headed_by_its_number_alone():
    units = units_of(*RULES_D33)
    assert units["chap-1"].heading == "第一章 总则" and units["chap-2"].heading == "第二章 组成人员和政府职能"
    # A short provision too: its one sentence is the article, not its title.
    assert units["chap-1-part-1"].heading == "一、" and units["chap-2-part-4"].heading == "四、"
    assert units["chap-2-part-4"].text.startswith("四、县政府由县长")


def test_parse_unit_whose_first_sentence_is_too_long_is_not_headed_by_a_cut_sentence():
    (part,) = units_of(RULES_D33[1]).values()
    assert part.heading == "一、"  # not 一、根据《…》《…地方各级人民政府…, then the text again in full
    clause = units_of("（三）" + RULES_D33[1][2:])["clause-3"]
    assert clause.heading == "（三）"


def test_parse_titles_and_lead_sentences_still_head_their_units():
    units = units_of("一、总体要求", "（一）明确实施工作重点。围绕建设目标,突出重点。", "第一章 总则", "一、总体要求")
    assert units["part-1"].heading == "一、总体要求"
    assert units["part-1-clause-1"].heading == "（一）明确实施工作重点。"
    assert units["chap-1-part-1"].heading == "一、总体要求"  # a title inside a chapter stays one


def test_page_prints_a_numbered_article_once_and_outside_the_contents(tmp_path):
    import shutil
    from pathlib import Path

    from builder.config import BuildConfig
    from builder.pipeline import build
    from builder.shell import render
    from conftest import GLOSSARY

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(Path(__file__).parent / "realpages" / "excerpts" / "d33.txt", raw / "d33.txt")
    (doc,) = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY)).corpus.documents
    markdown = (tmp_path / "out" / "doc" / f"{doc.slug}.md").read_text(encoding="utf-8")
    assert markdown.count("根据《中华人民共和国宪法》") == 1  # the heading held it, cut, and the text again
    page = render(markdown)
    contents = [h.title for h in page.headings]
    assert "第一章 总则" in contents and "第二章 组成人员和政府职能" in contents
    assert not any(t.startswith(("一、", "二、", "四、")) for t in contents)  # no sentences in the contents
    assert not any("…" in t for t in contents)


# --- What the page states about its issuer and dates, as the reader sees it (item 4) ------

def test_page_shows_the_organ_the_title_names_and_a_date_stated_with_its_time(tmp_path):
    """镇巴县人民政府关于印发…的通知, posted by its 办公室 with 发文日期 and a time (a 政府信息公开
    page's head, after tests/test_organs.py's snippet): the facts table names the organ and the date."""
    from builder.config import BuildConfig
    from builder.pipeline import build
    from builder.render import meta_table
    from conftest import GLOSSARY

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "zhenba.txt").write_text("\n".join([
        "发布机构:镇巴县人民政府办公室", "发文日期:2024年04月06日 16:40", "镇巴县人民政府关于印发镇巴县防汛应急预案的通知",
        "各镇人民政府,县政府各工作部门:", "现将《镇巴县防汛应急预案》印发给你们,请认真贯彻执行。", "镇巴县人民政府",
        "2024年4月3日"]) + "\n", encoding="utf-8")
    (doc,) = build(BuildConfig.create(raw, tmp_path / "out", GLOSSARY, slug_registry=None), write=False).corpus.documents
    table = meta_table(doc, "", "main", False).replace("&#45;", "-")
    assert "| 发布机关 | 镇巴县人民政府（" in table and "办公室" not in table.split("| 发布机关 |")[1].split("\n")[0]
    assert "| 发布日期 | 2024-04-06（" in table and "| 成文日期 | 2024-04-03" in table


def test_heading_words_cuts_each_long_heading_once(monkeypatch):
    from builder import link
    from builder.model import Unit

    cut = []

    class Segmenter:
        @staticmethod
        def cut(text):
            cut.append(text)
            return iter([text[:4], text[4:]])

    link._heading_words.cache_clear()
    monkeypatch.setattr(link, "_segmenter", lambda: Segmenter)
    units = tuple(Unit(id=f"u{i}", kind="article", number=str(i), heading=h, text=h, original=h, line=i)
                  for i, h in enumerate(["第三条", "区域协调发展", "第三条", "区域协调发展", "A1区域"]))
    assert link.heading_words(units) == ("区域协调",)
    # 第三条 and A1区域 hold no four Han characters together, so no long word: never cut.
    assert cut == ["区域协调发展"]
    link._heading_words.cache_clear()


def test_gram_codes_count_every_character_and_pair_and_shard_as_the_browser_does():
    import random
    from collections import Counter

    from builder import search

    alphabet = [*"成渝地区双城经济圈著於ABCabc123，。 \n_-\x00", chr(0x20000), chr(0x10FFFF)]
    rng = random.Random(3)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        norm = search.normalize(text)
        expected = Counter(g for g in [*norm, *map("".join, zip(norm, norm[1:]))] if search.SEPARATOR not in g)
        codes, counts = search.gram_codes(text)
        names = [search.gram_of(c) for c in codes.tolist()]
        assert dict(zip(names, counts.tolist())) == expected
        assert names == sorted(names)  # the shards list grams in string order
        for shards in (1, 8, 4096):
            assert search.shards_of(codes, shards).tolist() == [search.shard_of(g, shards) for g in names]
