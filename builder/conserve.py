"""The conservation check: nothing is lost between the raw file and the page.

For each document, the Chinese characters and digits of the source, minus the
lines a cleaning rule recorded as removed, must equal, in order, those of the
published text (header lines and units, in the source wording). Pinyin,
private-use symbols, bullets, spaces and punctuation are outside the compared
alphabet, OpenCC is avoided by comparing the original wording, and errata
change only the reading form, so any difference is text that went missing or
appeared from nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .clean import INLINE_RULES
from .model import CleanText, HeaderLine, Issue, Removal, Unit

COMPARED = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9]")
NOT_COMPARED = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9]+")


def removed_lines(clean: CleanText, extra: tuple[Removal, ...] = ()) -> set[int]:
    """Source line numbers that cleaning (or the anatomy stage) removed as a whole."""
    lines: set[int] = set()
    for removal in clean.removals + extra:
        if removal.rule not in INLINE_RULES and not removal.partial:
            lines.update(set(range(removal.line, (removal.end_line or removal.line) + 1)) - set(removal.skipped))
    return lines


def source_lines(clean: CleanText, extra: tuple[Removal, ...] = ()) -> list[tuple[int, str]]:
    """(number, text) of the source lines that should be published, without
    the pieces removed from lines that were otherwise kept."""
    gone = removed_lines(clean, extra)
    pieces: dict[int, list[str]] = {}
    for removal in extra:
        if removal.partial:
            pieces.setdefault(removal.line, []).append(removal.text)
    out = []
    for number, text in enumerate(clean.source.text.split("\n"), 1):
        if number in gone:
            continue
        for piece in pieces.get(number, ()):
            text = _blank(text, COMPARED.findall(piece))
        out.append((number, text))
    return out


def _blank(text: str, chars: list[str]) -> str:
    """``text`` with the first run of compared characters equal to ``chars`` blanked out
    (the piece is compared in the compared alphabet: the line's punctuation was normalised)."""
    if not chars:
        return text
    found = [(m.start(), m.group(0)) for m in COMPARED.finditer(text)]
    seq = [ch for _, ch in found]
    for i in range(len(seq) - len(chars) + 1):
        if seq[i : i + len(chars)] == chars:
            out = list(text)
            for pos, _ in found[i : i + len(chars)]:
                out[pos] = " "
            return "".join(out)
    return text


def expected_chars(clean: CleanText, extra: tuple[Removal, ...] = ()) -> list[tuple[str, int, int]]:
    """(character, line, column) of the source that should be published."""
    out = []
    for number, text in source_lines(clean, extra):
        out += [(m.group(0), number, m.start() + 1) for m in COMPARED.finditer(text)]
    return out


def compared(texts: Iterable[str]) -> list[str]:
    return [ch for text in texts for ch in COMPARED.findall(text)]


def first_difference(expected: list[tuple[str, int, int]], published: list[str]) -> Issue | None:
    """An issue at the first position where the two sequences part, or None."""
    for index, (want, got) in enumerate(zip(expected, published)):
        if want[0] != got:
            _, line, column = want
            context = "".join(ch for ch, _, _ in expected[index : index + 12])
            return Issue("conservation", f"published text departs from the source here: expected "
                         f"{context!r}, found {''.join(published[index:index + 12])!r}", line, column)
    if len(expected) > len(published):
        _, line, column = expected[len(published)]
        missing = "".join(ch for ch, _, _ in expected[len(published) : len(published) + 12])
        return Issue("conservation", f"source text missing from the published page from here: {missing!r}",
                     line, column)
    if len(published) > len(expected):
        extra = "".join(published[len(expected) : len(expected) + 12])
        return Issue("conservation", f"published text has characters the source lacks: {extra!r}")
    return None


def kept_text(clean: CleanText, extra: tuple[Removal, ...] = ()) -> str:
    """The source text that should be published."""
    return "\n".join(text for _, text in source_lines(clean, extra))


def check(clean: CleanText, published: list[str], extra: tuple[Removal, ...] = ()) -> Issue | None:
    """Compare whole strings first (fast); locate a difference only when there is one."""
    if NOT_COMPARED.sub("", kept_text(clean, extra)) == NOT_COMPARED.sub("", "\n".join(published)):
        return None
    return first_difference(expected_chars(clean, extra), compared(published))


def check_cleaning(clean: CleanText) -> Issue | None:
    """Cleaning alone keeps every character it did not record as removed."""
    return check(clean, [line.original for line in clean.lines])


def check_document(clean: CleanText, header: tuple[HeaderLine, ...], units: tuple[Unit, ...],
                   removals: tuple[Removal, ...] = ()) -> Issue | None:
    """The published document keeps every character that was not recorded as removed.

    Header lines and units are compared in source-line order, so metadata read
    from the middle of a page (a table between cover letter and attachment)
    is accounted for where it stood.
    """
    pieces = [(h.line, 0, h.original) for h in header]
    for unit in units:
        pieces += [(u.line, 1, u.original) for u in unit.walk()]
    pieces.sort(key=lambda p: (p[0], p[1]))
    return check(clean, [text for _, _, text in pieces], removals)


# --- A text that stops mid-sentence ------------------------------------------------

# Where a document may end: a signature, its date, a table, an attachment's title.
ENDING_KINDS = frozenset({"signature", "date", "table", "row", "attachment", "addressee"})
# A sentence stopped short: it ends with a character, a comma or an opening mark.
CUT_END = re.compile(r"[\u4e00-\u9fff，、：（《“‘]$")
PROSE = re.compile(r"[，。、；]")


def truncation(units: Iterable[Unit]) -> Issue | None:
    """A warning when the text ends mid-sentence: a page saved before it had loaded, or cut
    by a scraper's limit. Only prose (a sentence with its commas) or a bare number heading
    (第五条, 第一章 with nothing under it) counts: a list of names or a caption ends without
    punctuation as written."""
    last = None
    for unit in units:
        for u in unit.walk():
            if u.text:
                last = u
    if last is None or last.kind in ENDING_KINDS or not CUT_END.search(last.text):
        return None
    bare_heading = not last.children and last.number and len(last.text) <= len(last.number) + 8
    if not PROSE.search(last.text) and not bare_heading:
        return None
    return Issue("truncated", f"the text ends mid-sentence ('…{last.text[-12:]}'): the page was probably saved "
                 "before it had loaded; save it again whole from its address (or add the rest from the original)",
                 last.line)
