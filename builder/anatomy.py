"""Read the anatomy of a page: give every cleaned line a role, as a reader would.

A saved page holds far more than its document. Following the official
document standard GB/T 9704-2012 and the layout of 政府信息公开 pages, each
line is one of:

* page furniture: crumbs, menus, widgets, counters, share lines, footers,
  promotion and spam (``furniture_role`` with the lexicon, and the head of the
  page before the document's title);
* metadata: ``索引号：…``-style fields in any layout (one or several per line,
  pipe tables, letter-spaced keys, value on the next line, 【key】value, YAML
  front matter), datelines and bylines;
* the 版头 and header of the document: 发文机关标志 (``…文件``), an order's
  heading (``…令`` / ``第349号``), 发文字号, issuer line, 标题 (chosen, and joined
  when split over lines), subtitle, adoption note, 原标题, validity marker;
* the body: 主送机关, 正文, 发文机关署名 and 成文日期 (the signature), notes;
* attachments (附件), each with its own title and body, after the signature
  of a cover letter;
* a table of contents, which is not the document's structure.

Everything not published as reading text is either a header line (kept, with
its role) or a :class:`~builder.model.Removal` (recorded with its role), so
the conservation check still proves nothing was lost.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .dates import DOC_NUMBER_RE, find_doc_number, is_date_line, parse_date
from .lexicon import Lexicon, furniture_role, is_prose, load_lexicon
from .clean import _find_duplicate
from .model import CleanText, HeaderLine, Issue, Line, PageField, Removal
from .parse import BARE_ARTICLE_RE, recognise
from . import roles
from .features import HAN_RE, line_features, page_context
from .toc import mark_toc
from .shapes import (
    ADDRESSEE_RE, ADOPTION_OPEN_RE, ADOPTION_WORDS, ARTICLE_RE, ATTACHMENT_LABEL_RE, CHAPTER_RE, DAMAGED_NUMBER_RE, DATED_NOTE_RE,
    DELIVERED_RE,
    HEADLINE_NUMBER_RE, IMPRINT_RE, NOTE_RE, ORDER_NUMBER_RE, ORDER_RE, ORIGINAL_TITLE_RE,
    RED_HEADER_RE, RUN_IN_RE, TITLE_ORDER_RE, VALIDITY_RE, adoption_fields,
    front_matter, is_mojibake, is_organ, is_transmittal, kind_of, only_number, parse_dateline, read_row,
    signed_date, starts_body, title_key, title_text, value_fits,
)
# --- The stage ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件) of a cover letter or order, with its own title."""

    number: int
    label: Line | None
    """The 附件 / 附件1 line, when printed."""
    title_lines: tuple[Line, ...]
    title: str
    """Joined title, or ``附件N`` when the attachment prints none."""
    title_original: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class TitleChoice:
    text: str
    original: str
    origin: str
    """``headline`` (printed in the page's head), ``table``, ``attachment`` or ``opening``."""


@dataclass(frozen=True)
class Anatomy:
    """A page read into roles."""

    header: tuple[HeaderLine, ...]
    """Lines consumed as metadata or apparatus, with their roles, in source order."""
    fields: tuple[PageField, ...]
    """Metadata the page states (table, front matter, head, datelines)."""
    title: TitleChoice | None
    body: tuple[Line, ...]
    """The document's own text (the cover letter, for a notice with attachments)."""
    attachments: tuple[Attachment, ...]
    removals: tuple[Removal, ...]
    issues: tuple[Issue, ...]
    wrapper: str = ""
    """``order`` for a 令/公告 promulgating the attached text, ``transmittal`` for a letter that 印发s it."""


@dataclass
class _Tagged:
    line: Line
    label: str = ""
    """The labeller's role for the line (``roles.ROLES``); set before labelling for front matter."""
    role: str = ""
    """'' for text; what the line was read as (a furniture role, removed, or a header role, kept)."""
    removed: bool = False


FURNITURE_HEAD = "page-head"
"""Lines before the document's title that are not metadata: the site's banner and navigation."""


def _split_run_in(lines: tuple[Line, ...], lexicon: Lexicon) -> list[Line]:
    """Split lines the page ran together: a metadata row followed by text, and
    chapters or articles printed on one line (``第一章 总则 第一条 …``)."""
    out: list[Line] = []
    for line in lines:
        pieces = [(line.text, line.original)]
        row = read_row(line.text, lexicon)
        if row and row.rest:
            cut = len(line.text) - len(row.rest)
            pieces = [(line.text[:cut].rstrip(), line.original[:cut].rstrip()),
                      (line.text[cut:].lstrip(), line.original[cut:].lstrip())]
        pieces = [piece for text, original in pieces for piece in _split_title_run_in(text, original, lexicon)]
        pieces = [piece for text, original in pieces for piece in _split_first_unit(text, original)]
        split: list[tuple[str, str]] = []
        for text, original in pieces:
            starts = [m.start() for m in RUN_IN_RE.finditer(text)]
            if starts and (CHAPTER_RE.match(text) or ARTICLE_RE.match(text) or len(starts) >= 2) \
                    and len(text) == len(original):
                # Before the first structure marker may stand a title and its adoption note.
                bounds = [0, *starts, len(text)]
                for a, b in zip(bounds, bounds[1:]):
                    if not text[a:b].strip():
                        continue
                    piece = (text[a:b].strip(" \u3000"), original[a:b].strip(" \u3000"))
                    if split and BARE_ARTICLE_RE.match(split[-1][0]):
                        # 第四十四条 第四十三条所称…: an article whose text opens by citing another.
                        last = split.pop()
                        piece = (f"{last[0]} {piece[0]}", f"{last[1]} {piece[1]}")
                    split.append(piece)
            else:
                split.append((text, original))
        head_split = []
        for text, original in split:
            # A title followed by its adoption note on one line: 四川省体育条例 (1997年…通过 …)
            m = re.match(r"^(?P<t>[^（(\s]{4,40})[ \u3000]+(?P<p>[（(].*\d{4}年.*)$", text)
            if m and kind_of(m.group("t"), lexicon) and len(text) == len(original):
                cut = m.start("p")
                head_split += [(text[:cut].strip(), original[:cut].strip()), (text[cut:], original[cut:])]
            else:
                head_split.append((text, original))
        out += [Line(line.number, t, o) for t, o in head_split if t]
    return out


SENTENCE_OPENER_RE = re.compile(r"^(?:根据|按照|依据|依照|遵照|为了?|经|对|现将|结合)")
"""Words a sentence citing a document opens with, which a title never does (根据国务院关于…的批复国函〔…〕…)."""
RUN_IN_DATE_RE = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(?=[ \u3000]|$)")


def _split_title_run_in(text: str, original: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    """A line opening with a title run into what follows it (the page lost its line breaks): the
    title, which ends with its 文种 (GB/T 9704), then its 发文字号 and a date where they follow, then
    the addressee (各…：) where it follows; ``…的批复国函〔2021〕98号各省、…：…`` is four lines,
    ``…的通知 各区县人民政府，市政府各部门：…`` three. A title with neither number nor addressee
    after it is left in its line."""
    if len(text) != len(original):
        return [(text, original)]
    m = DOC_NUMBER_RE.search(text)
    if m:
        bracket = m.start() + len(re.match(r"[\u4e00-\u9fff]*\s*", m.group(0)).group(0))
        cut = next((p for p in range(bracket - 1, m.start() - 1, -1) if kind_of(text[:p].strip(), lexicon)), None)
        number_end = m.end()
    else:
        space = re.search(r"[ \u3000]", text)
        cut = number_end = space.start() if space else None
    if cut is None or not _may_open_with_title(text[:cut].strip(), lexicon):
        return [(text, original)]
    bounds = [0, cut, number_end] if m else [0, cut]
    rest = text[number_end:].lstrip(" \u3000")
    pos = len(text) - len(rest)
    if m and (d := RUN_IN_DATE_RE.match(rest)):
        bounds.append(pos + d.end())
        rest = text[bounds[-1]:].lstrip(" \u3000")
        pos = len(text) - len(rest)
    colon = re.search(r"[：:]", rest[:161])
    if colon and ADDRESSEE_RE.match(rest[: colon.end()]) and "。" not in rest[: colon.end()]:
        bounds.append(pos + colon.end())
    elif not m:
        return [(text, original)]
    bounds.append(len(text))
    pieces = [(text[a:b].strip(" \u3000"), original[a:b].strip(" \u3000")) for a, b in zip(bounds, bounds[1:])]
    return [piece for piece in pieces if piece[0]]


FIRST_UNIT_RE = re.compile(r"(?:(?<=如下[：:])[ \u3000]*|(?<=[：:])[ \u3000]+)(?=(?:一、|第一章|第一条)[^ \u3000])")
"""Where a sentence introducing a text's parts (…通知如下：, the formula that announces them) runs
into its first part (一、…) on one line."""


def _split_first_unit(text: str, original: str) -> list[tuple[str, str]]:
    """``…现就有关工作通知如下: 一、努力完成…`` is the letter's sentence, then its first part."""
    m = FIRST_UNIT_RE.search(text)
    if not m or len(text) != len(original):
        return [(text, original)]
    return [(text[: m.start()], original[: m.start()]), (text[m.end():], original[m.end():])]


def _may_open_with_title(title: str, lexicon: Lexicon) -> bool:
    """Whether a line's opening may be a whole title: it ends with a 文种, names what it is about
    (关于, 印发, 转发), holds no sentence punctuation and opens no sentence."""
    return 6 <= len(title) <= 120 and bool(kind_of(title, lexicon)) and bool(re.search("关于|印发|转发", title)) \
        and not re.search(r"[。；：:，,]", title) and not SENTENCE_OPENER_RE.match(title)


def _join_parenthetical(tagged: list[_Tagged], i: int) -> int:
    """Join an adoption note the page broke over lines; returns the lines it spans."""
    text = tagged[i].line.text
    if not ADOPTION_OPEN_RE.match(text) or re.search(r"[)）]$", text):
        return 1
    for j in range(i + 1, min(i + 6, len(tagged))):
        if tagged[j].role or tagged[j].label != "header":
            return 1
        if re.search(r"[)）]$", tagged[j].line.text):
            return j - i + 1
    return 1


def reading_lines(clean: CleanText, lexicon: Lexicon) -> tuple[list[_Tagged], list[PageField]]:
    """The lines the roles are decided on, and the fields the source itself states.

    A Markdown file's front matter is metadata by its syntax; every other line is
    split where the page ran two lines together, then left for the labeller.
    """
    lines = list(clean.lines)
    skip, fm_fields = front_matter(lines) if clean.source.format == "markdown" else (0, ())
    tagged = [_Tagged(line, "metadata", "front-matter") for line in lines[:skip]]
    tagged += [_Tagged(line) for line in _split_run_in(tuple(lines[skip:]), lexicon)]
    return tagged, [*clean.source.head_fields, *fm_fields]


def page_features(clean: CleanText, tagged: list[_Tagged], fields: list[PageField], lexicon: Lexicon) -> list[list[str]]:
    """The features of the lines still to label (``builder.features``)."""
    lines = [t.line for t in tagged if not t.label]
    context = page_context(lines, fields, lexicon, frozenset(clean.source.link_lines),
                           frozenset(clean.source.table_row_at), clean.source.site_lines)
    return line_features(lines, context, lexicon)


def read_anatomy(clean: CleanText, lexicon: Lexicon | None = None) -> Anatomy:
    """Give every cleaned line of a source a role and read its metadata."""
    lexicon = lexicon or load_lexicon()
    tagged, fields = reading_lines(clean, lexicon)
    issues: list[Issue] = []
    open_lines = [t for t in tagged if not t.label]
    _decide(clean, open_lines, roles.label(page_features(clean, tagged, fields, lexicon)), fields, issues, lexicon)
    _set_aside(tagged, fields, issues, lexicon, clean.source.site_lines)
    _read_metadata(tagged, fields, lexicon, clean.source.format)

    # A body printed twice keeps its first copy; a table of contents is not the structure.
    removals = _drop_duplicates(tagged)
    kept_chars = sum(len(t.line.text) for t in tagged if not t.role)
    for removal in removals:
        if len(removal.text) < DUPLICATE_SHARE * kept_chars:
            # Not the page printing its body twice, but text repeated inside it: say so.
            issues.append(Issue("duplicate-text", f"{removal.text[:40]!r}… repeats earlier text and was left out "
                                f"as a second copy (lines {removal.line}-{removal.end_line})", removal.line))
    rows = frozenset(clean.source.table_row_at)
    mark_toc(tagged, rows)
    _keep_a_text(tagged, issues)

    wrapper = _read_header(tagged, fields, issues)
    title = _read_title(tagged, lexicon, issues)
    body_idx = [k for k, t in enumerate(tagged) if not t.role]
    body, attachments = _split_attachments(tagged, body_idx, lexicon, rows)
    title, wrapper = _settle_title(title, wrapper, body, attachments, fields, issues)
    header, kept_removals = _assemble(tagged, removals)
    return Anatomy(
        header=tuple(header),
        fields=tuple(fields),
        title=title,
        body=tuple(body),
        attachments=tuple(attachments),
        removals=tuple(sorted(kept_removals, key=lambda r: (r.line, r.rule))),
        issues=tuple(issues),
        wrapper=wrapper,
    )


def _decide(clean: CleanText, lines: list[_Tagged], labels: list[str], fields: list[PageField],
            issues: list[Issue], lexicon: Lexicon) -> None:
    """The labeller's roles, then what a line's shape or the source's own word settles."""
    for t, role in zip(lines, labels):
        t.label = role
    _keep_some_text(lines, issues, lexicon)
    _shapes_decide(lines)
    _rows_inside_text(lines, clean.source.table_row_at)
    _title_by_facts(lines, fields, lexicon)
    _organ_among_bare_facts(lines)
    _text_under_title(lines, lexicon)
    _site_template_around_text(lines, clean.source.site_lines)


@dataclass(frozen=True)
class Explained:
    """A line, the role it is read in and, unless it is front matter, the labeller's decision."""

    line: Line
    role: str
    decision: roles.Decision | None


def explain_roles(clean: CleanText, lexicon: Lexicon | None = None) -> list[Explained]:
    """Every line with its role, the labeller's decision and its reasons (``check --roles``)."""
    lexicon = lexicon or load_lexicon()
    tagged, fields = reading_lines(clean, lexicon)
    open_lines = [t for t in tagged if not t.label]
    decisions = roles.explain(page_features(clean, tagged, fields, lexicon))
    _decide(clean, open_lines, [d.role for d in decisions], list(fields), [], lexicon)
    by_line = {id(t): d for t, d in zip(open_lines, decisions)}
    return [Explained(t.line, t.label, by_line.get(id(t))) for t in tagged]


def _keep_some_text(lines: list[_Tagged], issues: list[Issue], lexicon: Lexicon) -> None:
    """A page whose every line the labeller took for furniture or metadata still publishes its text:
    the lines no furniture phrase names are kept as text, with a warning (nothing the model doubts is lost)."""
    if any(t.label == "body" for t in lines):
        return
    kept = [t for t in lines if t.label == "furniture" and furniture_role(t.line.text, lexicon) is None
            and (is_prose(t.line.text) or recognise(t.line.text) is not None)]
    for t in kept:
        t.label = "body"
    if kept:
        issues.append(Issue("labeller-doubt", f"the labeller found no text on the page; {len(kept)} lines "
                            "no furniture phrase names are published as text", kept[0].line.number))


def _keep_a_text(tagged: list[_Tagged], issues: list[Issue]) -> None:
    """A page left with no text at all (an excerpt that is a table of contents and a lead the labeller
    took for the site's) publishes its contents and the lines the labeller guessed were the site's,
    no furniture phrase naming them, with a warning: a doubt never loses a document."""
    if any(not t.role for t in tagged):
        return
    kept = [t for t in tagged if t.role in ("toc", FURNITURE_HEAD)]
    for t in kept:
        t.role, t.removed, t.label = "", False, "body"
    if kept:
        issues.append(Issue("labeller-doubt", f"nothing on the page read as its text; {len(kept)} lines taken for "
                            "its contents or the site's are published as text", kept[0].line.number))


def _shapes_decide(lines: list[_Tagged]) -> None:
    """Shapes that decide a line's role whatever its neighbours (GB/T 9704 facts): a line decoded
    with the wrong encoding is no text; a 版记 line (抄送…, …印发) is the document's apparatus; a
    line that is only a 发文字号, whole or damaged, above the first sentence of text (under the title,
    when text precedes the title) is the header's,
    and so is an adoption note there (``（2021年8月25日…通过）``), over as many lines as a PDF broke it."""
    prose_seen = False
    for k, t in enumerate(lines):
        text = t.line.text
        if not prose_seen and t.label == "body" and ADOPTION_OPEN_RE.match(text) and ADOPTION_WORDS.search(text):
            for u in lines[k : k + 6]:
                u.label = "header"
                if re.search(r"[)）]$", u.line.text):
                    break
        if is_mojibake(text):
            t.label = "furniture"
        elif IMPRINT_RE.match(text) and t.label in ("body", "metadata"):
            t.label = "header"
        elif t.label == "body" and k and lines[k - 1].label in ("title", "subtitle") and DELIVERED_RE.match(text):
            t.label = "subtitle"  # ——2022年1月6日在…会议上: the day a report or speech was delivered
        elif not prose_seen and t.label == "body" and (
                (find_doc_number(text) and only_number(text)) or DAMAGED_NUMBER_RE.match(text)):
            t.label = "header"
        # A page's lead or a news report above the document's title does not make the 发文字号
        # printed under that title part of the text: the title starts the document again.
        prose_seen = (prose_seen or (t.label == "body" and is_prose(text))) and t.label != "title"


# The unnumbered heading of a text's opening part (a constitution's or a plan's 序言, a report's 前言).
PREAMBLE_HEADINGS = frozenset({"序言", "前言", "引言", "导言", "序"})


def _text_under_title(lines: list[_Tagged], lexicon: Lexicon) -> None:
    """Under the title, with text following, the first unit of a text's numbering (一、, 第一章,
    第一条) is text, and so is a line naming one of the text's headings (an entry of its table of
    contents: 总则) or its preamble (序言); a numbered sentence is text anywhere under the title; unless a furniture phrase
    names the line."""
    title = next((k for k, t in enumerate(lines) if t.label == "title"), None)
    last_text = max((k for k, t in enumerate(lines) if t.label == "body"), default=-1)
    if title is None:
        return
    headings = {title_key(found[3]) for t in lines if t.label == "body" and (found := recognise(t.line.text))}
    for k, t in enumerate(lines[title + 1 :], title + 1):
        text = t.line.text
        if t.label != "furniture" or furniture_role(text, lexicon) is not None:
            continue
        if (k < last_text and (_opens_numbering(text) or title_key(text) in headings or text in PREAMBLE_HEADINGS)) \
                or (recognise(text) is not None and is_prose(text)):
            t.label = "body"  # a numbered sentence is the text's, wherever it stands


def _site_template_around_text(lines: list[_Tagged], site_lines: frozenset[str]) -> None:
    """A line the other pages of its site repeat (``builder.templates``), standing above the page's
    first sentence of text or below its last, is the site's, not the document's: a channel's name or
    a footer the labeller read as text. Inside the text it stays text, and the title is never the site's."""
    if not site_lines:
        return
    text = [k for k, t in enumerate(lines) if t.label == "body" and is_prose(t.line.text)]
    if not text:
        return
    for k, t in enumerate(lines):
        if t.label == "body" and not text[0] <= k <= text[-1] and title_key(t.line.original) in site_lines:
            t.label = "furniture"


def _title_by_facts(lines: list[_Tagged], fields: list[PageField], lexicon: Lexicon) -> None:
    """What the source says of its title outweighs the labeller's guess above the text: the lines
    that print the title the page states (its metadata table's 标题, a Word file's title paragraph,
    front matter), on one line or several, are the title, and an organ's line the labeller took for
    it instead (or its 发文机关标志, ``…文件``) is the 版头's; a page on which the labeller found no title takes the first line above
    its text that names a document's kind (…预案, …通知)."""
    first_text = next((k for k, t in enumerate(lines) if t.label == "body" and
                       (is_prose(t.line.text) or recognise(t.line.text) is not None)), len(lines))
    above = lines[:first_text]
    stated = _stated_titles(above, fields, lexicon)
    run = _printed_title(above, stated, lexicon)
    if run:
        for t in above:
            if t in run:
                t.label = "title"
            elif t.label == "title" and (is_organ(t.line.text) or RED_HEADER_RE.match(t.line.text)) \
                    and not any(title_key(t.line.text) in s for s in stated):
                t.label = "header"
    elif not any(t.label == "title" for t in lines) and (twice := _printed_twice(above, lexicon)):
        for t in twice:
            t.label = "title"
    elif not any(t.label == "title" for t in lines):
        _title_without_label(above, lexicon)
    _organ_under_a_whole_title(above, lexicon)
    _title_wrapping_the_headline(above, lexicon)


def _organ_among_bare_facts(lines: list[_Tagged]) -> None:
    """A portal's facts table whose keys were lost reads as bare values above the title (index number,
    organ, category, dates one a line); the organ's name among them, next to its bare dates, is the
    issuer the page states, as it would be under the key 发布机构."""
    title = next((k for k, t in enumerate(lines) if t.label == "title"), None)
    for k, t in enumerate(lines[:title or 0]):
        near = lines[k + 1 : k + 1 + BARE_FACTS_REACH]
        if t.label == "furniture" and is_organ(t.line.text) and \
                any(u.label in ("header", "metadata") and is_date_line(u.line.text) for u in near):
            t.label = "header"


# How far below an organ's bare name its bare dates may stand (a category may come between).
BARE_FACTS_REACH = 3


def _title_wrapping_the_headline(above: list[_Tagged], lexicon: Lexicon) -> None:
    """A news page's headline often names the document a notice issues (…行动方案); the notice's own
    title printed below it above the text (关于印发《…行动方案》的通知) holds the headline and names its
    kind: it is the document's title in full, and :func:`_read_title` takes the fuller of the two."""
    titles = [k for k, t in enumerate(above) if t.label == "title"]
    if not titles:
        return
    key = title_key("".join(above[k].line.text for k in titles))
    for t in above[titles[-1] + 1 :]:
        fuller = title_key(t.line.text)
        if t.label == "body" and key and key in fuller and len(fuller) > len(key) \
                and kind_of(t.line.text, lexicon) and not is_prose(t.line.text):
            t.label = "title"
            return


def _organ_under_a_whole_title(above: list[_Tagged], lexicon: Lexicon) -> None:
    """A title ends with its 文种 (GB/T 9704): an organ's name alone on the line under a title line
    that already ends with one (…程序的规定 / 湖南省人大常委会) is the issuer the page prints, not more title."""
    for prev, t in zip(above, above[1:]):
        if prev.label == "title" and t.label == "title" and is_organ(t.line.text) \
                and kind_of(prev.line.text, lexicon) and not kind_of(t.line.text, lexicon):
            t.label = "header"


def _title_without_label(above: list[_Tagged], lexicon: Lexicon) -> None:
    """No line labelled title: the first line above the text that names a document's kind, with the
    lines above it that open it with 关于; else a headline, the nearest line above the text that
    reads as one (Han, 8 to 60 characters, no sentence, no organ's name alone, no phrase naming it)."""
    for k, t in enumerate(above):
        if _may_be_title(t, lexicon) and kind_of(t.line.text, lexicon):
            for u in _title_opening(above[max(0, k - 3) : k], lexicon) + [t]:
                u.label = "title"
            return
    if any(HEADLINE_NUMBER_RE.match(t.line.text) or TITLE_ORDER_RE.match(t.line.text) for t in above):
        return  # the title stands in a header line with its number (成办函〔2015〕26号《…》)
    for t in reversed(above):
        text = t.line.text
        if _may_be_title(t, lexicon) and 8 <= len(text) <= 60 and len(HAN_RE.findall(text)) > 0.7 * len(text) and not is_organ(text) \
                and not is_date_line(text) and parse_dateline(text) is None and not ADDRESSEE_RE.match(text) \
                and not text.endswith(("：", ":")) and not ORIGINAL_TITLE_RE.match(text) and not re.search(r"[|｜]", text):
            t.label = "title"
            return


def _printed_twice(above: list[_Tagged], lexicon: Lexicon) -> list[_Tagged]:
    """A headline the page prints twice above the text, once on one line and once broken over two
    or three (a news page's head, then its article's): both copies, or nothing."""
    whole = {title_key(t.line.text): t for t in above if len(title_key(t.line.text)) >= 8 and _may_be_title(t, lexicon)}
    for k in range(len(above)):
        joined = ""
        for j in range(k, min(k + 3, len(above))):
            if not _may_be_title(above[j], lexicon):
                break
            joined += title_key(above[j].line.text)
            if j > k and joined in whole and whole[joined] not in above[k : j + 1]:
                return [whole[joined], *above[k : j + 1]]
    return []


def _may_be_title(t: _Tagged, lexicon: Lexicon) -> bool:
    text = t.line.text
    return t.label in ("body", "furniture", "subtitle") and not is_prose(text) and furniture_role(text, lexicon) is None \
        and recognise(text) is None and read_row(text, lexicon) is None and not find_doc_number(text)


def _title_opening(before: list[_Tagged], lexicon: Lexicon) -> list[_Tagged]:
    """The lines just above a title's last line that open it (``…关于加强普通高等学校`` / ``毕业生就业工作的通知``):
    from the nearest line holding 关于, when every line down to the last may be part of a title."""
    run: list[_Tagged] = []
    for t in reversed(before):
        if not _may_be_title(t, lexicon) or len(t.line.text) > 40:
            break
        run.insert(0, t)
    opening = next((k for k in range(len(run) - 1, -1, -1) if "关于" in run[k].line.text), None)
    return run[opening:] if opening is not None else []


def _stated_titles(above: list[_Tagged], fields: list[PageField], lexicon: Lexicon) -> set[str]:
    """The titles the page states: its head's, and the 标题 of its metadata rows above the text (a
    ``标题：…`` row is metadata, whatever the labeller took it for)."""
    stated = {title_key(f.value) for f in fields if f.name in ("title", "headline") and f.value}
    for t in above:
        if t.label != "furniture" and (row := read_row(t.line.text, lexicon)) is not None:
            titles = {title_key(value) for name, _, value in row.fields if name == "title" and value}
            if titles:
                stated |= titles
                t.label = "metadata"
    return {s for s in stated if len(s) >= 4}


def _printed_title(above: list[_Tagged], stated: set[str], lexicon: Lexicon) -> list[_Tagged]:
    """The first run of up to six lines (no metadata row among them) whose text joined is a title the page states."""
    for k in range(len(above)):
        joined = ""
        for j in range(k, min(k + 6, len(above))):
            if read_row(above[j].line.text, lexicon) is not None:
                break
            joined += title_key(above[j].line.text)
            if joined in stated:
                return above[k : j + 1]
            if not any(s.startswith(joined) for s in stated):
                break
    return []


def _opens_numbering(text: str) -> bool:
    found = recognise(text)
    return found is not None and found[2] == 1


def _rows_inside_text(lines: list[_Tagged], rows_at: dict) -> None:
    """A table row between two rows of the same table that are text is text too: a table is read
    whole, and a cell of symbols or code (``1 | <script>…``) looks like a crumb on its own."""
    tables: dict[int, list[_Tagged]] = {}
    for t in lines:
        if (row := rows_at.get(t.line.number)) is not None:
            tables.setdefault(row.table, []).append(t)
    for rows in tables.values():
        text_at = [k for k, t in enumerate(rows) if t.label == "body"]
        if len(text_at) >= 2:
            for t in rows[text_at[0] + 1 : text_at[-1]]:
                if t.label == "furniture":
                    t.label = "body"


def _set_aside(tagged: list[_Tagged], fields: list[PageField], issues: list[Issue], lexicon: Lexicon,
               site_lines: frozenset[str] = frozenset()) -> None:
    """Lines labelled furniture leave the document, each under the name of what it is (``site-template``:
    a line the other pages of its site repeat)."""
    for k, t in enumerate(tagged):
        if t.label != "furniture":
            continue
        text = t.line.text
        role = furniture_role(text, lexicon)
        if role is None and is_mojibake(text):
            role = "mojibake"
            issues.append(Issue("mojibake", "a line decoded with the wrong encoding was left out (mojibake)",
                                t.line.number))
        if role is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and k == 0:
            role = "crawl-date"
        if role is None and title_key(t.line.original) in site_lines:
            role = "site-template"
        if role == "editor" and (m := re.search(r"[:：]\s*(.+?)\s*[)）]?$", text)):
            fields.append(PageField("editor", "编辑", m.group(1), t.line.number, "dateline"))
        t.role, t.removed = role or FURNITURE_HEAD, True


def _read_metadata(tagged: list[_Tagged], fields: list[PageField], lexicon: Lexicon, fmt: str) -> None:
    """Read the fields of lines labelled metadata: rows, datelines, a key whose value is on the next line.

    A metadata line no rule can read is kept as text if it reads as text, else as an unread header line.
    """
    for k, t in enumerate(tagged):
        if t.label != "metadata" or t.role:
            continue
        text = t.line.text
        if (row := read_row(text, lexicon)) is not None:
            # 发布时间：… 来源：… under the title is the page's dateline, whatever else the row holds.
            t.role, origin = ("dateline", "dateline") if parse_dateline(text) is not None else ("metadata", "table")
            fields += [PageField(name, label, value, t.line.number, origin) for name, label, value in row.fields]
            nxt = tagged[k + 1] if k + 1 < len(tagged) else None
            # A key printed alone, its value on the next line (in a text file; an HTML table's empty cell is empty).
            if fmt != "html" and nxt is not None and not nxt.role and nxt.label != "furniture" \
                    and len(row.fields) == 1 and not row.fields[0][2] and value_fits(row.fields[0][0], nxt.line.text, lexicon) \
                    and read_row(nxt.line.text, lexicon) is None:
                fields[-1] = replace(fields[-1], value=nxt.line.text)
                nxt.role, nxt.label = "metadata", "metadata"
        elif (dl := parse_dateline(text)) is not None:
            t.role = "dateline"
            if dl.date:
                fields.append(PageField("published", "dateline", dl.date, t.line.number, "dateline"))
            if dl.source:
                fields.append(PageField("source", "来源", dl.source, t.line.number, "dateline"))
        elif IMPRINT_RE.match(text):
            t.label = "header"
        elif starts_body(t.line) or is_prose(text):
            t.label = "body"
        else:
            t.role = "metadata"


def _read_header(tagged: list[_Tagged], fields: list[PageField], issues: list[Issue]) -> str:
    """Give lines labelled header their role by their shape and read their fields; returns the wrapper.

    A header line of no known shape is published as text: nothing the labeller doubts is hidden.
    """
    wrapper = ""
    k = 0
    while k < len(tagged):
        t = tagged[k]
        if t.label != "header" or t.role:
            k += 1
            continue
        span = _join_parenthetical(tagged, k)
        joined = "".join(tagged[k + s].line.text for s in range(span))
        if ADOPTION_OPEN_RE.match(joined) and re.search(r"[)）]$", joined) and ADOPTION_WORDS.search(joined) \
                and not ORDER_NUMBER_RE.match(joined) and not find_doc_number(joined) == title_key(joined).strip("（）"):
            for s in range(span):
                tagged[k + s].role, tagged[k + s].label = "adoption", "header"
            fields += adoption_fields(joined, t.line.number)
            k += span
            continue
        role, found, wraps = header_shape(t.line, issues)
        t.role = role
        fields += found
        wrapper = wrapper or wraps
        if not role:
            t.label = "body"
        k += 1
    # 中华人民共和国国务院令 / 第707号: the order's number in full.
    orders = [f for f in fields if f.label == "令" and f.name == "issuer"]
    numbers = [f for f in fields if f.name == "doc_number" and f.label == "版头" and f.value.startswith("第")]
    if orders and numbers and not any(f.name == "doc_number" and f.label == "令" for f in fields):
        fields.append(PageField("doc_number", "令", f"{orders[0].value}令{numbers[0].value}", numbers[0].line, "header"))
        fields.remove(numbers[0])
    return wrapper


def header_shape(line: Line, issues: list[Issue]) -> tuple[str, list[PageField], str]:
    """A header line's role by its shape, the fields it states and the wrapper it implies ('' for none)."""
    text, n = line.text, line.number
    if DATED_NOTE_RE.match(text):
        return "adoption", adoption_fields(text, n), ""
    if m := ORIGINAL_TITLE_RE.match(text):
        return "original-title", [PageField("original_title", "原标题", m.group("title"), n, "header")] \
            if m.group("title") else [], ""
    if m := HEADLINE_NUMBER_RE.match(text):
        return "title-number", [PageField("doc_number", "headline", find_doc_number(m.group("number")), n, "header"),
                                PageField("headline", "headline", m.group("title"), n, "header")], ""
    if m := TITLE_ORDER_RE.match(text):
        return "title-number", [PageField("doc_number", "令", find_doc_number(m.group("number")), n, "header"),
                                PageField("issuer", "令标题", m.group("order")[:-1], n, "header"),
                                PageField("headline", "headline", m.group("title"), n, "header")], "order"
    if (number := find_doc_number(text)) and only_number(text):
        found = [PageField("doc_number", "版头", number, n, "header")]
        if (d := parse_date(text.replace(" ", ""))) is not None:
            found.append(PageField("adopted", "版头", d.isoformat(), n, "header"))
        return "doc-number", found, ""
    if (m := RED_HEADER_RE.match(text)) and is_organ(m.group("organ").strip()):
        return "red-header", [PageField("issuer", "发文机关标志", m.group("organ").strip(), n, "header")], ""
    if (m := ORDER_RE.match(text)) and "关于" not in text and len(text) <= 40:
        found = [PageField("issuer", "令", m.group("organ"), n, "header")]
        if number := find_doc_number(text):
            found.append(PageField("doc_number", "令", number, n, "header"))
        return "order", found, "order"
    if DAMAGED_NUMBER_RE.match(text) and not find_doc_number(text):
        issues.append(Issue("damaged-number", f"document number {text!r} is damaged; not used", n))
        return "damaged-number", [], ""
    if m := VALIDITY_RE.match(text):
        return "validity", [PageField("validity", "标注", m.group("status"), n, "header")], ""
    if is_organ(text):
        return "issuer", [PageField("issuer", "署名", text, n, "header")], ""
    if is_date_line(text):
        return "date", [PageField("published", "日期", parse_date(text).isoformat(), n, "header")], ""
    if IMPRINT_RE.match(text):
        d = parse_date(text)
        return "imprint", [PageField("printed", "印发", d.isoformat(), n, "header")] if d else [], ""
    return "", [], ""


# A page's title comes before its text (GB/T 9704): what looks like a title after this many sentences
# of text heads a part of it. A news lead or a cover letter above the document is far shorter.
TEXT_BEFORE_A_TITLE = 40


def _read_title(tagged: list[_Tagged], lexicon: Lexicon, issues: list[Issue]) -> TitleChoice | None:
    """The title: the first run of lines labelled title, joined; a later run of the same text is
    the page printing it again, another run a second title (said), subtitles are kept as such."""
    runs: list[list[int]] = []
    signed, sentences = False, 0
    for k, t in enumerate(tagged):
        if not t.role and t.label == "body" and (is_date_line(t.line.text) or signed_date(t.line.text) is not None):
            signed = True
        sentences += not t.role and t.label == "body" and is_prose(t.line.text)
        if t.role or t.label not in ("title", "subtitle"):
            continue
        if signed or sentences >= TEXT_BEFORE_A_TITLE:
            # A title after a signed text (an order, a cover letter) heads what it attaches: the attachment's;
            # so does one after pages of text (a law's 附件, a decision quoted at its end).
            t.label = "body"
            continue
        t.role = t.label
        if t.label == "title":
            so_far = title_key("".join(tagged[j].line.text for j in runs[-1])) if runs else ""
            # A line that opens the title again is the page printing it twice, not its next part.
            again = bool(so_far) and title_key(t.line.text)[:len(so_far)] == so_far[:len(title_key(t.line.text))]
            if runs and runs[-1][-1] == _previous_kept(tagged, k) and not again:
                runs[-1].append(k)
            else:
                runs.append([k])
    if not runs:
        return None
    text = "".join(tagged[k].line.text for k in runs[0])
    original = "".join(tagged[k].line.original for k in runs[0])
    for run in runs[1:]:
        other = "".join(tagged[k].line.text for k in run)
        if title_key(text) in title_key(other) and len(title_key(other)) > len(title_key(text)):
            # The headline shortened; the document prints it in full (with its issuers): take the full one.
            text, original = other, "".join(tagged[k].line.original for k in run)
        elif title_key(other) not in title_key(text) and title_key(text) not in title_key(other) and kind_of(other, lexicon):
            issues.append(Issue("title-doubt", f"two titles on the page: {text!r} (used) and {other!r}",
                                tagged[run[0]].line.number))
            break
    return TitleChoice(title_text(text), title_text(original), "headline")


def _previous_kept(tagged: list[_Tagged], k: int) -> int:
    """The nearest line above ``k`` that was not set aside (furniture between two title lines does not part them)."""
    j = k - 1
    while j >= 0 and tagged[j].removed:
        j -= 1
    return j


def _settle_title(title: TitleChoice | None, wrapper: str, body: list[Line], attachments: list[Attachment],
                  fields: list[PageField], issues: list[Issue]) -> tuple[TitleChoice | None, str]:
    """A notice that 印发s its attachment, an order that promulgates it, a page with no title line."""
    if wrapper == "" and attachments and is_transmittal(body):
        wrapper = "transmittal"
        if title is not None and title_key(title.text) == title_key(attachments[0].title):
            title = TitleChoice(title.text, title.original, "attachment")
    if title is None:
        if attachments:
            title = TitleChoice(attachments[0].title, attachments[0].title_original, "attachment")
            issues.append(Issue("title-from-attachment", "the notice prints no title of its own; "
                                "using its attachment's title"))
        else:
            stated = {f.name: f.value for f in reversed(fields) if f.name in ("headline", "title", "page_title") and f.value}
            for name in ("headline", "title", "page_title"):
                if name in stated:
                    title = TitleChoice(stated[name], stated[name], "headline" if name == "headline" else "table")
                    if name == "page_title":
                        issues.append(Issue("title-from-page-head", "no title in the text; using the page's <title>"))
                    break
    elif wrapper == "order" and attachments:
        # An order promulgates the attached text: the document is what it promulgates.
        title = TitleChoice(attachments[0].title, attachments[0].title_original, "attachment")
    return title, wrapper


def _assemble(tagged: list[_Tagged], removals: list[Removal]) -> tuple[list[HeaderLine], list[Removal]]:
    """Header lines kept with their roles, and every line set aside as a removal."""
    header, kept_removals = [], list(removals)
    shared = Counter(t.line.number for t in tagged)
    for t in tagged:
        if not t.role or t.role == "duplicate-body-part":
            continue  # text, or recorded once for the whole copy
        if t.removed:
            kept_removals.append(Removal(t.role, t.line.number, t.line.original, partial=shared[t.line.number] > 1))
        else:
            header.append(HeaderLine(t.line.number, t.role, t.line.text, t.line.original))
    return header, kept_removals


DUPLICATE_SHARE = 0.5
"""A dropped copy smaller than this share of the text kept is repeated text, not a second printing: warned."""


def _drop_duplicates(tagged: list[_Tagged]) -> list[Removal]:
    """Keep one copy of an article body that the page printed twice (or more).

    Runs after furniture is set aside, so the widgets between two copies do
    not break the match (``clean._find_duplicate`` finds the repeated run).
    """
    removals = []
    while True:
        open_idx = [k for k, t in enumerate(tagged) if not t.role]
        found = _find_duplicate([tagged[k].line.text for k in open_idx])
        if not found:
            return removals
        _, second, length = found
        dropped = [tagged[k] for k in open_idx[second : second + length]]
        numbers = {t.line.number for t in dropped}
        first, last = dropped[0].line.number, dropped[-1].line.number
        present = {t.line.number for t in tagged}
        skipped = tuple(n for n in range(first, last + 1) if n not in numbers and n in present)
        removals.append(Removal("duplicate-body", first, "\n".join(t.line.original for t in dropped),
                                end_line=last, skipped=skipped))
        for t in dropped:
            t.role, t.removed = "duplicate-body-part", True


def _signature_end(tagged: list[_Tagged], body_idx: list[int]) -> int | None:
    """Position (in ``body_idx``) of the date closing a cover letter followed by more text."""
    seen_prose = False
    for p, k in enumerate(body_idx[:-1]):
        text = tagged[k].line.text
        if is_prose(text):
            seen_prose = True
        date_here = is_date_line(text) or signed_date(text) is not None
        if seen_prose and date_here:
            nxt = [tagged[q].line.text for q in body_idx[p + 1 : p + 4]]
            after = [x for x in nxt if not NOTE_RE.match(x)]
            if after and (ATTACHMENT_LABEL_RE.match(after[0]) or (not is_prose(after[0]) and recognise(after[0]) is None
                                                                 and len(after[0]) <= 60)):
                return p
    return None


def _split_attachments(tagged: list[_Tagged], body_idx: list[int], lexicon: Lexicon,
                       rows: frozenset[int] = frozenset()) -> tuple[list[Line], list[Attachment]]:
    """The cover letter, then each attachment with its title (never a table's row: ``rows``)."""
    end = _signature_end(tagged, body_idx)
    if end is None:
        return [tagged[k].line for k in body_idx], []
    body = [tagged[k].line for k in body_idx[: end + 1]]
    rest = body_idx[end + 1 :]
    while rest and NOTE_RE.match(tagged[rest[0]].line.text):
        body.append(tagged[rest[0]].line)
        rest = rest[1:]
    attachments: list[Attachment] = []
    groups: list[list[int]] = []
    for k in rest:
        if ATTACHMENT_LABEL_RE.match(tagged[k].line.text) or not groups:
            groups.append([k])
        else:
            groups[-1].append(k)
    for number, group in enumerate(groups, 1):
        lines = [tagged[k].line for k in group]
        label = lines.pop(0) if lines and ATTACHMENT_LABEL_RE.match(lines[0].text) else None
        title_lines: list[Line] = []
        while lines and len(title_lines) < 4 and not starts_body(lines[0]) and len(lines[0].text) <= 60 \
                and not ADOPTION_OPEN_RE.match(lines[0].text) and lines[0].number not in rows:
            title_lines.append(lines.pop(0))
            if kind_of("".join(x.text for x in title_lines), lexicon) and not (
                    lines and re.match(r"^[（(]\d{4}", lines[0].text)):
                break
        title = "".join(x.text for x in title_lines)
        original = "".join(x.original for x in title_lines)
        attachments.append(Attachment(number, label, tuple(title_lines), title or f"附件{number}",
                                      original or f"附件{number}", tuple(lines)))
    return body, attachments
