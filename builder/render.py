"""Corpus -> (path, Markdown) pairs for MkDocs. Never touches the disk.

All text from a source or a sidecar reaches the Markdown through
``escape.markdown_text`` (text, headings, raw HTML and its attributes) and the
templates through ``escape.template_text`` (front matter, navigation), so a
scraped ``<script>``, ``# heading``, ``[a](javascript:…)`` or ``{#id}`` reaches
the reader as the literal characters it is. Ids, classes and URLs are the
builder's own ASCII (file names are percent-encoded, web addresses checked).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import yaml

from .cite import book_title, cite_prefix, citation_meta, gbt7714
from .clean import corrupt_spans
from .escape import attribute, markdown_text, path_url, safe_url, template_text
from .link import CITATION_RE, pinyin_slug, segment, title_core, unit_labels
from .model import HEADED_KINDS, Corpus, Document, GlossaryTerm, Mention, Unit
from .paging import page_name, page_plan, unit_pages

DOC_DIR = "doc"
TERM_DIR = "terms"
MAX_HEADING_LEVEL = 6
SUMMARY_CHARS = 70
NAV_TITLE_CHARS = 26
# The offline archive, made by hooks/site.py when the site is built for publishing (--zip).
OFFLINE_ZIP = "downloads/policy-site.zip"


@dataclass(frozen=True)
class OutputFile:
    """One generated file, relative to ``site_src/``."""

    path: str
    content: str | bytes
    """Text (written as UTF-8), or bytes written as they are (a raw file's copy)."""


# --- Escaping (see builder/escape.py) ----------------------------------------------

LABEL_CHARS = re.compile(r"[^\w\u3000-\u303f\uff00-\uffef.、]")


def attr_value(text: str) -> str:
    """A citation label (``二、（六）``) as an attr_list value: only the characters numbering uses."""
    return LABEL_CHARS.sub("", text)


# --- Inline marks: errata, damaged text, citations --------------------------------


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    html_open: str
    html_close: str


def unit_marks(unit: Unit, doc: Document, targets: dict[str, str], text: str, errata_at: str = "") -> list[Mark]:
    """Marks for ``text``, the whole of ``unit.text`` or a slice of it."""
    marks: list[Mark] = []
    for applied in doc.clean.errata:
        if applied.line != unit.line:
            continue
        pos = text.find(applied.erratum.corrected)
        if pos >= 0:
            e = applied.erratum
            title = markdown_text(f"勘误：原文作“{e.original}”；依据：{e.source}")
            marks.append(Mark(pos, pos + len(e.corrected),
                              f'<ins class="policy-erratum" title="{title}">',
                              f'</ins><sup class="policy-erratum-ref"><a href="{errata_at}#erratum-{applied.number}">'
                              f"[勘误{applied.number}]</a></sup>"))
    for start, end in corrupt_spans(text):
        marks.append(Mark(start, end,
                          '<mark class="policy-corrupt" title="原网页此处文字已损坏，按原样保留">', "</mark>"))
    for match in CITATION_RE.finditer(text):
        slug = targets.get(match.group(1))
        if slug and slug != doc.slug:
            marks.append(Mark(match.start(), match.end(), f'<a class="policy-cite" href="{attribute(slug)}.md">', "</a>"))
    return _non_overlapping(marks)


def _non_overlapping(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    return kept


def render_marked(text: str, marks: list[Mark]) -> str:
    """Escape ``text`` and wrap the marked spans in their HTML."""
    out, pos = [], 0
    for mark in marks:
        out += [markdown_text(text[pos : mark.start]), mark.html_open, markdown_text(text[mark.start : mark.end]),
                mark.html_close]
        pos = mark.end
    out.append(markdown_text(text[pos:]))
    return "".join(out)


def paragraph(inner: str, id: str = "", css: str = "", cite: str = "") -> str:
    """A paragraph with an anchor, a class and a citation label, as one line of raw HTML
    (CommonMark has no attribute lists for paragraphs). ``inner`` is already escaped;
    ids and classes are the builder's ASCII, ``cite`` a label of numbering characters."""
    attrs = (f' id="{attribute(id)}"' if id else "") + (f' class="{css}"' if css else "") + (f' data-cite="{cite}"' if cite else "")
    return f"<p{attrs}>{inner}</p>\n"


def link(href: str, inner: str, css: str = "") -> str:
    """A link as raw HTML (for links inside raw-HTML paragraphs); ``inner`` is already escaped.
    ``href`` is the builder's own relative path (``x.md#id``), rewritten and checked at site build."""
    css_attr = f' class="{css}"' if css else ""
    return f'<a{css_attr} href="{href}">{inner}</a>'


# --- Document pages ---------------------------------------------------------------


def short_title(doc: Document, limit: int = NAV_TITLE_CHARS) -> str:
    """A title short enough for link lists, cut at a word boundary (成渝经济区…, never 成渝经…)."""
    return shorten(title_core(doc.meta.title), limit)


@functools.lru_cache(maxsize=4096)
def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    kept = ""
    for word in segment(text):
        if len(kept) + len(word) > limit - 1:
            break
        kept += word
    return (kept or text[: limit - 1]) + "…"


def first_mentions(doc: Document, terms: dict[str, list[GlossaryTerm]]) -> dict[str, list[GlossaryTerm]]:
    """Each term linked at the first unit of the page that mentions it, not after every clause."""
    seen: set[str] = set()
    out: dict[str, list[GlossaryTerm]] = {}
    for unit in doc.walk():
        new = [t for t in terms.get(unit.id, ()) if t.term not in seen]
        seen.update(t.term for t in new)
        if new:
            out[unit.id] = new
    return out


def doc_summary(doc: Document) -> str:
    """One line that says what a document is about."""
    prose = [u.text for u in doc.walk() if u.kind in ("paragraph", "clause", "article", "item")]
    text = next((t for t in prose if len(t) >= 20), prose[0] if prose else doc.meta.subtitle or doc.meta.title)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def front_matter(title: str, description: str, citation: dict | None = None, lang: str = "") -> str:
    """YAML front matter, written by the YAML library (always valid YAML), with
    values made safe for the templates that print them. ``citation`` becomes the
    page's Highwire Press and Dublin Core ``<meta>`` tags (overrides/main.html)."""
    meta = {"title": template_text(title), "description": template_text(description)}
    if lang:  # the page's script, for <html lang> (hooks/site.py); zh-Hans unless said
        meta["lang"] = lang
    if citation:
        meta["citation"] = {k: [template_text(x) for x in v] if isinstance(v, list) else template_text(v)
                            for k, v in citation.items() if v}
    return "---\n" + yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1 << 20) + "---\n\n"


# libyaml's emitter where PyYAML has it (the same YAML, several times faster), else PyYAML's own.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# Where a metadata value came from (Meta.provenance), as the page tells the reader.
PROVENANCE_LABELS = {
    "sidecar": "人工核对", "table": "网页信息公开表", "header": "文件版头或落款", "dateline": "网页日期栏", "inferred": "由标题推断",
}


def meta_table(doc: Document, repo_url: str, branch: str, has_original: bool,
               relations: tuple[tuple[str, str, str], ...] = (), raw_copies: dict[str, str] | None = None) -> str:
    m = doc.meta
    origin = dict(m.provenance)
    # Merged copies: each value names the file it was taken from.
    files = {field: copy.name for copy in doc.also_from for field in copy.fields} if doc.also_from else {}

    def sourced(field: str, value: str) -> str:
        label = PROVENANCE_LABELS.get(origin.get(field, ""))
        if doc.also_from:
            label = "，".join(x for x in (label if origin.get(field) != "inferred" else "",
                                          files.get(field, doc.source.name)) if x)
        return f"{value}（据{label}）" if label and (doc.also_from or origin.get(field) != "inferred") else value

    rows = [("类型", m.kind)]
    if m.issuers:
        # One organ is one issuer (its full name); the page's own wording stays visible.
        printed = f"（原文作“{'、'.join(m.issuers_printed)}”）" if m.issuers_printed else ""
        rows.append(("发布机关", sourced("issuers", "、".join(m.issuers)) + printed))
    if m.doc_number:
        rows.append(("文号", sourced("doc_number", m.doc_number)))
    if m.adopted:
        rows.append(("成文日期", sourced("adopted", m.adopted.isoformat() + (f"（{m.adopted_by}通过）" if m.adopted_by else ""))))
    if m.published:
        rows.append(("发布日期", sourced("published", m.published.isoformat())))
    if m.effective:
        rows.append(("施行日期", sourced("effective", m.effective.isoformat())))
    if m.validity_basis:  # judged from the page's dates, its text or the corpus (builder/validity.py)
        rows.append(("效力", f"{m.validity}（{m.validity_basis}）"))
    else:
        rows.append(("效力", sourced("validity", m.validity) if m.validity else "未标注"))
    for label, title, slug in relations:
        rows.append((label, ("link", title, slug)))
    attachments = doc.count("attachment")
    if attachments:
        rows.append(("附件", f"{attachments} 件"))
    if m.source_name:
        rows.append(("来源", m.source_name))
    out = ['<div class="policy-facts">', "", "| 项目 | 内容 |", "| --- | --- |"]
    for k, v in rows:
        if isinstance(v, tuple):  # a link to another document of the corpus
            _, title, slug = v
            out.append(f"| {k} | [{markdown_text(book_title(title))}]({attribute(slug)}.md) |")
        else:
            out.append(f"| {k} | {markdown_text(v)} |")
    if m.source_url:
        url = safe_url(m.source_url)
        out.append(f'| 原网页 | <a href="{markdown_text(url)}">{markdown_text(url)}</a> |' if url
                   else f"| 原网页 | {markdown_text(m.source_url)} |")
    if has_original:
        out.append(f"| 繁体原文 | [查看原文（繁体）]({attribute(doc.slug)}-original.md) |")
    out += ["", "</div>", ""]
    out.append(provenance_block(doc, repo_url, branch, raw_copies or {}))
    return "\n".join(out) + "\n"


LEFT_OUT_SHOWN = 6


def left_out_summary(left_out: tuple[str, ...]) -> str:
    """What a Word or PDF reader left out as page furniture, each text once with its count:
    ``页眉、页脚与页码 12 行：旺苍县人民政府办公室（6 次）、— 1 —、…``."""
    counts: dict[str, int] = {}
    for text in left_out:
        counts[text] = counts.get(text, 0) + 1
    shown = [f"{text}（{n} 次）" if n > 1 else text for text, n in list(counts.items())[:LEFT_OUT_SHOWN]]
    more = "、…" if len(counts) > LEFT_OUT_SHOWN else ""
    return f"页眉、页脚与页码 {len(left_out)} 行：" + "、".join(shown) + more


# A copy of a document, as the page names it, by how it was read.
COPY_NAMES = {"html": "网页", "text": "网页文本", "markdown": "网页文本", "docx": "Word 文件", "pdf": "PDF 文件"}
# A file's format, as the provenance table names it: what the file is, not what it was saved from.
FORMAT_NAMES = {"html": "网页", "text": "纯文本", "markdown": "Markdown 文本", "docx": "Word 文件", "pdf": "PDF 文件"}
# Metadata fields, as the page names them.
FIELD_NAMES = {"title": "标题", "kind": "类型", "issuers": "发布机关", "doc_number": "文号", "adopted": "成文日期",
               "published": "发布日期", "effective": "施行日期", "validity": "效力", "source_name": "来源",
               "source_url": "原网页", "editor": "编辑", "original_title": "原标题"}


def provenance_block(doc: Document, repo_url: str, branch: str, raw_copies: dict[str, str] | None = None) -> str:
    """Where the text came from and how to check it, collapsed below the first screen."""
    raw_copies = raw_copies or {}

    def file_link(name: str) -> str:
        # The site's own copy first (it works offline and on any host), then the repository's.
        copy = raw_copies.get(name)
        shown = f"[{markdown_text(name)}](../{path_url(copy)})" if copy else markdown_text(name)
        if copy and copy.split("/", 1)[1] != name:
            shown += "（以纯文本提供）"
        if repo_url:
            shown += f" · [仓库中的原件]({repo_url}/blob/{branch}/raw/{path_url(name)})"
        return shown

    retrieved = doc.source.sidecar.retrieved
    rows = [("原始文件", file_link(doc.source.name)),
            ("SHA-256", f"`{doc.source.sha256}`"),
            ("编码与格式", markdown_text(f"{doc.source.reader or doc.source.encoding} · "
                                         f"{FORMAT_NAMES.get(doc.source.format, doc.source.format)}")),
            ("获取日期", retrieved.isoformat() if retrieved else "未记录")]
    if doc.source.left_out:
        rows.append(("读取时略去", markdown_text(left_out_summary(doc.source.left_out))))
    if doc.also_from:
        rows[0] = ("原始文件", f"{file_link(doc.source.name)}（{COPY_NAMES.get(doc.source.format, doc.source.format)}；"
                   "正文据此件）")
    for copy in doc.also_from:
        taken = "、".join(FIELD_NAMES.get(f, f) for f in copy.fields)
        rows.append(("另一来源", f"{file_link(copy.name)}（同一文件的{COPY_NAMES.get(copy.format, copy.format)}"
                     + (f"；{markdown_text(taken)}据此件" if taken else "")
                     + (f"；获取日期 {copy.retrieved.isoformat()}" if copy.retrieved else "")
                     + f"；SHA-256 `{copy.sha256[:16]}…`）"))
    if doc.meta.editor:
        rows.append(("责任编辑", markdown_text(doc.meta.editor)))
    table = ["| 项目 | 内容 |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in rows]
    # For checking the text against its source, not for reading it: a print-out leaves it out.
    return details("info policy-provenance", "来源与校验", table)


def details(kind: str, summary: str, body: list[str]) -> str:
    """A collapsed block (styled as Material's admonitions); ``summary`` is the builder's
    own text, ``body`` Markdown lines, already escaped."""
    return "\n".join([f'<details class="{kind}">', f"<summary>{summary}</summary>", "", *body, "", "</details>"]) + "\n"


# What a reader should know about each kind of warning, in Chinese; the English message (code and
# detail) is for the build log, `check` and corpus.json, never the page.
READER_NOTES = {
    "no-title": "未能确定文件标题，暂以正文开头代替",
    "title-from-attachment": "通知本身未印标题，以所附文件的标题作为本页标题",
    "title-from-page-head": "正文中未找到标题，以网页标题代替",
    "no-date": "未找到成文日期或发布日期",
    "corrupt-text": "此处原文损坏，无法恢复，按原样保留",
    "mojibake": "此行是编码错误造成的乱码，已略去",
    "private-use-character": "原网页此处有无法识别的符号，已略去",
    "control-characters": "原网页此处有不可见的控制字符，已略去",
    "conservation": "整理后的文字与原网页不完全一致，请对照原文",
    "duplicate-id": "条款编号重复，链接加了区分后缀",
    "numbering-gap": "条款编号不连续，可能有缺漏",
    "duplicate-text": "这段文字与前文完全相同，作为重复副本略去；如原文确实重复，请对照原网页",
    "slug-collision": "与另一文件的网址重名，本页网址加了区分后缀",
    "same-document": "同一文件另有副本，已合并为一页：正文取自最可信的一份，各项信息取自对该项最可信的一份，来源均列于“来源与校验”",
    "copies-disagree": "同一文件的几份副本对此项信息说法不一，本页采用更可信的一份，请对照原文",
    "errata-not-applied": "另一份副本的勘误未用于本页正文",
    "title-doubt": "网页上有两个不同的标题，本页采用其一，请对照原文",
    "damaged-number": "文号在原网页中已损坏，未予采用",
    "truncated": "正文在句子中间结束，原网页可能未保存完整，请对照原网页",
}


# A warning of a kind READER_NOTES does not name yet.
UNKNOWN_NOTE = "整理时有一处未能完全确认，请对照原网页"


def issue_block(doc: Document) -> str:
    """处理提示: what the builder could not fully understand, one Chinese sentence a warning,
    with the erratum that answers it, if any."""
    if not doc.issues:
        return ""
    corrected: dict[int, list[str]] = defaultdict(list)
    for applied in doc.clean.errata:
        corrected[applied.line].append(str(applied.number))
    # Without the English detail, warnings of one kind on one line read alike: said once, counted.
    said: dict[tuple[str, str], int] = {}
    for issue in doc.issues:
        where = f"原始文件第{issue.line}行" if issue.line else "全文"
        note = READER_NOTES.get(issue.code, UNKNOWN_NOTE)
        answered = corrected.get(issue.line) if issue.code == "private-use-character" else None
        fixed = f"（已按文末勘误第{'、'.join(answered)}条更正）" if answered else ""
        said[(where, note + fixed)] = said.get((where, note + fixed), 0) + 1
    lines = ["整理本文时有以下内容未能完全确认，原文已按原样保留：", ""]
    lines += [f"- {where}{f'（{n} 处）' if n > 1 else ''}：{text}。" for (where, text), n in said.items()]
    # On screen only: a print-out leaves it out (policy.css).
    return details("warning policy-notes", f"处理提示（{len(doc.issues)}）", lines) + "\n"


@dataclass(frozen=True)
class PageContext:
    """What a document page needs from the rest of the corpus."""

    labels: dict[str, str]
    targets: dict[str, str]
    """Cited title -> slug, for titles that name a corpus document."""
    related: dict[str, tuple[tuple[str, str], ...]]
    terms: dict[str, list[GlossaryTerm]]
    docs: dict[str, Document]
    all_labels: dict[str, dict[str, str]]
    relations: tuple[tuple[str, str, str], ...] = ()
    """(label, title, slug) of documents this one supersedes or amends, or is superseded or amended by."""
    unit_pages: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    """Slug -> unit id -> page, for documents on several pages (builder/paging.py)."""
    errata_at: str = ""
    """Where this page's erratum marks link to: '' (this page) or the page holding the errata."""
    updated: str = ""
    """The corpus's date (``Corpus.updated``, ISO), for the notice on every page; '' when no input has one."""
    raw_copies: dict[str, str] = dataclasses.field(default_factory=dict)
    """Raw file name -> its copy in ``site_src/`` (builder/rawcopy.py), which 原始文件 links."""


def unit_href(slug: str, unit_id: str, unit_pages: dict[str, dict[str, int]], prefix: str = "") -> str:
    """The link to a unit of a document, on whichever of its pages the unit is."""
    page = page_name(attribute(slug), unit_pages.get(slug, {}).get(unit_id, 1))
    return f"{prefix}{page}.md#{attribute(unit_id)}"


def render_unit(unit: Unit, doc: Document, ctx: PageContext, depth: int, original: bool,
                children: bool = True) -> list[str]:
    """A unit as Markdown, with its children unless ``children`` is false (a unit whose
    children follow as sections of their own, see builder/paging.py)."""
    text = unit.original if original else unit.text
    label = ctx.labels.get(unit.id, "")
    cite = attr_value(label)
    # Former ids of this unit (sidecar anchor_aliases) stay valid link targets.
    out: list[str] = [f'<div id="{attribute(old)}" class="policy-alias"></div>\n'
                      for old, new in doc.source.sidecar.anchor_aliases if new == unit.id]
    if unit.kind == "table":
        out.append(render_table(unit, doc, ctx, original))
        if not original:
            extra = related_line(unit, doc, ctx, unit.children)
            if extra:
                out.append(extra)
        return out
    if unit.kind in HEADED_KINDS:
        heading = unit.heading
        if original and unit.text.startswith(unit.heading):
            heading = unit.original[: len(unit.heading)]
        level = min(depth + 2, MAX_HEADING_LEVEL)
        head_marks = [] if original else unit_marks(unit, doc, ctx.targets, heading, ctx.errata_at)
        # A heading that is only a number (第三条) is an anchor, not a contents entry (builder/shell.py).
        untitled = " .policy-untitled" if unit.heading == unit.number else ""
        out.append(f"{'#' * level} {render_marked(heading, head_marks)} {{ #{attribute(unit.id)}{untitled} data-cite={cite} }}\n")
        rest = after_heading(text, heading)
        if rest:
            marks = [] if original else unit_marks(unit, doc, ctx.targets, rest, ctx.errata_at)
            out.append(paragraph(render_marked(rest, marks), css="policy-text"))
    else:
        marks = [] if original else unit_marks(unit, doc, ctx.targets, text, ctx.errata_at)
        css = {"addressee": "policy-addressee", "signature": "policy-signature", "date": "policy-signature"}.get(
            unit.kind, "policy-para")
        out.append(paragraph(render_marked(text, marks), unit.id, css, cite))
    if not original:
        extra = related_line(unit, doc, ctx)
        if extra:
            out.append(extra)
    if children:
        for child in unit.children:
            out += render_unit(child, doc, ctx, depth + (1 if unit.kind in HEADED_KINDS else 0), original)
    return out


def after_heading(text: str, heading: str) -> str:
    """What a unit's text holds after its heading, matching white space loosely
    (``第一章　总则`` is headed ``第一章 总则``)."""
    if text.startswith(heading):
        return text[len(heading):].strip()
    want = re.sub(r"\s", "", heading.rstrip("…"))
    if heading.endswith("…"):
        return text
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if seen == len(want) or ch != want[seen]:
                break
            seen += 1
        if seen == len(want):
            return text[i + 1 :].strip()
    return text if re.sub(r"\s", "", text) != want else ""


def render_table(table: Unit, doc: Document, ctx: PageContext, original: bool) -> str:
    """A table unit as one block of raw HTML: a row per ``row`` unit, each with its id and
    citation label (policy.js gives it a permalink), the cells in their grid places."""
    rows = table.children
    columns = max((c.place.column + c.place.colspan for row in rows for c in row.cells), default=1)
    head = 0
    while head < len(rows) - 1 and all(c.place.header for c in rows[head].cells):
        head += 1
    covered: set[tuple[int, int]] = set()
    # The table has a class of its own: Material's script wraps every table without one in a
    # scroll box that bleeds into the page margin on a phone, which inside this box hid the first column.
    out = [f'<div id="{attribute(table.id)}" class="policy-table" data-cite="{attr_value(ctx.labels.get(table.id, ""))}">',
           '<table class="policy-grid">']
    for r, row in enumerate(rows):
        if r == 0 and head:
            out.append("<thead>")
        if r == head:
            out.append("<tbody>")
        starts = {c.place.column: c for c in row.cells}
        # A cell whose place a span from above already covers (a table that contradicts
        # itself) still shows, after the others: no text is lost to layout.
        placed = [c for c in row.cells if (r, c.place.column) not in covered and starts[c.place.column] is c]
        cells = []
        for column in range(columns):
            if (r, column) in covered:
                continue
            cell = starts.get(column)
            if cell not in placed:
                cells.append("<td></td>")
                continue
            # A table cut across pages (builder/paging.py): a span ends with the part it is in.
            rowspan = min(cell.place.rowspan, len(rows) - r)
            for dr in range(rowspan):
                for dc in range(cell.place.colspan):
                    covered.add((r + dr, column + dc))
            text = cell.original if original else cell.text
            marks = [] if original else unit_marks(row, doc, ctx.targets, text, ctx.errata_at)
            tag = "th" if cell.place.header else "td"
            spans = (f' colspan="{cell.place.colspan}"' if cell.place.colspan > 1 else "") + \
                (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (' scope="col"' if r < head else "")
            cells.append(f"<{tag}{spans}>{render_marked(text, marks)}</{tag}>")
        for cell in row.cells:
            if cell not in placed:
                text = cell.original if original else cell.text
                cells.append(f"<td>{render_marked(text, [])}</td>")
        cite = attr_value(ctx.labels.get(row.id, ""))
        out.append(f'<tr id="{attribute(row.id)}" data-cite="{cite}">{"".join(cells)}</tr>')
        if r == head - 1:
            out.append("</thead>")
    out += ["</tbody>", "</table>", "</div>"]  # head < len(rows): a body row always follows the heading rows
    return "\n".join(out) + "\n"


def related_line(unit: Unit, doc: Document, ctx: PageContext, parts_of: tuple[Unit, ...] = ()) -> str:
    """The 术语 and 另见 line of a unit (of a table: of all its rows, ``parts_of``)."""
    parts = []
    ids = [unit.id, *(u.id for u in parts_of)]
    terms = list({t.slug: t for i in ids for t in ctx.terms.get(i, [])}.values())
    if terms:
        parts.append("术语 " + "、".join(link(f"../{TERM_DIR}/{attribute(t.slug)}.md", markdown_text(t.term)) for t in terms))
    targets = tuple(dict.fromkeys(t for i in ids for t in ctx.related.get(i, ())))
    if targets:
        links = []
        for slug, unit_id in targets:
            other = ctx.docs[slug]
            label = ctx.all_labels[slug].get(unit_id, "")
            year = other.meta.date.year if other.meta.date else ""
            links.append(link(unit_href(slug, unit_id, ctx.unit_pages),
                              f"{year}{markdown_text(book_title(short_title(other, 14)))}{markdown_text(label)}"))
        parts.append("另见 " + "；".join(links))
    if not parts:
        return ""
    return paragraph("　".join(parts), css="policy-also")


def canonical_url(slug: str, site_url: str, suffix: str = "") -> str:
    """The published address of a document page (``site_url`` of mkdocs.yml), or '' without one."""
    return f"{site_url}{DOC_DIR}/{slug}{suffix}.html" if site_url else ""


def heading_tag(title: str, doc: Document, canonical: str, extra: str = "") -> str:
    """The page's h1 as raw HTML, so the title never passes through an attribute list; it
    carries what the page's script cites the document and its units with."""
    return (f'<h1 data-doc-title="{markdown_text(title)}" data-cite-prefix="{markdown_text(cite_prefix(doc))}" '
            f'data-gbt7714="{markdown_text(gbt7714(doc))}" '
            f'data-canonical="{markdown_text(canonical)}"{extra}>{markdown_text(title)}</h1>\n')


def pages_attr(plan) -> str:
    """For policy.js: the ids of each page's sections, so a link to a unit on another page
    of the document (an old or outside link) can be sent there. Ids are the builder's ASCII."""
    if len(plan) == 1:
        return ""
    return ' data-pages="' + "|".join(" ".join(sec.unit.id for sec in page) for page in plan) + '"'


def pager(doc: Document, plan, number: int, labels: dict[str, str], suffix: str = "") -> str:
    """Links to every page of a document on several pages, each named by the units it begins with."""
    if len(plan) == 1:
        return ""
    items = []
    for n, page in enumerate(plan, 1):
        first = labels.get(page[0].unit.id, "") or page[0].unit.number
        name = f"第{n}页" + (f"（{markdown_text(first)}起）" if first else "")
        items.append(f"<strong>{name}</strong>" if n == number else link(f"{page_name(doc.slug + suffix, n)}.md", name))
    return paragraph(f"本文件较长，分 {len(plan)} 页：" + " · ".join(items), css="policy-pager")


def render_document(doc: Document, ctx: PageContext, corpus_refs, repo_url: str, branch: str,
                    site_url: str = "", plan=None) -> list[str]:
    """The document's page, or its pages (builder/paging.py), as Markdown."""
    plan = plan or page_plan(doc)
    last = len(plan)
    has_original = doc.is_traditional
    pages = []
    for number, sections in enumerate(plan, 1):
        name = page_name(doc.slug, number)
        canonical = canonical_url(name, site_url)
        title = doc.meta.title if number == 1 else f"{doc.meta.title}（第{number}页）"
        lines = [front_matter(title, f"{doc.meta.kind} · {doc.meta.date or ''} · {doc_summary(doc)}",
                              citation_meta(doc, canonical))]
        original_attr = f' data-original="{page_name(doc.slug + "-original", number)}.html"' if has_original else ""
        lines.append(heading_tag(doc.meta.title, doc, canonical, original_attr + pages_attr(plan)))
        if number == 1:
            lines += document_head(doc, ctx, repo_url, branch, canonical, has_original)
        else:
            lines.append(official_notice(doc, ctx.updated))
        lines.append(pager(doc, plan, number, ctx.labels))
        page_ctx = dataclasses.replace(ctx, errata_at="" if number == last else f"{page_name(doc.slug, last)}.md")
        for section in sections:
            lines += render_unit(section.unit, doc, page_ctx, section.depth, False, section.whole)
        if number == last:
            lines += document_tail(doc, corpus_refs)
        else:
            lines.append(pager(doc, plan, number, ctx.labels))
        pages.append("\n".join(line for line in lines if line).rstrip("\n") + "\n")
    return pages


def document_head(doc: Document, ctx: PageContext, repo_url: str, branch: str, canonical: str,
                  has_original: bool) -> list[str]:
    """What the first page shows above the text: subtitle, citation, facts, downloads, notes."""
    lines = []
    if doc.meta.subtitle:
        lines.append(paragraph(markdown_text(doc.meta.subtitle), css="policy-subtitle"))
    cited = canonical or f"{DOC_DIR}/{doc.slug}.html"
    lines.append(f'<p class="policy-print-cite">{markdown_text(cite_prefix(doc))}，{markdown_text(cited)}</p>\n')
    lines.append(meta_table(doc, repo_url, branch, has_original, ctx.relations, ctx.raw_copies))
    # Downloads, and what a printed page shows at its top (hidden on screen).
    lines.append(f'<p class="policy-downloads">下载：<a href="{attribute(doc.slug)}.txt" download>纯文本</a> · '
                 f'<a href="../data/documents/{attribute(doc.slug)}.json" download>JSON</a></p>\n')
    if "主要内容" in doc.meta.title:
        lines.append('<div class="admonition note"><p class="admonition-title">摘要</p>'
                     "<p>本页为报刊刊登的文件摘要（主要内容），不是文件全文；引用请以正式文本为准。</p></div>\n")
    lines.append(official_notice(doc, ctx.updated))
    lines.append(issue_block(doc))
    return lines


def updated_sentence(updated: str) -> str:
    """本站资料截至…: the corpus's date, from its inputs (``Corpus.updated``), never the clock."""
    return f"本站资料截至 {updated}（所收文件中最晚的成文、发布或保存日期）。" if updated else ""


def official_notice(doc: Document, updated: str) -> str:
    """What every document page tells its reader: this is not the official text, where the
    official one was published, and how recent the corpus is."""
    m = doc.meta
    name = markdown_text(m.source_name) if m.source_name else "来源网页"
    url = safe_url(m.source_url) if m.source_url else ""
    source = f'<a href="{markdown_text(url)}">{name}</a>' if url else name
    return (f'<p class="policy-notice">本页文字整理自{source}，不是官方正式文本；'
            f"引用或办理事务请以发布机关公布的正式文本为准。{updated_sentence(updated)}</p>\n")


def document_tail(doc: Document, corpus_refs) -> list[str]:
    """What the last page shows below the text: errata and the documents it cites."""
    lines = []
    if doc.clean.errata:
        lines.append("## 勘误 { #errata }\n")
        for applied in doc.clean.errata:
            e = applied.erratum
            note = f"{markdown_text(e.note)}" if e.note else ""
            lines.append(paragraph(
                f"{applied.number}. 原文“{markdown_text(e.original)}”，改为“{markdown_text(e.corrected)}”。"
                f"依据：{markdown_text(e.source)}。{note}", f"erratum-{applied.number}", "policy-erratum-note"))
    external = sorted({r.title for r in corpus_refs if r.target is None})
    internal = sorted({(r.target, r.title) for r in corpus_refs if r.target})
    if external or internal:
        lines.append("## 引用的文件 { #references }\n")
        for target, title in internal:
            lines.append(f"- [《{markdown_text(title)}》]({attribute(target)}.md)（本站收录）")
        for title in external:
            lines.append(f"- 《{markdown_text(title)}》（本站未收录）")
        lines.append("")
    return lines


def render_redirect(doc: Document) -> str:
    """A page at a former URL that forwards to the current one, fragment included."""
    target = f"{attribute(doc.slug)}.html"
    return "\n".join([
        front_matter(doc.meta.title, f"已迁移至 {target}"),
        f"# {markdown_text(doc.meta.title)}\n",
        f"本文件的地址已更改为 [{attribute(doc.slug)}]({attribute(doc.slug)}.md)。\n",
        f'<script>location.replace("{target}" + location.hash);</script>',
        f'<noscript><meta http-equiv="refresh" content="0; url={target}"></noscript>\n',
    ])


def render_original(doc: Document, ctx: PageContext, site_url: str = "", plan=None) -> list[str]:
    """The original-text page(s), cut where the reading pages are."""
    plan = plan or page_plan(doc)
    pages = []
    for number, sections in enumerate(plan, 1):
        name = page_name(f"{doc.slug}-original", number)
        canonical = canonical_url(name, site_url)
        lines = [front_matter(f"{doc.meta.title_original}（原文）" + (f"（第{number}页）" if number > 1 else ""),
                              f"{doc.meta.title} 的繁体原文", citation_meta(doc, canonical), lang="zh-Hant")]
        lines.append(heading_tag(doc.meta.title_original, doc, canonical,
                                 ' data-script="traditional"' + pages_attr(plan)))
        lines.append(paragraph("本页为来源网页的原始繁体文字（已去除网页杂项与拼音注音）。"
                               + link(f"{page_name(doc.slug, number)}.md", "返回简体版", "policy-back"),
                               css="policy-subtitle"))
        lines.append(official_notice(doc, ctx.updated))
        lines.append(pager(doc, plan, number, ctx.labels, "-original"))
        for section in sections:
            lines += render_unit(section.unit, doc, ctx, section.depth, True, section.whole)
        pages.append("\n".join(line for line in lines if line).rstrip("\n") + "\n")
    return pages


# --- Index pages ------------------------------------------------------------------
#
# Every list that grows with the corpus (documents of a year, kind or issuer; a term's
# mentions; target years) is split into pages of at most LIST_PAGE_BYTES of Markdown,
# so no page of the site grows without bound. The navigation names only these index
# pages, never a document, so every page carries the same small navigation at any
# corpus size.

LIST_PAGE_BYTES = 40_000
HOME_LATEST = 20
YEAR_DIR, KIND_DIR, ISSUER_DIR, MILESTONE_DIR = "years", "kinds", "issuers", "milestones"
UNDATED = "日期不详"


def list_pages(stem: str, title: str, description: str, intro: list[str], entries: Iterable[str]) -> Iterator[OutputFile]:
    """``stem.md``, ``stem--2.md``, … (named as a long document's pages, ``paging.page_name``):
    the intro on each page, then as many entries as fit in LIST_PAGE_BYTES (an entry is
    never split), and links between the pages.
    ``title`` and ``intro`` are the builder's text or already escaped Markdown."""
    pages: list[list[str]] = [[]]
    size = 0
    for entry in entries:
        if pages[-1] and size + len(entry.encode()) > LIST_PAGE_BYTES:
            pages.append([])
            size = 0
        pages[-1].append(entry)
        size += len(entry.encode())
    folder, name = posixpath.split(stem)
    files = [f"{page_name(name, n)}.md" for n in range(1, len(pages) + 1)]
    for n, body in enumerate(pages, 1):
        heading = title if len(pages) == 1 else f"{title}（第{n}页，共{len(pages)}页）"
        lines = [front_matter(heading, description), f"# {markdown_text(heading)}\n", *intro]
        pager = ""
        if len(pages) > 1:
            pager = "分页：" + " · ".join(f"**{i}**" if i == n else f"[{i}]({f})" for i, f in enumerate(files, 1)) + "\n"
            lines.append(pager)
        lines += body
        if pager:
            lines.append("\n" + pager)
        yield OutputFile(posixpath.join(folder, files[n - 1]), "\n".join(lines).rstrip("\n") + "\n")


def date_line(doc: Document) -> str:
    m = doc.meta
    dates = []
    if m.adopted:
        dates.append(f"{m.adopted.isoformat()} 成文")
    if m.published and m.published != m.adopted:
        dates.append(f"{m.published.isoformat()} 发布")
    elif m.published:
        dates[-1] = f"{m.published.isoformat()} 成文并发布"
    return " · ".join(dates) or UNDATED


def document_entry(doc: Document, prefix: str) -> str:
    """One document in a list: dates, title, kind, issuer, validity and what it is about.
    ``prefix`` leads from the listing page to the site root."""
    m = doc.meta
    who = "、".join(m.issuers)  # a newspaper that printed it is its source, not its issuer
    facts = [markdown_text(m.kind), *([markdown_text(who)] if who else []), f"效力：{markdown_text(m.validity or '未标注')}"]
    return "\n".join([f"- **{date_line(doc)}**　[{markdown_text(m.title)}]({prefix}{DOC_DIR}/{attribute(doc.slug)}.md)  ",
                      f"  {' · '.join(facts)}  ", f"  {markdown_text(doc_summary(doc))}"])


def year_of(doc: Document) -> str:
    return str(doc.meta.date.year) if doc.meta.date else UNDATED


def facet_slugs(values: Iterable[str]) -> dict[str, str]:
    """A stable ASCII page name per facet value (kind, issuer): its pinyin, with a number
    after a name two values share (in sorted order, so the same values give the same names)."""
    out, used = {}, defaultdict(int)
    for value in sorted(set(values)):
        base = pinyin_slug(value) or "x"
        used[base] += 1
        out[value] = base if used[base] == 1 else f"{base}-{used[base]}"
    return out


@dataclass(frozen=True)
class Facet:
    """One way to list the documents: by year, by kind or by issuer."""

    folder: str
    title: str
    noun: str
    groups: dict[str, list[Document]]
    """Value -> its documents, newest first, in the order the index page lists the values."""
    names: dict[str, str]
    """Value -> page name in ``folder``."""


def newest_first(docs: Iterable[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.meta.date.isoformat() if d.meta.date else "", d.slug), reverse=True)


def facets(corpus: Corpus) -> tuple[Facet, Facet, Facet]:
    by_year: dict[str, list[Document]] = defaultdict(list)
    by_kind: dict[str, list[Document]] = defaultdict(list)
    by_issuer: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus.documents:
        by_year[year_of(doc)].append(doc)
        by_kind[doc.meta.kind].append(doc)
        for issuer in doc.meta.issuers or ("未署发布机关",):
            by_issuer[issuer].append(doc)
    years = sorted(by_year, key=lambda y: (y == UNDATED, "" if y == UNDATED else f"{9999 - int(y):04d}"))
    kinds = sorted(by_kind, key=lambda k: (-len(by_kind[k]), k))
    issuers = sorted(by_issuer, key=lambda i: (-len(by_issuer[i]), i))
    return (
        Facet(YEAR_DIR, "按年份", "年", {y: newest_first(by_year[y]) for y in years},
              {y: "undated" if y == UNDATED else y for y in years}),
        Facet(KIND_DIR, "按类型", "类", {k: newest_first(by_kind[k]) for k in kinds}, facet_slugs(kinds)),
        Facet(ISSUER_DIR, "按发布机关", "个机关", {i: newest_first(by_issuer[i]) for i in issuers}, facet_slugs(issuers)),
    )


def facet_pages(facet: Facet) -> Iterator[OutputFile]:
    """The facet's index (each value with its count) and each value's list of documents."""
    intro = [f"共 {len(facet.groups)} {facet.noun}，括号内为文件数。\n"]
    entries = (f"- [{markdown_text(value)}]({facet.names[value]}.md)（{len(docs)}）" for value, docs in facet.groups.items())
    yield from list_pages(f"{facet.folder}/index", facet.title, f"文件{facet.title}列出", intro, entries)
    for value, docs in facet.groups.items():
        title = f"{value}年" if facet.folder == YEAR_DIR and value != UNDATED else value
        intro = [f"{len(docs)} 份文件，新者在前。返回[{facet.title}](index.md)。\n"]
        yield from list_pages(f"{facet.folder}/{facet.names[value]}", title, f"{title}的文件",
                              intro, (document_entry(d, "../") for d in docs))


def render_home(corpus: Corpus, site_url: str = "") -> str:
    docs = corpus.documents
    lines = [front_matter("四川区域发展政策文库", "四川省区域发展政策文件的整理、检索与逐条引用")]
    lines.append("# 四川区域发展政策文库\n")
    lines.append(
        "本站收录四川省及省内地方关于区域发展的政策文件与报道：从政府网站和报纸网页抓取原文，"
        "去除网页导航、重复正文和拼音注音，统一为简体中文（繁体原文可随时对照），"
        "并把每一部分、每一条、每一段都做成可以直接引用的链接。\n"
    )
    lines.append('<p class="policy-notice">本站文字整理自公开发布的网页和文件，不是官方正式文本；'
                 "引用或办理事务请以发布机关公布的正式文本为准，每份文件的页面都注明了来源。"
                 f"{updated_sentence(corpus.updated.isoformat() if corpus.updated else '')}</p>\n")
    lines.append(f"目前共收录 **{len(docs)}** 份文件。可以：\n")
    lines.append(f"- 按 [年份]({YEAR_DIR}/index.md)、[类型]({KIND_DIR}/index.md) 或 [发布机关]({ISSUER_DIR}/index.md) 浏览，"
                 "或在 [时间线](timeline.md) 上查看各年份的文件和目标；")
    lines.append("- 从 [术语索引](terms/index.md) 追踪一个地区或战略（如天府新区、川陕革命老区）在历年文件中的表述；")
    lines.append("- 使用右上角搜索（支持简体和繁体）；")
    offline = (f'，或 <a href="{site_url}{OFFLINE_ZIP}" download>离线浏览包（zip）</a>，解压后直接打开 index.html 即可离线阅读'
               if site_url else "")
    lines.append(f"- 下载 [数据索引（JSON）](data/index.json) 与每份文件的 JSON{offline}。\n")
    latest = newest_first(docs)[:HOME_LATEST]
    more = f"（最新 {len(latest)} 份；全部文件见[按年份]({YEAR_DIR}/index.md)）" if len(docs) > len(latest) else ""
    lines.append(f"## 文件列表 {{ #documents }}\n\n{more}\n" if more else "## 文件列表 { #documents }\n")
    lines += [document_entry(doc, "") for doc in latest]
    lines.append("")
    lines.append("## 引用方式 { #citing }\n")
    lines.append("每个部分、条款和段落都有固定的锚点（如 `part-2-clause-5`）。把鼠标移到一段文字上"
                 "（用键盘时按 Tab 键，在手机上轻点这段文字），旁边会出现它的工具：¶ 是永久链接，"
                 "“复制引用”复制形如《文件名》二、（五） 加链接的引文，“引用格式”给出 GB/T 7714 等格式。\n")
    return "\n".join(lines)


def render_timeline(corpus: Corpus, year_facet: Facet) -> str:
    """Years with their documents' count, then the target years that documents name."""
    lines = [front_matter("时间线", "按年份排列的文件与各文件提出的目标年份")]
    lines.append("# 时间线\n")
    lines.append("按成文（或发布）日期的年份排列，括号内为文件数；每一年的文件按日期列在该年的页面上。\n")
    lines.append('<div class="policy-timeline">\n')
    for year, docs in year_facet.groups.items():
        lines.append(f'<div class="policy-timeline-year">\n\n<span class="policy-year">{year}</span>\n')
        shown = docs[:3]
        for doc in shown:
            lines.append(document_entry(doc, ""))
        rest = f"该年共 {len(docs)} 份文件" + ("，见" if len(docs) > len(shown) else "：")
        lines.append(f"\n{rest}[{year}年的全部文件]({YEAR_DIR}/{year_facet.names[year]}.md)。\n\n</div>\n")
    lines.append("</div>\n")
    lines.append("## 目标年份 { #milestones }\n")
    lines.append("文件中“到某年……”形式的目标表述，按目标年份排列，括号内为条数。\n")
    counts: dict[int, int] = defaultdict(int)
    for ms in corpus.milestones:
        counts[ms.year] += 1
    lines += [f"- [{year}年]({MILESTONE_DIR}/{year}.md)（{n}）" for year, n in sorted(counts.items())]
    return "\n".join(lines) + "\n"


def milestone_pages(corpus: Corpus, labels: dict[str, dict[str, str]],
                    pages: dict[str, dict[str, int]]) -> Iterator[OutputFile]:
    docs = {d.slug: d for d in corpus.documents}
    by_year: dict[int, list] = defaultdict(list)
    for ms in corpus.milestones:
        by_year[ms.year].append(ms)
    for year, items in sorted(by_year.items()):
        entries = []
        for ms in items:
            doc = docs[ms.slug]
            label = labels[ms.slug].get(ms.unit_id, "")
            made = doc.meta.date.year if doc.meta.date else ""
            entries.append(f"- {markdown_text(ms.sentence)} —— [{made}{markdown_text(book_title(short_title(doc)))}"
                           f"{markdown_text(label)}]({unit_href(ms.slug, ms.unit_id, pages, f'../{DOC_DIR}/')})")
        intro = [f"文件中以 {year} 年为目标年份的表述，共 {len(items)} 条。返回[时间线](../timeline.md#milestones)。\n"]
        yield from list_pages(f"{MILESTONE_DIR}/{year}", f"目标年份：{year}年", f"以{year}年为目标的表述", intro, entries)


def unit_numbers(docs: Iterable[Document]) -> dict[str, dict[str, str]]:
    """Per document, unit id -> its own number (（十二）)."""
    return {doc.slug: {u.id: u.number for u in doc.walk() if u.number} for doc in docs}


def term_pages(term: GlossaryTerm, mentions: list[Mention], docs: dict[str, Document],
               labels: dict[str, dict[str, str]], all_numbers: dict[str, dict[str, str]],
               pages: dict[str, dict[str, int]]) -> Iterator[OutputFile]:
    facts = [f"类别：{markdown_text(term.category)}"]
    if term.traditional:
        facts.append(f"繁体：{markdown_text(term.traditional)}")
    if term.aliases:
        facts.append("又作：" + "、".join(markdown_text(a) for a in term.aliases))
    intro = ["　".join(facts) + "\n"]
    if term.description:
        intro.append(f"{markdown_text(term.description)}\n")
    count_docs = len({m.slug for m in mentions})
    intro.append(f"在 {count_docs} 份文件的 {len(mentions)} 处出现，按文件日期排列：\n")
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_doc[mention.slug].append(mention)
    entries = []
    for slug, items in by_doc.items():  # mentions come in document order
        doc = docs[slug]
        numbers = all_numbers[slug]
        date = doc.meta.date.isoformat() if doc.meta.date else UNDATED
        block = [f"\n**{date}**　[{markdown_text(doc.meta.title)}](../{DOC_DIR}/{attribute(slug)}.md)\n"]
        for mention in items:
            label = labels[slug].get(mention.unit_id, "")
            # The label already says 四、（十二）; do not repeat the clause's own number.
            snippet = mention.snippet.removeprefix(numbers.get(mention.unit_id, ""))
            href = unit_href(slug, mention.unit_id, pages, f"../{DOC_DIR}/")
            block.append(f"- [{markdown_text(label)}]({href})：{markdown_text(snippet)}")
        entries.append("\n".join(block))
    yield from list_pages(f"{TERM_DIR}/{term.slug}", term.term, term.description or term.term, intro, entries)


def render_term_index(corpus: Corpus) -> str:
    lines = [front_matter("术语索引", "地区、战略和规划名称在各文件中的出现位置")]
    lines.append("# 术语索引\n")
    lines.append("每个术语一页，列出提到它的每一条款，按时间排列，可用来追踪一项政策的演变。\n")
    counts: dict[str, set[str]] = defaultdict(set)
    for m in corpus.mentions:
        counts[m.term].add(m.slug)
    by_category: dict[str, list[GlossaryTerm]] = defaultdict(list)
    for term in corpus.glossary:
        by_category[term.category].append(term)
    for number, category in enumerate(sorted(by_category), 1):
        lines.append(f"\n## {markdown_text(category)} {{ #category-{number} }}\n")
        for term in sorted(by_category[category], key=lambda t: t.slug):
            lines.append(f"- [{markdown_text(term.term)}]({attribute(term.slug)}.md)（{len(counts[term.term])} 份文件）")
    # The candidate terms (corpus.candidates) are for whoever curates glossary.yml: `check`
    # and corpus.json list them, the reader's page does not.
    return "\n".join(lines) + "\n"


def render_search_page() -> str:
    """检索 with filters: the form policy-search.js fills and runs; the query and filters are in
    the address (search.html?q=天府新区&from=2011&to=2020&kind=决定), so a search can be shared."""
    field = '<label class="policy-filter">{label}<select name="{name}" data-policy-filter="{name}">' \
            '<option value="">不限</option></select></label>'
    return "\n".join([
        front_matter("检索", "全文检索，可按年份、类型、发布机关和效力筛选"),
        "# 检索 { #search }\n",
        '<form class="policy-search-page" data-policy-search-page role="search" aria-label="检索与筛选">',
        '<p><label class="policy-filter policy-filter--query">检索词'
        '<input type="search" name="q" data-policy-filter="q" placeholder="如：天府新区、旺府办发（简繁皆可）"></label></p>',
        "<p>" + " ".join(field.format(label=label, name=name) for label, name in (
            ("年份从", "from"), ("到", "to"), ("类型", "kind"), ("发布机关", "issuer"), ("效力", "validity"))) + "</p>",
        "</form>",
        "",
        '<p class="policy-search-page-meta" data-policy-search-page-meta aria-live="polite">输入检索词或选择筛选条件</p>',
        "",
        '<ol class="policy-search-page-results" data-policy-search-page-results></ol>',
        "",
        '<p><button type="button" class="md-button policy-search-page-more" data-policy-search-page-more hidden>'
        "显示更多结果</button></p>",
        "",
    ])


def render_nav(corpus: Corpus) -> str:
    """The navigation for the MkDocs hook to install: the index pages only, the same at any
    corpus size (documents are reached from the year, kind, issuer and term pages)."""
    nav = [
        {"首页": "index.md"},
        {"时间线": "timeline.md"},
        {"按年份": f"{YEAR_DIR}/index.md"},
        {"按类型": f"{KIND_DIR}/index.md"},
        {"按发布机关": f"{ISSUER_DIR}/index.md"},
        {"术语索引": f"{TERM_DIR}/index.md"},
        {"检索与筛选": "search.md"},
    ]
    return json.dumps(nav, ensure_ascii=False, indent=1) + "\n"


def page_context(corpus: Corpus) -> tuple[dict[str, dict[str, str]], dict, dict, dict]:
    """Labels per document, citation targets per document, related units and terms per unit."""
    labels = {doc.slug: unit_labels(doc) for doc in corpus.documents}
    # Link exactly the citations the linker resolved, so page and corpus.json agree.
    targets: dict[str, dict[str, str]] = defaultdict(dict)
    for ref in corpus.references:
        if ref.target:
            targets[ref.slug][ref.title] = ref.target
    related: dict[str, dict] = defaultdict(dict)
    for rel in corpus.related:
        related[rel.slug][rel.unit_id] = rel.targets
    by_term = {t.term: t for t in corpus.glossary}
    terms: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for m in corpus.mentions:
        terms[m.slug][m.unit_id].append(by_term[m.term])
    return labels, targets, related, terms


def document_relations(corpus: Corpus) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Each document's relations, both ways: a sidecar says 取代/修改, the other side is inferred."""
    docs = {d.slug: d for d in corpus.documents}
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for doc in corpus.documents:
        side = doc.source.sidecar
        for key, forward, backward in (("supersedes", "取代", "已被取代"), ("amends", "修改", "已被修改")):
            for target in getattr(side, key):
                out[doc.slug].append((forward, docs[target].meta.title, target))
                out[target].append((backward, doc.meta.title, doc.slug))
    return {slug: tuple(items) for slug, items in out.items()}


@dataclass(frozen=True)
class SiteContext:
    """What every document page needs from the whole corpus, computed once."""

    labels: dict[str, dict[str, str]]
    targets: dict[str, dict[str, str]]
    related: dict[str, dict]
    terms: dict[str, dict[str, list[GlossaryTerm]]]
    docs: dict[str, Document]
    refs: dict
    relations: dict[str, tuple[tuple[str, str, str], ...]]
    repo_url: str
    branch: str
    site_url: str
    plans: dict[str, tuple]
    """Slug -> the document's pages (builder/paging.py)."""
    unit_pages: dict[str, dict[str, int]]
    """Slug -> unit id -> page, for documents on more than one page."""
    updated: str = ""
    """The corpus's date (``Corpus.updated``, ISO) or ''."""
    raw_copies: dict[str, str] = dataclasses.field(default_factory=dict)
    """Raw file name -> its copy in ``site_src/`` (builder/rawcopy.py)."""


def site_context(corpus: Corpus, repo_url: str = "", branch: str = "main", site_url: str = "",
                 raw_copies: dict[str, str] | None = None) -> SiteContext:
    labels, targets, related, terms = page_context(corpus)
    plans = {d.slug: page_plan(d) for d in corpus.documents}
    pages = {slug: unit_pages(plan) for slug, plan in plans.items() if len(plan) > 1}
    return SiteContext(labels, targets, related, terms, {d.slug: d for d in corpus.documents},
                       corpus.references_by_document, document_relations(corpus), repo_url, branch, site_url,
                       plans, pages, corpus.updated.isoformat() if corpus.updated else "", raw_copies or {})


def index_pages(corpus: Corpus, site: SiteContext) -> Iterator[OutputFile]:
    """Home, timeline, year/kind/issuer lists, term pages and the navigation."""
    year_facet, kind_facet, issuer_facet = facets(corpus)
    yield OutputFile("index.md", render_home(corpus, site.site_url))
    yield OutputFile("timeline.md", render_timeline(corpus, year_facet))
    yield from milestone_pages(corpus, site.labels, site.unit_pages)
    for facet in (year_facet, kind_facet, issuer_facet):
        yield from facet_pages(facet)
    yield OutputFile(f"{TERM_DIR}/index.md", render_term_index(corpus))
    yield OutputFile("nav.json", render_nav(corpus))
    yield OutputFile("search.md", render_search_page())
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for mention in corpus.mentions:
        mentions[mention.term].append(mention)
    numbers = unit_numbers(corpus.documents)
    for term in corpus.glossary:
        yield from term_pages(term, mentions[term.term], site.docs, site.labels, numbers, site.unit_pages)


def document_pages(doc: Document, site: SiteContext) -> list[OutputFile]:
    """One document's page, its original-text page and pages at its former addresses."""
    ctx = PageContext(site.labels[doc.slug], site.targets[doc.slug], site.related.get(doc.slug, {}),
                      first_mentions(doc, site.terms.get(doc.slug, {})), site.docs, site.labels,
                      site.relations.get(doc.slug, ()), site.unit_pages, updated=site.updated,
                      raw_copies=site.raw_copies)
    plan = site.plans[doc.slug]
    pages = render_document(doc, ctx, site.refs.get(doc.slug, ()), site.repo_url, site.branch, site.site_url, plan)
    files = [OutputFile(f"{DOC_DIR}/{page_name(doc.slug, n)}.md", page) for n, page in enumerate(pages, 1)]
    if doc.is_traditional:
        originals = render_original(doc, ctx, site.site_url, plan)
        files += [OutputFile(f"{DOC_DIR}/{page_name(doc.slug + '-original', n)}.md", page)
                  for n, page in enumerate(originals, 1)]
    files += [OutputFile(f"{DOC_DIR}/{old}.md", render_redirect(doc)) for old in doc.former_slugs]
    return files
