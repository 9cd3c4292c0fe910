"""The first hour with the project: quiet output, no foreign banners, one-line errors, one venv."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, copy_seeds, mkdocs_config_for, run_builder


def test_site_quiet_prints_no_mkdocs_info(tmp_path):
    """``-q`` means errors only, from MkDocs too: no ``INFO - Building documentation…`` lines."""
    config = mkdocs_config_for(tmp_path / "site_src", tmp_path / "mkdocs.yml")
    done = run_builder(copy_seeds(tmp_path / "raw", ["003"]), tmp_path / "site_src", "-q", "--mkdocs-config",
                       str(config), "--site-dir", str(tmp_path / "site"), "--slugs", str(tmp_path / "slugs.json"),
                       "--cache-dir", str(tmp_path / "cache"), command="site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert "INFO" not in done.stdout + done.stderr, done.stdout + done.stderr
