"""Site templates: the lines a scrape repeats on nearly every page of one site.

When ``raw/`` holds several pages of one site, a line printed on nearly all of them (a
channel's name, a menu, a footer, a share widget) is the site's template, whatever its words.
That is evidence for the line-role labeller (the ``site-template`` feature), never a verdict:
the parts documents share with their siblings by nature (their issuer, their addressee, a
date, a numbered heading such as 一、总体要求, a sentence) are never counted as template, and
the labeller weighs the feature against everything else it knows of the line.

A page's site is the host of the address it states (the sidecar's ``source_url``, the HTML
head's canonical address or ``og:url``); a page stating none belongs with the other pages of
its folder in ``raw/``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .dates import is_date_line
from .lexicon import is_prose
from .model import Source
from .parse import recognise
from .shapes import ADDRESSEE_RE, ATTACHMENT_LABEL_RE, IMPRINT_RE, SIGNER_RE, is_organ, title_key

SHARED_PART_RE = re.compile(r"^[（(][^（）()]*[)）]$")
"""A line wholly in brackets: a document's note (（此件公开发布）, （本文有删减）) or an adoption note."""

MIN_PAGES = 4
"""A site's template shows only across this many of its pages."""
SHARE = 0.8
"""A line is the template's when it is on at least this share of its site's pages."""


def site_of(source: Source) -> str:
    """The site a page comes from: ``host:`` and the host of its address, else ``folder:`` and its folder in raw/."""
    urls = [source.sidecar.source_url] + [f.value for f in source.head_fields if f.name == "source_url"]
    for url in urls:
        host = urlsplit(url or "").hostname
        if host:
            return "host:" + host.removeprefix("www.")
    return "folder:" + str(PurePosixPath(source.name).parent)


def may_be_template(text: str) -> bool:
    """Whether a line may be counted as a site's template: not a part documents share by nature
    (a sentence, an organ, a date, an addressee, a numbered heading, a note in brackets, a signer,
    附件, a 版记 line)."""
    return not (is_prose(text) or is_organ(text) or is_date_line(text) or ADDRESSEE_RE.match(text)
                or recognise(text) is not None or SHARED_PART_RE.match(text) or SIGNER_RE.match(text)
                or ATTACHMENT_LABEL_RE.match(text) or IMPRINT_RE.match(text))


def page_lines(source: Source) -> set[str]:
    """The distinct lines of a page, stripped (a site prints its template the same way on every page)."""
    lines = set(map(str.strip, source.text.split("\n")))
    lines.discard("")
    return lines


def template_lines(sources: Iterable[Source]) -> dict[str, frozenset[str]]:
    """Each site's template lines (keys), for the sites with at least :data:`MIN_PAGES` pages."""
    by_site: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_site[site_of(source)].append(source)
    out = {}
    for site, pages in by_site.items():
        if len(pages) < MIN_PAGES:
            continue
        counts = Counter(line for source in pages for line in page_lines(source))
        # The shapes are tested only on the few lines repeated often enough: a corpus of laws has many lines.
        out[site] = frozenset(title_key(line) for line, n in counts.items()
                              if n >= SHARE * len(pages) and may_be_template(line)) - {""}
    return out


def with_templates(sources: list[Source]) -> list[Source]:
    """The sources, each carrying its site's template lines (:attr:`Source.site_lines`)."""
    found = template_lines(sources)
    return [replace(source, site_lines=lines) if (lines := found.get(site_of(source))) else source
            for source in sources]


def lines_digest(source: Source) -> str:
    """A digest of a source's template lines, for the analysis cache's key."""
    return hashlib.sha256("\n".join(sorted(source.site_lines)).encode()).hexdigest()
