"""Sessions: build the site, run every test, preview, benchmark. `nox -l` lists them."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.sessions = ["build", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"


# Every session runs in this one environment, beside nox's own (``.nox/builder``): nox would
# make one per session, each a full copy of MkDocs, NumPy, OpenCC, jieba and pdfplumber
# (five of them made .nox/ 1.3 GB). Sessions therefore use no virtualenv of nox's
# (venv_backend="none"; nox 2026 has no option to share one) and run this one's Python.
SHARED_VENV = "builder"
# Material prints its end-of-life banner whenever MkDocs starts, unless this is set.
QUIET_THEME = {"NO_MKDOCS_2_WARNING": "1"}


def install(session: nox.Session, *extras: str) -> dict[str, str]:
    """Make the shared environment when it is missing, install the project into it (with its
    dependencies as pyproject.toml declares them), and return the environment variables
    that run its commands; its Python is ``python_of(env)``."""
    venv = session.cache_dir.parent / SHARED_VENV  # .nox/builder, or under --envdir
    python = venv / "bin" / "python"
    if not python.exists():
        session.run_install(sys.executable, "-m", "venv", str(venv), external=True)
    target = f".[{','.join(extras)}]" if extras else "."
    session.run_install(str(python), "-m", "pip", "install", "-q", "-e", target, external=True)
    return {"VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            **QUIET_THEME}


def python_of(env: dict[str, str]) -> str:
    """The shared environment's Python."""
    return str(Path(env["VIRTUAL_ENV"]) / "bin" / "python")


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


@nox.session(venv_backend="none")
def build(session: nox.Session) -> None:
    """Build site_src/ from raw/, then the site into site/ with mkdocs --strict."""
    env = install(session)
    session.run(python_of(env), "-m", "builder", "site", *session.posargs, env=env, external=True)


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """Run the whole test suite, browser tests in Chromium included."""
    env = install(session, "test")
    ensure_chromium(session)
    session.run(python_of(env), "-m", "pytest", *session.posargs, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def check(session: nox.Session) -> None:
    """Print the per-document report for raw/ without writing anything."""
    env = install(session)
    session.run(python_of(env), "-m", "builder", "check", *session.posargs, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def realpages(session: nox.Session) -> None:
    """Score the real pages with the shared checker two ways: with the committed line-role model
    (in-sample), then leave-one-site-out, the figure for a page of a site never seen (sets as posargs)."""
    env = install(session)
    session.run(python_of(env), "tools/realpages.py", *session.posargs, env=env, external=True)
    session.run(python_of(env), "tools/realpages.py", "--loso", *session.posargs, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def fit(session: nox.Session) -> None:
    """Refit builder/roles.crfsuite from the labelled pages in training/roles/ (the same labels give the same file)."""
    env = install(session)
    session.run(python_of(env), "-m", "builder.training", "fit", env=env, external=True)


@nox.session(venv_backend="none", default=False)
def serve(session: nox.Session) -> None:
    """Preview at http://127.0.0.1:8000/policy-corpus/ (the path of site_url), rebuilding when raw/, a sidecar or the glossary changes."""
    env = install(session)
    session.run(python_of(env), "-m", "builder", "build", env=env, external=True)
    session.run(python_of(env), "tools/serve.py", *session.posargs, env=env, external=True)


@nox.session(venv_backend="none", default=False)
def bench(session: nox.Session) -> None:
    """Benchmark builder, mkdocs and Hugo, sizes and browser search: 10/100/1000 documents by default;
    e.g. `nox -s bench -- --one-year 3000 --terms 300 --corpus ../shared/corpora/lawrefbook`."""
    env = install(session, "test")
    ensure_chromium(session)
    # Hugo is the reference a user could pick instead (the benchmark only, never CI).
    if not shutil.which("hugo") and shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo", external=True,
                    env={"DEBIAN_FRONTEND": "noninteractive"})
    session.run(python_of(env), "tools/bench.py", *session.posargs, env=env, external=True)
