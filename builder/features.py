"""The features of a page's lines, as a reader would name them.

Each line gets a handful of named, shallow facts: how long it is, how much of
it is Han and sentence punctuation, where it stands on the page, whether it
reads as ``key：value``, a lexicon hit, an organ, a 发文字号, a date, a title's
文种, whether it repeats the page's ``<title>`` or its metadata 标题. The
sequence labeller (``builder.roles``) decides each line's role from these
facts and those of its neighbours; it never sees the words themselves, so what
it learnt on one site carries over to a site it has never seen.

Features are strings (``len:11-20``, ``lex:share``); a name with a value is a
bucket, never a raw number, so that every feature means one thing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .dates import find_doc_number, is_date_line
from .lexicon import Lexicon, furniture_role, is_prose
from .model import Line, PageField
from .parse import recognise
from .shapes import (
    ADDRESSEE_RE, ADOPTION_OPEN_RE, ADOPTION_WORDS, ATTACHMENT_LABEL_RE, DAMAGED_NUMBER_RE, DATED_NOTE_RE,
    HEADLINE_NUMBER_RE, IMPRINT_RE, NOTE_RE, ORDER_RE, ORIGINAL_TITLE_RE, RED_HEADER_RE, SEO_RE, SIGNER_RE,
    TITLE_ORDER_RE, TOC_ENTRY_RE, VALIDITY_RE, is_mojibake, is_organ, is_spam, kind_of, only_number,
    parse_dateline, read_row, signed_date, starts_body, title_key,
)

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LENGTHS = (2, 5, 10, 20, 40, 80, 160)
SHARES = (0.0, 0.3, 0.6, 0.9)
CRUMB_RE = re.compile(r"[\u4e00-\u9fff][ \u3000]*[>＞»›]+[ \u3000]*[\u4e00-\u9fff]|首页|当前位置|您的位置|所在位置")
"""A crumb's separator stands between two words (首页 > 政务公开); the end of a tag (``<b>要求``)
or a Markdown quote (``> 引文``) is none."""
NEIGHBOUR_KEYS = ("len", "prose", "lex", "row", "kind", "organ", "number", "date", "body", "meta-title",
                  "page-title", "link", "han", "adoption", "dateline", "crumb", "repeat",
                  "site-template")
"""The features a line lends its neighbours (``-1:kind``, ``+1:row``)."""
FAR_KEYS = ("prose", "row", "kind", "lex", "body", "meta-title")
"""The fewer it lends to the lines two away."""


def bucket(value: float, bounds: tuple[float, ...]) -> str:
    """The bucket of ``value``: ``<=b`` of the first bound it does not pass, or ``>last``."""
    for bound in bounds:
        if value <= bound:
            return f"<={bound:g}"
    return f">{bounds[-1]:g}"


@dataclass(frozen=True)
class PageContext:
    """What the whole page says that a line's features compare with."""

    titles: tuple[str, ...]
    """Normalised 标题 values of the page's metadata (table, front matter, headline)."""
    page_titles: tuple[str, ...]
    """Normalised ``<title>`` of the page."""
    counts: Counter
    """How often each normalised line occurs on the page."""
    link_lines: frozenset[int]
    table_lines: frozenset[int]
    first_prose: int
    """Index of the first line that opens the text (prose, an addressee, a numbered line), or the line count."""
    site_lines: frozenset[str] = frozenset()
    """The lines the other pages of the page's site repeat (``builder.templates``)."""


def page_context(lines: list[Line], fields: list[PageField], lexicon: Lexicon,
                 link_lines: frozenset[int], table_lines: frozenset[int],
                 site_lines: frozenset[str] = frozenset()) -> PageContext:
    titles = {title_key(f.value) for f in fields if f.name in ("title", "headline") and f.value}
    for line in lines:
        row = read_row(line.text, lexicon)
        titles |= {title_key(value) for name, _, value in (row.fields if row else ()) if name == "title" and value}
    page_titles = tuple(sorted(title_key(f.value) for f in fields if f.name == "page_title" and f.value))
    first = next((k for k, line in enumerate(lines) if starts_body(line) and not read_row(line.text, lexicon)),
                 len(lines))
    return PageContext(tuple(sorted(t for t in titles if len(t) >= 4)), page_titles,
                       Counter(title_key(line.text) for line in lines), link_lines, table_lines, first, site_lines)


def shape_features(text: str, lexicon: Lexicon) -> list[str]:
    """What a line's own shape says (GB/T 9704 facts and the lexicon)."""
    out = []
    if role := furniture_role(text, lexicon):
        out += ["lex", f"lex:{role}"]
    if row := read_row(text, lexicon):
        out += ["row", *(f"row:{name}" for name, _, _ in row.fields[:3])]
        if len(row.fields) == 1 and not row.fields[0][2]:
            out.append("row:key-alone")
    if parse_dateline(text) is not None:
        out.append("dateline")
    if kind := kind_of(text, lexicon):
        out += ["kind", "kind:meeting" if kind in lexicon.meeting_words else "kind:document"]
    if "关于" in text:
        out.append("about")
    if find_doc_number(text):
        out.append("number:only" if only_number(text) else "number")
    out += [name for name, test in LINE_SHAPES if test(text)]
    if (found := recognise(text)) is not None:
        out.append(f"numbered:{found[0].kind}")
    return out


LINE_SHAPES = (
    ("date", is_date_line),
    ("organ", is_organ),
    ("signer", lambda t: bool(SIGNER_RE.match(t)) or signed_date(t) is not None),
    ("red-header", lambda t: bool(RED_HEADER_RE.match(t))),
    ("order", lambda t: bool(ORDER_RE.match(t)) and "关于" not in t),
    ("adoption", lambda t: bool(ADOPTION_OPEN_RE.match(t) and ADOPTION_WORDS.search(t)) or bool(DATED_NOTE_RE.match(t))),
    ("validity", lambda t: bool(VALIDITY_RE.match(t))),
    ("original-title", lambda t: bool(ORIGINAL_TITLE_RE.match(t))),
    ("title-number", lambda t: bool(HEADLINE_NUMBER_RE.match(t) or TITLE_ORDER_RE.match(t))),
    ("damaged-number", lambda t: bool(DAMAGED_NUMBER_RE.match(t)) and not find_doc_number(t)),
    ("imprint", lambda t: bool(IMPRINT_RE.match(t))),
    ("note", lambda t: bool(NOTE_RE.match(t))),
    ("attachment-label", lambda t: bool(ATTACHMENT_LABEL_RE.match(t))),
    ("addressee", lambda t: bool(ADDRESSEE_RE.match(t)) and len(t) <= 160),
    ("toc-entry", lambda t: bool(TOC_ENTRY_RE.match(t)) and not is_prose(t)),
    ("spam", is_spam),
    ("mojibake", is_mojibake),
    ("seo", lambda t: bool(SEO_RE.search(t))),
    ("crumb", lambda t: bool(CRUMB_RE.search(t))),
    ("pipe", lambda t: "|" in t or "｜" in t),
    ("bracket", lambda t: t[:1] in "【[〔"),
    ("colon-end", lambda t: t.endswith(("：", ":"))),
    ("sentence-end", lambda t: t.endswith(("。", "；", "！", "？"))),
    ("comma", lambda t: "，" in t),
    ("latin", lambda t: len(re.findall(r"[A-Za-z]", t)) >= 3),
    ("digits", lambda t: sum(ch.isdigit() for ch in t) * 2 > len(t)),
    ("paren-open", lambda t: t[:1] in "（("),
    ("paren-close", lambda t: t.endswith(("）", ")"))),
)
"""Named tests of one line's text; each is a fact a reader would state of the line alone."""


def text_features(text: str) -> list[str]:
    """Length and density: how a line of a document differs from a menu item or a counter."""
    han = len(HAN_RE.findall(text))
    out = [f"len:{bucket(len(text), LENGTHS)}", f"han:{bucket(han / max(1, len(text)), SHARES)}"]
    if is_prose(text):
        out.append("prose")
    if starts_body(Line(0, text, text)):
        out.append("body")
    if re.search(r"\S[ \u3000]\S[ \u3000]\S[ \u3000]\S", text) and len(text) <= 40:
        out.append("spaced")
    return out


def page_features(k: int, line: Line, lines: list[Line], page: PageContext) -> list[str]:
    """Where the line stands on its page and what else on the page it repeats."""
    n = len(lines)
    key = title_key(line.text)
    out = [f"pos:{bucket(k / max(1, n - 1), (0.0, 0.1, 0.3, 0.7, 0.9, 0.99))}"]
    distance = k - page.first_prose
    out.append("text:before" if distance < 0 else "text:at" if distance == 0 else "text:after")
    out.append(f"to-text:{bucket(distance, (-8, -4, -2, -1, 0, 1, 3))}")
    if key and key in page.titles:
        out.append("meta-title")
    elif len(key) >= 4 and any(key in t or t in key for t in page.titles):
        out.append("meta-title:part")
    if len(key) >= 4 and any(key in t for t in page.page_titles):
        out.append("page-title")
    if page.counts[key] > 1:
        out.append("repeat")
    if page.site_lines and title_key(line.original) in page.site_lines:
        out.append("site-template")
    if line.number in page.link_lines:
        out.append("link")
    if line.number in page.table_lines:
        out.append("table-row")
    return out


def line_features(lines: list[Line], page: PageContext, lexicon: Lexicon) -> list[list[str]]:
    """Every line's own features, then those its neighbours lend it (``-1:``, ``+1:``, ``-2:``, ``+2:``)."""
    own = [["bias", *text_features(line.text), *shape_features(line.text, lexicon),
            *page_features(k, line, lines, page)] for k, line in enumerate(lines)]
    near = [[f for f in features if f.split(":")[0] in NEIGHBOUR_KEYS] for features in own]
    far = [[f for f in features if f.split(":")[0] in FAR_KEYS] for features in own]
    out = []
    for k, features in enumerate(own):
        row = list(features)
        for offset in (-2, -1, 1, 2):
            j = k + offset
            if 0 <= j < len(lines):
                row += [f"{offset:+d}:{f}" for f in (near[j] if abs(offset) == 1 else far[j])]
            elif abs(offset) == 1:
                row.append(f"{offset:+d}:edge")
        out.append(row)
    return out
