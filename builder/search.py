"""The site's search index: sharded, so a query loads only what it needs.

One big index (Material's lunr search) must be downloaded and built in the
browser before the first result: 26 s at 1,000 documents. This index is
split instead:

``search/meta.js``
    the list of documents and glossary terms, and the number of shards;
``search/grams/<k>.js``
    for every character and every pair of adjacent characters (a *gram*),
    the documents containing it and how often, spread over shards by a hash
    of the gram; a query loads the few shards its grams fall in;
``search/text/<slug>.js``
    the reading text of one document, unit by unit, loaded only for the
    documents a query's grams point to, to confirm the phrase and show it.

Chinese has no spaces, so the index does not depend on a word segmenter:
any run of characters is found where it occurs, a glossary term as much as a
word inside it (双城经济圈 inside 成渝地区双城经济圈). Every file is a script
calling ``policySearch.add(...)``, which works over http and from file://.
The browser side is ``overrides/assets/javascripts/policy-search.js``; both
sides share :func:`normalize` and :func:`shard_of`, kept in step by tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np

from .clean import to_simplified_text
from .link import unit_labels
from .model import Corpus, Document
from .render import OutputFile, short_title

SEARCH_DIR = "search"
FORMAT_VERSION = 1
# Aim for shards of about this many postings (one number each, ~6 bytes).
POSTINGS_PER_SHARD = 5000
POSTING_BASE = 256
MAX_SHARDS = 4096
SEPARATOR = "\x00"
NOT_WORD = re.compile(r"[\W_]+")

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


# Variant forms a reader may type for one another (著眼 / 着眼, 於 / 于): one form in the index.
VARIANTS = str.maketrans({"著": "着", "於": "于"})


def normalize(text: str) -> str:
    """Lower-cased letters and digits, variant forms folded (VARIANTS); every run
    of anything else becomes one separator. Grams never span a separator, so
    neither does a match."""
    return NOT_WORD.sub(SEPARATOR, text.lower().translate(VARIANTS))


# A gram as one integer, in the order of the gram strings: a character c alone is c * 2**21,
# a pair (c, d) is c * 2**21 + d + 1 (code points are below 2**21, so a pair sorts after its
# first character alone and before the next character). As integers, a document's grams are
# counted and the corpus's postings grouped by NumPy in compiled code: the loops over every
# posting in Python were the largest serial part of writing the site.
GRAM_SHIFT = 1 << 21
PRIME = 2147483647
HASH_FACTOR = 65599


Grams = tuple[np.ndarray, np.ndarray]


def gram_codes(text: str) -> Grams:
    """Every character and adjacent pair of characters of ``text`` (never across a separator),
    as sorted codes (see GRAM_SHIFT), and how often each occurs."""
    chars = np.frombuffer(normalize(text).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    separator = ord(SEPARATOR)
    singles = chars[chars != separator] * GRAM_SHIFT
    both = (chars[:-1] != separator) & (chars[1:] != separator)
    pairs = chars[:-1][both] * GRAM_SHIFT + chars[1:][both] + 1
    return np.unique(np.concatenate([singles, pairs]), return_counts=True)


def gram_of(code: int) -> str:
    first, second = divmod(code, GRAM_SHIFT)
    return chr(first) + (chr(second - 1) if second else "")


def shard_of(gram: str, shards: int) -> int:
    """The shard a gram lives in; policy-search.js computes the same."""
    h = 0
    for ch in gram:
        h = (h * HASH_FACTOR + ord(ch)) % PRIME
    return h % shards


def shards_of(codes: np.ndarray, shards: int) -> np.ndarray:
    """:func:`shard_of` of many grams given as codes, at once (the products stay below 2**48)."""
    first, second = np.divmod(codes, GRAM_SHIFT)
    h = first % PRIME
    h = np.where(second > 0, (h * HASH_FACTOR + second - 1) % PRIME, h)
    return h % shards


def document_text(doc: Document) -> str:
    """Everything in a document a query can match: title and units."""
    return "\n".join([doc.meta.title, *(u.text for u in doc.walk())])


def text_script(doc: Document, pages: dict[str, int] | None = None) -> str:
    """``search/text/<slug>.js``: the document's units as [id, label, text,
    length of the heading that begins the text (in UTF-16 units, as in JavaScript)],
    and the unit's page when the document has several (``pages``: unit id -> page,
    builder/paging.py)."""
    labels = unit_labels(doc)
    units = [[u.id, labels.get(u.id, ""), u.text, len(u.heading.encode("utf-16-le")) // 2] for u in doc.walk()]
    if pages:
        for unit in units:
            unit.append(pages[unit[0]])
    return _script("text", doc.slug, units)


def document_facts(doc: Document) -> str:
    """What a reader may type to find a document by its metadata: number, issuers (in
    full and as printed), source, kind, year, validity (旺府办发, 四川日报, 2017)."""
    m = doc.meta
    # The issuers as the page prints them too: a reader types 人大常委会 as often as the full name.
    return " ".join(x for x in (m.doc_number, *m.issuers, *m.issuers_printed, m.source_name, m.kind,
                                f"{m.date.year}年" if m.date else "", m.validity) if x)


def meta_script(corpus: Corpus, shards: int) -> str:
    docs = []
    for doc in corpus.documents:
        date = doc.meta.date
        # [slug, title, short title, date, kind, facts, validity, issuers]: the last two for the filters.
        docs.append([doc.slug, doc.meta.title, short_title(doc), date.isoformat() if date else "", doc.meta.kind,
                     document_facts(doc), doc.meta.validity, list(doc.meta.issuers)])
    terms = [[t.slug, t.term, list(t.aliases), t.description] for t in corpus.glossary]
    return _script("meta", "", {"version": FORMAT_VERSION, "shards": shards, "docs": docs, "terms": terms})


def shard_count(postings: int) -> int:
    """A power of two, so shards stay small as the corpus grows."""
    count = 1
    while count < MAX_SHARDS and postings > count * POSTINGS_PER_SHARD:
        count *= 2
    return count


class GramIndex:
    """Postings, gram -> one number per document containing it: ``document number * 256 +
    count`` (count capped at 255), added one document at a time (in corpus order)."""

    def __init__(self) -> None:
        # Compact arrays, one pair per document: at 1,000 documents there are ~4 million
        # postings, which as lists of Python ints would take ~150 MB.
        self._codes: list[np.ndarray] = []
        self._values: list[np.ndarray] = []

    def add(self, number: int, grams: Grams) -> None:
        """A document's grams, as :func:`gram_codes` gives them."""
        codes, counts = grams
        self._codes.append(codes)
        self._values.append((number * POSTING_BASE + np.minimum(counts, POSTING_BASE - 1)).astype(np.int64))

    def scripts(self) -> tuple[int, Iterator[OutputFile]]:
        """The number of shards, and the shards (each script made as it is asked for)."""
        codes = np.concatenate(self._codes) if self._codes else np.zeros(0, np.int64)
        values = np.concatenate(self._values) if self._values else np.zeros(0, np.int64)
        # Stable, so each gram's postings stay in the order the documents were added.
        order = np.argsort(codes, kind="stable")
        codes, values = codes[order], values[order]
        grams, starts = np.unique(codes, return_index=True)
        ends = np.append(starts[1:], len(codes))
        shards = shard_count(len(codes))
        names = list(map(gram_of, grams.tolist()))
        # Grams in string order (their codes' order), each in its shard.
        buckets: list[list[int]] = [[] for _ in range(shards)]
        for i, shard in enumerate(shards_of(grams, shards).tolist()):
            buckets[shard].append(i)
        starts, ends = starts.tolist(), ends.tolist()
        files = (OutputFile(f"{SEARCH_DIR}/grams/{k}.js",
                            _script("grams", str(k), {names[i]: values[starts[i]:ends[i]].tolist() for i in bucket}))
                 for k, bucket in enumerate(buckets))
        return shards, files


def document_search(doc: Document, pages: dict[str, int] | None = None) -> tuple[OutputFile, Grams]:
    """One document's share of the search: its text script and its grams."""
    return OutputFile(f"{SEARCH_DIR}/text/{doc.slug}.js", text_script(doc, pages)), gram_codes(document_text(doc))


def _script(kind: str, key: str, data) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"policySearch.add({json.dumps(kind)},{json.dumps(key, ensure_ascii=False)},{payload});\n"


def t2s_map() -> dict[str, str]:
    """Every character OpenCC turns into a different Simplified character."""
    chars = [chr(c) for start, end in CJK_RANGES for c in range(start, end + 1)]
    converted = to_simplified_text("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, converted) if len(b) == 1 and a != b}


def t2s_script() -> str:
    """A script defining ``window.policyT2S``, used to simplify search queries."""
    data = json.dumps(t2s_map(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return ("// Generated by the builder from OpenCC's t2s tables: Traditional -> Simplified characters.\n"
            f"window.policyT2S = {data};\n")


def search_files(corpus: Corpus, index: GramIndex) -> Iterator[OutputFile]:
    """The sharded index of every document's grams (added to ``index``, see
    ``document_search``), the document list and the query converter's table."""
    shards, files = index.scripts()
    yield from files
    yield OutputFile(f"{SEARCH_DIR}/meta.js", meta_script(corpus, shards))
    yield OutputFile("assets/generated/t2s.js", t2s_script())
