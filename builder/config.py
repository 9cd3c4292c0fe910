"""Build configuration, validated once at the edge and passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuilderError


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
    ) -> BuildConfig:
        """Validate the paths and return a config."""
        raw = Path(raw_dir)
        if not raw.is_dir():
            raise BuilderError(f"{raw}: raw folder not found")
        gloss = Path(glossary)
        if not gloss.is_file():
            raise BuilderError(f"{gloss}: glossary file not found")
        out = Path(out_dir)
        if out.resolve() == raw.resolve() or raw.resolve() in out.resolve().parents:
            raise BuilderError(f"{out}: output folder must not be inside the raw folder")
        return cls(raw, out, gloss, repo_url.rstrip("/"), branch, strict, Path(cache_dir) if cache_dir else None)
