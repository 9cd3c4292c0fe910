"""MkDocs as a page shell: the generated Markdown is rendered by pulldown-cmark (pyromark).

MkDocs' own path renders every page with Python-Markdown, which is 80% of a
site build (issue #12 measured it). The builder's Markdown needs nothing that
Python-Markdown offers over CommonMark: text arrives escaped
(``escape.markdown_text``), paragraphs that carry an anchor are raw HTML, and
headings carry ``{ #id data-cite=… }`` attributes, which pulldown-cmark reads.
So ``hooks/site.py`` hands each page's Markdown to :func:`render` and gives
MkDocs the finished HTML and table of contents.

Nothing MkDocs guarantees is lost:

* every relative ``href``/``src`` goes through MkDocs' own link resolution
  (``_RelativePathTreeprocessor.path_to_url``): ``x.md#id`` becomes the page's
  URL, and a missing target is reported with MkDocs' message and level;
* the anchors each page holds and the anchors each page links to are handed to
  MkDocs, whose ``validate_anchor_links`` reports a broken fragment, so
  ``mkdocs build --strict`` still fails on either;
* headings with an id get the permalink Python-Markdown's ``toc`` extension
  gave them, and the table of contents is built from the same headings.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pyromark

OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
PERMALINK = '<a class="headerlink" href="#{id}" title="本条的永久链接">¶</a>'

HEADING = re.compile(r'<h([1-6]) id="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)
ANCHOR_ID = re.compile(r'<[a-z][a-z0-9]*\b[^>]*?\sid="([^"]+)"')
# Every href/src of every tag, however quoted: a link the checker did not see (an empty
# href, single quotes, none) is a link MkDocs never validated.
LINK = re.compile(r"""(<[a-z][a-z0-9]*\b[^>]*?\s(?:href|src)=)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
TAG = re.compile(r"<[^>]+>")
# Headings of this class, and the headings inside their sections, are anchors but not contents
# entries: a law's 第三条 is headed by its number alone, and 300 numbers (and their 第三条（一）
# items) in the table of contents would outweigh the text.
UNTITLED = 'class="policy-untitled"'


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str
    """HTML-escaped text, as MkDocs' templates print it raw."""


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]
    anchors: frozenset[str]


def render(markdown: str) -> Rendered:
    """Markdown -> HTML with permalinks, the headings for the TOC and every id on the page."""
    body = pyromark.html(markdown, options=OPTIONS)
    headings = []
    inside_untitled = [7]  # the level of the untitled heading whose section we are in (7: none)

    def permalink(match: re.Match) -> str:
        level, id_, attrs, inner = match.groups()
        title = TAG.sub("", inner).strip()
        if int(level) <= inside_untitled[0]:
            inside_untitled[0] = int(level) if UNTITLED in attrs else 7
            if inside_untitled[0] == 7:
                headings.append(Heading(int(level), html.unescape(id_), title))
        return f'<h{level} id="{id_}"{attrs}>{inner}{PERMALINK.format(id=id_)}</h{level}>'

    body = HEADING.sub(permalink, body)
    anchors = frozenset(html.unescape(a) for a in ANCHOR_ID.findall(body))
    return Rendered(body, tuple(headings), anchors)


def toc_tokens(headings: tuple[Heading, ...]) -> list[dict]:
    """Headings nested by level, in the form ``mkdocs.structure.toc.get_toc`` reads."""
    root: list[dict] = []
    stack: list[dict] = []
    for h in headings:
        token = {"level": h.level, "id": h.id, "name": h.title, "children": []}
        while stack and stack[-1]["level"] >= h.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def rewrite_links(body: str, resolve) -> str:
    """Every ``href``/``src`` through ``resolve`` (MkDocs' ``path_to_url``), HTML-escaped back
    between double quotes."""
    def one(match: re.Match) -> str:
        url = html.unescape(next(g for g in match.groups()[1:] if g is not None))
        return f'{match.group(1)}"{html.escape(resolve(url), quote=True)}"'

    return LINK.sub(one, body)


# Where white space is content: preformatted text, form fields and scripts.
VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)


def squash_whitespace(page: str) -> str:
    """Fold each run of white space that holds a line break into one line break.

    A quarter of a Material page is its templates' indentation. In HTML such a run
    renders as one space, exactly as the line break does, so the page looks the
    same; ``pre``, ``textarea``, ``script`` and ``style`` are left as they are."""
    parts = VERBATIM.split(page)
    # split() with two groups yields text, whole match, tag name, text, …
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(_fold(part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def _fold(text: str) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    last = len(lines) - 1
    kept = [lines[0].rstrip(" \t")]
    kept += [line.strip() for line in lines[1:last]]
    kept.append(lines[last].lstrip())
    return "\n".join(line for n, line in enumerate(kept) if line or n in (0, last))
