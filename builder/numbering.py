"""Word's automatic numbering (numbering.xml) turned back into the numbers a reader sees.

A .docx is untrusted input: its list definitions may name a level past Word's nine,
a start that is not a number, a level text without a placeholder or a thousand
levels. What cannot be interpreted is never a crash: the paragraph keeps its own
text, without a number, and the problem is recorded once per kind as a warning
(``Numbering.problems``) for the reader of the build log.
"""

from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER_PUNCTUATION = "、.．)）:："
LEVELS = 9
"""Word's list levels: w:ilvl 0 to 8; any other is not a level Word can print."""
CN_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PLACEHOLDER = re.compile(r"%(\d)")


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (as Word's chineseCounting);
    past 999, and below 0, in digits: a counter started at 100000 is a number, not a crash."""
    if n < 0 or n > 999:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    return CN_DIGITS[n // 100] + "百" + ("" if not rest else ("零" + CN_DIGITS[rest] if rest < 10 else
                                                              (CN_DIGITS[1] if rest < 20 else "") + chinese_number(rest)))


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else str(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)  # decimal, decimalZero and the rest


def whole_number(value: str | None) -> int | None:
    """A w:val that should be a whole number, or None where it is not one."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class Numbering:
    """Word's list definitions (numbering.xml) and the running counters of a document."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int, str]] = {}
        self.counters: dict[str, list[int]] = {}
        self.problems: dict[str, None] = {}
        """What could not be interpreted, once per kind, in the order found (for warnings)."""
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            list_id = node.get(f"{W}abstractNumId")
            for lvl in node.iter(f"{W}lvl"):
                ilvl = whole_number(lvl.get(f"{W}ilvl"))
                if ilvl is None or not 0 <= ilvl < LEVELS:
                    self.problem(f"list {list_id} defines a level {lvl.get(f'{W}ilvl')!r} outside Word's 0-8; "
                                 "its paragraphs keep their text without a number")
                    continue
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                suffix = lvl.find(f"{W}suff")
                first = whole_number(start.get(f"{W}val")) if start is not None else 1
                if first is None:
                    self.problem(f"list {list_id} level {ilvl} starts at {start.get(f'{W}val')!r}, not a number; "
                                 "counted from 1")
                    first = 1
                label = (text.get(f"{W}val") if text is not None else "") or ""
                kind = (fmt.get(f"{W}val") if fmt is not None else None) or "decimal"
                if not label and kind not in ("bullet", "none"):
                    self.problem(f"list {list_id} level {ilvl} has no level text; its paragraphs are not numbered")
                elif not PLACEHOLDER.search(label) and kind not in ("bullet", "none"):
                    self.problem(f"list {list_id} level {ilvl} prints {label!r}, with no number in it; kept as text")
                levels[ilvl] = (kind, label, first,
                                (suffix.get(f"{W}val") if suffix is not None else None) or "tab")
            abstract[list_id] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            for ilvl, level in abstract.get(ref.get(f"{W}val"), {}).items():
                self.levels[(num.get(f"{W}numId"), ilvl)] = level

    def problem(self, message: str) -> None:
        self.problems.setdefault(f"numbering.xml: {message}")

    def label(self, num_id: str, ilvl: int) -> str:
        """The next printed number of list ``num_id`` at level ``ilvl`` (一、, （一）, 1.), with
        the space Word puts after it (its tab or space) where the number does not end in
        punctuation: ``第一条 ``, but ``一、``."""
        if (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * LEVELS)
        fmt, text, start, suffix = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, LEVELS):
            counters[deeper] = 0

        def level_value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < LEVELS:  # %0: no level to count; printed as written
                self.problem(f"level text {text!r} names level {m.group(1)}, not one of 1-9; kept as text")
                return m.group(0)
            level = self.levels.get((num_id, k))
            return format_number(counters[k] or (level[2] if level else 1), level[0] if level else "decimal")
        label = PLACEHOLDER.sub(level_value, text)
        if suffix != "nothing" and label and label[-1] not in NUMBER_PUNCTUATION:
            label += " "
        return label


def paragraph_number(paragraph) -> tuple[str, int] | None:
    """(numId, level) of a paragraph numbered by Word's list engine, directly or by its style;
    a level that is not a number is -1, which no list defines."""
    style = getattr(paragraph.style, "element", None)
    for holder in (paragraph._p.pPr, None if style is None else style.pPr):
        if holder is None:
            continue
        num = holder.find(f"{W}numPr")
        if num is None:
            continue
        num_id, ilvl = num.find(f"{W}numId"), num.find(f"{W}ilvl")
        if num_id is not None and num_id.get(f"{W}val") != "0":
            level = whole_number(ilvl.get(f"{W}val")) if ilvl is not None else 0
            return num_id.get(f"{W}val"), -1 if level is None else level
    return None


def docx_paragraph_text(paragraph, numbering: Numbering) -> str:
    """A paragraph's text with the number Word's list engine prints before it."""
    text = paragraph.text.strip()
    numbered = paragraph_number(paragraph)
    if numbered and text:
        label = numbering.label(*numbered)
        if label and not text.startswith(label.strip()):
            text = label + text
    return text
