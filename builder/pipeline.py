"""The builder's only orchestrator.

``build(config)`` runs the stages in one direction:

1. read the glossary and every raw file (``sources``), decoding bytes once;
2. clean each source into reading lines (``clean``);
3. split the header from the body and infer metadata (``meta``);
4. parse the body into a unit tree (``parse``), check that no text was lost
   (``conserve``) and give the document a slug (``link``);
5. -- all documents are gathered before anything else happens --
   link the corpus: mentions, citations, related clauses, milestones (``link``);
6. render pages, JSON and search files one at a time (``render``, ``export``,
   ``search``), each written into a staging folder as it is made (``write``);
7. swap the staging folder in, or, if anything failed, leave the old output.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from .cache import DocumentCache
from .clean import clean
from .config import BuildConfig
from .conserve import check_document
from .errors import BuildAbort, SourceError
from .export import corpus_json
from .glossary import read_glossary
from .link import check_slugs, heading_words, link_corpus, make_slug
from .meta import extract_header
from .model import Corpus, Document, GlossaryTerm, Source
from .parse import parse_units
from .render import OutputFile, render_site
from .search import search_files
from .sources import read_sources
from .write import write_site

log = logging.getLogger(__name__)

PROGRESS_EVERY = 100


@dataclass(frozen=True)
class BuildResult:
    """What a build understood (the files themselves went to disk)."""

    corpus: Corpus

    @property
    def warning_count(self) -> int:
        return sum(len(doc.issues) for doc in self.corpus.documents)


def analyse(source: Source, glossary: tuple[GlossaryTerm, ...]) -> Document:
    """Stages 2-4 for one source."""
    cleaned = clean(source)
    header = extract_header(cleaned)
    units, parse_issues = parse_units(header.body)
    issues = cleaned.issues + header.issues + parse_issues
    lost = check_document(cleaned, header.lines, units)
    if lost:
        issues += (lost,)
    if not units:
        rules = sorted({r.rule for r in cleaned.removals})
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
        header=header.lines,
        units=units,
        clean=cleaned,
        issues=tuple(issues),
        heading_words=heading_words(units),
    )
    log_issues(doc)
    return doc


def log_issues(doc: Document) -> None:
    """Warn about a document's issues, each with ``path:line``."""
    for issue in doc.issues:
        where = f"{doc.source.path}:{issue.line}" if issue.line else doc.source.path
        log.warning("%s: %s", where, issue.message)


def gather(config: BuildConfig) -> Corpus:
    """Stages 1-5: read and understand everything, writing nothing."""
    glossary = read_glossary(config.glossary)
    sources, errors = read_sources(config.raw_dir)
    cache = DocumentCache(config.cache_dir, hashlib.sha256(config.glossary.read_bytes()).hexdigest())
    documents: list[Document] = []
    for index, source in enumerate(sources, 1):
        doc = cache.get(source)
        if doc is not None:
            log_issues(doc)
        else:
            try:
                doc = analyse(source, glossary)
            except SourceError as exc:
                errors.append(exc)
                continue
            cache.put(source, doc)
        documents.append(doc)
        if index % PROGRESS_EVERY == 0:
            log.info("analysed %d/%d documents", index, len(sources))
    if config.cache_dir:
        log.info("cache: %d document(s) reused, %d analysed", cache.hits, len(documents) - cache.hits)
    errors += check_slugs(documents)
    if errors:
        for error in errors:
            log.error("%s", error)
        raise BuildAbort(f"{len(errors)} file(s) could not be built; nothing was written")
    if not documents:
        raise BuildAbort(f"{config.raw_dir}: no documents to build")
    return link_corpus(documents, glossary)


def site_files(corpus: Corpus, config: BuildConfig) -> Iterator[OutputFile]:
    """Stage 6, lazily: the whole site never sits in memory at once."""
    yield from render_site(corpus, config.repo_url, config.branch)
    yield OutputFile("data/corpus.json", corpus_json(corpus))
    yield from search_files(corpus)


def build(config: BuildConfig, write: bool = True) -> BuildResult:
    """Build ``site_src/`` from ``raw/``; with ``write=False`` only analyse."""
    corpus = gather(config)
    result = BuildResult(corpus)
    if config.strict and result.warning_count:
        raise BuildAbort(f"{result.warning_count} warning(s) and --strict is set; nothing was written")
    if write:
        write_site(site_files(corpus, config), config.out_dir)
    return result
