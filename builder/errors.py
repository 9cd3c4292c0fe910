"""The builder's exceptions. Only ``cli.py`` turns them into exit codes."""

from __future__ import annotations


class BuilderError(Exception):
    """Base class for every error the builder reports to its user."""


class SourceError(BuilderError):
    """A raw or sidecar file that cannot be used, located by path and line."""

    def __init__(self, path: str, message: str, line: int | None = None, key: str | None = None):
        self.path = path
        self.message = message
        self.line = line
        self.key = key
        where = path if line is None else f"{path}:{line}"
        if key:
            where = f"{where}: key '{key}'"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # Rebuilt from its parts, so it crosses from a worker process intact.
        return (type(self), (self.path, self.message, self.line, self.key))


class BuildAbort(BuilderError):
    """The build stopped on purpose, e.g. warnings under ``--strict``."""
