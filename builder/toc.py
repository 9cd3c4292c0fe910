"""Tables of contents: lists of a document's parts that are not its structure.

A 目录 heading and its entries, entries ending in page numbers, runs of bare
chapter headings, and runs of outline headings the document prints again
below. Marked with the role ``toc`` so that the structure parser never sees
them as the document's own chapters.
"""

from __future__ import annotations

import re

from .dates import is_date_line
from .lexicon import is_prose
from .parse import recognise
from .shapes import ARTICLE_RE, CHAPTER_RE, TOC_ENTRY_RE, TOC_HEAD_RE


def mark_toc(tagged: list, rows: frozenset[int] = frozenset()) -> None:
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


def _outline_toc(tagged: list, rows: frozenset[int]) -> None:
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
