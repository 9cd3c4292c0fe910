"""The builder's knowledge of pages and documents, read from ``lexicon.toml``.

Furniture phrases, metadata keys and document kinds are data a user can
extend without touching code; this module only compiles them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .parse import recognise

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")

SENTENCE_PUNCT = "。！？；"


@dataclass(frozen=True)
class FurnitureRule:
    """One known kind of page furniture."""

    role: str
    pattern: re.Pattern
    max_len: int
    prose: bool
    """Whether it also matches lines written as sentences."""
    example: str


@dataclass(frozen=True)
class FieldKey:
    """A metadata label as pages print it, and the field it fills."""

    field: str
    label: str


@dataclass(frozen=True)
class Lexicon:
    furniture: tuple[FurnitureRule, ...]
    keys: tuple[FieldKey, ...]
    """Longest label first, so 信息分类名称 wins over 信息分类."""
    key_pattern: re.Pattern
    """Any label, letter-spaced or not, ending in a colon or inside 【】; group ``key``."""
    key_starts: frozenset[str]
    """Characters a metadata row can start with (a label's first character, 【 or [): a quick test."""
    kinds: tuple[str, ...]
    kind_aliases: dict[str, str]
    meeting_words: tuple[str, ...]
    field_examples: tuple[tuple[str, str], ...]
    """(field, example line) for the tests."""
    phrases: tuple[tuple[str, str], ...] = ()
    """(after OpenCC, modern form) for Traditional sources: 著力 -> 着力."""
    phrase_pattern: re.Pattern | None = None
    """Any of ``phrases``, not right after a character whose word 著 ends (显著)."""
    bare_key_pattern: re.Pattern | None = None
    """Any label followed by white space, no colon (a table flattened to text: ``索引号 11A000/…``)."""

    def field_of(self, label: str) -> str:
        """The field a printed label (spaces removed) fills."""
        bare = re.sub(r"[\s\u3000]", "", label)
        for key in self.keys:
            if key.label == bare:
                return key.field
        raise KeyError(label)


def spaced(label: str) -> str:
    """A label's characters, allowing spaces between them (``索 引 号``)."""
    return r"[ \u3000]*".join(re.escape(ch) for ch in label)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Compile the lexicon file (cached: it is read once per process)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    furniture = tuple(
        FurnitureRule(entry["role"], re.compile(entry["pattern"]), int(entry.get("max_len", 80)),
                      bool(entry.get("prose", False)), entry["example"])
        for entry in data.get("furniture", [])
    )
    keys = sorted((FieldKey(entry["field"], label) for entry in data.get("field", []) for label in entry["keys"]),
                  key=lambda k: -len(k.label))
    alternatives = "|".join(spaced(k.label) for k in keys)
    key_pattern = re.compile(
        rf"(?:【[ \u3000]*(?P<bkey>{alternatives})[ \u3000]*】|\[[ \u3000]*(?P<skey>{alternatives})[ \u3000]*\]"
        rf"|(?P<key>{alternatives})[ \u3000]*[:：])"
    )
    kinds = data.get("kinds", {})
    conversion = data.get("conversion", {})
    phrases = tuple((a, b) for a, b in conversion.get("phrases", ()))
    return Lexicon(
        furniture=furniture,
        keys=tuple(keys),
        key_pattern=key_pattern,
        bare_key_pattern=re.compile(rf"(?P<key>{alternatives})[ \u3000\t]+|(?P<end>{alternatives})$"),
        key_starts=frozenset({k.label[0] for k in keys} | {"【", "["}),
        kinds=tuple(sorted(kinds.get("names", ()), key=len, reverse=True)),
        kind_aliases=dict(kinds.get("aliases", {})),
        meeting_words=tuple(kinds.get("meeting", ())),
        field_examples=tuple((entry["field"], entry["example"]) for entry in data.get("field", [])),
        phrases=phrases,
        phrase_pattern=re.compile(
            f"(?<![{re.escape(conversion.get('word_enders', ''))}])(?:"
            + "|".join(re.escape(a) for a, _ in sorted(phrases, key=lambda p: -len(p[0]))) + ")"
        ) if phrases else None,
    )


def is_prose(text: str) -> bool:
    """Whether a line reads as a sentence of the document."""
    return any(p in text for p in SENTENCE_PUNCT)


def furniture_role(text: str, lexicon: Lexicon) -> str | None:
    """The furniture role of a line by the lexicon, or None.

    A line numbered like the document's structure (一、 （一） 第一条) is text.
    """
    if recognise(text) is not None:
        return None
    prose = is_prose(text)
    for rule in lexicon.furniture:
        if len(text) > rule.max_len or (prose and not rule.prose):
            continue
        if rule.pattern.search(text):
            return rule.role
    return None
