"""Run MkDocs over the generated ``site_src/`` and swap the result into ``site/``.

MkDocs writes into a staging folder; ``site/`` is replaced only when
``mkdocs build --strict`` succeeded, so a failed build never clobbers the
last good site.

``site/`` records what it was built from (:data:`RECORD`): the digest of every
input of the site stage (``site_src/``, the MkDocs configuration, the theme's
overrides, the hooks, the builder's code, the libraries' versions). When they are
all unchanged MkDocs is not run at all. When only pages changed (the same files,
the same navigation, the same configuration) the staging folder starts as the
old site, every file hard-linked except those MkDocs will write again, and MkDocs
builds it ``--dirty``: it renders only the pages whose source changed, and the
hook gives the pages it skips their anchors and links from the last build, so
``--strict``'s anchor check still covers every page. A page's HTML depends only on
its own Markdown once the navigation and the set of files are fixed, so the result
is the site a full build would make (tested byte for byte).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from .cache import builder_version
from .errors import BuildAbort
from .stamp import FORMAT, Manifest, bytes_digest, content_digest, inputs_digest, scan
from .write import MARKER, owned, recover, replace_file, swap_in, writing

log = logging.getLogger(__name__)


RECORD = ".policy-site-inputs.json"
"""In ``site/``: the digests of what it was built from."""
ANCHORS = ".policy-site-anchors.json"
"""In ``site/``: every page's anchors and the anchors it links to (written by the hook)."""
# Written by MkDocs on every build, dirty or not, in place: never hard-linked into staging,
# or the write would go through the link into the site being replaced.
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")
# What the site's look and output depend on besides site_src/ and the configuration.
SITE_LIBRARIES = ("mkdocs", "mkdocs-material", "pyromark", "jinja2", "markupsafe", "pyyaml")


@dataclass(frozen=True)
class SiteInputs:
    """What one build of ``site/`` was made from."""

    inputs: str
    """The digest of every input (a site built from the same is the same site)."""
    shape: str
    """The digest of every input but the pages' bytes: the configuration, the set of
    files and the navigation. With the same shape, a changed page changes only itself."""
    sources: Manifest
    """The manifest of ``site_src/`` it was built from."""


def site_inputs(config_file: Path, offline_zip: bool, known: Manifest | None) -> tuple[SiteInputs, Path, dict]:
    """The digests of a site build's inputs, its ``docs_dir`` and the MkDocs configuration read."""
    config_file = Path(config_file)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    base = config_file.resolve().parent
    docs = base / config.get("docs_dir", "docs")
    sources = scan(docs, known, hidden=False)
    custom = (config.get("theme") or {}).get("custom_dir")
    parts = [builder_version(), bytes_digest(config_file), str(docs.resolve()), str(offline_zip),
             content_digest(scan(base / custom)) if custom else "",
             *(bytes_digest(base / hook) for hook in config.get("hooks", [])),
             *(f"{name}={_version(name)}" for name in SITE_LIBRARIES)]
    shape = inputs_digest(*parts, *sources, sources.get("nav.json", (0, 0, 0, ""))[3])
    return SiteInputs(inputs_digest(*parts, content_digest(sources)), shape, sources), docs, config


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def read_site_inputs(site_dir: Path) -> SiteInputs | None:
    """What ``site/`` was built from, or None if it does not say (then it is built in full)."""
    try:
        data = json.loads((Path(site_dir) / RECORD).read_bytes())
        if data["format"] != FORMAT:
            return None
        sources = {str(k): (int(v[0]), int(v[1]), int(v[2]), str(v[3])) for k, v in data["sources"].items()}
        return SiteInputs(str(data["inputs"]), str(data["shape"]), sources)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def mkdocs_build(config_file: Path, site_dir: Path, offline_zip: bool = False, quiet: bool = False) -> None:
    """``mkdocs build --strict`` into a staging folder, then swap it in (see ``write``:
    the same ownership marker, lock and recovery as ``site_src/``); nothing at all when
    ``site/`` was built from exactly these inputs, and only the changed pages when the
    rest is unchanged (see the module's docstring). ``quiet``: MkDocs prints its warnings
    and errors only (``-q``), as the builder does."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with writing(site_dir):
        recover(site_dir)
        if not owned(site_dir):
            raise BuildAbort(f"{site_dir}: site folder exists and was not made by the builder (no {MARKER}); "
                             "choose another --site-dir, or empty it")
        previous = read_site_inputs(site_dir) if (site_dir / MARKER).is_file() else None
        now, docs, config = site_inputs(config_file, offline_zip, previous.sources if previous else None)
        if previous is not None and previous.inputs == now.inputs:
            log.info("site_src/ and the site's configuration are unchanged; %s left as it is", site_dir)
            return
        dirty = (previous is not None and previous.shape == now.shape and config.get("use_directory_urls") is False
                 and (site_dir / ANCHORS).is_file())
        _mkdocs_build(config_file, site_dir, offline_zip, now, docs, previous if dirty else None, quiet)


def _mkdocs_build(config_file: Path, site_dir: Path, offline_zip: bool, now: SiteInputs, docs: Path,
                  previous: SiteInputs | None, quiet: bool = False) -> None:
    staging = site_dir.parent / f".{site_dir.name}.staging-{os.getpid()}"
    retired = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    # hooks/site.py zips the site for offline reading only when publishing.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_ZIP="1" if offline_zip else "0")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(staging.resolve()),
               *(["-q"] if quiet else [])]
    if previous is not None:
        kept = link_unchanged(site_dir, staging, docs, previous.sources, now.sources)
        log.info("%d of the site's files are unchanged; the rest is rebuilt", kept)
        command.append("--dirty")
        env["POLICY_SITE_DIRTY"] = "1"
    log.info("running %s", " ".join(command))
    completed = subprocess.run(command, env=env)
    if completed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildAbort(f"mkdocs build --strict failed (exit {completed.returncode}); {site_dir} left as it was")
    data = {"format": FORMAT, "inputs": now.inputs, "shape": now.shape,
            "sources": {name: list(entry) for name, entry in sorted(now.sources.items())}}
    replace_file(staging / RECORD, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    swap_in(staging, site_dir, retired)
    log.info("site ready in %s", site_dir)


def output_name(source: str) -> str:
    """Where MkDocs writes a file of ``site_src/`` (``use_directory_urls: false``)."""
    return source[: -len(".md")] + ".html" if source.endswith(".md") else source


def link_unchanged(site_dir: Path, staging: Path, docs: Path, before: Manifest, now: Manifest) -> int:
    """Fill ``staging`` with hard links to the files of ``site_dir`` MkDocs will not write
    again, and return how many.

    Left out: what was made from a source whose bytes changed; what MkDocs itself will
    rewrite, because its source is no older than it (``--dirty`` goes by times, and it
    writes in place, which through a link would change the site being replaced); and
    what it writes on every build.
    """
    stale = {output_name(name) for name, entry in now.items() if before.get(name, (0, 0, 0, ""))[3] != entry[3]}
    stale.update((*ALWAYS_WRITTEN, RECORD, MARKER))
    kept = 0
    for path in sorted(site_dir.rglob("*")):
        name = path.relative_to(site_dir).as_posix()
        if name in stale or path.is_symlink() or not path.is_file():
            continue
        made = path.stat().st_mtime_ns
        sources = [docs / name] + ([docs / (name[: -len(".html")] + ".md")] if name.endswith(".html") else [])
        # A file with no source in site_src/ is the theme's (its version is part of the shape).
        if any(source.is_file() and source.stat().st_mtime_ns >= made for source in sources):
            continue
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
        kept += 1
    return kept


def relocated_config(config_file: Path, site_src: Path, target: Path) -> Path:
    """Write a copy of ``config_file`` that builds another ``site_src/``.

    Paths the configuration holds relative to its own folder (theme overrides,
    hooks) become absolute, so the copy works from
    anywhere: used by the tests and the benchmark to build scratch corpora.
    """
    config_file = Path(config_file).resolve()
    base = config_file.parent
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["docs_dir"] = str(Path(site_src).resolve())
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = str(base / config["theme"]["custom_dir"])
    config["hooks"] = [str(base / hook) for hook in config.get("hooks", [])]
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


# --- Anchors and links of the pages a dirty build skips -------------------------------

def page_links(files) -> dict:
    """Every page's anchors and the anchors it links to, as MkDocs' anchor check sees them."""
    pages = {}
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        links = {target.src_uri: dict(sorted(anchors.items()))
                 for target, anchors in (page.links_to_anchors or {}).items()}
        pages[file.src_uri] = {"anchors": sorted(page.present_anchor_ids or ()), "links": dict(sorted(links.items()))}
    return pages


def write_page_links(site_dir: Path, files) -> None:
    """Record :func:`page_links` in the site (replaced, never written in place: the old
    record may be a link to the site being replaced)."""
    data = json.dumps({"format": FORMAT, "pages": page_links(files)}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    replace_file(Path(site_dir) / ANCHORS, data.encode("utf-8"))


def restore_page_links(site_dir: Path, files) -> int:
    """Give each page MkDocs did not read (``--dirty``) the anchors and links it had at the
    last build, so that the anchor check covers it, and return how many.

    Raises:
        BuildAbort: the record is missing or unreadable (a full build is then needed).
    """
    try:
        data = json.loads((Path(site_dir) / ANCHORS).read_bytes())
        pages = data["pages"] if data["format"] == FORMAT else None
        if not isinstance(pages, dict):
            raise ValueError("not a record of pages")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildAbort(f"{Path(site_dir) / ANCHORS}: unreadable ({exc}); build the site in full") from None
    restored = 0
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.present_anchor_ids is not None or file.src_uri not in pages:
            continue
        entry = pages[file.src_uri]
        page.present_anchor_ids = set(entry["anchors"])
        page.links_to_anchors = {}
        for target, anchors in entry["links"].items():
            found = files.get_file_from_path(target)
            if found is not None:
                page.links_to_anchors[found] = dict(anchors)
        restored += 1
    return restored
