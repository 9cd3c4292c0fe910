"""MkDocs hooks: install the builder's navigation, render pages with pulldown-cmark, report progress,
package the site for offline reading.

Kept tiny on purpose: the builder decides everything; these only wire it into MkDocs.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import zipfile
from urllib.parse import unquote, urlsplit
from pathlib import Path

from mkdocs.structure.pages import _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

from builder.addresses import published_addresses
from builder.publish import restore_page_links, write_page_links
from builder.render import OFFLINE_ZIP as ZIP_PATH
from builder.shell import render, rewrite_links, squash_whitespace, toc_tokens

log = logging.getLogger("mkdocs.hooks.site")

# Set by builder/publish.py when it builds only the changed pages (--dirty, over a copy of the
# last site): the pages MkDocs skips get their anchors and links from the last build.
DIRTY_ENV = "POLICY_SITE_DIRTY"


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build's navigation may be stale, which --strict counts as a
    failure; the builder chooses --dirty only when the navigation and the files are those of
    the last build (builder/publish.py), so the warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


if os.environ.get(DIRTY_ENV) == "1":
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())

NAV_FILE = "nav.json"
# The archive is for publishing only (`python -m builder site --zip`, the Pages workflow):
# it is the slowest step of a build and a preview does not need it.
ZIP_ENV = "POLICY_SITE_ZIP"
# A fixed timestamp keeps the archive byte-identical across builds.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def on_config(config, **kwargs):
    """Use the grouped navigation the builder wrote (by year, then terms), and a fork's own
    addresses where mkdocs.yml still holds this project's (builder/addresses.py: the builder
    says so; a warning here would fail --strict)."""
    addresses = published_addresses(config["site_url"] or "", config["repo_url"] or "", config["repo_name"] or "",
                                    os.environ)
    if addresses.replaced:
        config["site_url"], config["repo_url"], config["repo_name"] = (
            addresses.site_url, addresses.repo_url, addresses.repo_name)
    nav_path = Path(config["docs_dir"]) / NAV_FILE
    if nav_path.is_file():
        config["nav"] = json.loads(nav_path.read_text(encoding="utf-8"))
    return config


# nav.json is for this hook only; corpus.json (every record in one file, growing with the
# corpus) is for tools working on site_src/: the site publishes data/index.json and one
# file per document instead.
UNPUBLISHED = (NAV_FILE, "data/corpus.json")


# This build's files, for on_post_build (which MkDocs does not give them).
_build: dict = {}


def on_files(files, config, **kwargs):
    _resolved.clear()  # a new build (mkdocs serve rebuilds in one process)
    for path in UNPUBLISHED:
        found = files.get_file_from_path(path)
        if found is not None:
            files.remove(found)
    _build["files"] = files
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Render the page with pulldown-cmark (builder/shell.py) and hand Python-Markdown nothing to do."""
    rendered = render(markdown)
    links = _RelativePathTreeprocessor(page.file, files, config)
    page.policy_rendered = (rewrite_links(rendered.html, _resolver(links, page, files)), rendered, links.links_to_anchors)
    return ""


# (folder of the linking page, linked path) -> (target file, its URL from there). A page links
# to the same term and document pages again and again; resolving each path once per folder
# took most of the site build.
_resolved: dict[tuple[str, str], tuple] = {}


def _resolver(links, page, files):
    """MkDocs' own link resolution and messages (``path_to_url``: x.md -> the page's URL, a
    missing target warned), remembered per folder; each fragment is still registered for
    MkDocs' anchor validation."""
    folder = posixpath.dirname(page.file.src_uri)

    def resolve(url: str) -> str:
        path, _, fragment = url.partition("#")
        if not path:  # this page's own anchor (a permalink): registered for validation
            if fragment:
                links.links_to_anchors.setdefault(page.file, {}).setdefault(fragment, url)
            else:  # href="": what an attribute broken out of its quotes leaves behind
                log.warning("Doc file '%s' contains an empty link", page.file.src_uri)
            return url
        if ":" in path or "?" in path or path.startswith("/"):  # external, or not the builder's own link
            return links.path_to_url(url)
        hit = _resolved.get((folder, path))
        if hit is None:
            target = files.get_file_from_path(posixpath.normpath(posixpath.join(folder, unquote(path))))
            if target is None:
                return links.path_to_url(url)  # not found: MkDocs says so, every time
            hit = _resolved[(folder, path)] = (target, links.path_to_url(path))
        target, resolved = hit
        if fragment:
            links.links_to_anchors.setdefault(target, {}).setdefault(fragment, url)
        return f"{resolved}#{fragment}" if fragment else resolved

    return resolve


def on_page_content(html, page, config, files, **kwargs):
    """The finished HTML, its table of contents and its anchors, for MkDocs' anchor validation."""
    body, rendered, links_to_anchors = page.policy_rendered
    del page.policy_rendered
    page.toc = get_toc(toc_tokens(rendered.headings))
    page.present_anchor_ids = set(rendered.anchors)
    page.links_to_anchors = links_to_anchors
    return body


# Long builds say how far they are (MkDocs itself is silent between pages).
PROGRESS_EVERY = 250
_progress = {"done": 0, "total": 0}


def on_nav(nav, config, files, **kwargs):
    _progress.update(done=0, total=len(files.documentation_pages()))
    return nav


def on_post_page(output, page, config, **kwargs):
    _progress["done"] += 1
    if _progress["done"] % PROGRESS_EVERY == 0:
        log.info("rendered %d/%d pages", _progress["done"], _progress["total"])
    return squash_whitespace(with_lang(output, page.meta.get("lang")))


# Material writes lang="zh" for theme.language zh; the reading pages are Simplified, the
# original-text pages Traditional (front matter lang: zh-Hant, written by the builder).
LANGS = ("zh-Hans", "zh-Hant")


def with_lang(output: str, lang: str | None) -> str:
    return output.replace('<html lang="zh"', f'<html lang="{lang if lang in LANGS else LANGS[0]}"', 1)


def on_post_template(output_content, template_name, config, **kwargs):
    """Static templates (404.html, sitemap) are Simplified pages too; 404.html is made to work
    from any address (overrides/404.html sets <base> to the site's root)."""
    if not template_name.endswith(".html"):
        return output_content
    output = with_lang(output_content, None)
    if template_name == "404.html":
        output = relative_to_base(output, urlsplit(config.get("site_url") or "/").path or "/")
    return squash_whitespace(output)


def relative_to_base(output: str, root: str) -> str:
    """The site's own absolute addresses (/policy-corpus/assets/…) made relative to <base>."""
    root = root if root.endswith("/") else root + "/"
    for quote in ('"', "'"):
        output = output.replace(f"{quote}{root}/{quote}", f"{quote}./{quote}")  # the search box's base
        output = output.replace(f"{quote}{root}{quote}", f"{quote}./{quote}")
        output = output.replace(f"{quote}{root}", quote)
        output = output.replace(f"{quote}{root.rstrip('/')}{quote}", f"{quote}.{quote}")
    return output


def on_env(env, config, files, **kwargs):
    """In a dirty build, every page MkDocs did not read gets the anchors and links it had."""
    if os.environ.get(DIRTY_ENV) == "1":
        log.info("%d unchanged page(s) kept from the last build", restore_page_links(Path(config["site_dir"]), files))
    return env


def on_post_build(config, **kwargs):
    """Record every page's anchors and links (for the next dirty build); zip the whole site for
    offline reading, when asked to."""
    site = Path(config["site_dir"])
    write_page_links(site, _build.pop("files"))
    if os.environ.get(ZIP_ENV) != "1":
        return
    target = site / ZIP_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.tmp")
    # The builder's records of the site (.policy-*) are not part of it.
    paths = sorted(p for p in site.rglob("*") if p.is_file() and p.parent != target.parent
                   and not (p.parent == site and p.name.startswith(".")))
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            info = zipfile.ZipInfo(f"policy-site/{path.relative_to(site).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(tmp, target)
    log.info("offline archive: %s (%d files)", target, len(paths))
