"""Correct the role labels of the real pages from what a reader expects of them.

The labels in training/roles/ began as what the old rules did with each page,
and the rules were wrong on most pages of sites they had never seen. Each
page's expected.json entry says what a reader sees; a label that contradicts it
is wrong whatever produced it:

* a line holding furniture the reader must not see (``absent``) and none of the
  text they must see is furniture (a metadata row stays metadata);
* a line holding text the reader must see (``text``) is body, unless it is the title;
* the line or run of lines that prints the expected title is the title, and a
  line labelled title that is no part of it is furniture before the text or body
  after it.

Prints each change (page, row, old -> new, line) so that a person reviews it.

    python tools/labels_from_expected.py [SET ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.clean import to_simplified_text as to_simplified  # noqa: E402
from builder.lexicon import load_lexicon  # noqa: E402
from builder.shapes import read_row, title_key  # noqa: E402
from builder.training import LABELS, PAGES, read_labels  # noqa: E402

LEXICON = load_lexicon()


def title_rows(texts: list[str], title: str) -> set[int]:
    """Rows that print the title: a row equal to it, or a run of up to four rows that joins to it."""
    want = title_key(title)
    found: set[int] = set()
    for k in range(len(texts)):
        joined = ""
        for j in range(k, min(k + 4, len(texts))):
            joined += title_key(texts[j])
            if joined == want:
                found |= set(range(k, j + 1))
                break
            if not want.startswith(joined):
                break
    return found


def correct(rows: list[tuple[str, str]], expected: dict) -> list[tuple[str, str]]:
    texts = [text for _, text in rows]
    labels = [role for role, _ in rows]
    titles: set[int] = set()
    for title in [expected.get("title"), *expected.get("title_alt", [])]:
        if title and not titles:
            titles = title_rows(texts, title)
    wanted = [p for p in expected.get("text", [])]
    absent = [a for a in expected.get("absent", [])]
    # Text phrases may quote the title: the text begins at the first such line that does not print it.
    first_text = min((k for k, t in enumerate(texts) if k not in titles and any(p in t for p in wanted)),
                     default=len(texts))
    # The title as the document prints it, before its text; a later line of the same words is
    # an attachment's own title (a notice that 印发s it) and keeps its label.
    titles = {k for k in titles if k < first_text}
    if any(labels[k] == "title" and title_key(texts[k]) and title_key(texts[k]) in title_key(expected.get("title") or "")
           for k in range(len(texts))):
        titles = {k for k in titles if labels[k] != "body"}  # the title is labelled already
    for k, text in enumerate(texts):
        simple = to_simplified(text)
        has_text = any(p in text or p in simple for p in wanted)
        if k in titles:
            labels[k] = "title"
        elif any(a in text or to_simplified(a) in simple for a in absent) and not has_text:
            # Metadata is never reading text: a dateline holding a time the reader must not see stays metadata.
            if labels[k] != "metadata":
                labels[k] = "metadata" if read_row(text, LEXICON) else "furniture"
        elif has_text and labels[k] != "title":
            labels[k] = "body"
        elif labels[k] == "title" and titles:
            labels[k] = "furniture" if k < first_text and k < min(titles) else "body"
    return list(zip(labels, texts))


def main(sets: list[str]) -> int:
    for folder in sets or sorted(p.name for p in LABELS.iterdir()):
        expected = json.loads((PAGES / folder / "expected.json").read_text(encoding="utf-8"))
        for tsv in sorted((LABELS / folder).glob("*.tsv")):
            entry = next((e for name, e in expected.items() if Path(name).stem == tsv.stem), None)
            if entry is None:
                continue
            rows = read_labels(tsv)
            fixed = correct(rows, entry)
            for n, (before, after) in enumerate(zip(rows, fixed), 1):
                if before[0] != after[0]:
                    print(f"{tsv}:{n}: {before[0]} -> {after[0]}  {after[1][:50]}")
            if fixed != rows:
                tsv.write_text("".join(f"{r}\t{t}\n" for r, t in fixed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
