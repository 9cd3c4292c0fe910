"""The shapes of lines in official documents and on the pages that carry them.

Facts a reader states about one line, whatever the page: a 发文字号 line, a
red header (``…文件``), an order (``…令 第N号``), an adoption note, a dateline,
a ``key：value`` metadata row, an organ's name, a title ending in its 文种. They
follow GB/T 9704-2012 and the layout of 政府信息公开 pages. The anatomy uses them
twice: as features of the sequence labeller (``builder.features``), and to read
the fields of a line once its role is decided (``builder.anatomy``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .dates import TIME_RE, DATE_RE, date_from_match, find_doc_number, is_date_line, parse_date
from .lexicon import Lexicon, furniture_role, is_prose
from .hanzi import common_share
from .model import Line, PageField
from .parse import recognise

HAN = "\u3400-\u4dbf\u4e00-\u9fff"

# --- Shapes of lines ----------------------------------------------------------------

ORGAN_SUFFIX = (
    "人民政府", "人民政府办公室", "人民政府办公厅", "办公室", "办公厅", "委员会", "常委会", "常务委员会", "省委", "市委",
    "县委", "区委", "州委", "党委", "党组", "政府", "局", "厅", "委", "部", "院", "署", "中心", "小组", "管委会", "国务院",
    "中央军委", "人大", "政协", "法院", "检察院",
)
ORGAN_RE = re.compile(rf"^(?:[{HAN}（）()“”\"]{{2,40}}(?:{'|'.join(ORGAN_SUFFIX)}))(?:[ \u3000、]+[{HAN}（）()“”\"]{{2,40}}(?:{'|'.join(ORGAN_SUFFIX)}))*$")
SIGNER_RE = re.compile(rf"^[{HAN}]{{1,12}}(?:长|主席|主任|书记|部长|厅长|局长|市长|县长|省长|区长|州长)[ \u3000]+[{HAN}](?:[ \u3000]?[{HAN}]){{1,3}}$")
SIGNED_DATE_RE = re.compile(rf"^{SIGNER_RE.pattern[1:-1]}[ \u3000]+(?P<date>.+)$")


def signed_date(text: str):
    """The date of a signer's line that ends in it (``自治区主席 陈 武 2016年12月6日``), or None."""
    m = SIGNED_DATE_RE.match(text)
    return parse_date(m.group("date")) if m and is_date_line(m.group("date")) else None


ADDRESSEE_RE = re.compile(r"^(?:各[^。]{2,160}|[^。；]{2,160}(?:人民政府|部门|单位|机构|委员会|办公室|管委会|厅|局|委)"
                          r"|[^。；，]{2,30}(?:代表|委员|同志|先生|女士|们))[：:]$")
RED_HEADER_RE = re.compile(rf"^(?P<organ>[{HAN}、 \u3000]{{2,40}})文件$")
ORDER_RE = re.compile(rf"^(?P<organ>[{HAN}（）()]{{2,40}}?)(?:令|公告)(?:[ \u3000]*(?:\d{{4}}年)?[ \u3000]*第?[ \u3000]*\d{{1,4}}[ \u3000]*号)?$")
ORDER_NUMBER_RE = re.compile(r"^[（(]?\s*第\s*\d{1,4}\s*号\s*[)）]?$")
VALIDITY_RE = re.compile(r"^[（(【\[]?\s*(?P<status>已失效|已废止|已修改|已被修改|失效|废止|现行有效|有效|部分失效)\s*[)）】\]]?$")
ADOPTION_OPEN_RE = re.compile(r"^[（(]")
ADOPTION_WORDS = re.compile(r"通过|批准|公布|施行|修正|修订|印发|发布|\d{4}年\d{1,2}月\d{1,2}日|^[（(][^）)]*\d{4}年[^）)]*[)）]$")
DELIVERED_RE = re.compile(r"^[—－-]*[ \u3000]*(?P<date>\d{4}[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日)"
                          r"[ \u3000]*在.{2,60}(?:会议|大会|论坛|会)上")
"""A report's or speech's subtitle giving the day it was delivered: ——2025年1月19日在…代表大会第三次会议上."""
ORIGINAL_TITLE_RE = re.compile(r"^原标题\s*[:：]\s*(?P<title>.*)$")
HEADLINE_NUMBER_RE = re.compile(r"^(?P<number>[^《》\s]{2,24}?[〔\[【(（]\d{4}[〕\]】)）]\d{1,4}号)\s*《(?P<title>[^《》]+(?:《[^《》]*》[^《》]*)*)》$")
TITLE_ORDER_RE = re.compile(rf"^(?P<title>[^《》\s]{{4,60}})[ \u3000]+(?P<order>[{HAN}]{{2,30}}令)[ \u3000]*(?P<number>第[ \u3000]*\d{{1,4}}[ \u3000]*号)$")
# 牟政办发〔201746, 川委发〔202012号: a number whose bracket or 号 the page lost.
DAMAGED_NUMBER_RE = re.compile(rf"^[{HAN}]{{1,12}}[〔\[【(（]\s*\d{{4,8}}\s*[〕\]】)）]?\s*\d{{0,4}}\s*号?$")
# 版记 (GB/T 9704): 抄送 and 印发机关和印发日期, after the text.
IMPRINT_RE = re.compile(rf"^抄\s*送[:：]|^[{HAN}（）()]{{2,40}}[ \u3000]+(?:{DATE_RE.pattern})[ \u3000]*印\s*发$")
NOTE_RE = re.compile(r"^[（(](?:此件|本件)[^）)]{1,20}[)）]$|^[（(](?:联系人|联系电话)[^）)]*[)）]$")
ATTACHMENT_LABEL_RE = re.compile(r"^附\s*件\s*(?P<n>\d{0,2})\s*[:：]?$")
TOC_HEAD_RE = re.compile(r"^目\s*录$")
TOC_ENTRY_RE = re.compile(r"^(?P<entry>.{1,40}?)(?:\s*(?:\.{3,}|…{2,}|·{3,}|-{3,})\s*|\s+)(?P<page>\d{1,3})$")
CHAPTER_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章节编]")
ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")
# Structure printed on one line: split before 第X章/节/条 after white space.
RUN_IN_RE = re.compile(r"(?<=[ \u3000）)])(?=第[一二三四五六七八九十百零〇]+[章节条](?:[ \u3000]|[^ \u3000，。、；的款项）)]))")
SEO_RE = re.compile(r"[（(](?:全文内容|全文|精选\d+篇|最新版?|完整版|附全文)[)）]$|最新全文$|全文$")
BULLET_OR_PIPE = re.compile(r"^(?:[\s|｜•·]|[-*+](?=[ \u3000])|\d{1,2}[.．](?=[ \u3000]*[【\[]))+")
"""What may stand before a row's first key: white space, a table's pipe, a list's bullet or number
(``- 发文字号：…``, ``2. [主题分类] 工作方案``)."""
PIPES = re.compile(r"[|｜]")

DATELINE_TOKENS = re.compile(
    "|".join([
        r"(?:发布时间|发布日期|发文日期|时间|日期|更新时间|更新日期)\s*[:：]",
        rf"(?P<date>{DATE_RE.pattern})",
        TIME_RE.pattern,
        r"(?:来源|稿源|信息来源|文章来源)\s*[:：]\s*(?P<source>[^\s:：|]+(?![^\s:：|]*[:：]))?",
        r"(?:作者|发布机构|发布单位|编辑)\s*[:：]\s*(?:[^\s:：|]+(?![^\s:：|]*[:：]))?",
        r"(?:点击量|点击数|点击|浏览次数|浏览量|阅读量|阅读次数|访问量|阅读)\s*[:：]?\s*\d*\s*次?",
        r"\d+\s*°c",
        r"【?字体[:：]?\s*(?:大|中|小|\s)*】?",
        r"星期[一二三四五六日天]?|(?:放大|缩小|默认|打印|关闭)(?![{HAN}])".replace("{HAN}", HAN),
        r"www\.[A-Za-z0-9.-]+",
        rf"[{HAN}]{{2,14}}(?:网|网站|门户网站|新闻网|日报|晚报|报社|客户端)(?![{HAN}])",
        r"[|｜•\[\]【】]",
    ])
)


MOJIBAKE_SHARE = 0.5
MOJIBAKE_MIN_HAN = 8


def is_mojibake(text: str) -> bool:
    """A line of text decoded with the wrong encoding."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han >= MOJIBAKE_MIN_HAN and common_share(text) < MOJIBAKE_SHARE


def is_spam(text: str) -> bool:
    """Stacked keywords for search engines: several short phrases, commas, no sentence."""
    parts = [p for p in re.split(r"[，,、 \u3000]+", text) if p]
    return len(parts) >= 4 and not is_prose(text) and recognise(text) is None and max(map(len, parts)) <= 20


def is_organ(text: str) -> bool:
    """A line naming one or more organs (中共四川省委 四川省人民政府).

    An organ's name holds no preposition: ``国务院办公厅对十届全国人大`` opens a
    title (…建议的答复), it is not a name.
    """
    return (bool(ORGAN_RE.match(text)) and "关于" not in text and len(text) <= 60
            and not re.search(r"对(?!外)|的", text))


def kind_of(title: str, lexicon: Lexicon) -> str:
    """The 文种 a title ends with (ignoring 《》, 主要内容 and trailing brackets), or ''."""
    core = re.sub(r"主要内容$", "", title.strip())
    wrapped = core.startswith("《")
    core = re.sub(r"[（(][^（）()]*[)）]$", "", core.rstrip("》 " if wrapped else " "))
    core = core.rstrip("》 " if wrapped else " ")
    for kind in lexicon.kinds:
        if core.endswith(kind):
            return lexicon.kind_aliases.get(kind, kind)
    return ""


def starts_body(line: Line) -> bool:
    """Whether a line opens the document's text: an addressee, a number, or prose."""
    text = line.text
    if ADDRESSEE_RE.match(text):
        return True
    if recognise(text) is not None and not is_date_line(text):
        return True
    if len(text) >= 12 and text.endswith(("：", ":")) and "，" in text:
        return True  # 你们提出的…建议收悉，现答复如下：
    return len(text) >= 10 and is_prose(text) and not ADOPTION_OPEN_RE.match(text)


# --- Metadata rows -----------------------------------------------------------------

DATE_FIELDS = frozenset({"adopted", "generated", "published", "effective", "expired", "updated"})
LONG_FIELDS = frozenset({"title", "summary", "source_url", "keywords", "category"})
ONE_CHAR_KEYS = frozenset({"文", "图"})


@dataclass(frozen=True)
class Row:
    """A line read as metadata: its fields and any text it ran into."""

    fields: tuple[tuple[str, str, str], ...]
    """(field, label, value)."""
    rest: str = ""
    """Text after the last value that is not metadata (the page lost a line break)."""


def title_key(text: str) -> str:
    """A title's text for comparison: no spaces, quotes or book-title marks, one kind of bracket
    and of dash (the anatomy, the labeller's features and the label tools compare titles so)."""
    return re.sub(r"[\s\u3000《》〈〉“”\"]", "", text).translate(_TITLE_FOLD)


_TITLE_FOLD = str.maketrans("()—–－", "（）---")


def read_row(text: str, lexicon: Lexicon) -> Row | None:
    """Read a line of ``key: value`` fields, or None if it is not one."""
    body = BULLET_OR_PIPE.sub("", text)
    if not body or body[0] not in lexicon.key_starts:
        return None
    matches = []
    for m in lexicon.key_pattern.finditer(body):
        before = body[m.start() - 1] if m.start() else " "
        if m.start() and not (before in " \u3000|｜】]）)" or (matches and before not in HAN)):
            continue
        matches.append(m)
    if not matches or matches[0].start() != 0:
        return _bare_row(body, lexicon)
    fields, rest = [], ""
    for i, m in enumerate(matches):
        label = m.group("bkey") or m.group("skey") or m.group("key")
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        # In a pipe table a cell after the value may be a widget (| 13371 次浏览: | 分享到: |).
        cells = [c.strip(" \u3000") for c in PIPES.split(body[m.end() : end])]
        cells = [c for c in cells if c]
        extra = [c for c in cells[1:] if not furniture_role(c, lexicon)]
        value = " ".join(cells[:1] + extra)
        field = lexicon.field_of(label)
        if field in DATE_FIELDS and value:
            dm = DATE_RE.search(value)
            if dm and i + 1 == len(matches):
                tail = value[dm.end() :]
                tm = re.match(rf"^[ \u3000]*(?:{TIME_RE.pattern})", tail)
                cut = dm.end() + (tm.end() if tm else 0)
                value, rest = value[:cut].strip(), value[cut:].strip(" \u3000")
        limit = 300 if field in LONG_FIELDS else 60
        if len(value) > limit or (is_prose(value) and field not in LONG_FIELDS):
            return None
        fields.append((field, re.sub(r"[\s\u3000]", "", label), value))
    if len(fields) == 1 and fields[0][1] in ONE_CHAR_KEYS:
        return None
    return Row(tuple(fields), rest)


def _bare_row(body: str, lexicon: Lexicon) -> Row | None:
    """A row whose keys have no colon, the value after white space (``索引号 SY-310115-2022-00371``,
    ``发布机构 区政府 发布日期 2022-01-29``): read when every value fits its key, never in prose."""
    if lexicon.bare_key_pattern is None or is_prose(body):
        return None
    matches = [m for m in lexicon.bare_key_pattern.finditer(body) if m.start() == 0 or body[m.start() - 1] in " \u3000\t"]
    if not matches or matches[0].start() != 0:
        return None
    fields = []
    for i, m in enumerate(matches):
        label = m.group("key") or m.group("end")
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        value = body[m.end() : end].strip(" \u3000\t")
        field = lexicon.field_of(label)
        if value and not value_fits(field, value, lexicon):
            return None
        fields.append((field, re.sub(r"[\s\u3000]", "", label), value))
    if not fields[0][2] and len(fields) < 2:
        return None
    return Row(tuple(fields))


def value_fits(field: str, value: str, lexicon: Lexicon) -> bool:
    """Whether a line can be the value of a key printed alone on the line before."""
    if len(value) > 60 or is_prose(value) or recognise(value) is not None or read_row(value, lexicon):
        return False
    if field in DATE_FIELDS:
        return parse_date(value) is not None
    if field == "doc_number":
        return bool(find_doc_number(value))
    if field == "index_number":
        return bool(re.search(r"\d", value)) and not re.search(f"[{HAN}]{{3}}", value)
    if field == "summary":
        return False  # a summary is sentences, which never stand as a key's value on the next line
    if field == "title":
        return True
    return not kind_of(value, lexicon) and "关于" not in value


def front_matter(lines: list[Line]) -> tuple[int, tuple[PageField, ...]]:
    """A Markdown file's YAML front matter: (lines it spans, fields)."""
    if not lines or lines[0].text != "---":
        return 0, ()
    end = next((i for i in range(1, len(lines)) if lines[i].text == "---"), None)
    if end is None:
        return 0, ()
    try:
        data = yaml.safe_load("\n".join(line.original for line in lines[1:end]))
    except yaml.YAMLError:
        return 0, ()
    if not isinstance(data, dict):
        return 0, ()
    names = {"title": "title", "office": "issuer", "publish": "published", "effective_date": "effective",
             "status": "validity", "url": "source_url", "type": "level", "date": "published"}
    out = []
    for key, value in data.items():
        if str(key) in names and value not in (None, ""):
            line = next((ln.number for ln in lines[1:end] if ln.text.startswith(f"{key}:")), lines[0].number)
            out.append(PageField(names[str(key)], str(key), str(value).strip(), line, "front-matter"))
    return end + 1, tuple(out)


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: ``2019年01月02日 08时40分 来源: 四川日报``."""

    date: str = ""
    source: str = ""


def parse_dateline(text: str) -> Dateline | None:
    """Read a line made only of date, time, source, site and counter tokens.

    Returns None for anything else, e.g. prose that starts with a date, or a
    date alone on its line (a signature date, part of the document).
    """
    if len(text) > 120 or is_prose(text):
        return None
    date = source = ""
    tokens = []
    for match in DATELINE_TOKENS.finditer(text):
        tokens.append(match)
        if match.group("date") and not date:
            date = match.group("date")
        if match.group("source") and not source:
            source = match.group("source")
    leftover = DATELINE_TOKENS.sub("", text).strip(" \u3000")
    if leftover and tokens and date and len(tokens) >= 2 and is_organ(leftover) and text.startswith(leftover):
        leftover = ""  # the publisher's name opening the line
    if not (date or source) or (date and len(tokens) == 1) or leftover:
        return None
    return Dateline(date, source)



# A law's history, one dated line each: 2012年2月23日 中华人民共和国国务院令第614号公布 / 2012年4月1日 施行
DATED_NOTE_RE = re.compile(rf"^(?:{DATE_RE.pattern})[ \u3000]*[^。；！？，]{{0,160}}?(?:通过|批准|公布|修订|修正|施行|发布|印发)[^。；！？，]{{0,12}}$"
                           r"|^根据[^。；！？]{4,160}(?:修正|修订)[)）]?$")
NOTE_DATE_RE = re.compile(rf"(?P<date>{DATE_RE.pattern})(?P<by>[^，。；）)]*?)(?P<verb>通过|批准|公布|发布|印发|修正|修订|施行)")
NOTE_VERBS = {"通过": "adopted", "修正": "amended", "修订": "amended", "批准": "approved",
              "公布": "published", "发布": "published", "印发": "published", "施行": "effective"}


def adoption_fields(note: str, line: int) -> list[PageField]:
    """What an adoption note says: (2016年1月15日…会议通过 2016年6月1日…批准 …成人发[2016]26号公布)."""
    out = []
    for m in NOTE_DATE_RE.finditer(note):
        d = date_from_match(m)
        if d is None:
            continue
        name = NOTE_VERBS[m.group("verb")]
        out.append(PageField(name, m.group("verb"), d.isoformat(), line, "header"))
        if name == "adopted" and m.group("by").strip():
            out.append(PageField("adopted_by", m.group("verb"), m.group("by").strip(), line, "header"))
        if number := find_doc_number(m.group("by")):
            out.append(PageField("doc_number", m.group("verb"), number, line, "header"))
    if not out and (d := parse_date(note)):
        out.append(PageField("adopted", "日期", d.isoformat(), line, "header"))
    return out


def only_number(text: str) -> bool:
    """A line holding a document number and at most a date (``川府发〔2011〕8号 二○一一年三月十七日``)."""
    rest = re.sub(r"[\s\u3000（）()〔〕\[\]【】]", "", DATE_RE.sub("", text.replace(" ", "")))
    m = re.search(r"[\u4e00-\u9fff]{0,16}[〔\[【(（]?\d{4}[〕\]】)）]?第?\d{1,4}号|[\u4e00-\u9fff]{0,16}令(?:\d{4}年)?第\d{1,4}号|第\d{1,4}号",
                  rest.translate(str.maketrans("[]【】()（）", "〔〕〔〕〔〕〔〕")))
    return bool(m) and len(rest) - (m.end() - m.start()) <= 3


def strip_seo(text: str) -> str:
    return SEO_RE.sub("", text).strip()


APPENDED_RE = re.compile(r"[ \u3000]+附[:：].{1,20}$")


def title_text(text: str) -> str:
    """A title line as the title: without SEO decoration, an appended ``附：修正本``,
    or the 《》 a headline quoting it put around it."""
    text = APPENDED_RE.sub("", strip_seo(text)).strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1 + text[1:-1].count("《"):
        inner = text[1:-1]
        if inner.count("《") == inner.count("》"):
            text = inner
    return text


TRANSMIT_RE = re.compile(r"印发|转发|现将|印发给你们|印发你们|发给你们")


def is_transmittal(body: list[Line]) -> bool:
    return any(TRANSMIT_RE.search(line.text) for line in body[:6])
