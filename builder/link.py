"""Cross-document work, done after every document is read: slugs, glossary
mentions, citations of other documents, related clauses, target milestones
and suggested terms."""

from __future__ import annotations

import bisect
import json
import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .errors import SourceError
from .escape import SLUG_RE
from .model import (
    Corpus, Document, GlossaryTerm, Issue, Meta, Mention, Milestone, Reference, Related, Sidecar, Unit,
)

log = logging.getLogger(__name__)

SNIPPET_CONTEXT = 28
RELATED_LIMIT = 3
RELATED_WINDOW = 15
"""Units examined on each side, per shared term, when looking for related units."""
CITATION_RE = re.compile(r"《([^《》]{2,80})》")
ABBREVIATION_RE = re.compile(r"简称《([^《》]{1,30})》")
MILESTONE_RE = re.compile(r"(?:到|至|截至|截止到)(\d{4})年")
SENTENCE_RE = re.compile(r"[^。；！？]+[。；！？]?")


def _segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def segment(text: str) -> list[str]:
    """Chinese text as words (jieba), for slugs and for cutting titles at a word boundary."""
    return list(_segmenter().cut(text))


def pinyin_slug(text: str) -> str:
    """Readable ASCII for Chinese words: 成渝经济区 -> ``chengyu-jingjiqu``."""
    from pypinyin import lazy_pinyin

    words = []
    for word in segment(text):
        letters = "".join(lazy_pinyin(word, errors="ignore"))
        letters = re.sub(r"[^a-z0-9]", "", letters.lower().replace("ü", "v"))
        if letters:
            words.append(letters)
    return "-".join(words)


def title_core(title: str) -> str:
    """The part of a title that names the subject: after the issuers and 关于."""
    core = title.strip("《》").replace("》主要内容", "")
    if "关于" in core:
        core = core.split("关于", 1)[1]
    return core


def make_slug(meta: Meta, sidecar: Sidecar, glossary: tuple[GlossaryTerm, ...]) -> str:
    """A readable, stable slug: the year plus the subject of the title.

    The subject is a glossary term in “quotes” in the title, else the first
    glossary term in the title, else the pinyin of the title's first words.
    A sidecar ``slug`` wins over all of this.
    """
    if sidecar.slug:
        return sidecar.slug
    year = str(meta.date.year) if meta.date else "undated"
    title = meta.title
    quoted = re.findall(r"“([^”]+)”", title)
    for phrase in quoted:
        for term in glossary:
            if phrase in term.forms:
                return f"{year}-{term.slug}"
    found = [(title.find(f), -len(f), t.slug) for t in glossary for f in t.forms if f in title]
    if found:
        return f"{year}-{min(found)[2]}"
    words = pinyin_slug(title_core(title)[:12]) or "document"
    return f"{year}-{'-'.join(words.split('-')[:5])}"


def slug_suffix(doc: Document) -> str:
    """A stable, readable suffix telling a document from another with the same slug: its file name."""
    stem = doc.source.name.rsplit(".", 1)[0].lower()
    ascii_part = "-".join(re.findall(r"[a-z0-9]+", stem))[:24].strip("-")
    return ascii_part or doc.source.sha256[:8]


REGISTRY_SCHEMA = 1


def read_registry(path: Path | None) -> dict[str, tuple[str, ...]]:
    """The published slugs, file name -> (current slug, former slugs…) (``slugs.json``);
    {} if there is none yet."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        slugs = data["slugs"]
        if data.get("schema") != REGISTRY_SCHEMA or not all(
                isinstance(k, str) and isinstance(v, list) and v and all(isinstance(x, str) for x in v)
                for k, v in slugs.items()):
            raise ValueError("unexpected layout")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SourceError(str(path), f"slug registry is unreadable ({exc}); restore it from version control") from None
    # A slug becomes a file name and an address: one that is not [a-z0-9-] could lead a
    # write out of the output folder (../../raw/…) or an attribute out of its quotes.
    for name, values in slugs.items():
        for value in values:
            if not SLUG_RE.match(value):
                raise SourceError(str(path), f"{json.dumps(value, ensure_ascii=True)} is not a slug (lower-case "
                                  "ASCII letters, digits and single hyphens); restore it from version control",
                                  key=f"slugs.{json.dumps(name, ensure_ascii=True)}")
    return {name: tuple(values) for name, values in slugs.items()}


def apply_registry(documents: list[Document], registry: dict[str, tuple[str, ...]]) -> list[Document]:
    """Keep every published slug: a file in the registry keeps its slug although the
    glossary or the slug rules would now give another; a sidecar ``slug`` that
    replaces a published one leaves every slug it was published under as a
    forwarding page, for good."""
    out = []
    for doc in documents:
        # A document found in several copies keeps the slug any of them was published under.
        names = (doc.source.name, *(copy.name for copy in doc.also_from))
        published = next((registry[name] for name in names if name in registry), ())
        if published and published[0] != doc.slug and doc.source.sidecar.slug is None:
            doc = replace(doc, slug=published[0])
        elif published and published[0] != doc.slug:
            log.info("%s: slug changed from '%s' to '%s'; the old address forwards", doc.source.path,
                     published[0], doc.slug)
        former = tuple(dict.fromkeys(s for s in (*published, *doc.source.sidecar.old_slugs) if s != doc.slug))
        out.append(replace(doc, former_slugs=former) if former != doc.former_slugs else doc)
    return out


def registry_json(documents) -> str:
    """The registry after a build: every document's slug, then the slugs it was published under
    before, under the name of each of its files (so removing one copy keeps the slug)."""
    slugs = {name: [doc.slug, *doc.former_slugs]
             for doc in documents for name in (doc.source.name, *(copy.name for copy in doc.also_from))}
    entries = [f" {json.dumps(name, ensure_ascii=False)}: {json.dumps(slugs[name], ensure_ascii=False)}"
               for name in sorted(slugs)]
    return f'{{"schema": {REGISTRY_SCHEMA}, "slugs": {{\n' + ",\n".join(entries) + "\n}}\n"


def resolve_slugs(documents: list[Document]) -> tuple[list[Document], list[SourceError]]:
    """Give every document its own slug.

    Two documents whose inferred slugs collide (two laws of the same year on the
    same subject) are told apart by a suffix from the file name, with a warning;
    a slug set in a sidecar is a promise, so a collision there is an error
    naming both files.
    """
    errors: list[SourceError] = []
    taken: dict[str, Document] = {}
    out: list[Document] = []
    for doc in sorted(documents, key=lambda d: (d.source.sidecar.slug is None, d.source.name)):
        slug = doc.slug
        other = taken.get(slug)
        if other is not None and doc.source.sidecar.slug is None:
            slug = f"{doc.slug}-{slug_suffix(doc)}"
            n = 2
            while slug in taken:
                slug, n = f"{doc.slug}-{slug_suffix(doc)}-{n}", n + 1
            issue = Issue("slug-collision", f"slug '{doc.slug}' is also {other.source.name}'s; this page is '{slug}' "
                          f"(set 'slug' in {doc.source.name}.yml to choose another)")
            doc = replace(doc, slug=slug, issues=doc.issues + (issue,))
            log.warning("%s: %s", doc.source.path, issue.message)
        if slug in doc.source.sidecar.old_slugs:
            errors.append(SourceError(doc.source.sidecar.path or doc.source.path,
                                      f"old slug '{slug}' is the document's own slug: its page would redirect to itself",
                                      key="old_slugs"))
        # Every page has one producer: the document, its original-text page, its former addresses.
        pages = (slug, *((f"{slug}-original",) if doc.is_traditional else ()), *doc.former_slugs)
        for name in pages:
            first = taken.setdefault(name, doc)
            if first is not doc:
                errors.append(SourceError(
                    doc.source.path,
                    f"slug '{name}' is also the slug of {first.source.path} (one page, doc/{name}.html); "
                    f"give one of them another 'slug' in its sidecar ({doc.source.name}.yml)",
                ))
        out.append(doc)
    return out, errors


def unit_labels(document: Document) -> dict[str, str]:
    """Citation label of every unit: ``二、（六）``, ``二、（六）第1段``, ``二、表1第3行``,
    ``附件1第2.1节`` (a decimal outline number names its section in full)."""
    labels: dict[str, str] = {}

    def visit(units: tuple[Unit, ...], prefix: str, attachment: str = "") -> None:
        for unit in units:
            if unit.kind == "paragraph":
                number = unit.id.rsplit("-", 1)[1]
                label = f"{prefix}第{number}段" if prefix else f"导语第{number}段"
            elif unit.kind == "addressee":
                label = "主送"
            elif unit.kind in ("signature", "date"):
                label = "落款"
            elif unit.kind == "table":
                label = f"{prefix}表{unit.id.rsplit('-', 1)[1]}"
            elif unit.kind == "row":
                label = f"{prefix}第{unit.id.rsplit('-', 1)[1]}行"
            elif unit.kind.startswith("outline-"):
                label = f"{attachment}第{unit.number}节"
            else:
                label = prefix + unit.number
            labels[unit.id] = label
            visit(unit.children, label if unit.kind != "paragraph" else prefix,
                  label if unit.kind == "attachment" else attachment)

    visit(document.units, "")
    return labels


def snippet(text: str, start: int, end: int) -> str:
    """A short window of ``text`` around ``[start, end)``."""
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(text), end + SNIPPET_CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def find_mentions(documents: tuple[Document, ...], glossary: tuple[GlossaryTerm, ...]) -> tuple[Mention, ...]:
    """Every unit that mentions a glossary term (or an alias), once per term."""
    mentions = []
    for doc in documents:
        units = list(doc.walk())
        whole = "\n".join(u.text for u in units)
        present = [t for t in glossary if any(f in whole for f in t.forms)]
        for unit in units:
            for term in present:
                hits = [(unit.text.find(f), f) for f in term.forms if f in unit.text]
                if hits:
                    pos, form = min(hits)
                    mentions.append(Mention(term.term, doc.slug, unit.id, snippet(unit.text, pos, pos + len(form))))
    return tuple(mentions)


def document_names(doc: Document) -> set[str]:
    """Titles by which other documents may cite ``doc`` in 《》."""
    names = {doc.meta.title, doc.meta.title.strip("《》"), title_core(doc.meta.title), *doc.source.sidecar.short_names}
    inner = CITATION_RE.search(doc.meta.title)
    if inner:
        names.add(inner.group(1))
    if doc.meta.original_title:
        names.add(doc.meta.original_title)
    return {n for n in names if len(n) >= 4}


def find_references(documents: tuple[Document, ...]) -> tuple[Reference, ...]:
    """Citations of other documents, resolved to the corpus where possible."""
    index: dict[str, str] = {}
    for doc in documents:
        for name in document_names(doc):
            index.setdefault(name, doc.slug)
            index.setdefault("关于" + title_core(name) if "关于" not in name else name, doc.slug)
    references = []
    for doc in documents:
        abbreviations = {m.group(1) for u in doc.walk() for m in ABBREVIATION_RE.finditer(u.text)}
        seen: set[tuple[str, str]] = set()
        for unit in doc.walk():
            for match in CITATION_RE.finditer(unit.text):
                title = match.group(1)
                if title in abbreviations or (title, unit.id) in seen:
                    continue
                seen.add((title, unit.id))
                target = index.get(title) or index.get(title_core(title))
                if target == doc.slug:
                    continue
                references.append(Reference(doc.slug, title, unit.id, target))
    return tuple(references)


def find_related(documents: tuple[Document, ...], mentions: tuple[Mention, ...]) -> tuple[Related, ...]:
    """For each unit, the units of other documents sharing its rarer terms.

    Candidates are drawn from a window of documents nearest in date for each
    term, so the cost stays linear in the corpus size.
    """
    order = {doc.slug: i for i, doc in enumerate(documents)}
    terms_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    units_of: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for m in mentions:
        terms_of[(m.slug, m.unit_id)].add(m.term)
        units_of[m.term].append((order[m.slug], m.slug, m.unit_id))
    for entries in units_of.values():
        entries.sort()
    docs_with = {t: len({e[1] for e in entries}) for t, entries in units_of.items()}
    weight = {t: math.log(1 + len(documents) / n) for t, n in docs_with.items()}
    related = []
    for (slug, unit_id), terms in sorted(terms_of.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        scores: Counter = Counter()
        for term in sorted(terms):  # a fixed order keeps float sums, and so ties, reproducible
            entries = units_of[term]
            mid = bisect.bisect_left(entries, (order[slug], "", ""))
            for _, other_slug, other_id in entries[max(0, mid - RELATED_WINDOW) : mid + RELATED_WINDOW]:
                if other_slug != slug:
                    scores[(other_slug, other_id)] += weight[term]
        if scores:
            best = sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0][0]], kv[0][1]))[:RELATED_LIMIT]
            related.append(Related(slug, unit_id, tuple(key for key, _ in best)))
    return tuple(related)


def find_milestones(documents: tuple[Document, ...]) -> tuple[Milestone, ...]:
    """Sentences that state a target for a year (到2020年…)."""
    milestones = []
    for doc in documents:
        for unit in doc.walk():
            for sentence in SENTENCE_RE.findall(unit.text):
                years = sorted({int(y) for y in MILESTONE_RE.findall(sentence)})
                for year in years:
                    milestones.append(Milestone(year, doc.slug, unit.id, sentence.strip()))
    order = {doc.slug: i for i, doc in enumerate(documents)}
    return tuple(sorted(milestones, key=lambda m: (m.year, order[m.slug])))


HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
FOUR_HAN = re.compile(r"[\u4e00-\u9fff]{4}")


def heading_words(units) -> tuple[str, ...]:
    """Words of four or more Han characters in the headings of a document."""
    words = set()
    for unit in units:
        for u in unit.walk():
            if u.heading:
                words.update(_heading_words(u.heading))
    return tuple(sorted(words))


@lru_cache(maxsize=1 << 16)
def _heading_words(heading: str) -> tuple[str, ...]:
    """The long words of one heading. Remembered, and never cut when no four Han characters
    stand together (such a word cannot be in it): jieba over every heading was a quarter of
    the analysis of a law, whose 第X条 and 第X章 headings repeat in every document."""
    if not FOUR_HAN.search(heading):
        return ()
    return tuple(w for w in _segmenter().cut(heading) if len(w) >= 4 and HAN_WORD.fullmatch(w))


def suggest_terms(documents: tuple[Document, ...], glossary: tuple[GlossaryTerm, ...], limit: int = 40):
    """Words of four or more characters that headings of several documents share."""
    known = {f for t in glossary for f in t.forms}
    per_doc: Counter = Counter()
    for doc in documents:
        per_doc.update(set(doc.heading_words) - known)
    shared = [(w, n) for w, n in per_doc.items() if n >= 2]
    return tuple(sorted(shared, key=lambda wn: (-wn[1], wn[0]))[:limit])


def link_corpus(documents: list[Document], glossary: tuple[GlossaryTerm, ...]) -> Corpus:
    """Put the documents in date order and compute every cross-document link."""
    docs = tuple(sorted(documents, key=lambda d: (d.meta.date is None, d.meta.date or 0, d.slug)))
    mentions = find_mentions(docs, glossary)
    return Corpus(
        documents=docs,
        glossary=glossary,
        mentions=mentions,
        references=find_references(docs),
        related=find_related(docs, mentions),
        milestones=find_milestones(docs),
        candidates=suggest_terms(docs, glossary),
    )
