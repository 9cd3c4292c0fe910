"""Fit the line-role model from labelled pages, and label new pages for review.

A labelled page is a TSV in ``training/roles/<set>/<name>.tsv`` for the page
``tests/realpages/<set>/<name>.<ext>`` (or the folder ``PAGE_SETS`` names): one ``role<TAB>line`` row for
each line the labeller decides on, in page order (front matter is metadata by
its syntax and has no row). The text column is there for the person reviewing
a label, and to prove the labels still fit the page: if cleaning changes a
page's lines, fitting stops and names the TSV row that no longer matches, and
``relabel`` rewrites the file keeping every label whose line is unchanged.

    python -m builder.training fit            # training/roles/** -> builder/roles.crfsuite
    python -m builder.training label PAGE     # a TSV for a new page, from the current model
    python -m builder.training relabel        # re-align every TSV with today's lines
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import roles
from .anatomy import page_features, reading_lines
from .clean import clean
from .errors import BuilderError, SourceError
from .lexicon import load_lexicon
from .sources import read_source
from .templates import site_of, template_lines

LABELS = Path("training/roles")
PAGES = Path("tests/realpages")
PAGE_SETS = {"seeds": Path("raw"), "laws": Path("training/pages/laws")}
"""Sets whose pages lie elsewhere than ``PAGES/<set>``: the project's own documents, and
laws and regulations from an open corpus (clean Markdown with front matter, no furniture)."""
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".md", ".docx", ".pdf")


@dataclass(frozen=True)
class LabelledPage:
    tsv: Path
    page: Path
    sequences: tuple[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]], ...]
    """(features, roles) of the whole page, then of the page cut short (``CUTS``) and from its title on."""
    texts: tuple[str, ...]


def page_of(tsv: Path, labels: Path = LABELS, pages: Path = PAGES) -> Path:
    """The page a TSV labels: same set folder and stem under ``pages``."""
    name = str(tsv.parent.relative_to(labels))
    folder = PAGE_SETS.get(name, pages / name) if pages == PAGES else pages / name
    for suffix in PAGE_SUFFIXES:
        if (candidate := folder / f"{tsv.stem}{suffix}").exists():
            return candidate
    raise SourceError(tsv, f"no page {tsv.stem}.* in {folder} for these labels")


CUTS = (4, 10, 25)
"""Where each page is also cut, in lines after its first body line: pages arrive truncated (a
saved excerpt, a scrape that stopped), and a text's last line is not a footer for standing last."""


def _read(page: Path):
    return read_source(page, page.name, page.parent.resolve())


@lru_cache(maxsize=None)
def folder_templates(folder: Path) -> dict[str, frozenset[str]]:
    """The site templates of a folder of pages, as the builder finds them in raw/ (``builder.templates``)."""
    return template_lines(_read(p) for p in sorted(folder.iterdir()) if p.suffix.lower() in PAGE_SUFFIXES)


def open_lines(page: Path, cuts: tuple[int, ...] = (), first_body: int = 0, title: int = 0
               ) -> tuple[list[str], list[list[str]], list[tuple[int, int, list[list[str]]]]]:
    """The texts and features of the lines of ``page`` the labeller decides on, and variants of the
    page as it also arrives: cut ``cuts`` lines after line ``first_body``, copied from its
    title (line ``title``) on, without the site around it, and, for a page among other pages of its
    site, alone (no site template known). Variants are (first, end, features)."""
    lexicon = load_lexicon()
    source = _read(page)
    alone = clean(source)
    site_lines = folder_templates(page.parent).get(site_of(source), frozenset())
    cleaned = clean(replace(source, site_lines=site_lines)) if site_lines else alone
    tagged, fields = reading_lines(cleaned, lexicon)
    texts = [t.line.text for t in tagged if not t.label]
    start = len(tagged) - len(texts)
    variants = [(0, first_body + n, page_features(cleaned, tagged[: start + first_body + n], fields, lexicon))
                for n in cuts if first_body + n < len(texts)]
    if site_lines:
        variants.append((0, len(texts), page_features(alone, tagged, fields, lexicon)))
    if 0 < title < len(texts):
        variants.append((title, len(texts), page_features(cleaned, tagged[:start] + tagged[start + title:],
                                                          fields, lexicon)))
    return texts, page_features(cleaned, tagged, fields, lexicon), variants


def read_labels(tsv: Path) -> list[tuple[str, str]]:
    """(role, text) rows of a TSV; an unknown role or a malformed row names its line."""
    rows = []
    for n, raw in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
        role, tab, text = raw.partition("\t")
        if not tab:
            raise SourceError(tsv, "a row is 'role<TAB>line text'", n)
        if role not in roles.ROLES:
            raise SourceError(tsv, f"unknown role {role!r}; the roles are {', '.join(roles.ROLES)}", n)
        rows.append((role, text))
    return rows


def load_page(tsv: Path, labels: Path = LABELS, pages: Path = PAGES) -> LabelledPage:
    page = page_of(tsv, labels, pages)
    rows = read_labels(tsv)
    first_body = next((k for k, (role, _) in enumerate(rows) if role == "body"), len(rows))
    title = next((k for k, (role, _) in enumerate(rows) if role == "title"), 0)
    texts, features, variants = open_lines(page, CUTS, first_body, title)
    for n, ((_, text), line) in enumerate(zip(rows, texts), 1):
        if text != line:
            raise SourceError(tsv, f"labels {text!r} but {page} now reads {line!r} here; "
                              "run `python -m builder.training relabel` and review the rows it changes", n)
    if len(rows) != len(texts):
        raise SourceError(tsv, f"{len(rows)} rows for the {len(texts)} lines of {page}; "
                          "run `python -m builder.training relabel`", min(len(rows), len(texts)) + 1)
    labels_ = tuple(r for r, _ in rows)
    sequences = ((features, labels_), *((f, labels_[a:b]) for a, b, f in variants))
    return LabelledPage(tsv, page, tuple((tuple(map(tuple, f)), r) for f, r in sequences), tuple(texts))


def labelled(labels: Path = LABELS, pages: Path = PAGES) -> list[Path]:
    return sorted(labels.rglob("*.tsv"))


def fit(tsvs: list[Path], out: Path, labels: Path = LABELS, pages: Path = PAGES) -> int:
    """Fit the model on the pages of ``tsvs`` into ``out``; returns the number of lines fitted."""
    loaded = [load_page(tsv, labels, pages) for tsv in tsvs]
    roles.fit([([list(f) for f in features], list(labels_)) for p in loaded for features, labels_ in p.sequences], out)
    return sum(len(p.texts) for p in loaded)


def suggest(page: Path, keep: list[tuple[str, str]] = ()) -> str:
    """A TSV for ``page``: the labels of ``keep`` where its lines are unchanged, the model's elsewhere."""
    texts, features, _ = open_lines(page)
    guessed = roles.label(features)
    out = list(guessed)
    old_texts = [text for _, text in keep]
    matcher = difflib.SequenceMatcher(a=old_texts, b=texts, autojunk=False)
    for block in matcher.get_matching_blocks():
        for d in range(block.size):
            out[block.b + d] = keep[block.a + d][0]
    return "".join(f"{role}\t{text}\n" for role, text in zip(out, texts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder.training", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fit", help=f"fit {roles.MODEL_FILE.name} from every TSV under {LABELS}")
    one = sub.add_parser("label", help="print a TSV for a new page, labelled by the current model")
    one.add_argument("page", type=Path)
    sub.add_parser("relabel", help="re-align every TSV with its page's lines, keeping unchanged labels")
    args = parser.parse_args(argv)
    try:
        if args.command == "fit":
            tsvs = labelled()
            count = fit(tsvs, roles.MODEL_FILE)
            print(f"fitted {roles.MODEL_FILE} on {count} lines of {len(tsvs)} pages")
        elif args.command == "label":
            sys.stdout.write(suggest(args.page))
        else:
            for tsv in labelled():
                before = tsv.read_text(encoding="utf-8")
                after = suggest(page_of(tsv), read_labels(tsv))
                if after != before:
                    tsv.write_text(after, encoding="utf-8")
                    print(f"relabelled {tsv}: review its changed rows")
    except BuilderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
