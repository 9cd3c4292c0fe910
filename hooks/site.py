"""MkDocs hooks: install the builder's navigation, and package the site for offline reading.

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


# Material's search worker splits a Chinese query into words of the index, but
# its loop never tries the whole query (``o<t.length``): a query that is itself
# an indexed word (万达开, 五区共兴) is cut into characters whenever its first
# character is also a word. One character fixes it.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
SEGMENT_LOOP_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site: Path) -> None:
    """Let the worker try the whole query as one word (see SEGMENT_LOOP)."""
    workers = sorted(site.glob(WORKER_GLOB))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if SEGMENT_LOOP in code:
            worker.write_text(code.replace(SEGMENT_LOOP, SEGMENT_LOOP_FIXED), encoding="utf-8")
        elif SEGMENT_LOOP_FIXED not in code:
            log.warning("%s: Material's query segmentation changed; review patch_search_worker in hooks/site.py",
                        worker)
    if not workers:
        log.warning("no search worker found under %s", site)


def compact_search_index(site: Path) -> None:
    """Re-encode the search index as UTF-8 instead of ASCII escapes.

    Material writes every Chinese character and every zero-width space as a
    six-byte \\uXXXX escape; as UTF-8 they take three, so the index a reader
    downloads is about half as large. The data is unchanged.
    """
    plain = site / "search" / "search_index.json"
    if plain.is_file():
        data = json.loads(plain.read_text(encoding="utf-8"))
        plain.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    script = site / "search" / "search_index.js"  # written by the offline plugin for file:// use
    if script.is_file():
        prefix = "var __index = "
        text = script.read_text(encoding="utf-8")
        if text.startswith(prefix):
            data = json.loads(text[len(prefix):].rstrip().rstrip(";"))
            script.write_text(prefix + json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        else:
            log.warning("%s: unexpected format; left as it is", script)


def on_post_build(config, **kwargs):
    """Fix the search worker, shrink the index, then zip the whole site for offline reading."""
    site = Path(config["site_dir"])
    patch_search_worker(site)
    compact_search_index(site)
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
