"""MkDocs hooks: install the builder's navigation, report progress, package the site for offline reading.

Kept tiny on purpose: the builder decides everything; these only wire it into MkDocs.
"""

from __future__ import annotations

import json
import logging
import os
import zipfile
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.site")

NAV_FILE = "nav.json"
ZIP_PATH = "downloads/policy-site.zip"
# A fixed timestamp keeps the archive byte-identical across builds.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def on_config(config, **kwargs):
    """Use the grouped navigation the builder wrote (by year, then terms)."""
    nav_path = Path(config["docs_dir"]) / NAV_FILE
    if nav_path.is_file():
        config["nav"] = json.loads(nav_path.read_text(encoding="utf-8"))
    return config


def on_files(files, config, **kwargs):
    """nav.json is for this hook only; do not publish it."""
    found = files.get_file_from_path(NAV_FILE)
    if found is not None:
        files.remove(found)
    return files


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
    return output


def on_post_build(config, **kwargs):
    """Zip the whole site for offline reading."""
    site = Path(config["site_dir"])
    target = site / ZIP_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.tmp")
    paths = sorted(p for p in site.rglob("*") if p.is_file() and p.parent != target.parent)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            info = zipfile.ZipInfo(f"policy-site/{path.relative_to(site).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(tmp, target)
    log.info("offline archive: %s (%d files)", target, len(paths))
