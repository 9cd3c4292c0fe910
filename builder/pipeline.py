"""The builder's only orchestrator.

``build(config)`` runs the stages in one direction:

1. read the glossary and every raw file (``sources``), decoding bytes once;
2. clean each source into reading lines (``clean``);
3. read the page's anatomy: every line gets a role, furniture is set aside,
   metadata, title, body and attachments are told apart (``anatomy``);
4. choose the metadata from the roles, by trust (``meta``);
5. parse the body and each attachment into a unit tree (``parse``), check
   that no text was lost (``conserve``) and give the document a slug (``link``);
6. -- all documents are gathered before anything else happens --
   judge each one's validity as of the build's day (``validity``), link the corpus: mentions, citations, related clauses, milestones (``link``);
7. render pages, JSON and search files one at a time (``render``, ``export``,
   ``search``), each written into a staging folder as it is made (``write``);
8. swap the staging folder in, or, if anything failed, leave the old output.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import replace
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from .cache import DocumentCache, builder_version
from .clean import clean, correct
from .cite import cite_prefix
from .config import BuildConfig
from .copies import merge_same_documents
from .conserve import check_document, removed_lines, truncation
from .errors import BuildAbort, SourceError
from .export import corpus_json, document_file_json, document_plain_text, index_json
from .glossary import read_glossary
from .link import apply_registry, heading_words, link_corpus, make_slug, read_registry, registry_json, resolve_slugs
from .anatomy import Attachment, read_anatomy
from .shapes import is_spam
from .meta import read_meta
from .model import Corpus, Document, GlossaryTerm, HeaderLine, Issue, Source, Unit
from .parse import parse_units
from .rawcopy import copy_paths, raw_copies
from .render import OutputFile, SiteContext, canonical_url, document_pages, index_pages, site_context
from .search import Grams, GramIndex, document_search, search_files
from .sources import read_sources
from .stamp import (Stamp, bytes_digest, collected_warnings, content_digest, inputs_digest, read_stamp,
                    repeat_warnings, same_content, scan, stamp_path, write_stamp)
from .templates import with_templates
from .validity import judge_validity
from .write import MARKER, leftovers, replace_file, write_site

log = logging.getLogger(__name__)

PROGRESS_EVERY = 100


@dataclass(frozen=True)
class BuildResult:
    """What a build understood (the files themselves went to disk)."""

    corpus: Corpus | None
    """None when nothing had changed since the last build and its output was left as it was."""
    document_count: int
    warning_count: int
    """Warnings the documents carry (what ``--strict`` counts)."""

    @classmethod
    def of(cls, corpus: Corpus) -> BuildResult:
        return cls(corpus, len(corpus.documents), sum(len(doc.issues) for doc in corpus.documents))


def parse_attachment(attachment: Attachment, table_rows: dict) -> tuple[Unit, tuple[Issue, ...]]:
    """An attachment as one unit holding its own structure (ids ``att-1-…``)."""
    root = f"att-{attachment.number}"
    children, issues = parse_units(attachment.lines, root, table_rows)
    titled = bool(attachment.title_lines)
    first = attachment.title_lines[0] if titled else (attachment.label or (attachment.lines or [None])[0])
    unit = Unit(
        id=root,
        kind="attachment",
        number=f"附件{attachment.number}",
        heading=attachment.title,
        text=attachment.title if titled else "",
        original=attachment.title_original if titled else "",
        line=first.number if first else 0,
        children=children,
    )
    return unit, issues


def correct_anatomy(cleaned, anatomy):
    """Apply the sidecar's errata to the text the anatomy publishes (body and attachments)."""
    published = list(anatomy.body)
    for attachment in anatomy.attachments:
        published += [*attachment.title_lines, *attachment.lines]
    cleaned, fixed = correct(cleaned, tuple(published))
    if not cleaned.errata:
        return cleaned, anatomy
    new = dict(zip(map(id, published), fixed))

    def swap(lines):
        return tuple(new.get(id(line), line) for line in lines)

    attachments = tuple(replace(a, title_lines=swap(a.title_lines), lines=swap(a.lines)) for a in anatomy.attachments)
    return cleaned, replace(anatomy, body=swap(anatomy.body), attachments=attachments)


def analyse(source: Source, glossary: tuple[GlossaryTerm, ...]) -> Document:
    """Stages 2-5 for one source."""
    cleaned = clean(source)
    anatomy = read_anatomy(cleaned)
    cleaned, anatomy = correct_anatomy(cleaned, anatomy)
    header = read_meta(cleaned, anatomy)
    table_rows = source.table_row_at
    units, parse_issues = parse_units(header.body, "", table_rows)
    header_lines = header.lines
    for attachment in header.attachments:
        unit, more = parse_attachment(attachment, table_rows)
        units += (unit,)
        parse_issues += more
        if attachment.label:
            label = attachment.label
            header_lines += (HeaderLine(label.number, "attachment-label", label.text, label.original),)
    # Cleaning's warnings about lines the anatomy set aside (a duplicate copy) concern nothing published.
    gone = removed_lines(cleaned, anatomy.removals)
    issues = tuple(i for i in cleaned.issues if i.line not in gone) + header.issues + parse_issues
    lost = check_document(cleaned, header_lines, units, anatomy.removals)
    if lost:
        issues += (lost,)
    if cut := truncation(units):
        issues += (cut,)
    if anatomy.title is None and units and all(is_spam(u.text) for unit in units for u in unit.walk()):
        raise SourceError(source.path, "the page holds only stacked keywords (search-engine spam), no document; "
                          "remove the file")
    if not any(u.kind != "attachment" or u.children for u in units):
        rules = sorted({r.rule for r in cleaned.removals + anatomy.removals})
        raise SourceError(source.path, "no document text left after cleaning: every line was page furniture "
                          f"({', '.join(rules) or 'blank'}); remove the file or fix the rules")
    ids = {u.id for unit in units for u in unit.walk()}
    for old, new in source.sidecar.anchor_aliases:
        if new not in ids:
            raise SourceError(source.sidecar.path or source.path, f"alias target '{new}' is not an anchor of the document",
                              key=f"anchor_aliases.{old}")
        if old in ids:
            raise SourceError(source.sidecar.path or source.path, f"'{old}' is still an anchor of the document",
                              key=f"anchor_aliases.{old}")
    doc = Document(
        slug=make_slug(header.meta, source.sidecar, glossary),
        source=source,
        meta=header.meta,
        header=tuple(sorted(header_lines, key=lambda h: h.line)),
        units=units,
        clean=cleaned,
        issues=tuple(issues),
        removals=anatomy.removals,
        fields=anatomy.fields,
        heading_words=heading_words(units),
    )
    return doc


def log_issues(doc: Document) -> None:
    """Warn about a document's issues, each with ``path:line``."""
    for issue in doc.issues:
        where = f"{doc.source.path}:{issue.line}" if issue.line else doc.source.path
        log.warning("%s: %s", where, issue.message)


# Analysis is per document: with this many to do, both cores pay for the workers' start-up.
PARALLEL_FROM = 48
WORKERS = 2


def _analyse_one(job: tuple[Source, tuple[GlossaryTerm, ...]]) -> Document | SourceError:
    """One document in a worker; its error comes back as a value, so the others go on."""
    source, glossary = job
    try:
        return analyse(source, glossary)
    except SourceError as exc:
        return exc


def analyse_all(sources: list[Source], glossary: tuple[GlossaryTerm, ...]) -> Iterator[Document | SourceError]:
    """Analyse sources in order, in a pool of worker processes when there are many.

    The results are the same documents in the same order either way (the pool
    maps in order), so the output does not depend on it.
    """
    workers = min(WORKERS, os.cpu_count() or 1)
    jobs = ((s, glossary) for s in sources)
    if len(sources) < PARALLEL_FROM or workers < 2:
        yield from map(_analyse_one, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_analyse_one, jobs, chunksize=8)


def check_relations(documents: list[Document]) -> list[SourceError]:
    """A sidecar's ``supersedes``/``amends`` must name other documents of the corpus, and
    never lead back to the document itself (a document 已被取代 by itself, or two that
    supersede each other, is a mistake in the sidecars, not a history)."""
    by_slug = {doc.slug: doc for doc in documents}
    errors = []
    for key in ("supersedes", "amends"):
        edges: dict[str, list[str]] = {}
        for doc in sorted(documents, key=lambda d: d.source.name):
            side = doc.source.sidecar
            where = side.path or doc.source.path
            for target in getattr(side, key):
                if target == doc.slug:
                    errors.append(SourceError(where, f"'{target}' is the document itself: it cannot {key} itself",
                                              key=key))
                elif target not in by_slug:
                    errors.append(SourceError(where, f"'{target}' is not the slug of a document in the corpus", key=key))
                else:
                    edges.setdefault(doc.slug, []).append(target)
        for cycle in relation_cycles(edges):
            files = [by_slug[slug].source.sidecar.path or by_slug[slug].source.path for slug in cycle]
            errors.append(SourceError(files[0], f"'{key}' forms a cycle between {', '.join(files)}: each "
                                      f"{key} another of them; remove it from one of the sidecars", key=key))
    return errors


def relation_cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """The documents of each cycle of a relation: its strongly connected parts of more than
    one document (Tarjan's algorithm, iterative, so linear whatever the sidecars say), each
    sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges.get(target, ()))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1:
                    found.append(sorted(part))
    return sorted(found)


def gather(config: BuildConfig, cache_writes: bool = True) -> Corpus:
    """Stages 1-6: read and understand everything, writing nothing but the cache."""
    glossary_bytes = config.glossary.read_bytes()  # read once: the terms and the cache key are of the same bytes
    glossary = read_glossary(config.glossary, glossary_bytes)
    sources, errors = read_sources(config.raw_dir)
    sources = with_templates(sources)  # a scrape's pages tell its template apart from each page's text
    cache = DocumentCache(config.cache_dir, hashlib.sha256(glossary_bytes).hexdigest(), cache_writes)
    documents: list[Document | None] = [cache.get(source) for source in sources]
    for doc in documents:
        if doc is not None:
            log_issues(doc)
    todo = [i for i, doc in enumerate(documents) if doc is None]
    for done, (i, outcome) in enumerate(zip(todo, analyse_all([sources[i] for i in todo], glossary)), 1):
        if isinstance(outcome, SourceError):
            errors.append(outcome)
        else:
            documents[i] = outcome
            log_issues(outcome)  # here, not in the worker: the parent's handlers see every warning
            cache.put(sources[i], outcome)
        if done % PROGRESS_EVERY == 0:
            log.info("analysed %d/%d documents", done, len(todo))
    documents = [doc for doc in documents if doc is not None]
    if config.cache_dir:
        log.info("cache: %d document(s) reused, %d analysed", cache.hits, len(documents) - cache.hits)
    documents, copy_errors = merge_same_documents(documents, glossary)
    errors += copy_errors
    try:
        documents = apply_registry(documents, read_registry(config.slug_registry))
    except SourceError as exc:
        errors.append(exc)
    documents, slug_errors = resolve_slugs(documents)
    errors += slug_errors + check_relations(documents)
    if not errors:
        documents = judge_validity(documents, config.as_of or datetime.date.today())
    if errors:
        for error in errors:
            log.error("%s", error)
        raise BuildAbort(f"{len(errors)} file(s) could not be built; nothing was written")
    if not documents:
        raise BuildAbort(f"{config.raw_dir}: no documents to build")
    return link_corpus(documents, glossary)


def site_files(corpus: Corpus, config: BuildConfig) -> Iterator[OutputFile]:
    """Stage 6, lazily: the whole site never sits in memory at once."""
    raw_files = {copy.name: copy.sha256 for doc in corpus.documents for copy in doc.also_from}
    raw_files.update((doc.source.name, doc.source.sha256) for doc in corpus.documents)
    copies = copy_paths(raw_files)
    site = site_context(corpus, config.repo_url, config.branch, config.site_url, copies)
    yield from index_pages(corpus, site)
    yield OutputFile("data/corpus.json", corpus_json(corpus))
    yield OutputFile("data/index.json", index_json(corpus))
    index = GramIndex()
    for number, (files, grams) in enumerate(render_all(corpus, site)):
        index.add(number, grams)
        yield from files
    yield from search_files(corpus, index)
    yield from raw_copies(copies, raw_files, config.raw_dir)


def document_outputs(doc: Document, site: SiteContext) -> tuple[list[OutputFile], Grams]:
    """Everything one document contributes: its pages, data, plain text and search text,
    and its grams for the search index."""
    canonical = canonical_url(doc.slug, site.site_url) or f"doc/{doc.slug}.html"
    files = document_pages(doc, site)
    files.append(OutputFile(f"data/documents/{doc.slug}.json", document_file_json(doc, site.refs.get(doc.slug, ()))))
    files.append(OutputFile(f"doc/{doc.slug}.txt", document_plain_text(doc, f"{cite_prefix(doc)}，{canonical}")))
    text, grams = document_search(doc, site.unit_pages.get(doc.slug))
    files.append(text)
    return files, grams


# What forked renderers inherit: set just before the pool starts, never sent to them.
_RENDER_JOB: tuple[tuple[Document, ...], SiteContext] | None = None


def _render_one(number: int) -> tuple[list[OutputFile], Grams]:
    documents, site = _RENDER_JOB
    return document_outputs(documents[number], site)


def render_all(corpus: Corpus, site: SiteContext) -> Iterator[tuple[list[OutputFile], Grams]]:
    """``document_outputs`` of every document, in corpus order, on both cores when there
    are many: the workers are forked after linking, so they share the corpus instead of
    being sent it, and send back only text."""
    global _RENDER_JOB
    workers = min(WORKERS, os.cpu_count() or 1)
    if len(corpus.documents) < PARALLEL_FROM or workers < 2:
        for doc in corpus.documents:
            yield document_outputs(doc, site)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _RENDER_JOB = (corpus.documents, site)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_render_one, range(len(corpus.documents)), chunksize=8)
    finally:
        _RENDER_JOB = None


def build(config: BuildConfig, write: bool = True, cache_writes: bool = True, reuse: bool = False) -> BuildResult:
    """Build ``site_src/`` from ``raw/``; with ``write=False`` only analyse
    (and with ``cache_writes=False`` write nothing at all, as ``check`` promises).

    With ``reuse`` (and a cache folder, where the stamp is kept), a build whose inputs
    are those of the last build of the same output, and whose output is still the
    tree that build wrote, stops after hashing them: the output is left as it is and
    the last build's warnings are repeated.
    """
    stamp_file = stamp_path(config.cache_dir, config.out_dir) if reuse and write and cache_writes and config.cache_dir else None
    if stamp_file is not None:
        sources = source_inputs(config)
        previous = read_stamp(stamp_file)
        if previous is not None and previous.inputs == build_inputs(sources, config) and unchanged_output(config, previous):
            repeat_warnings(previous.warnings)
            log.info("nothing changed since the last build; %s left as it is", config.out_dir)
            return BuildResult(None, previous.documents, previous.issues)
    with collected_warnings() as warnings:
        corpus = gather(config, cache_writes)
        result = BuildResult.of(corpus)
        if config.strict and result.warning_count:
            raise BuildAbort(f"{result.warning_count} warning(s) and --strict is set; nothing was written")
        if write:
            write_site(site_files(corpus, config), config.out_dir)
            if config.slug_registry is not None:
                write_registry(config.slug_registry, registry_json(corpus.documents))
    if stamp_file is not None:
        # The registry as this build left it: building again from it publishes the same slugs.
        output = scan(config.out_dir, previous.output if previous else None)
        write_stamp(stamp_file, Stamp(build_inputs(sources, config), output, result.document_count,
                                      result.warning_count, tuple(warnings)))
    return result


def source_inputs(config: BuildConfig) -> str:
    """The digest of what a build reads besides the registry: the builder itself, its
    configuration, the glossary and every file in ``raw/``, hashed now."""
    return inputs_digest(builder_version(), str(config.raw_dir.resolve()), str(config.out_dir.resolve()),
                         config.repo_url, config.branch, str(config.strict), config.site_url,
                         str(config.glossary.resolve()), bytes_digest(config.glossary),
                         content_digest(scan(config.raw_dir, hidden=False)))


def build_inputs(sources: str, config: BuildConfig) -> str:
    registry = config.slug_registry
    return inputs_digest(sources, str(registry.resolve()) if registry else "", bytes_digest(registry))


def unchanged_output(config: BuildConfig, previous: Stamp) -> bool:
    """Whether the output folder still holds exactly the tree the last build wrote, and no
    interrupted build left anything beside it (the next real build recovers that)."""
    return ((config.out_dir / MARKER).is_file() and not leftovers(config.out_dir)
            and same_content(scan(config.out_dir, previous.output), previous.output))


def write_registry(path, content: str) -> None:
    """Record the published slugs (atomically), after the site that uses them was written."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    replace_file(path, content.encode("utf-8"))
