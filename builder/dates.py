"""Dates and document numbers as Chinese official documents print them.

Arabic (``2019年01月27日``, ``2019-01-27``) and Chinese numerals
(``二○一一年三月十七日``, ``一九九三年十二月十五日``), with the damage scrapes
leave (spaces inside, a lost 日); document numbers in every bracket style
normalised to ``〔2013〕``.
"""

from __future__ import annotations

import datetime
import re

CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
            "六": 6, "七": 7, "八": 8, "九": 9}
CN_YEAR = "〇○零Ｏ一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"

_S = r"[ \u3000]*"
ARABIC_DATE = rf"(?P<y>\d{{4}}){_S}(?:年{_S}(?P<m>\d{{1,2}}){_S}月{_S}(?P<d>\d{{1,2}}){_S}日?|[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}}))"
CHINESE_DATE = rf"(?P<cy>[{CN_YEAR}]{{4}}){_S}年{_S}(?P<cm>[{CN_SMALL}]{{1,3}}){_S}月{_S}(?P<cd>[{CN_SMALL}]{{1,3}}){_S}日"
DATE_RE = re.compile(rf"{ARABIC_DATE}|{CHINESE_DATE}")
TIME_RE = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?|\d{1,2}\s*时\s*\d{1,2}\s*分(?:\s*\d{1,2}\s*秒)?")
DATE_LINE_RE = re.compile(rf"^(?:{ARABIC_DATE}|{CHINESE_DATE})$")


def _small_number(text: str) -> int:
    """``十七`` -> 17, ``二十一`` -> 21, ``三`` -> 3."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[ones] if ones else 0)
    return CN_DIGIT[text]


def date_from_match(m: re.Match) -> datetime.date | None:
    """A real date from a :data:`DATE_RE` match, or None (``2019年02月30日``)."""
    try:
        if m.group("y"):
            month, day = m.group("m") or m.group("m2"), m.group("d") or m.group("d2")
            if day is None:
                return None
            return datetime.date(int(m.group("y")), int(month), int(day))
        year = int("".join(str(CN_DIGIT[ch]) for ch in m.group("cy")))
        return datetime.date(year, _small_number(m.group("cm")), _small_number(m.group("cd")))
    except (ValueError, KeyError, TypeError):
        return None


def all_dates(text: str) -> list[datetime.date]:
    """Every real date written in ``text``, in order (a law's history: 通过 … 修正 … 修订)."""
    return [d for d in map(date_from_match, DATE_RE.finditer(text)) if d]


def parse_date(text: str) -> datetime.date | None:
    """The first real date written in ``text``, or None."""
    for m in DATE_RE.finditer(text):
        found = date_from_match(m)
        if found:
            return found
    return None


def is_date_line(text: str) -> bool:
    """A line that is a date and nothing else: a signature date."""
    m = DATE_LINE_RE.match(text.strip(" \u3000"))
    return bool(m) and date_from_match(m) is not None


NUMBER_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕",
                                 "„": "〔", "‟": "〕", "﹝": "〔", "﹞": "〕", "〖": "〔", "〗": "〕"})
# 川办发〔2017〕64号, 川府函[2013]209號, 国令第707号, 第349号
DOC_NUMBER_RE = re.compile(
    r"(?P<number>[\u4e00-\u9fff]{1,12}\s*[〔\[【［„﹝〖(（]\s*\d{4}\s*[〕\]】］‟﹞〗)）]\s*第?\s*\d{1,4}\s*号"
    r"|[\u4e00-\u9fff]{0,16}令\s*(?:\d{4}年)?\s*第\s*\d{1,4}\s*号|第\s*\d{1,4}\s*号)"
)


def normalise_doc_number(text: str) -> str:
    """``渝北府发 〔2017〕 7号`` -> ``渝北府发〔2017〕7号``; ``[2013]`` -> ``〔2013〕``."""
    number = re.sub(r"[\s\u3000]", "", text).translate(NUMBER_BRACKETS)
    return re.sub(r"[(（](\d{4})[)）]", r"〔\1〕", number)


def find_doc_number(text: str) -> str:
    """The document number in a short line, normalised, or ''."""
    m = DOC_NUMBER_RE.search(text)
    return normalise_doc_number(m.group("number")) if m else ""
