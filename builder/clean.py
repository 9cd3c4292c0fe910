"""Clean a decoded source into reading lines: an ordered list of named rules.

Every rule has the same signature, ``rule(lines, source) -> Outcome``, and is
a small pure function that can be tested alone. Rules that drop text record a
:class:`~builder.model.Removal` naming the rule and the source line, so that
nothing disappears unexplained; rules that rewrite text count their changes.

Each :class:`~builder.model.Line` carries two forms: ``original`` (the source
wording, possibly Traditional) and ``text`` (the Simplified reading form).
Rules before ``to-simplified`` work on the original; rules after it rewrite
both forms alike and test the reading form.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable

from .errors import SourceError
from .lexicon import load_lexicon
from .model import AppliedErratum, CleanText, Issue, Line, Removal, RuleStat, Source

log = logging.getLogger(__name__)

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters that make a neighbour "Chinese prose" for punctuation purposes.
CJK = HAN + "\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014\u00b7"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_LETTERS = "a-zü" + TONED


@dataclass(frozen=True)
class Outcome:
    """What a rule returns: the new lines and what it did."""

    lines: tuple[Line, ...]
    removals: tuple[Removal, ...] = ()
    changes: int = 0
    issues: tuple[Issue, ...] = ()


Rule = Callable[[tuple[Line, ...], Source], Outcome]


def named(name: str):
    """Give a rule the public name used in reports and removal records."""

    def decorate(func):
        func.rule_name = name
        return func

    return decorate


def rewrite(lines: Iterable[Line], func: Callable[[str], tuple[str, int]], *, original: bool = True) -> Outcome:
    """Apply ``func`` (text -> (new text, count)) to both forms of every line."""
    out, changes = [], 0
    for line in lines:
        text, count = func(line.text)
        if not original:
            orig = line.original
        elif line.original == line.text:  # Simplified source: the same text, the same result
            orig = text
        else:
            orig, _ = func(line.original)
        changes += count
        out.append(Line(line.number, text, orig) if count else line)
    return Outcome(tuple(out), changes=changes)


def drop_lines(lines: Iterable[Line], name: str, test: Callable[[str], bool]) -> Outcome:
    """Drop every line whose reading form passes ``test``, recording each."""
    kept, removed = [], []
    for line in lines:
        if test(line.text):
            removed.append(Removal(name, line.number, line.original))
        else:
            kept.append(line)
    return Outcome(tuple(kept), tuple(removed))


# --- Characters and white space ---------------------------------------------------

# C0 and C1 controls, zero-width and bidi-override characters, U+2028/2029 and non-characters:
# invisible, and each able to break the page's front matter or reorder what a reader sees.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")


@named("normalize-whitespace")
def normalize_whitespace(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Drop control characters, fold runs of spaces, trim, and skip blank lines.

    Control characters are recorded as removals; white space is not content.
    """
    out, removed, issues = [], [], []
    for line in lines:
        controls = CONTROL_RE.findall(line.original)
        if controls:
            removed.append(Removal("normalize-whitespace", line.number, "".join(controls)))
            issues.append(Issue("control-characters", f"{len(controls)} control character(s) removed", line.number))
        text = SPACE_RE.sub(" ", CONTROL_RE.sub("", line.original)).strip(" \u3000")
        text = re.sub(r"\u3000{2,}", "\u3000", text)
        if text:
            out.append(Line(line.number, text, text))
    return Outcome(tuple(out), tuple(removed), issues=tuple(issues))


PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")


@named("strip-private-use")
def strip_private_use(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Remove private-use code points: icon-font glyphs or symbols the page lost.

    They render as nothing (or a box), so each is recorded and warned about;
    where one replaced a real character (a decimal point), an erratum in the
    sidecar restores the reading.
    """
    out, removed, issues = [], [], []
    for line in lines:
        found = list(PRIVATE_USE_RE.finditer(line.original))
        if not found:
            out.append(line)
            continue
        removed.append(Removal("strip-private-use", line.number, "".join(m.group(0) for m in found)))
        for m in found:
            # □ marks a lost character, as Chinese publishing does (never U+FFFD in the UI).
            context = line.original[max(0, m.start() - 6) : m.end() + 6].replace(m.group(0), "□")
            issues.append(Issue("private-use-character",
                                f"unknown symbol U+{ord(m.group(0)):04X} removed in {context!r}; "
                                "a lost character here may need an erratum", line.number, m.start() + 1))
        out.append(Line(line.number, PRIVATE_USE_RE.sub("", line.text), PRIVATE_USE_RE.sub("", line.original)))
    return Outcome(tuple(out), tuple(removed), len(removed), tuple(issues))


# --- Inline pinyin ----------------------------------------------------------------

# A syllable with a tone mark, in parentheses, straight after a Han character:
# 當(dāng)前 -> 當前. Real parentheses (市(州), (B型), 成南(遂)渝) hold Han or
# capitals and never match.
PINYIN_RE = re.compile(
    rf"(?<=[{HAN}])\((?=[{PINYIN_LETTERS}]*[{TONED}])[{PINYIN_LETTERS}]{{1,7}}\)"
)


# Without a tone mark (the neutral tone: 的(de), 了(le)) letters are pinyin only
# when they are a reading of the character before them: 市(shi) yes, 表(B) no.
UNTONED_RE = re.compile(rf"(?<=[{HAN}])\(([a-zü]{{1,6}})\)")


@lru_cache(maxsize=4096)
def readings(char: str) -> frozenset[str]:
    """Every toneless pinyin reading of one character (pypinyin's dictionary)."""
    from pypinyin import Style, pinyin

    return frozenset(r.replace("v", "ü") for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _strip_untoned(text: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def drop(match: re.Match) -> str:
        if match.group(1) in readings(text[match.start() - 1]):
            found.append(match.group(0))
            return ""
        return match.group(0)

    return UNTONED_RE.sub(drop, text), found


@named("strip-pinyin")
def strip_pinyin(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Remove pinyin annotations inlined after characters (toned, or the
    character's own reading in the neutral tone)."""
    out, removed, changes = [], [], 0
    for line in lines:
        found = PINYIN_RE.findall(line.original)
        text = PINYIN_RE.sub("", line.original) if found else line.original
        if "(" in text:
            text, untoned = _strip_untoned(text)
            found += untoned
        if not found:
            out.append(line)
            continue
        changes += len(found)
        removed.append(Removal("strip-pinyin", line.number, "".join(found)))
        out.append(Line(line.number, text, text))
    return Outcome(tuple(out), tuple(removed), changes)


# --- A database's notes inside the text ----------------------------------------------

# A law database marks a law the text cites as repealed or replaced, inside the sentence:
# 《贵州省预算审查监督条例》【已废止，最新为：《贵州省预算审查监督条例》】. The note is the
# database's, dated by its own edits, never the document's wording.
EDITOR_NOTE_RE = re.compile(r"【(?:已|现已)?(?:废止|廢止|失效|修订|修訂|修改|被修改|被修订|被修訂)"
                            r"(?:[，,；;：:][^【】\n]{0,80})?】")


@named("strip-editor-note")
def strip_editor_note(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Remove a law database's status notes inlined after a cited title (【已废止，最新为：…】),
    recorded, as the pinyin is."""
    out, removed = [], []
    for line in lines:
        found = EDITOR_NOTE_RE.findall(line.original)
        text = EDITOR_NOTE_RE.sub("", line.original)
        if not found or not text.strip():
            out.append(line)  # a line that is only the note is the anatomy's to judge
            continue
        removed.append(Removal("strip-editor-note", line.number, "".join(found)))
        out.append(Line(line.number, text, text))
    return Outcome(tuple(out), tuple(removed), len(removed))


# --- Traditional to Simplified ----------------------------------------------------


@lru_cache(maxsize=1)
def converter():
    """The OpenCC Traditional-to-Simplified converter (built once per process)."""
    import opencc

    try:
        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - the official package wants the .json name
        return opencc.OpenCC("t2s.json")


def to_simplified_text(text: str) -> str:
    """Convert one string to Simplified characters."""
    return converter().convert(text)


def count_differences(a: str, b: str) -> int:
    """Characters that differ between two forms of the same text."""
    if len(a) == len(b):
        return sum(1 for x, y in zip(a, b) if x != y)
    import difflib

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return len(a) - sum(block.size for block in matcher.get_matching_blocks())


@named("to-simplified")
def to_simplified(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Give every line its Simplified reading form (OpenCC t2s)."""
    out, changes = [], 0
    for line in lines:
        text = to_simplified_text(line.original)
        if text != line.original:
            changes += count_differences(line.original, text)
        out.append(Line(line.number, text, line.original))
    return Outcome(tuple(out), changes=changes)


@named("modern-forms")
def modern_forms(lines: tuple[Line, ...], source: Source) -> Outcome:
    """In a Traditional source, write 著 as modern usage does where OpenCC cannot
    tell (著力 -> 着力, 饱含著 -> 饱含着); the original wording is kept."""
    lexicon = load_lexicon()
    if lexicon.phrase_pattern is None or not any(line.original != line.text for line in lines):
        return Outcome(lines)
    table = dict(lexicon.phrases)

    def fix(text: str) -> tuple[str, int]:
        return lexicon.phrase_pattern.subn(lambda m: table[m.group(0)], text)

    return rewrite(lines, fix, original=False)


# --- List bullets -----------------------------------------------------------------

BULLET_RE = re.compile(r"^[•·●▪■◆◇○◎►▶]\s*")


TRAILING_PIPE_RE = re.compile(r"[ \u3000]+[|｜]$")


@named("strip-bullet")
def strip_bullet(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Strip list bullets before real content (``• 一、总体要求`` is part 一), and a table's cell
    separator left alone at the end of a line of text (``…宏观调控政策, |``: the page's layout table)."""

    def fix(text: str) -> tuple[str, int]:
        new = BULLET_RE.sub("", text)
        if TRAILING_PIPE_RE.search(new) and new.count("|") + new.count("｜") == 1:
            new = TRAILING_PIPE_RE.sub("", new)
        return new, int(new != text)

    out = rewrite(lines, fix)
    # A bullet alone on its line carried nothing; drop such lines.
    kept = tuple(line for line in out.lines if line.text)
    return replace(out, lines=kept)


# --- Markup the scrape kept as text ------------------------------------------------

PARAGRAPH_TAG_RE = re.compile(r"</p\s*>|<br\s*/?>", re.I)
LAYOUT_TAG_RE = re.compile(r"</?(?:p|br|div|span|strong|b|em|i|u|font|center|section)\b[^<>]*/?>", re.I)
BLOCK_TAG_RE = re.compile(r"</?(?:p|div|br|section|center)\b[^<>]*/?>", re.I)


@named("html-markup")
def strip_html_markup(lines: tuple[Line, ...], source: Source) -> Outcome:
    """A text file holding a page's paragraph markup (``<p>…</p><p>…</p>``).

    A line with two or more paragraph ends (``</p>``, ``<br>``) is the page's
    HTML, not its text: it is split at block tags and its layout tags
    (``<strong>``, ``<span style=…>``) vanish, each recorded. Any other markup
    (``<script>``, ``<img>``) stays as the literal characters it is, and so does
    a lone tag in prose. HTML files are read by ``sources.html_to_text``.
    """
    out, removed, changes = [], [], 0
    for line in lines:
        if len(PARAGRAPH_TAG_RE.findall(line.original)) < 2:
            out.append(line)
            continue
        tags = LAYOUT_TAG_RE.findall(line.original)
        removed.append(Removal("html-markup", line.number, "".join(tags)))
        changes += len(tags)
        text_pieces = BLOCK_TAG_RE.split(line.text)
        orig_pieces = BLOCK_TAG_RE.split(line.original)
        if len(text_pieces) != len(orig_pieces):
            text_pieces, orig_pieces = [line.text], [line.original]
        for text, original in zip(text_pieces, orig_pieces):
            text = LAYOUT_TAG_RE.sub("", text).strip(" \u3000")
            original = LAYOUT_TAG_RE.sub("", original).strip(" \u3000")
            if text:
                out.append(Line(line.number, text, original))
    return Outcome(tuple(out), tuple(removed), changes)


MARKDOWN_PREFIX_RE = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?)+")


@named("markdown-markup")
def strip_markdown_markup(lines: tuple[Line, ...], source: Source) -> Outcome:
    """In Markdown sources, heading marks (``# ``) and quote marks (``> ``) are not text."""
    if source.format != "markdown":
        return Outcome(lines)

    def fix(text: str) -> tuple[str, int]:
        new = MARKDOWN_PREFIX_RE.sub("", text)
        return new, int(new != text)

    out = rewrite(lines, fix)
    return replace(out, lines=tuple(line for line in out.lines if line.text))


# --- Duplicated article bodies ----------------------------------------------------

MIN_DUPLICATE_CHARS = 200


def _find_duplicate(texts: list[str]) -> tuple[int, int, int] | None:
    """Find the longest run repeated later in ``texts``: (first, second, length).

    Linear in practice: after measuring a run the scan jumps past it.
    """
    first_seen: dict[str, int] = {}
    best: tuple[int, int, int] | None = None
    best_chars = 0
    j = 0
    while j < len(texts):
        text = texts[j]
        i = first_seen.setdefault(text, j)
        if i == j or len(text) < 15:
            j += 1
            continue
        m = 0
        while j + m < len(texts) and i + m < j and texts[i + m] == texts[j + m]:
            m += 1
        # Reach back over identical header lines before the run.
        b = 0
        while i - b - 1 >= 0 and j - b - 1 >= i + m and texts[i - b - 1] == texts[j - b - 1]:
            b += 1
        chars = sum(len(t) for t in texts[j - b : j + m])
        if chars > best_chars:
            best, best_chars = (i - b, j - b, m + b), chars
        j += max(m, 1)
    if best and (best_chars >= MIN_DUPLICATE_CHARS or best[2] >= 3):
        return best
    return None


@named("duplicate-body")
def drop_duplicate_body(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Keep one copy of an article body that the page printed twice (or more)."""
    removed = []
    current = list(lines)
    while True:
        found = _find_duplicate([line.text for line in current])
        if not found:
            break
        _, second, length = found
        dropped = current[second : second + length]
        removed.append(Removal("duplicate-body", dropped[0].number, "\n".join(line.original for line in dropped),
                               end_line=dropped[-1].number))
        del current[second : second + length]
    return Outcome(tuple(current), tuple(removed), changes=len(removed))


# --- Typography -------------------------------------------------------------------

LETTER_SPACED_RE = re.compile(rf"(?<![{HAN}])(?:[{HAN}][ \u3000]+)+[{HAN}](?![{HAN}])")
NUMBER_PREFIX_RE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条编]\s*)?$")


def collapse_spacing_text(text: str) -> tuple[str, int]:
    """``指 导 意 见`` -> ``指导意见``; ``第一章  总  则`` -> ``第一章 总则``."""
    count = 0

    def join(match: re.Match) -> str:
        nonlocal count
        chars = re.sub(r"[ \u3000]+", "", match.group(0))
        rest = (text[: match.start()] + text[match.end() :]).strip(" \u3000")
        if len(chars) >= 3 or NUMBER_PREFIX_RE.match(rest):
            count += 1
            return chars
        return match.group(0)

    return LETTER_SPACED_RE.sub(join, text), count


@named("collapse-letter-spacing")
def collapse_letter_spacing(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Join words printed with a space between every character."""
    return rewrite(lines, collapse_spacing_text)


CORRUPT_RE = re.compile(rf"\?(?:[?{PINYIN_LETTERS}()]|[{HAN}](?=[?{PINYIN_LETTERS}(]))*|\ufffd+")


def corrupt_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text the scrape damaged beyond repair (``??傊?``, ``?shù)匕l(fā)``, U+FFFD)."""
    return [m.span() for m in CORRUPT_RE.finditer(text) if m.end() - m.start() >= 2 or m.group(0) == "\ufffd"]


def outside_spans(text: str, spans: list[tuple[int, int]], func: Callable[[str], tuple[str, int]]) -> tuple[str, int]:
    """Apply ``func`` to the parts of ``text`` outside ``spans``."""
    if not spans:
        return func(text)
    parts, total, pos = [], 0, 0
    for start, end in spans:
        new, count = func(text[pos:start])
        parts += [new, text[start:end]]
        total += count
        pos = end
    new, count = func(text[pos:])
    parts.append(new)
    return "".join(parts), total + count


# ASCII-only classes: a scan of a long Chinese line must stay linear.
URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]+|www\.[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PAREN_PAIR_RE = re.compile(r"\(([^()]*)\)")
CJK_CHAR_RE = re.compile(f"[{CJK}]")
HAN_CHAR_RE = re.compile(f"[{HAN}]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK_CHAR_RE.match(ch))


ASCII_PUNCT_RE = re.compile(r"[,:;?!]")


def _fullwidth_plain(text: str) -> tuple[str, int]:
    count = 0

    def near(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(text) and text[j] == " ":
            j += step
        return text[j] if 0 <= j < len(text) else ""

    def fix(match: re.Match) -> str:
        nonlocal count
        ch, i = match.group(0), match.start()
        before, after = near(i, -1), near(i, 1)
        new = ch
        if ch == ",":
            if not (before.isdigit() and after.isdigit()) and (_is_cjk(before) or _is_cjk(after)):
                new = "，"
        elif ch == ":":
            if _is_cjk(before) and not (before.isdigit() and after.isdigit()):
                new = "："
        elif ch == ";":
            if _is_cjk(before) or _is_cjk(after):
                new = "；"
        elif _is_cjk(before):  # ? and !
            new = "？" if ch == "?" else "！"
        count += new != ch
        return new

    text = ASCII_PUNCT_RE.sub(fix, text)

    def paren(match: re.Match) -> str:
        nonlocal count
        inner = match.group(1)
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if HAN_CHAR_RE.search(inner) or _is_cjk(before) or _is_cjk(after):
            count += 1
            return f"（{inner}）"
        return match.group(0)

    text = PAREN_PAIR_RE.sub(paren, text)
    # A lone bracket whose pair the scrape cut off, next to Chinese text.
    def lone(match: re.Match) -> str:
        nonlocal count
        ch = match.group(0)
        start = match.start()
        before = text[start - 1] if start else ""
        after = text[start + 1] if start + 1 < len(text) else ""
        if _is_cjk(before) or _is_cjk(after):
            count += 1
            return "（" if ch == "(" else "）"
        return ch

    text = re.sub(r"[()]", lone, text)
    # No ASCII space after full-width punctuation in Chinese prose.
    text, n = re.subn(r"(?<=[，：；？！（）])[ ]+(?=[^ ])", "", text)
    text, m = re.subn(r"(?<=[^ ])[ ]+(?=[，：；？！）])", "", text)
    return text, count + n + m


# _fullwidth_plain changes nothing else: a line without these is left as it is.
FULLWIDTH_CANDIDATE_RE = re.compile(r"[,:;?!() ]")


def fullwidth_text(text: str) -> tuple[str, int]:
    """Restore full-width punctuation in Chinese prose, leaving numbers, URLs,
    Latin text and damaged spans alone."""
    if not FULLWIDTH_CANDIDATE_RE.search(text):
        return text, 0
    spans = sorted(corrupt_spans(text) + [m.span() for m in URL_RE.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return outside_spans(text, merged, _fullwidth_plain)


@named("fullwidth-punctuation")
def fullwidth_punctuation(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Turn the scrape's ASCII ``, : ( ) ; ? !`` back into ``，：（）；？！`` in prose."""
    return rewrite(lines, fullwidth_text)


@named("corrupt-text")
def flag_corrupt_text(lines: tuple[Line, ...], source: Source) -> Outcome:
    """Flag damaged text; it is kept verbatim and marked in the output."""
    issues = []
    for line in lines:
        for start, end in corrupt_spans(line.text):
            issues.append(
                Issue("corrupt-text", f"text damaged by the scrape kept as is: {line.text[start:end]!r}",
                      line.number, start + 1)
            )
    return Outcome(lines, issues=tuple(issues))


INLINE_RULES = frozenset({"normalize-whitespace", "strip-pinyin", "strip-editor-note", "strip-private-use", "html-markup"})
"""Rules that remove text inside lines (recorded per line) rather than whole lines."""

RULES: tuple[Rule, ...] = (
    normalize_whitespace,
    strip_pinyin,
    strip_editor_note,
    to_simplified,
    modern_forms,
    strip_bullet,
    strip_html_markup,
    strip_markdown_markup,
    strip_private_use,
    collapse_letter_spacing,
    fullwidth_punctuation,
    flag_corrupt_text,
)
"""The cleaning rules, in the order they run. They work inside lines; which
lines are page furniture is the anatomy stage's decision (``anatomy.py``)."""


def apply_errata(lines: tuple[Line, ...], source: Source) -> tuple[tuple[Line, ...], tuple[AppliedErratum, ...]]:
    """Apply the sidecar's corrections to the reading text.

    Raises:
        SourceError: an erratum's original text is not found exactly once.
    """
    applied = []
    current = list(lines)
    for number, erratum in enumerate(source.sidecar.errata, 1):
        hits = [i for i, line in enumerate(current) if erratum.original in line.text]
        total = sum(current[i].text.count(erratum.original) for i in hits)
        if total != 1:
            problem = "not found in the cleaned text" if total == 0 else f"found {total} times; quote more context"
            raise SourceError(source.sidecar.path or source.path,
                              f"erratum original text {erratum.original!r} {problem}",
                              key=f"errata[{number}].original")
        line = current[hits[0]]
        current[hits[0]] = Line(line.number, line.text.replace(erratum.original, erratum.corrected), line.original)
        applied.append(AppliedErratum(number, erratum, line.number))
    return tuple(current), tuple(applied)


def clean(source: Source, rules: tuple[Rule, ...] = RULES) -> CleanText:
    """Run the cleaning rules over one source.

    The sidecar's errata are applied later, by :func:`correct`, to the text
    the anatomy stage publishes (a body printed twice holds the erratum's
    original twice until one copy is set aside).
    """
    lines = tuple(Line(n, t, t) for n, t in enumerate(source.text.split("\n"), 1))
    removals: list[Removal] = []
    issues: list[Issue] = []
    stats: list[RuleStat] = []
    converted = 0
    for rule in rules:
        outcome = rule(lines, source)
        lines = outcome.lines
        removals.extend(outcome.removals)
        issues.extend(outcome.issues)
        lines_removed = 0 if rule.rule_name in INLINE_RULES else sum(
            (r.end_line or r.line) - r.line + 1 for r in outcome.removals
        )
        stats.append(RuleStat(rule.rule_name, lines_removed, outcome.changes))
        if rule.rule_name == "to-simplified":
            converted = outcome.changes
    return CleanText(
        source=source,
        lines=lines,
        removals=tuple(sorted(removals, key=lambda r: (r.line, r.rule))),
        stats=tuple(stats),
        issues=tuple(issues),
        errata=(),
        converted_chars=converted,
    )


def correct(cleaned: CleanText, lines: tuple[Line, ...]) -> tuple[CleanText, tuple[Line, ...]]:
    """Apply the sidecar's errata to the published ``lines``.

    Returns:
        The cleaned text with the applied errata recorded (and lost-symbol
        warnings that an erratum answers saying so), and the corrected lines.
    """
    lines, errata = apply_errata(lines, cleaned.source)
    corrected: dict[int, list[str]] = {}
    for applied in errata:
        corrected.setdefault(applied.line, []).append(str(applied.number))
    issues = tuple(
        replace(i, message=f"{i.message} (this line is corrected by erratum {', '.join(corrected[i.line])})")
        if i.code == "private-use-character" and i.line in corrected else i
        for i in cleaned.issues
    )
    return replace(cleaned, errata=errata, issues=issues), lines
