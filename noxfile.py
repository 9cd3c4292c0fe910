"""Sessions: build the site, run every test, preview, benchmark. `nox -l` lists them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["build", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"


def install(session: nox.Session, *extras: str) -> None:
    """Install the project's dependencies, as declared in pyproject.toml."""
    target = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", target)


def ensure_chromium(session: nox.Session) -> None:
    """Browser tests need Debian's Chromium and CJK fonts; install each with apt-get when missing."""
    import subprocess

    missing = [] if Path(CHROMIUM).exists() else ["chromium"]
    if subprocess.run(["dpkg", "-s", "fonts-noto-cjk"], capture_output=True).returncode != 0:
        missing.append("fonts-noto-cjk")
    if not missing:
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing,
                    external=True, env={"DEBIAN_FRONTEND": "noninteractive"})
        return
    session.error(f"missing {', '.join(missing)}: install Debian's packages (apt-get install {' '.join(missing)})")


@nox.session
def build(session: nox.Session) -> None:
    """Build site_src/ from raw/, then the site into site/ with mkdocs --strict."""
    install(session)
    session.run("python", "-m", "builder", "site", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite, browser tests in Chromium included."""
    install(session, "test")
    ensure_chromium(session)
    session.run("pytest", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(default=False)
def check(session: nox.Session) -> None:
    """Print the per-document report for raw/ without writing anything."""
    install(session)
    session.run("python", "-m", "builder", "check", *session.posargs)


@nox.session(default=False)
def realpages(session: nox.Session) -> None:
    """Score the real pages with the shared checker two ways: with the committed line-role model
    (in-sample), then leave-one-site-out, the figure for a page of a site never seen (sets as posargs)."""
    install(session)
    session.run("python", "tools/realpages.py", *session.posargs)
    session.run("python", "tools/realpages.py", "--loso", *session.posargs)


@nox.session(default=False)
def fit(session: nox.Session) -> None:
    """Refit builder/roles.crfsuite from the labelled pages in training/roles/ (the same labels give the same file)."""
    install(session)
    session.run("python", "-m", "builder.training", "fit")


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Preview at http://127.0.0.1:8000/policy-corpus/ (the path of site_url), rebuilding when raw/, a sidecar or the glossary changes."""
    install(session)
    session.run("python", "-m", "builder", "build")
    session.run("python", "tools/serve.py", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmark builder, mkdocs and Hugo, sizes and browser search: 10/100/1000 documents by default;
    e.g. `nox -s bench -- --one-year 3000 --terms 300 --corpus ../shared/corpora/lawrefbook`."""
    install(session, "test")
    ensure_chromium(session)
    # Hugo is the reference a user could pick instead (the benchmark only, never CI).
    if not shutil.which("hugo") and shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo", external=True,
                    env={"DEBIAN_FRONTEND": "noninteractive"})
    session.run("python", "tools/bench.py", *session.posargs)
