"""Command line: arguments -> BuildConfig -> pipeline. The only place errors
become exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

from .addresses import published_addresses, warn_if_unedited
from .anatomy import explain_roles
from .clean import INLINE_RULES, clean
from .config import BuildConfig
from .errors import BuilderError
from .model import Document
from .pipeline import build
from .publish import mkdocs_build
from .sources import read_source
from .training import PAGE_SUFFIXES

log = logging.getLogger("builder")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m builder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("build", "read raw/ and write site_src/ (Markdown, JSON, search files)"),
        ("check", "analyse raw/ and print a per-document report; write nothing"),
        ("site", "build site_src/, then run mkdocs build --strict into site/"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--raw", default="raw", help="folder of scraped documents (default: raw)")
        cmd.add_argument("--out", default="site_src", help="folder of generated files (default: site_src)")
        cmd.add_argument("--glossary", default="glossary.yml", help="curated glossary (default: glossary.yml)")
        cmd.add_argument("--repo-url", default=None,
                         help="repository web address, for links to raw files (default: repo_url of mkdocs.yml, "
                         "or a fork's under GitHub Actions: see builder/addresses.py)")
        cmd.add_argument("--mkdocs-config", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)")
        cmd.add_argument("--site-dir", default="site", help="where 'site' puts the built site (default: site)")
        cmd.add_argument("--branch", default="main", help="branch the raw files are linked on")
        cmd.add_argument("--strict", action="store_true", help="fail on any warning")
        cmd.add_argument("--cache-dir", default=".builder-cache",
                         help="cache of analysed documents (default: .builder-cache)")
        cmd.add_argument("--no-cache", action="store_true", help="analyse every document afresh")
        cmd.add_argument("--slugs", default="",
                         help="registry of published slugs, kept across builds (default: slugs.json beside the raw folder)")
        if name == "check":
            cmd.add_argument("files", nargs="*", type=Path, metavar="FILE",
                             help="with --roles: the files to explain (default: every file of raw/)")
            cmd.add_argument("--roles", action="store_true",
                             help="print each line of each file with the role the labeller chose and the features "
                             "that weighed most for it")
        if name == "site":
            cmd.add_argument("--zip", action="store_true",
                             help="also package the site as downloads/policy-site.zip for offline reading (for publishing)")
        cmd.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return parser.parse_args(argv)


def report(doc: Document) -> str:
    """The per-document report printed by ``check``."""
    m = doc.meta
    removed = Counter()
    for r in doc.all_removals:
        if r.rule not in INLINE_RULES:
            removed[r.rule] += (r.end_line or r.line) - r.line + 1 - len(r.skipped)
    pinyin = next((s.changes for s in doc.clean.stats if s.rule == "strip-pinyin"), 0)
    duplicates = sum(1 for r in doc.all_removals if r.rule == "duplicate-body")
    lines = [
        f"{doc.source.name} -> {doc.slug}",
        f"  title:      {m.title}",
        f"  format:     {doc.source.format} ({doc.source.reader or doc.source.encoding})"
        + (f", {len(doc.source.left_out)} lines of headers, footers and page numbers left out"
           if doc.source.left_out else "")
        + f"    attachments: {doc.count('attachment')}"
        f"    validity: {m.validity or '-'}",
        f"  kind:       {m.kind}    issuers: {'、'.join(m.issuers) or '-'}    number: {m.doc_number or '-'}",
        f"  adopted:    {m.adopted or '-'}    published: {m.published or '-'}    source: {m.source_name or '-'}",
        f"  structure:  {doc.count('part')} parts, {doc.count('clause')} clauses, {doc.count('paragraph')} paragraphs"
        + (f", {doc.count('chapter')} chapters, {doc.count('article')} articles" if doc.count("article") else "")
        + (f", {doc.count('table')} tables of {doc.count('row')} rows" if doc.count("table") else ""),
        f"  removed:    {', '.join(f'{k} {v}' for k, v in sorted(removed.items())) or 'nothing'}",
        f"  duplicates: {duplicates} body copy dropped    pinyin: {pinyin} annotations removed"
        f"    converted: {doc.clean.converted_chars} characters",
        f"  errata:     {len(doc.clean.errata)}    warnings: {len(doc.issues)}",
    ]
    for copy in doc.also_from:
        lines.append(f"  copy:       {copy.name} ({copy.format}), gave {', '.join(copy.fields) or 'nothing'}")
    for issue in doc.issues:
        where = f"line {issue.line}" if issue.line else "file"
        lines.append(f"    warning ({where}): {issue.message}")
    return "\n".join(lines)


def roles_report(path: Path) -> str:
    """Every line of a file with the labeller's role, its confidence and the features that decided it.

    A feature's weight is what it adds to the chosen role's score: positive for it, negative against.
    Front matter is metadata by its syntax and has no decision."""
    source = read_source(path, path.name, path.parent.resolve())
    out = [f"{path}: line, role, the labeller's confidence, text, and the features that weighed most "
           "(weight for the labeller's role)"]
    for seen in explain_roles(clean(source)):
        line, decision = seen.line, seen.decision
        text = line.text if len(line.text) <= 40 else line.text[:39] + "…"
        if decision is None:
            out.append(f"{line.number:5} {seen.role:9} {'':5} {text}  (front matter)")
            continue
        why = ", ".join(f"{name} {weight:+.2f}" for name, weight in decision.reasons)
        ruled = f" [labeller: {decision.role}; settled by its shape]" if seen.role != decision.role else ""
        out.append(f"{line.number:5} {seen.role:9} {decision.confidence:5.2f} {text}  ← {why}{ruled}")
    return "\n".join(out)


def check_roles(args: argparse.Namespace) -> None:
    files = args.files or sorted(p for p in Path(args.raw).rglob("*") if p.is_file() and not p.name.startswith(".")
                                 and p.suffix.lower() in PAGE_SUFFIXES)
    print("\n\n".join(roles_report(path) for path in files))


def mkdocs_setting(mkdocs_config: Path, key: str) -> str:
    """A setting of the MkDocs configuration (``repo_url``, ``site_url``), if it has one."""
    if not mkdocs_config.is_file():
        return ""
    data = yaml.safe_load(mkdocs_config.read_text(encoding="utf-8")) or {}
    return str(data.get(key) or "")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        addresses = published_addresses(*(mkdocs_setting(Path(args.mkdocs_config), key)
                                          for key in ("site_url", "repo_url", "repo_name")), os.environ)
        warn_if_unedited(addresses, os.environ)
        repo_url = args.repo_url if args.repo_url is not None else addresses.repo_url
        site_url = addresses.site_url
        mkdocs_folder = Path(args.mkdocs_config).resolve().parent
        config = BuildConfig.create(args.raw, args.out, args.glossary, repo_url, args.branch, args.strict,
                                    None if args.no_cache else args.cache_dir, protected=(mkdocs_folder,),
                                    slug_registry=args.slugs, site_url=site_url)
        if args.command == "check" and (args.roles or args.files):
            if not args.roles:
                log.error("FILE arguments are for --roles: python -m builder check --roles FILE")
                return EXIT_USAGE
            check_roles(args)
        elif args.command == "check":
            logging.getLogger("builder.pipeline").setLevel(logging.ERROR)
            result = build(config, write=False, cache_writes=False)
            print("\n\n".join(report(doc) for doc in result.corpus.documents))
            if result.corpus.candidates:
                print("\ncandidate terms (in several titles or headings, not in the glossary): "
                      + ", ".join(f"{w} ({n})" for w, n in result.corpus.candidates))
            print(f"\n{len(result.corpus.documents)} documents, {result.warning_count} warnings")  # the last line
        else:
            result = build(config, reuse=True)
            log.info("built %d documents (%d warnings) into %s", result.document_count,
                     result.warning_count, config.out_dir)
            if args.command == "site":
                mkdocs_build(Path(args.mkdocs_config), Path(args.site_dir), args.zip, args.quiet)
    except BuilderError as exc:
        log.error("%s", exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        log.error("interrupted; the previous output is untouched")
        return EXIT_FAILED
    return EXIT_OK
