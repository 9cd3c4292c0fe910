"""Corpus -> machine-readable JSON (``data/corpus.json``); schema in the README."""

from __future__ import annotations

import json
from collections import defaultdict

from .link import unit_labels
from .model import Cell, Corpus, Document, Unit

SCHEMA_VERSION = 1


def cell_json(cell: Cell) -> dict:
    """A table cell: its text, its grid column, and its spans and heading role when it has them."""
    place = cell.place
    data = {"text": cell.text, "column": place.column}
    if cell.original != cell.text:
        data["original"] = cell.original
    if place.colspan > 1:
        data["colspan"] = place.colspan
    if place.rowspan > 1:
        data["rowspan"] = place.rowspan
    if place.header:
        data["header"] = True
    return data


def unit_json(unit: Unit, labels: dict[str, str]) -> dict:
    data = {
        "id": unit.id,
        "kind": unit.kind,
        "number": unit.number,
        "label": labels.get(unit.id, ""),
        "heading": unit.heading,
        "text": unit.text,
        "line": unit.line,
    }
    if unit.original != unit.text:
        data["original"] = unit.original
    if unit.cells:
        data["cells"] = [cell_json(cell) for cell in unit.cells]
    if unit.children:
        data["children"] = [unit_json(child, labels) for child in unit.children]
    return data


def document_json(doc: Document, references) -> dict:
    m = doc.meta
    labels = unit_labels(doc)
    return {
        "slug": doc.slug,
        "url": f"doc/{doc.slug}.html",
        "title": m.title,
        "title_original": m.title_original,
        "subtitle": m.subtitle,
        "kind": m.kind,
        "issuers": list(m.issuers),
        "issuers_printed": list(m.issuers_printed),
        "adopted": m.adopted.isoformat() if m.adopted else None,
        "adopted_by": m.adopted_by,
        "published": m.published.isoformat() if m.published else None,
        "doc_number": m.doc_number,
        "source_name": m.source_name,
        "source_url": m.source_url,
        "editor": m.editor,
        "original_title": m.original_title,
        "validity": m.validity,
        "validity_basis": m.validity_basis,
        "effective": m.effective.isoformat() if m.effective else None,
        "provenance": dict(m.provenance),
        "fields": [{"name": f.name, "label": f.label, "value": f.value, "line": f.line, "origin": f.origin,
                    **({"file": f.file} if f.file else {})} for f in doc.fields],
        "script": "traditional" if doc.is_traditional else "simplified",
        "file": {"name": doc.source.name, "sha256": doc.source.sha256, "encoding": doc.source.encoding,
                 "format": doc.source.format, **({"reader": doc.source.reader} if doc.source.reader else {}),
                 **({"left_out": list(doc.source.left_out)} if doc.source.left_out else {})},
        "also_from": [{"name": c.name, "sha256": c.sha256, "format": c.format, **({"reader": c.reader} if c.reader else {}),
                       "fields": list(c.fields), **({"retrieved": c.retrieved.isoformat()} if c.retrieved else {})}
                      for c in doc.also_from],
        "counts": {kind: doc.count(kind)
                   for kind in ("part", "clause", "paragraph", "chapter", "article", "item", "attachment", "table")},
        "cleaning": {
            "rules": [{"rule": s.rule, "lines_removed": s.lines_removed, "changes": s.changes}
                      for s in doc.clean.stats if s.lines_removed or s.changes],
            "converted_chars": doc.clean.converted_chars,
            "removals": [
                {"rule": r.rule, "line": r.line, **({"end_line": r.end_line} if r.end_line else {}),
                 **({"skipped": list(r.skipped)} if r.skipped else {}), "text": r.text}
                for r in doc.all_removals
            ],
        },
        "warnings": [
            {"code": i.code, "message": i.message, "line": i.line, "column": i.column} for i in doc.issues
        ],
        "errata": [
            {"number": a.number, "line": a.line, "original": a.erratum.original,
             "corrected": a.erratum.corrected, "source": a.erratum.source, "note": a.erratum.note}
            for a in doc.clean.errata
        ],
        "references": [{"title": r.title, "unit": r.unit_id, "target": r.target} for r in references],
        "header": [
            {"line": h.line, "role": h.role, "text": h.text, **({"original": h.original} if h.original != h.text else {})}
            for h in doc.header
        ],
        "units": [unit_json(u, labels) for u in doc.units],
    }


def dump(value) -> str:
    """One record as one line of compact JSON (the C encoder does the work)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def corpus_json(corpus: Corpus) -> str:
    """The whole corpus as deterministic JSON, one document (or term) per line.

    One line per record keeps diffs of the committed file readable and lets the
    C JSON encoder do the work (an indented dump is several times slower).
    """
    references = corpus.references_by_document
    mentions = defaultdict(list)
    for m in corpus.mentions:
        mentions[m.term].append({"document": m.slug, "unit": m.unit_id, "snippet": m.snippet})

    def records(values) -> list[str]:
        return ["[\n", ",\n".join(dump(v) for v in values), "\n]"]

    # One join at the end: the document records are most of the corpus, and
    # every intermediate string would be another full copy of it in memory.
    return "".join([
        f'{{"schema":{SCHEMA_VERSION},\n"documents":',
        *records(document_json(doc, references.get(doc.slug, ())) for doc in corpus.documents),
        ',\n"glossary":',
        *records({"term": t.term, "slug": t.slug, "category": t.category, "traditional": t.traditional,
                  "aliases": list(t.aliases), "description": t.description, "mentions": mentions[t.term]}
                 for t in corpus.glossary),
        ',\n"milestones":',
        *records({"year": m.year, "document": m.slug, "unit": m.unit_id, "sentence": m.sentence}
                 for m in corpus.milestones),
        ',\n"candidate_terms":',
        *records({"term": w, "documents": n} for w, n in corpus.candidates),
        "}\n",
    ])


def index_json(corpus: Corpus) -> str:
    """The published data index (``data/index.json``): each document's facts and where its
    whole record is (``data/documents/<slug>.json``), one line per document; each term and
    how many documents mention it. ``corpus.json``, all records in one file, stays in
    ``site_src/`` for tools and is not published: it would grow with the corpus."""
    mentioned: dict[str, set[str]] = defaultdict(set)
    for m in corpus.mentions:
        mentioned[m.term].add(m.slug)

    documents = [{"slug": d.slug, "url": f"doc/{d.slug}.html", "data": f"data/documents/{d.slug}.json",
                  "title": d.meta.title, "kind": d.meta.kind, "issuers": list(d.meta.issuers),
                  "doc_number": d.meta.doc_number, "date": d.meta.date.isoformat() if d.meta.date else None,
                  "validity": d.meta.validity, "source_name": d.meta.source_name} for d in corpus.documents]
    terms = [{"term": t.term, "slug": t.slug, "category": t.category, "documents": len(mentioned[t.term])}
             for t in corpus.glossary]
    return "".join([f'{{"schema":{SCHEMA_VERSION},\n"documents":[\n', ",\n".join(map(dump, documents)),
                    '\n],\n"glossary":[\n', ",\n".join(map(dump, terms)), "\n]}\n"])


def document_file_json(doc: Document, references) -> str:
    """One document as JSON (``data/documents/<slug>.json``), the same record as in corpus.json."""
    return json.dumps({"schema": SCHEMA_VERSION, "document": document_json(doc, references)},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


# A host may serve .txt as text/plain without a charset (and file:// never has one): a browser
# then guesses windows-1252 or GBK. A UTF-8 byte order mark is the one sign every browser
# reads before any guess.
TEXT_BOM = "\ufeff"


def document_plain_text(doc: Document, citation: str) -> str:
    """One document as plain reading text (``doc/<slug>.txt``): a byte order mark (see
    :data:`TEXT_BOM`), a citation header, then every unit's text in order, Simplified, cleaned."""
    m = doc.meta
    facts = [f"发布机关：{'、'.join(m.issuers)}" if m.issuers else "", f"文号：{m.doc_number}" if m.doc_number else "",
             f"成文日期：{m.adopted.isoformat()}" if m.adopted else "",
             f"发布日期：{m.published.isoformat()}" if m.published else "", "效力：" + (m.validity or "未标注") + (f"（{m.validity_basis}）" if m.validity_basis else "")]
    lines = [TEXT_BOM + m.title, "　".join(f for f in facts if f), f"引用：{citation}", ""]
    for unit in doc.walk():
        if unit.text:
            lines.append(unit.text)
    return "\n".join(lines).rstrip("\n") + "\n"
