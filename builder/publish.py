"""Run MkDocs over the generated ``site_src/`` and swap the result into ``site/``.

MkDocs writes into a staging folder; ``site/`` is replaced only when
``mkdocs build --strict`` succeeded, so a failed build never clobbers the
last good site.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .errors import BuildAbort
from .write import MARKER, owned, recover, swap_in, writing

log = logging.getLogger(__name__)


def mkdocs_build(config_file: Path, site_dir: Path, offline_zip: bool = False) -> None:
    """``mkdocs build --strict`` into a staging folder, then swap it in (see ``write``:
    the same ownership marker, lock and recovery as ``site_src/``)."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with writing(site_dir):
        recover(site_dir)
        if not owned(site_dir):
            raise BuildAbort(f"{site_dir}: site folder exists and was not made by the builder (no {MARKER}); "
                             "choose another --site-dir, or empty it")
        _mkdocs_build(config_file, site_dir, offline_zip)


def _mkdocs_build(config_file: Path, site_dir: Path, offline_zip: bool) -> None:
    staging = site_dir.parent / f".{site_dir.name}.staging-{os.getpid()}"
    retired = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    # hooks/site.py zips the site for offline reading only when publishing.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_ZIP="1" if offline_zip else "0")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(staging.resolve())]
    log.info("running %s", " ".join(command))
    completed = subprocess.run(command, env=env)
    if completed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildAbort(f"mkdocs build --strict failed (exit {completed.returncode}); {site_dir} left as it was")
    swap_in(staging, site_dir, retired)
    log.info("site ready in %s", site_dir)


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
