"""Score the real pages two ways: with the committed line-role model, and leave-one-site-out.

The committed model (``builder/roles.crfsuite``) was fitted on every labelled
page, these included, so its figure is in-sample. The figure that predicts a
page from a site the builder has never seen is leave-one-site-out: the pages
are grouped by the site they were saved from (the host of their address in
``SOURCES.tsv``), and each group is scored with a model fitted on the labels of
every other group (the project's own documents and the laws always among them).
Each page is built alone and judged by the shared checker (``check.py``), as
``tests/test_realpages.py`` does.

    python tools/realpages.py                 # in-sample, every set
    python tools/realpages.py --loso          # leave-one-site-out
    python tools/realpages.py --loso wide     # some sets only
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import roles, training  # noqa: E402
from builder.config import BuildConfig  # noqa: E402
from builder.errors import BuilderError  # noqa: E402
from builder.export import corpus_json  # noqa: E402
from builder.pipeline import build  # noqa: E402

PAGES = ROOT / "tests" / "realpages"
SETS = ("excerpts", "govcn", "full", "wide")
GLOSSARY = ROOT / "glossary.yml"


@dataclass(frozen=True)
class Verdict:
    page: str
    """``set/name``."""
    checks: int
    problems: tuple[str, ...]


def load_checker():
    spec = importlib.util.spec_from_file_location("realpages_check", PAGES / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECK = load_checker()


def expectations(folder: str) -> dict[str, dict]:
    return json.loads((PAGES / folder / "expected.json").read_text(encoding="utf-8"))


def judge(folder: str, name: str, expected: dict) -> Verdict:
    """Build one page alone and judge it with the shared checker."""
    with tempfile.TemporaryDirectory() as work:
        raw = Path(work) / "raw"
        raw.mkdir()
        shutil.copy(PAGES / folder / name, raw / name)
        try:
            result = build(BuildConfig.create(raw, Path(work) / "out", GLOSSARY), write=False)
        except BuilderError as exc:  # the page is not published at all: every check fails
            return Verdict(f"{folder}/{name}", CHECK.count_checks(expected), (f"not built: {exc}",) * max(
                1, CHECK.count_checks(expected)))
        corpus = json.loads(corpus_json(result.corpus))
    problems = CHECK.judge(corpus["documents"][0], corpus, expected)
    return Verdict(f"{folder}/{name}", CHECK.count_checks(expected), tuple(problems))


def site_of(folder: str, name: str, urls: dict[tuple[str, str], str]) -> str:
    """The host a page was saved from (``www.`` dropped); a page of no known address is a site alone."""
    host = urlsplit(urls.get((folder, name), "")).hostname or ""
    return host.removeprefix("www.") or f"{folder}/{name}"


def addresses(folders: tuple[str, ...]) -> dict[tuple[str, str], str]:
    out = {}
    for folder in folders:
        with open(PAGES / folder / "SOURCES.tsv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                out[(folder, row["file"])] = row.get("url") or ""
    return out


def site_groups(folders: tuple[str, ...]) -> dict[str, list[tuple[str, str, dict]]]:
    """Every page of ``folders``, grouped by site: {site: [(set, name, expected)]}."""
    urls = addresses(SETS)
    groups: dict[str, list[tuple[str, str, dict]]] = {}
    for folder in folders:
        for name, expected in sorted(expectations(folder).items()):
            groups.setdefault(site_of(folder, name, urls), []).append((folder, name, expected))
    return dict(sorted(groups.items()))


_LABELLED: dict[tuple[str, str], training.LabelledPage] = {}
"""Every labelled page, loaded once before the workers fork (set, stem) -> page."""


def _held_out(group: list[tuple[str, str, dict]]) -> list[Verdict]:
    """Fit a model on every labelled page but the group's, and judge the group's pages with it."""
    out = {(folder, Path(name).stem) for folder, name, _ in group}
    pages = [p for key, p in _LABELLED.items() if key not in out]
    with tempfile.TemporaryDirectory() as work:
        model = Path(work) / "held-out.crfsuite"
        roles.fit([([list(f) for f in features], list(labels)) for p in pages for features, labels in p.sequences],
                  model)
        with roles.using(model):
            return [judge(folder, name, expected) for folder, name, expected in group]


def leave_one_site_out(folders: tuple[str, ...], jobs: int) -> list[Verdict]:
    for tsv in training.labelled():
        _LABELLED[(tsv.parent.name, tsv.stem)] = training.load_page(tsv)
    groups = list(site_groups(folders).values())
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [v for verdicts in pool.map(_held_out, groups) for v in verdicts]


def in_sample(folders: tuple[str, ...]) -> list[Verdict]:
    return [judge(folder, name, e) for folder in folders for name, e in sorted(expectations(folder).items())]


def report(verdicts: list[Verdict], folders: tuple[str, ...], how: str) -> None:
    for v in verdicts:
        if v.problems:
            print(f"{v.page}: {'; '.join(v.problems)}")
    for folder in (*folders, "all"):
        mine = [v for v in verdicts if folder == "all" or v.page.startswith(f"{folder}/")]
        passed = sum(not v.problems for v in mine)
        checks = sum(v.checks for v in mine)
        ok = sum(max(0, v.checks - len(v.problems)) for v in mine)
        print(f"{how} {folder}: {passed}/{len(mine)} pages ({passed / max(1, len(mine)):.0%}), "
              f"{ok}/{checks} checks ({ok / max(1, checks):.1%})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", metavar="SET", help=f"sets to score: {', '.join(SETS)} (default: all)")
    parser.add_argument("--loso", action="store_true", help="leave-one-site-out: each site's pages scored "
                        "with a model fitted without them")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for --loso")
    args = parser.parse_args(argv)
    folders = tuple(args.sets) or SETS
    if unknown := sorted(set(folders) - set(SETS)):
        parser.error(f"unknown sets {unknown}; the sets are {', '.join(SETS)}")
    if args.loso:
        report(leave_one_site_out(folders, args.jobs), folders, "leave-one-site-out")
    else:
        report(in_sample(folders), folders, "in-sample")
    return 0


if __name__ == "__main__":
    sys.exit(main())
