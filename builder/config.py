"""Build configuration, validated once at the edge and passed explicitly."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .errors import BuilderError

# The bounds on reading one untrusted Word or PDF file (builder/isolate.py): each is read in
# a worker process of its own, which may grow its address space by at most READER_MEMORY_BYTES
# (resource.setrlimit RLIMIT_AS) and run for at most READER_SECONDS (wall clock, and as much
# CPU time); a PDF of more than MAX_PDF_PAGES pages is refused before its pages are read.
READER_MEMORY_BYTES = 1024 * 1024 * 1024
READER_SECONDS = 60
MAX_PDF_PAGES = 2000

@dataclass(frozen=True)
class BuildConfig:
    """Where to read from and write to, and how strict to be."""

    raw_dir: Path
    """Folder of scraped documents (``raw/``); never written to."""
    out_dir: Path
    """Folder of generated Markdown and JSON (``site_src/``)."""
    glossary: Path
    """Curated glossary (``glossary.yml``)."""
    repo_url: str = ""
    """Repository web address, for links to raw files; empty for none."""
    branch: str = "main"
    strict: bool = False
    """Turn warnings into a failed build."""
    cache_dir: Path | None = None
    """Where analysed documents are cached between builds; None for no cache."""
    site_url: str = ""
    """The published site's address (``site_url`` of mkdocs.yml), for canonical citations; '' for none."""
    slug_registry: Path | None = None
    """The published slugs (``slugs.json`` beside ``raw/``): read, kept, and updated by a build."""
    as_of: datetime.date | None = None
    """The day validity is judged on (a 有效期 run out, a 施行 date to come); None: the day of the build."""

    @classmethod
    def create(
        cls,
        raw_dir: str | Path = "raw",
        out_dir: str | Path = "site_src",
        glossary: str | Path = "glossary.yml",
        repo_url: str = "",
        branch: str = "main",
        strict: bool = False,
        cache_dir: str | Path | None = None,
        protected: tuple[Path, ...] = (),
        slug_registry: str | Path | None = "",
        site_url: str = "",
        as_of: datetime.date | None = None,
    ) -> BuildConfig:
        """Validate the paths and return a config."""
        raw = Path(raw_dir)
        if not raw.is_dir():
            raise BuilderError(f"{raw}: raw folder not found")
        gloss = Path(glossary)
        if not gloss.is_file():
            raise BuilderError(f"{gloss}: glossary file not found")
        out = Path(out_dir)
        check_output_folder(out, raw, protected)
        if cache_dir:
            check_inside_raw(Path(cache_dir), raw, "cache folder")
        registry = raw.parent / "slugs.json" if slug_registry == "" else (Path(slug_registry) if slug_registry else None)
        site = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        return cls(raw, out, gloss, repo_url.rstrip("/"), branch, strict, Path(cache_dir) if cache_dir else None,
                   site, registry, as_of or datetime.date.today())


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git``."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def check_inside_raw(folder: Path, raw: Path, what: str) -> None:
    """Refuse a folder the builder writes that is, contains or lies inside the raw folder
    (after resolving links): the builder never writes to raw/."""
    target, raw_dir = folder.resolve(), raw.resolve()
    if target == raw_dir or raw_dir in target.parents or target in raw_dir.parents:
        raise BuilderError(f"{folder}: {what} must not be, contain or lie inside the raw folder {raw}")


def check_output_folder(out: Path, raw: Path, protected: tuple[Path, ...] = ()) -> None:
    """Refuse an output folder whose replacement would destroy inputs.

    The output is replaced whole on every build, so it may not be, contain or
    lie inside the raw folder, nor be or contain the repository's root or the
    folder of ``mkdocs.yml`` (or any other ``protected`` folder).
    """
    check_inside_raw(out, raw, "output folder")
    target = out.resolve()
    raw_dir = raw.resolve()
    keep = [p.resolve() for p in protected]
    root = repository_root(raw_dir)
    if root is not None:
        keep.append(root)
    for folder in keep:
        if target == folder or target in folder.parents:
            raise BuilderError(f"{out}: output folder must not be or contain {folder}, which holds the project's "
                               "inputs; choose a folder of its own (default: site_src)")
