"""Shared fixtures: the seed corpus analysed once, and the real site built once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.pipeline import build
from builder.publish import relocated_config

# Under GitHub Actions a fork's build publishes the fork's addresses (builder/addresses.py); the
# golden output is this project's, whichever repository runs the tests (tests/test_hosts.py
# sets it where it tests the fork's).
os.environ.pop("GITHUB_REPOSITORY", None)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GLOSSARY = ROOT / "glossary.yml"
ARTIFACTS = ROOT / "test-artifacts"


def run_builder(raw: Path, out: Path, *extra: str, command: str = "build",
                glossary: Path = GLOSSARY) -> subprocess.CompletedProcess:
    """Run ``python -m builder build`` (or another command) as a user would."""
    config = [] if "--mkdocs-config" in extra else ["--mkdocs-config", str(ROOT / "mkdocs.yml")]
    return subprocess.run(
        [sys.executable, "-m", "builder", command, "--raw", str(raw), "--out", str(out),
         "--glossary", str(glossary), *config, *extra],
        cwd=ROOT, capture_output=True, text=True,
    )


def analysed(raw: Path, out: Path):
    """The documents the builder understands in ``raw`` (nothing is written)."""
    return build(BuildConfig.create(raw, out, GLOSSARY), write=False).corpus.documents


def mkdocs_config_for(site_src: Path, target: Path) -> Path:
    """A copy of mkdocs.yml pointing at another site_src/."""
    return relocated_config(ROOT / "mkdocs.yml", site_src, target)


def build_site(raw: Path, workdir: Path, glossary: Path = GLOSSARY) -> tuple[Path, Path]:
    """Builder + ``mkdocs build --strict`` into ``workdir``; returns (site_src, site)."""
    site_src, site = workdir / "site_src", workdir / "site"
    result = run_builder(raw, site_src, "-q", glossary=glossary)
    assert result.returncode == 0, result.stderr
    config = mkdocs_config_for(site_src, workdir / "mkdocs.yml")
    # As published (the Pages workflow builds with --zip): with the offline archive.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_ZIP="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return site_src, site


@pytest.fixture(scope="session")
def seed_result():
    """The five seeds analysed by the real pipeline (nothing written)."""
    return build(BuildConfig.create(RAW, ROOT / "site_src", GLOSSARY), write=False)


@pytest.fixture(scope="session")
def seed_docs(seed_result):
    """Seed documents by source file name prefix (``000`` … ``004``)."""
    return {doc.source.name[:3]: doc for doc in seed_result.corpus.documents}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site for the seeds, built with mkdocs --strict."""
    return build_site(RAW, tmp_path_factory.mktemp("seedsite"))


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def copy_seeds(target: Path, names: list[str] | None = None) -> Path:
    """A raw folder holding (some of) the seeds and their sidecars."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(RAW.iterdir()):
        if names is None or path.name[:3] in names:
            shutil.copy2(path, target / path.name)
    return target


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Latin words a reader-facing page may show: names (of formats, standards, sources, keys),
# units. Anything else in Latin letters on a page is English left for the editor.
LATIN_NAMES = frozenset({
    "JSON", "CSL", "BibTeX", "GB", "PDF", "Word", "HTML", "Markdown", "zip", "UTF", "utf",  # formats, standards
    "CNTV",  # a source the seeds name (央视网)
    "kV",  # a unit in the seeds' text
    "Tab",  # the key
})
_URL = re.compile(r"(?:https?|file)://\S+|\b[\w.-]+\.(?:html|txt|json|md|yml|zip|docx|pdf)\b", re.ASCII)
_TOKEN = re.compile(r"[A-Za-z0-9][\w'./+#-]*", re.ASCII)


def latin_words(text: str) -> list[str]:
    """The Latin words in ``text`` outside LATIN_NAMES: addresses, file names, anything with a
    digit (文号 parts, G93, SHA-256, a digest) and single letters (B型, 第A类) are not words."""
    words = []
    for token in _TOKEN.findall(_URL.sub(" ", text)):
        if any(ch.isdigit() for ch in token):
            continue
        words += [w for w in re.split(r"[^A-Za-z]+", token) if len(w) > 1 and w not in LATIN_NAMES]
    return words
