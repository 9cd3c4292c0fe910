"""Read ``raw/``: the only place bytes are decoded (with ``builder/decoding.py``).

Each raw document becomes a :class:`~builder.model.Source` holding its decoded
text, its SHA-256 and its optional sidecar (``<name>.yml``) of curated facts.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
from pathlib import Path

from .confine import confinement_problem, read_confined
from .decoding import decode
from .errors import SourceError
from .isolate import read_isolated
from .office import DOCX_SUFFIXES, PDF_SUFFIXES, UNREADABLE, read_docx, read_pdf, unreadable
from .escape import SLUG_RE, plain, safe_url
from .safeyaml import compose_and_load
from .model import Erratum, PageField, Sidecar, Source, TableRow
from .tables import SpanCell, cell_text, first_row_heads, place, row_line

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
SIDECAR_SUFFIX = ".yml"

# A scraped page is never this large; a bigger file is a mistake, not a page.
MAX_BYTES = 64 * 1024 * 1024

# Elements that hold no reading text at all (code, styles, embedded frames).
HTML_NON_TEXT_TAGS = ("script", "style", "noscript", "iframe", "svg", "template", "object", "embed")
HTML_BLOCK_TAGS = frozenset({
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "header",
    "footer", "nav", "aside", "form", "table", "tbody", "thead", "ul", "ol", "blockquote", "pre", "dd", "dt",
    "dl", "center", "hr", "figure", "figcaption", "caption", "address", "option", "select", "button",
})
HTML_CELL_TAGS = frozenset({"td", "th"})
# A line that is this much link text is navigation, a link list or a widget.
LINK_LINE_SHARE = 0.8
# <meta name=…> of government CMSs and news sites, read as metadata.
HTML_META_FIELDS = {
    "articletitle": "page_title", "og:title": "page_title", "pubdate": "published", "firstpublishedtime": "published",
    "contentsource": "source", "og:url": "source_url", "url": "source_url",
}


def read_sources(raw_dir: Path) -> tuple[list[Source], list[SourceError]]:
    """Read every document in ``raw_dir`` and its folders, sorted by path.

    Only regular files inside ``raw_dir`` (after resolving links) are read: a
    link leading out of it, a dangling link, a FIFO or a link to a folder is
    skipped with a warning naming it, so nothing outside ``raw/`` is ever
    published.

    Returns:
        The sources that could be read, and an error for each that could not,
        so that one bad file does not hide the problems of the others.
    """
    sources: list[Source] = []
    errors: list[SourceError] = []
    root = raw_dir.resolve()
    known = TEXT_SUFFIXES | HTML_SUFFIXES | MARKDOWN_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES | set(UNREADABLE)
    entries = raw_entries(raw_dir)
    names = {raw_name(p, raw_dir).lower() for p in entries}
    for path in entries:
        suffix = path.suffix.lower()
        if suffix == ".yaml" and raw_name(path, raw_dir)[:-5].lower() in names:
            errors.append(SourceError(str(path), f"a sidecar is read only when named <file>{SIDECAR_SUFFIX}: rename "
                                      f"it to {path.name[:-5]}{SIDECAR_SUFFIX}"))
            continue
        if suffix not in known | {SIDECAR_SUFFIX}:
            if path.is_file():
                log.warning("%s: not a .txt, .md, .html, .htm, .docx or .pdf file; skipped", path)
            continue
        problem = confinement_problem(path, root)
        if problem:
            log.warning("%s: %s; skipped", path, problem)
            continue
        if suffix == SIDECAR_SUFFIX:
            if raw_name(path, raw_dir)[: -len(SIDECAR_SUFFIX)].lower() not in names:
                errors.append(SourceError(str(path), "sidecar has no document beside it"))
            continue
        try:
            sources.append(read_source(path, raw_name(path, raw_dir), root))
        except SourceError as exc:
            errors.append(exc)
    return sources, errors


def raw_entries(raw_dir: Path) -> list[Path]:
    """Everything in ``raw_dir`` and the folders inside it (a corpus kept by year or by
    issuer: raw/2020/…), sorted by path; hidden files and folders (.git) left alone. A
    link to a folder is not followed: it could lead out of raw/ or round in a loop."""
    out: list[Path] = []
    for folder, dirs, files in os.walk(raw_dir):
        base = Path(folder)
        for name in sorted(dirs):
            if (base / name).is_symlink() and not name.startswith("."):
                log.warning("%s: a link to a folder; not followed, its files are skipped", base / name)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
        out += [base / name for name in files if not name.startswith(".")]
    return sorted(out, key=lambda p: raw_name(p, raw_dir))


def raw_name(path: Path, raw_dir: Path) -> str:
    """A raw file's name as the site knows it: its path inside raw/ (``2020/通知.html``)."""
    return path.relative_to(raw_dir).as_posix()


def sidecar_path(path: Path) -> Path:
    """The sidecar of a raw file: ``raw/<same name>.yml`` (``.YML`` too)."""
    for suffix in (SIDECAR_SUFFIX, SIDECAR_SUFFIX.upper()):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_source(path: Path, name: str | None = None, root: Path | None = None) -> Source:
    """Read and decode one raw file, with its sidecar if there is one; ``name`` is its
    path inside raw/ (its file name when it lies in raw/ itself), ``root`` the raw folder
    it must lie in (by default its own folder).

    Each file is read once: the digests the cache is keyed on are of the very bytes
    analysed, so a file saved while the build runs cannot be cached under its new digest."""
    root = root or path.parent.resolve()
    data = read_confined(path, root, MAX_BYTES, "file")
    suffix = path.suffix.lower()
    head: tuple[PageField, ...] = ()
    link_lines: frozenset[int] = frozenset()
    reader, left_out, table_rows = "", (), ()
    if suffix in UNREADABLE:
        raise unreadable(suffix, str(path))
    if suffix in DOCX_SUFFIXES or suffix in PDF_SUFFIXES:
        office = read_isolated(read_docx if suffix in DOCX_SUFFIXES else read_pdf, data, str(path))
        for warning in office.warnings:
            log.warning("%s: %s", path, warning)
        text, encoding, fmt = office.text, "", suffix[1:]
        reader, left_out, table_rows, head = office.reader, office.left_out, office.table_rows, office.fields
    else:
        text, encoding = decode(data, str(path), html=suffix in HTML_SUFFIXES)
        fmt = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
        if fmt == "markdown":
            check_front_matter(text, str(path))
    if suffix in HTML_SUFFIXES:
        text, head, link_lines, table_rows = html_to_text(text)
        fmt = "html"
    side = sidecar_path(path)
    if side.exists() or side.is_symlink():
        problem = confinement_problem(side, path.parent.resolve())
        if problem:
            raise SourceError(str(side), f"sidecar is {problem}")
        sidecar = read_sidecar(side, root)
    else:
        sidecar = Sidecar()
    return Source(
        path=str(path),
        name=name or path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        sidecar=sidecar,
        format=fmt,
        head_fields=head,
        link_lines=link_lines,
        reader=reader,
        left_out=left_out,
        table_rows=table_rows,
    )


def html_to_text(markup: str) -> tuple[str, tuple[PageField, ...], frozenset[int], tuple[TableRow, ...]]:
    """An HTML page as text, one block per line, and what its head says.

    Nothing with text is thrown away here: navigation, forms and footers
    become lines like any other, and the anatomy stage decides (and records)
    what is page furniture. Table rows become one line, cells joined by
    `` | `` (the layout of a metadata table); ``<br>`` ends a line.

    A data table (not one laying out the page) has a line per row, whatever its cells
    hold, and its cells' places beside it (builder/tables.py).

    Returns:
        The text, the head's fields (``<title>``, canonical address, ``<meta>``),
        the numbers of the lines that are (nearly) all link text and the table rows.
    """
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    head = _head_fields(soup)
    for tag in soup(HTML_NON_TEXT_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    if soup.head:
        soup.head.decompose()
    blocks = _Blocks()
    blocks.walk(soup.body or soup, False)
    blocks.flush()
    text_lines, link_lines = [], set()
    for number, (text, linked) in enumerate(blocks.lines, 1):
        text_lines.append(text)
        visible = len(re.sub(r"[\s|]", "", text))
        if visible and linked >= LINK_LINE_SHARE * visible:
            link_lines.add(number)
    return "\n".join(text_lines) + "\n", tuple(head), frozenset(link_lines), tuple(blocks.table_rows)


def _head_fields(soup) -> list[PageField]:
    """What a page's head says: its ``<title>``, canonical address and known ``<meta>`` fields."""
    head: list[PageField] = []
    if soup.title and soup.title.get_text(strip=True):
        head.append(PageField("page_title", "<title>", soup.title.get_text(" ", strip=True), None, "html-head"))
    for link in soup.find_all("link", rel=True):
        if "canonical" in [r.lower() for r in link.get("rel", [])] and link.get("href"):
            head.append(PageField("source_url", "canonical", link["href"].strip(), None, "html-head"))
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in HTML_META_FIELDS and (meta.get("content") or "").strip():
            head.append(PageField(HTML_META_FIELDS[name], f"meta {name}", meta["content"].strip(), None, "html-head"))
    return head


class _Blocks:
    """A page's body as lines, one per block, each with how many of its characters are link text."""

    def __init__(self):
        self.lines: list[tuple[str, int]] = []
        self.table_rows: list[TableRow] = []
        self.tables = 0
        self.text, self.linked = "", 0

    def flush(self) -> None:
        text = self.text.strip(" |\t\n")
        if text.strip():
            self.lines.append((text, self.linked))
        self.text, self.linked = "", 0

    def walk(self, node, in_link: bool) -> None:
        from bs4 import NavigableString

        for child in node.children:
            if isinstance(child, NavigableString):
                piece = re.sub(r"[ \t\r\n]+", " ", str(child))
                self.text += piece
                if in_link:
                    self.linked += len(piece.strip())
            elif child.name == "br":
                self.flush()
            elif child.name == "table" and is_data_table(child):
                self.flush()
                self.table(child, in_link)
            elif child.name in HTML_CELL_TAGS:
                self.walk(child, in_link)
                self.text += " | "
            elif child.name in HTML_BLOCK_TAGS:
                self.flush()
                self.walk(child, in_link)
                self.flush()
            else:
                self.walk(child, in_link or child.name == "a")

    def table(self, table, in_link: bool) -> None:
        """A data table: its caption as a line, then a line per row, with the cells' places."""
        self.tables += 1
        caption = table.find("caption")
        if caption is not None and caption.get_text(strip=True):
            self.lines.append((cell_text([caption.get_text(" ")]), 0))
        rows = table.find_all("tr")  # a data table holds no table inside it (is_data_table)
        has_th = any(cell.name == "th" for row in rows for cell in row_cells(row))
        span_rows = []
        for r, row in enumerate(rows):
            cells = row_cells(row)
            head = row.parent.name == "thead" or (not has_th and r == 0 and first_row_heads(
                [c.get_text(strip=True) for c in cells], len(rows)))
            span_rows.append([SpanCell(cell_text(cell_pieces(cell)),
                                       html_span(cell.get("colspan")), html_span(cell.get("rowspan")),
                                       head or cell.name == "th") for cell in cells])
        for row, cells in zip(rows, place(span_rows)):
            found = row_line(cells, len(self.lines) + 1, self.tables)
            if found is None:
                continue
            text, layout = found
            linked = len(re.sub(r"\s", "", "".join(a.get_text() for a in row.find_all("a"))))
            self.lines.append((text, linked if not in_link else len(text)))
            self.table_rows.append(layout)


# A data table (任务清单, a metadata block) as opposed to a table that lays out the page:
# no table inside it, rows of several cells, no cell holding a page's worth of text, and
# none holding what only a page has (a heading, a menu, a form).
MAX_CELL_CHARS = 400
LAYOUT_IN_CELL = ["h1", "h2", "h3", "nav", "form", "iframe", "ul", "ol"]


def row_cells(row) -> list:
    return row.find_all(HTML_CELL_TAGS, recursive=False)


def cell_pieces(cell) -> list[str]:
    """A cell's text, a piece per block or ``<br>`` within it (inline text runs on as written)."""
    from bs4 import NavigableString

    pieces = [""]

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                pieces[-1] += str(child)
            elif child.name == "br" or child.name in HTML_BLOCK_TAGS:
                pieces.append("")
                walk(child)
                pieces.append("")
            else:
                walk(child)

    walk(cell)
    return pieces


def is_data_table(table) -> bool:
    if table.find("table") is not None or table.find(LAYOUT_IN_CELL) is not None:
        return False
    cells = [row_cells(row) for row in table.find_all("tr")]
    if sum(1 for row in cells if len(row) >= 2) < 2:
        return False
    return all(len(cell.get_text(strip=True)) <= MAX_CELL_CHARS for row in cells for cell in row)


def html_span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


MAX_SIDECAR_BYTES = 256 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024


def check_front_matter(text: str, path: str) -> None:
    """Refuse a Markdown file whose YAML front matter is larger than
    ``MAX_FRONT_MATTER_BYTES`` or holds an alias (a 666-byte alias bomb took 3.8 GB),
    before any stage parses it; front matter that is not YAML stays text, as before."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].strip() != "---":
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is not None:
        compose_and_load("\n".join(lines[start + 1 : end]), path, "front matter", MAX_FRONT_MATTER_BYTES,
                         first_line=start + 2, malformed_ok=True)


SIDECAR_KEYS = {
    "slug", "title", "kind", "issuers", "adopted", "published", "doc_number",
    "source_name", "source_url", "short_names", "errata", "anchor_aliases", "old_slugs",
    "retrieved", "supersedes", "amends",
}
ERRATUM_KEYS = {"original", "corrected", "source", "note"}


def one_line(value: str) -> str:
    """A sidecar value as one line: line breaks fold into spaces, invisible characters go."""
    return re.sub(r"\s+", " ", plain(value)).strip()


# A key typed with a Chinese input method: `issuers：…` is no key to YAML but text, which
# as a first line makes the sidecar a string, and after a key runs into that key's value.
WIDE_COLON_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_]+)\s*[：﹕]")


def check_colons(text: str, path: str) -> None:
    """A sidecar key followed by a full-width colon is an error saying so."""
    for number, line in enumerate(text.split("\n"), 1):
        m = WIDE_COLON_KEY.match(line)
        if m and m.group(1) in SIDECAR_KEYS | ERRATUM_KEYS:
            raise SourceError(path, f"'{m.group(1)}' is followed by a full-width colon '：'; YAML needs the ASCII "
                              f"colon and a space: write '{m.group(1)}: …'", line=number, key=m.group(1))


def read_sidecar(path: Path, root: Path | None = None) -> Sidecar:
    """Parse and validate a sidecar file (read once, inside ``root``); every problem names
    file, line and key."""
    spath = str(path)
    data = read_confined(path, root or path.parent.resolve(), MAX_SIDECAR_BYTES, "sidecar")
    digest = hashlib.sha256(data).hexdigest()
    text, _ = decode(data, spath)
    check_colons(text, spath)
    node, data = compose_and_load(text, spath, "a sidecar", MAX_SIDECAR_BYTES)
    if data is None:
        return Sidecar(path=spath, sha256=digest)
    if not isinstance(data, dict):
        raise SourceError(spath, "a sidecar must be a mapping of keys to values", line=1)
    r = _SidecarValues(spath, data, {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {})
    for key in data:
        if key not in SIDECAR_KEYS:
            raise r.fail(key, f"unknown key (known: {', '.join(sorted(SIDECAR_KEYS))})")
    source_url = r.text("source_url")
    if source_url is not None and not safe_url(source_url):
        raise r.fail("source_url", f"'{source_url}' is not a web address (http:// or https://, no spaces)")
    slug = r.text("slug")
    if slug is not None and not SLUG_RE.match(slug):
        raise r.fail("slug", f"'{slug}' is not a slug: use lower-case ASCII letters, digits and hyphens")
    aliases = data.get("anchor_aliases") or {}
    if not isinstance(aliases, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and SLUG_RE.match(k) and SLUG_RE.match(v) for k, v in aliases.items()
    ):
        raise r.fail("anchor_aliases", "must map old anchor ids to current ones (lower-case ASCII and hyphens)")
    return Sidecar(
        path=spath,
        sha256=digest,
        slug=slug,
        title=r.text("title"),
        kind=r.text("kind"),
        issuers=r.strings("issuers"),
        adopted=r.date("adopted"),
        published=r.date("published"),
        doc_number=r.text("doc_number"),
        source_name=r.text("source_name"),
        source_url=source_url,
        short_names=r.strings("short_names") or (),
        errata=r.errata(),
        anchor_aliases=tuple(sorted(aliases.items())),
        old_slugs=r.slugs("old_slugs", "'{}' is not a slug"),
        retrieved=r.date("retrieved"),
        supersedes=r.slugs("supersedes", "'{}' is not a slug (name the other document by its slug)"),
        amends=r.slugs("amends", "'{}' is not a slug (name the other document by its slug)"),
    )


class _SidecarValues:
    """A sidecar's values, each checked for its type; a wrong one names the file, line and key."""

    def __init__(self, path: str, data: dict, lines: dict[str, int]):
        self.path, self.data, self.lines = path, data, lines

    def fail(self, key: str, message: str) -> SourceError:
        return SourceError(self.path, message, line=self.lines.get(key), key=key)

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return one_line(value)

    def date(self, key: str) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"'{value}' is not a date (write YYYY-MM-DD)") from None

    def strings(self, key: str) -> tuple[str, ...] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "must be a string or a list of strings")
        return tuple(one_line(v) for v in value)

    def slugs(self, key: str, message: str) -> tuple[str, ...]:
        values = self.strings(key) or ()
        for value in values:
            if not SLUG_RE.match(value):
                raise self.fail(key, message.format(value))
        return values

    def errata(self) -> tuple[Erratum, ...]:
        raw = self.data.get("errata") or []
        if not isinstance(raw, list):
            raise self.fail("errata", "must be a list of corrections")
        line = self.lines.get("errata")
        out = []
        for index, entry in enumerate(raw, 1):
            where = f"errata[{index}]"
            if not isinstance(entry, dict):
                raise SourceError(self.path, "each erratum is a mapping with original, corrected and source",
                                  line=line, key=where)
            for key in entry:
                if key not in ERRATUM_KEYS:
                    raise SourceError(self.path, f"unknown key '{key}' (known: {', '.join(sorted(ERRATUM_KEYS))})",
                                      line=line, key=where)
            values = {}
            for key in ("original", "corrected", "source"):
                value = entry.get(key)
                if not isinstance(value, str) or not value.strip():
                    raise SourceError(self.path, f"'{key}' must be a non-empty string", line=line, key=f"{where}.{key}")
                values[key] = value.strip() if key == "original" else one_line(value)
            out.append(Erratum(note=one_line(str(entry.get("note") or "")), **values))
        return tuple(out)
