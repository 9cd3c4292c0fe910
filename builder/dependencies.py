"""What the builder needs installed, checked before anything imports it.

Several libraries are imported only when first used (OpenCC for a Traditional page, jieba
for the index pages, pdfplumber for a PDF, MkDocs and Material in their own process), so
a Python holding some of them failed midway with a traceback. This module imports none
of them: ``python -m builder`` asks it first and says in one line what is missing.
"""

from __future__ import annotations

import importlib.util

# Each dependency of pyproject.toml: as pip installs it, as Python imports it
# (tests/test_first_run.py checks the two lists agree).
DEPENDENCIES = (
    ("beautifulsoup4", "bs4"),
    ("charset-normalizer", "charset_normalizer"),
    ("jieba", "jieba"),
    ("mkdocs", "mkdocs"),
    ("mkdocs-material", "material"),
    ("numpy", "numpy"),
    ("opencc", "opencc"),
    ("pdfplumber", "pdfplumber"),
    ("pypinyin", "pypinyin"),
    ("pyromark", "pyromark"),
    ("python-crfsuite", "pycrfsuite"),
    ("python-docx", "docx"),
    ("pyyaml", "yaml"),
)

INSTALL = "python3 -m pip install -e ."


def missing_dependencies() -> list[str]:
    """The packages (as pip names them) this Python cannot import, in the list's order."""
    return [package for package, module in DEPENDENCIES if _absent(module)]


def _absent(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):  # a broken install: a package without a spec
        return True


def missing_message(packages: list[str]) -> str:
    """The one line that says so, and how to install them."""
    return (f"ERROR: this Python lacks {', '.join(packages)}, which the builder needs; "
            f"from the project root run `{INSTALL}` (or `nox -s build`, which installs everything itself)")
