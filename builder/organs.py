"""Organs' names: one organ, one name, whichever form a page prints.

Pages print an organ's name in its full form (湖南省人民代表大会常务委员会), in a
common short form (湖南省人大常委会), or without the place it belongs to
(省政府办公厅, 市委) where the page's other lines say which place that is. How
these forms relate is a handful of general facts kept as data
(``builder/organs.tsv``): the tiers of places (省, 市, 县, 区 …), the short forms
of an organ's words (人大常委会 → 人民代表大会常务委员会, 政府 → 人民政府) and the
names that put the place inside (省委 → 中共X省委员会). This module reads a name
as *prefix + places + organ words* and writes it in full.

A short form is expanded only after a place: a national body's short name
(发展改革委 among the State Council's ministries) is its own normalised form, and
without a place there is nothing to say which organ a bare word would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import SourceError
from .shapes import HAN, ORGAN_RE, is_organ

ORGANS_FILE = Path(__file__).with_name("organs.tsv")
KINDS = ("level", "prefix", "name", "unit", "head")
TIERS = ("province", "city", "county")
# A seal note after a signature (四川省人民政府（代章）): the stamp, not the name.
SEAL_RE = re.compile(r"[（(]\s*(?:代章|盖章|印章|公章|章)\s*[)）]$")
EXAMPLE_PLACE_RE = re.compile(rf"^[（(](?P<place>[{HAN}]+)[)）](?P<name>.+)$")


@dataclass(frozen=True)
class Rule:
    """One line of ``organs.tsv``."""

    kind: str
    short: str
    full: str
    example: str
    normalised: str
    line: int


@dataclass(frozen=True)
class OrganTable:
    """The rules of ``organs.tsv``, compiled once."""

    rules: tuple[Rule, ...]
    place_re: re.Pattern
    """One place: two to eight characters and a tier's last word (四川省, 青岛西海岸新区)."""
    prefixes: tuple[str, ...]
    """Longest first."""
    prefix_forms: dict[str, str]
    names: dict[str, str]
    units: tuple[tuple[str, str], ...]
    """(short, full), longest first."""
    heads: tuple[str, ...]
    """Words that may follow a bare tier, longest first (units' and names' short forms included)."""
    tiers: tuple[str, ...]
    """Tiers' last words, longest first (自治区 before 区)."""


@dataclass(frozen=True)
class Name:
    """A name read as its parts: ``中共`` + (``四川省``,) + ``委``."""

    prefix: str
    places: tuple[str, ...]
    rest: str


def _rules(text: str, path: Path) -> list[Rule]:
    rules = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 5 or not all(cells):
            raise SourceError(str(path), f"a rule has five tab-separated cells (kind, short, full, example, "
                                         f"normalised), not {len(cells)}", number)
        kind, short, full, example, normalised = cells
        if kind not in KINDS:
            raise SourceError(str(path), f"unknown kind {kind!r} (one of {', '.join(KINDS)})", number)
        if kind == "level" and full not in TIERS:
            raise SourceError(str(path), f"a level's tier is one of {', '.join(TIERS)}, not {full!r}", number)
        if kind == "name" and "{place}" not in full:
            raise SourceError(str(path), "a name's full form says where the place goes ({place})", number)
        rules.append(Rule(kind, short, full, example, normalised, number))
    return rules


@lru_cache(maxsize=4)
def load_organs(path: Path = ORGANS_FILE) -> OrganTable:
    """Read and check ``organs.tsv`` (cached: it is read once per process).

    Raises:
        SourceError: naming the file and line of a malformed rule.
    """
    rules = _rules(Path(path).read_text(encoding="utf-8"), Path(path))
    tiers = tuple(sorted((r.short for r in rules if r.kind == "level"), key=len, reverse=True))
    if not tiers:
        raise SourceError(str(path), "no level rules: a name cannot be read without the tiers of places")
    units = tuple(sorted(((r.short, r.full) for r in rules if r.kind == "unit"), key=lambda u: -len(u[0])))
    names = {r.short: r.full for r in rules if r.kind == "name"}
    heads = {r.short for r in rules if r.kind == "head"} | {s for s, _ in units} | set(names)
    return OrganTable(
        rules=tuple(rules),
        place_re=re.compile(rf"[{HAN}]{{2,8}}?(?:{'|'.join(map(re.escape, tiers))})"),
        prefixes=tuple(sorted((r.short for r in rules if r.kind == "prefix"), key=len, reverse=True)),
        prefix_forms={r.short: r.full for r in rules if r.kind == "prefix"},
        names=names,
        units=units,
        heads=tuple(sorted(heads, key=len, reverse=True)),
        tiers=tiers,
    )


def read_name(name: str, table: OrganTable) -> Name:
    """Split a name into its party prefix, its places (outermost first) and the organ's words."""
    prefix = next((p for p in table.prefixes if name.startswith(p)), "")
    rest, places = name[len(prefix):], []
    while (m := table.place_re.match(rest)) and len(m.group()) < len(rest):
        places.append(m.group())
        rest = rest[m.end():]
    return Name(prefix, tuple(places), rest)


def _expand(rest: str, table: OrganTable) -> str:
    """The organ's words in full: each unit opening what is left, as long as units follow each other."""
    out, i = [], 0
    while i < len(rest):
        unit = next(((s, f) for s, f in table.units if rest.startswith(s, i)), None)
        if unit is None:
            head = next((h for h in table.heads if rest.startswith(h, i)), None)
            if head is None:
                break
            unit = (head, head)
        out.append(unit[1])
        i += len(unit[0])
    return "".join(out) + rest[i:]


def page_places(texts, table: OrganTable) -> dict[str, str]:
    """The place of each tier's last word that the page names, where it names only one.

    ``texts`` are names and titles the page prints (its issuers, its signature, its
    title); ``{"市": "徐州市", "省": "江苏省"}``. A place named with its province
    (重庆市渝北区) is kept whole for its own tier. A place counts where an organ's
    name opens with it, or where a title names what it is about (关于印发徐州市…).
    """
    seen: dict[str, set[str]] = {}
    for text in texts:
        for start, about in _name_starts(text):
            parsed = read_name(text[start:], table)
            if not parsed.places:
                continue
            organ = any(parsed.rest.startswith(h) for h in table.heads) or bool(ORGAN_RE.match(parsed.rest))
            if not organ and not about:
                continue
            chain = ""
            # What a title is about names its place first (徐州市生活必需品…): the rest is not a place.
            for place in parsed.places if organ else parsed.places[:1]:
                chain += place
                tier = next(t for t in table.tiers if place.endswith(t))
                seen.setdefault(tier, set()).add(chain)
    out = {}
    for tier, chains in seen.items():
        # 渝北区 and 重庆市渝北区 are one place: keep the longest of those that end alike.
        distinct = {c for c in chains if not any(o != c and o.endswith(c) for o in chains)}
        if len(distinct) == 1:
            out[tier] = distinct.pop()
    return out


def _name_starts(text: str) -> list[tuple[int, bool]]:
    """Where a name may start in a line, and whether what follows is what a title is about:
    the line's beginning, after a space or 、, after 关于/印发/转发 and after 《."""
    starts = {0: False}
    for m in re.finditer(r"[ \u3000、]+|(?:关于)?(?:印发|转发)|关于|《", text):
        if m.end() < len(text):
            starts[m.end()] = starts.get(m.end(), False) or not m.group().isspace() and m.group() != "、"
    return sorted(starts.items())


def full_name(name: str, places: dict[str, str], table: OrganTable | None = None) -> str:
    """The full form of an organ's name, the places being those the page names.

    ``湖南省人大常委会`` -> ``湖南省人民代表大会常务委员会``; ``市政府办公室`` on a page
    naming 徐州市 -> ``徐州市人民政府办公室``; ``中共四川省委`` -> ``中共四川省委员会``.
    A name this cannot read is returned as it is.
    """
    table = table or load_organs()
    parsed = read_name(name, table)
    if not parsed.places:
        bare = next((t for t in table.tiers if parsed.rest.startswith(t)), "")
        after = parsed.rest[len(bare):]
        if not bare or bare not in places or not any(after.startswith(h) for h in table.heads):
            return name
        parsed = Name(parsed.prefix, (places[bare],), after)
    place = "".join(parsed.places)
    if parsed.rest in table.names:
        return table.names[parsed.rest].format(place=place)
    return table.prefix_forms.get(parsed.prefix, "") + place + _expand(parsed.rest, table)


# 第十四届, 十三届, 第十七次会议, 第100次常务会议: which sitting of the body, not its name.
SITTING_RE = re.compile(r"第?[一二三四五六七八九十百零〇\d]+届|第[一二三四五六七八九十百零〇\d]+次[^次]{0,8}?会议$|(?:常务|全体)?会议$")


def meeting_organ(meeting: str) -> str:
    """The body whose meeting an adoption note names (``陕西省第十四届人民代表大会常务委员会
    第十七次会议`` -> ``陕西省人民代表大会常务委员会``), or '' when it names none."""
    name = SITTING_RE.sub("", meeting.strip())
    return name if name != meeting.strip() and is_organ(name) else ""


# --- Joint documents: several organs on a line --------------------------------------------

def without_seal(text: str) -> str:
    """A signature line without its seal note: ``四川省人民政府（代章）`` -> ``四川省人民政府``."""
    return SEAL_RE.sub("", text.strip()).strip()


def split_organs(text: str, table: OrganTable | None = None) -> tuple[str, ...]:
    """The organs of one line: separated by spaces or 、, or run together where the
    page letter-spaced them and the spaces were collapsed (``四川省人民政府四川省财政厅``).

    A run-together name is cut only where what comes before is an organ's name and
    what follows opens with a place or a party prefix and is one too.
    """
    table = table or load_organs()
    out: list[str] = []
    for part in re.split(r"[ \u3000、，,]+", without_seal(text)):
        if part:
            out.extend(_cut_run_together(without_seal(part), table))
    return tuple(out)


def _cut_run_together(part: str, table: OrganTable) -> list[str]:
    for m in re.finditer(rf"(?=(?:{'|'.join(map(re.escape, table.prefixes))}|国务院|中央)|[{HAN}]{{2,8}}?"
                         rf"(?:{'|'.join(map(re.escape, table.tiers))}))", part):
        cut = m.start()
        if 3 <= cut <= len(part) - 3 and ORGAN_RE.match(part[:cut]) and is_organ(part[cut:]):
            head, tail = part[:cut], part[cut:]
            if read_name(tail, table).places or tail.startswith(table.prefixes + ("国务院", "中央")):
                return [head, *_cut_run_together(tail, table)]
    return [part]


def same_organ(short: str, full: str) -> bool:
    """Whether ``full`` is ``short`` written out (市人民政府办公室 / 徐州市人民政府办公室,
    云南省科技厅 / 云南省科学技术厅): its characters in order, ending in the same word."""
    if len(short) >= len(full) or len(short) < 3 or short[-2:] != full[-2:]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)
