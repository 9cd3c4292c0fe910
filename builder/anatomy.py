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

from .dates import find_doc_number, is_date_line, parse_date
from .lexicon import Lexicon, furniture_role, is_prose, load_lexicon
from .clean import _find_duplicate
from .model import CleanText, HeaderLine, Issue, Line, PageField, Removal
from .parse import BARE_ARTICLE_RE, recognise
from .shapes import (
    ADOPTION_OPEN_RE, ADOPTION_WORDS, ARTICLE_RE, ATTACHMENT_LABEL_RE, CHAPTER_RE, DAMAGED_NUMBER_RE, DATED_NOTE_RE,
    HEADLINE_NUMBER_RE, IMPRINT_RE, JOIN_AFTER, NOTE_RE, ORDER_NUMBER_RE, ORDER_RE, ORIGINAL_TITLE_RE,
    RED_HEADER_RE, RUN_IN_RE, SEO_RE, TITLE_ORDER_RE, TOC_ENTRY_RE, TOC_HEAD_RE, VALIDITY_RE, adoption_fields,
    front_matter, is_mojibake, is_organ, is_spam, is_transmittal, kind_of, only_number, parse_dateline, read_row,
    signed_date, starts_body, title_text, value_fits,
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
    role: str = ""
    """'' while undecided; a furniture role (removed) or a header role (kept)."""
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


def _join_parenthetical(tagged: list[_Tagged], i: int) -> int:
    """Join an adoption note the page broke over lines; returns the lines it spans."""
    text = tagged[i].line.text
    if not ADOPTION_OPEN_RE.match(text) or re.search(r"[)）]$", text):
        return 1
    for j in range(i + 1, min(i + 6, len(tagged))):
        if tagged[j].role:
            return 1
        if re.search(r"[)）]$", tagged[j].line.text):
            return j - i + 1
    return 1


def _toc(tagged: list[_Tagged], rows: frozenset[int] = frozenset()) -> None:
    """Mark tables of contents: a 目录 heading and its entries, entries ending in
    page numbers, and runs of bare chapter headings with nothing between them.
    A table's row (line numbers in ``rows``) is never an entry: 江苏 | 100 | 120 ends
    in a number, as an entry does, but it is data."""
    n = len(tagged)
    i = 0
    while i < n:
        t = tagged[i]
        if t.role:
            i += 1
            continue
        text = t.line.text
        if t.line.number in rows:
            i += 1
            continue
        if TOC_HEAD_RE.match(text):
            t.role = "toc"
            j = i + 1
            first = None
            while j < n:
                u = tagged[j]
                if u.role:
                    j += 1
                    continue
                entry = u.line.text
                if u.line.number in rows:
                    break
                if TOC_HEAD_RE.match(entry):
                    u.role = "toc"
                    j += 1
                    continue
                if is_prose(entry) or len(entry) > 40 or ARTICLE_RE.match(entry) or entry == first:
                    break
                if first is None:
                    first = entry
                u.role = "toc"
                j += 1
            i = j
            continue
        if TOC_ENTRY_RE.match(text) and not is_prose(text) and not is_date_line(text):
            # An entry with a page number needs a neighbour of the same shape.
            near = [tagged[k].line.text for k in (i - 1, i + 1) if 0 <= k < n and tagged[k].line.number not in rows]
            if any(TOC_ENTRY_RE.match(x) and not is_prose(x) for x in near):
                t.role = "toc"
        i += 1
    # Three or more chapter headings in a row, with no article or text between, list the chapters.
    i = 0
    while i < n:
        j = i
        while j < n and not tagged[j].role and CHAPTER_RE.match(tagged[j].line.text) and len(tagged[j].line.text) <= 30:
            j += 1
        if j - i >= 3:
            nxt = next((tagged[k].line.text for k in range(j, n) if not tagged[k].role), "")
            last = j - 1 if ARTICLE_RE.match(nxt) or is_prose(nxt) else j
            for k in range(i, last):
                tagged[k].role = "toc"
        i = max(j, i + 1)
    _outline_toc(tagged, rows)


SHORT_TITLE_RE = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def _outline_heading(text: str) -> tuple[tuple[int, ...], str] | None:
    """A decimal outline heading's number and title (``1.1 编制目的`` -> ((1, 1), ``编制目的``)), or None."""
    found = recognise(text)
    if not found or not found[0].outline:
        return None
    return tuple(int(d) for d in found[1].split(".")), found[3]


def _outline_toc(tagged: list[_Tagged], rows: frozenset[int]) -> None:
    """A run of three or more outline headings (1.1 编制目的), with nothing between them but
    short titles whose numbers the page lost (总则), whose first entry the document prints
    again below, is its table of contents: a 预案 or a 标准 lists its sections before
    giving them, and the first section begins where the list said."""
    n = len(tagged)
    open_at = [k for k in range(n) if not tagged[k].role and tagged[k].line.number not in rows]
    heading = {k: _outline_heading(tagged[k].line.text) for k in open_at}
    i = 0
    while i < len(open_at):
        run, entries, last = [], [], ()
        for k in open_at[i:]:
            if heading[k] is not None:
                number = heading[k][0]
                if number < last:
                    break  # the numbers start again: the sections themselves begin
                run.append(k)
                entries.append(k)
                last = number
            elif run and SHORT_TITLE_RE.match(tagged[k].line.text):
                run.append(k)
            else:
                break
        if len(entries) >= 3:
            after = run[-1] + 1
            later_lines = {tagged[k].line.text.replace("\u3000", " ") for k in range(after, n)}
            if tagged[entries[0]].line.text.replace("\u3000", " ") in later_lines:
                later_titles = {found[1] for found in map(_outline_heading, later_lines) if found}
                before = open_at[i - 1] if i else None
                if before is not None and tagged[before].line.text in later_titles:
                    run.insert(0, before)  # the run's first entry, its number lost (总则)
                for k in run:
                    tagged[k].role = "toc"
        i += max(1, len(run))


def read_anatomy(clean: CleanText, lexicon: Lexicon | None = None) -> Anatomy:
    """Give every cleaned line of a source a role and read its metadata."""
    lexicon = lexicon or load_lexicon()
    source = clean.source
    lines = list(clean.lines)
    fields: list[PageField] = list(source.head_fields)
    issues: list[Issue] = []

    skip, fm_fields = front_matter(lines) if source.format == "markdown" else (0, ())
    fields += fm_fields
    tagged = [_Tagged(line, "front-matter" if k < skip else "") for k, line in enumerate(lines[:skip])]
    tagged += [_Tagged(line) for line in _split_run_in(tuple(lines[skip:]), lexicon)]

    # 1. Lines whose role their own shape tells.
    for k, t in enumerate(tagged):
        if t.role:
            continue
        text = t.line.text
        if k == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            t.role, t.removed = "crawl-date", True
            continue
        if IMPRINT_RE.match(text):
            t.role = "imprint"
            if (d := parse_date(text)) is not None:
                fields.append(PageField("printed", "印发", d.isoformat(), t.line.number, "header"))
            continue
        if (dl := parse_dateline(text)) is not None:
            t.role = "dateline"
            if dl.date:
                fields.append(PageField("published", "dateline", dl.date, t.line.number, "dateline"))
            if dl.source:
                fields.append(PageField("source", "来源", dl.source, t.line.number, "dateline"))
            continue
        if (row := read_row(text, lexicon)) is not None:
            t.role = "metadata"
            for name, label, value in row.fields:
                fields.append(PageField(name, label, value, t.line.number, "table"))
            continue
        role = furniture_role(text, lexicon)
        if role is None and is_mojibake(text):
            role = "mojibake"
            issues.append(Issue("mojibake", "a line decoded with the wrong encoding was left out (mojibake)",
                                t.line.number))
        if role is None and t.line.number in source.link_lines and not is_prose(text) and recognise(text) is None:
            role = "link"
        if role is not None:
            t.role, t.removed = role, role != "editor"
            if role == "editor":
                m = re.search(r"[:：]\s*(.+?)\s*[)）]?$", text)
                if m:
                    fields.append(PageField("editor", "编辑", m.group(1), t.line.number, "dateline"))
                t.removed = True
    # A key printed alone, its value on the next line (in a text file; an HTML table's empty cell is empty).
    for k, t in enumerate(tagged[:-1]):
        nxt = tagged[k + 1]
        if source.format != "html" and t.role == "metadata" and not nxt.role:
            own = [f for f in fields if f.line == t.line.number and f.origin == "table"]
            last = own[-1] if len(own) == 1 else None  # only a key printed alone on its line
            if last is not None and not last.value and value_fits(last.name, nxt.line.text, lexicon):
                fields[fields.index(last)] = replace(last, value=nxt.line.text)
                nxt.role = "metadata"

    # 2. A body printed twice keeps its first copy.
    removals = _drop_duplicates(tagged)
    kept_chars = sum(len(t.line.text) for t in tagged if not t.role)
    for removal in removals:
        if len(removal.text) < DUPLICATE_SHARE * kept_chars:
            # Not the page printing its body twice, but text repeated inside it: say so.
            issues.append(Issue("duplicate-text", f"{removal.text[:40]!r}… repeats earlier text and was left out "
                                f"as a second copy (lines {removal.line}-{removal.end_line})", removal.line))

    # 3. Tables of contents.
    rows = frozenset(clean.source.table_row_at)
    _toc(tagged, rows)

    # 4. Where the document's text begins; everything before is its head.
    open_lines = [k for k, t in enumerate(tagged) if not t.role]
    start = next((k for k in open_lines if starts_body(tagged[k].line)), None)
    if start is None:
        start = open_lines[1] if len(open_lines) > 1 else (open_lines[0] if open_lines else len(tagged))
    head = [k for k in open_lines if k < start]
    title, wrapper = _read_head(tagged, head, fields, lexicon, issues)

    # 5. The body: cover letter, signature, attachments. Head lines that found no
    # role (a page with no recognisable title) are published as text, not lost.
    body_idx = [k for k in open_lines if k >= start or not tagged[k].role]
    body, attachments = _split_attachments(tagged, body_idx, lexicon, rows)
    if wrapper == "" and attachments and is_transmittal(body):
        wrapper = "transmittal"
        if title is not None and _norm(title.text) == _norm(attachments[0].title):
            title = TitleChoice(title.text, title.original, "attachment")
    if title is None:
        if attachments:
            title = TitleChoice(attachments[0].title, attachments[0].title_original, "attachment")
            issues.append(Issue("title-from-attachment", "the notice prints no title of its own; "
                                "using its attachment's title"))
        else:
            headline = next((f.value for f in fields if f.name == "headline" and f.value), "")
            meta_title = next((f.value for f in fields if f.name == "title" and f.value), "")
            page_title = next((f.value for f in fields if f.name == "page_title" and f.value), "")
            if headline:
                title = TitleChoice(headline, headline, "headline")
            elif meta_title:
                title = TitleChoice(meta_title, meta_title, "table")
            elif page_title:
                title = TitleChoice(page_title, page_title, "table")
                issues.append(Issue("title-from-page-head", "no title in the text; using the page's <title>"))
    elif wrapper == "order" and attachments:
        # An order promulgates the attached text: the document is what it promulgates.
        title = TitleChoice(attachments[0].title, attachments[0].title_original, "attachment")

    if title is not None and title.origin != "headline":
        for k in head:
            if not tagged[k].role:
                tagged[k].role, tagged[k].removed = FURNITURE_HEAD, True
        gone = {id(tagged[k].line) for k in head if tagged[k].role == FURNITURE_HEAD}
        body = [line for line in body if id(line) not in gone]

    header, kept_removals = [], list(removals)
    shared = Counter(t.line.number for t in tagged)
    for t in tagged:
        if not t.role:
            continue
        if t.role == "duplicate-body-part":
            continue  # recorded once for the whole copy
        if t.removed:
            kept_removals.append(Removal(t.role, t.line.number, t.line.original, partial=shared[t.line.number] > 1))
        else:
            header.append(HeaderLine(t.line.number, t.role, t.line.text, t.line.original))
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


def _joins(text: str, nxt: str, lexicon: Lexicon) -> bool:
    """Whether the next head line continues a title split over lines."""
    if is_prose(nxt) or len(nxt) > 60 or SEO_RE.search(text) or furniture_role(text, lexicon):
        return False
    unclosed = text.count("《") > text.count("》") or text.count("“") > text.count("”") \
        or text.count("（") > text.count("）")
    if unclosed or text.endswith(JOIN_AFTER) or re.match(r"^(?:[（(]\d{4}|的)", nxt) or nxt in lexicon.kinds:
        return True
    if kind_of(text, lexicon):
        return False
    # A line that is a whole title by itself does not continue a fragment before it,
    # unless that fragment opened the title (…关于…).
    if kind_of(nxt, lexicon) and "关于" not in text and (re.search("关于|印发|转发", nxt) or len(text) < 5):
        return False
    return bool(kind_of(text + nxt, lexicon)) or ("关于" in text and len(nxt) <= 40)


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


def _title_candidates(tagged: list[_Tagged], head: list[int], lexicon: Lexicon) -> list[tuple[list[int], str, str]]:
    """Runs of head lines that read as one title, joined: (indices, text, original)."""
    out = []
    k = 0
    while k < len(head):
        idx = [head[k]]
        text, original = tagged[head[k]].line.text, tagged[head[k]].line.original
        while len(idx) < 4 and k + len(idx) < len(head):
            nxt_i = head[k + len(idx)]
            if any(not tagged[m].removed for m in range(idx[-1] + 1, nxt_i)):
                break  # a kept line (metadata, number) stands between
            nxt = tagged[nxt_i].line
            if not _joins(text, nxt.text, lexicon):
                break
            idx.append(nxt_i)
            text, original = text + nxt.text, original + nxt.original
        if len(idx) > 1 and not kind_of(text, lexicon):
            idx, text, original = [head[k]], tagged[head[k]].line.text, tagged[head[k]].line.original
        out.append((idx, text, original))
        k += len(idx)
    return out


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000《》〈〉“”\"]", "", text).translate(str.maketrans("()", "（）"))


def _read_head(tagged: list[_Tagged], head: list[int], fields: list[PageField], lexicon: Lexicon,
               issues: list[Issue]) -> tuple[TitleChoice | None, str]:
    """Give the head's lines their roles and choose the title."""
    wrapper = ""
    loose: list[int] = []
    k = 0
    while k < len(head):
        i = head[k]
        t = tagged[i]
        text = t.line.text
        span = _join_parenthetical(tagged, i) if ADOPTION_OPEN_RE.match(text) else 1
        joined = "".join(tagged[i + s].line.text for s in range(span)) if span > 1 else text
        if ADOPTION_OPEN_RE.match(joined) and re.search(r"[)）]$", joined) and ADOPTION_WORDS.search(joined) \
                and not ORDER_NUMBER_RE.match(joined) and not find_doc_number(joined) == _norm(joined).strip("（）"):
            for s in range(span):
                tagged[i + s].role = "adoption"
            fields += adoption_fields(joined, t.line.number)
            k += span if all(i + s in head for s in range(span)) else 1
            continue
        if DATED_NOTE_RE.match(text):
            t.role = "adoption"
            fields += adoption_fields(text, t.line.number)
        elif m := ORIGINAL_TITLE_RE.match(text):
            t.role = "original-title"
            if m.group("title"):
                fields.append(PageField("original_title", "原标题", m.group("title"), t.line.number, "header"))
        elif m := HEADLINE_NUMBER_RE.match(text):
            t.role = "title-number"
            fields.append(PageField("doc_number", "headline", find_doc_number(m.group("number")), t.line.number, "header"))
            fields.append(PageField("headline", "headline", m.group("title"), t.line.number, "header"))
        elif m := TITLE_ORDER_RE.match(text):
            t.role = "title-number"
            wrapper = "order"
            fields.append(PageField("doc_number", "令", find_doc_number(m.group("number")), t.line.number, "header"))
            fields.append(PageField("issuer", "令标题", m.group("order")[:-1], t.line.number, "header"))
            fields.append(PageField("headline", "headline", m.group("title"), t.line.number, "header"))
        elif (number := find_doc_number(text)) and only_number(text):
            t.role = "doc-number"
            fields.append(PageField("doc_number", "版头", number, t.line.number, "header"))
            rest = text.replace(" ", "")
            if (d := parse_date(rest)) is not None:
                fields.append(PageField("adopted", "版头", d.isoformat(), t.line.number, "header"))
        elif (m := RED_HEADER_RE.match(text)) and is_organ(m.group("organ").strip()):
            t.role = "red-header"
            fields.append(PageField("issuer", "发文机关标志", m.group("organ").strip(), t.line.number, "header"))
        elif (m := ORDER_RE.match(text)) and "关于" not in text and len(text) <= 40:
            t.role = "order"
            wrapper = "order"
            fields.append(PageField("issuer", "令", m.group("organ"), t.line.number, "header"))
            if number := find_doc_number(text):
                fields.append(PageField("doc_number", "令", number, t.line.number, "header"))
        elif DAMAGED_NUMBER_RE.match(text) and not find_doc_number(text):
            t.role = "damaged-number"
            issues.append(Issue("damaged-number", f"document number {text!r} is damaged; not used", t.line.number))
        elif m := VALIDITY_RE.match(text):
            t.role = "validity"
            fields.append(PageField("validity", "标注", m.group("status"), t.line.number, "header"))
        elif is_organ(text):
            t.role = "issuer"
            fields.append(PageField("issuer", "署名", text, t.line.number, "header"))
        elif is_date_line(text):
            t.role = "date"
            fields.append(PageField("published", "日期", parse_date(text).isoformat(), t.line.number, "header"))
        else:
            loose.append(i)
        k += 1

    # 中华人民共和国国务院令 / 第707号: the order's number in full.
    orders = [f for f in fields if f.label == "令" and f.name == "issuer"]
    numbers = [f for f in fields if f.name == "doc_number" and f.label == "版头" and f.value.startswith("第")]
    if orders and numbers and not any(f.name == "doc_number" and f.label == "令" for f in fields):
        fields.append(PageField("doc_number", "令", f"{orders[0].value}令{numbers[0].value}", numbers[0].line, "header"))
        fields.remove(numbers[0])
    candidates = _title_candidates(tagged, loose, lexicon)
    if not candidates:
        return None, wrapper
    meta_titles = [_norm(f.value) for f in fields if f.name in ("title", "headline") and f.value]
    page_titles = [_norm(f.value) for f in fields if f.name == "page_title" and f.value]

    def score(cand: tuple[list[int], str, str]) -> float:
        idx, text, _ = cand
        n = _norm(text)
        s = 0.0
        if kind_of(text, lexicon):
            s += 4
        if "关于" in text:
            s += 1
        if n in meta_titles:
            s += 3
        elif any(n in mt or mt in n for mt in meta_titles if len(mt) >= 4):
            s += 1
        if any(n in pt for pt in page_titles):
            s += 1
        if sum(1 for c in candidates if _norm(c[1]) == n) > 1:
            s += 1
        if SEO_RE.search(text) or re.match(r"^\d{4}年.*(?:最新|全文)", text):
            s -= 5
        if len(n) < 5:
            s -= 5
        if is_spam(text):
            s -= 5  # stacked keywords: no title reads like that
        if furniture_role(text, lexicon):
            s -= 5
        # The fuller form of a title another line gives (issuers prefixed) is the title.
        if any(_norm(c[1]) != n and _norm(c[1]) in n and kind_of(c[1], lexicon) for c in candidates):
            s += 1
        return s

    best = max(candidates, key=lambda c: (score(c), -c[0][0]))
    if score(best) < 0:
        return None, wrapper
    for other in candidates:
        a, b = _norm(other[1]), _norm(best[1])
        if other is not best and kind_of(other[1], lexicon) and score(other) >= score(best) - 1 \
                and a not in b and b not in a and not any(a == mt for mt in meta_titles):
            issues.append(Issue("title-doubt", f"two titles on the page: {best[1]!r} (used) and {other[1]!r}",
                                tagged[other[0][0]].line.number))
            break
    idx, text, original = best
    text, original = title_text(text), title_text(original)
    # An issuer line right above a title that starts with 关于 belongs to it, unless the page
    # prints the title elsewhere in that shorter form.
    before = idx[0] - 1
    while before >= 0 and tagged[before].removed:
        before -= 1
    if before >= 0 and tagged[before].role == "issuer":
        others = [c for c in candidates if c is not best and _norm(c[1]) == _norm(text)]
        with_organ = _norm(tagged[before].line.text + text)
        if with_organ in meta_titles or (text.startswith("关于") and not others and _norm(text) not in meta_titles):
            organ = tagged[before].line
            text, original = organ.text + text, organ.original + original
            tagged[before].role = "title"
    # An organ's name far above the title is the site's banner, not the issuer's line.
    for i in (h for h in head if tagged[h].role == "issuer" and h < idx[0]):
        between = [m for m in range(i + 1, idx[0]) if tagged[m].role != "issuer"]
        if between:
            tagged[i].role, tagged[i].removed = FURNITURE_HEAD, True
            fields[:] = [f for f in fields if not (f.line == tagged[i].line.number and f.label == "署名")]
    first_title = idx[0]
    subtitles = 0
    for c_idx, c_text, _ in candidates:
        same = c_idx is idx or _norm(c_text) == _norm(best[1]) or _norm(c_text) in _norm(best[1])
        after = c_idx[0] > first_title
        if after and not same and (len(c_text) > 40 or subtitles >= 2):
            continue  # more text before the body: the body's, not the header's
        subtitle = after and len(_norm(c_text)) >= 5 and score((c_idx, c_text, "")) > -5
        role = "title" if same else ("subtitle" if subtitle else FURNITURE_HEAD)
        subtitles += role == "subtitle"
        for i in c_idx:
            tagged[i].role = role
            tagged[i].removed = role == FURNITURE_HEAD
    return TitleChoice(text, original, "headline"), wrapper


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
