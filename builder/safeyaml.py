"""The one way the builder loads YAML it did not write: sidecars, a Markdown file's front
matter, the glossary.

Safe YAML (no Python objects), without implicit timestamps (dates are checked, and
reported, by the readers) and without aliases: ``*a`` repeated a few levels deep expands a
few hundred bytes into gigabytes, and no input of the corpus needs one. The size of the
text is capped before it is parsed, so the parser's own memory is bounded too.
"""

from __future__ import annotations

import yaml

from .errors import SourceError


class AliasError(yaml.composer.ComposerError):
    """An alias (``*name``) where none is allowed."""


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` refusing aliases, with dates left as strings."""

    what = "this file"

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasError(None, None, f"aliases (*name) are not allowed in {self.what}",
                                              event.start_mark)
        return super().compose_node(parent, index)


BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def compose_and_load(text: str, path: str, what: str, limit: int, first_line: int = 1, malformed_ok: bool = False):
    """The node tree (for line numbers) and the data of ``text``; (None, None) for text that
    is not YAML when ``malformed_ok`` (front matter that is not YAML is text).

    Raises:
        SourceError: naming ``path`` (and the line) when the text is larger than
            ``limit`` bytes, holds an alias or (unless ``malformed_ok``) is not YAML.
    """
    size = len(text.encode("utf-8"))
    if size > limit:
        raise SourceError(path, f"{what} is {size} bytes; {what} holds at most {limit}", line=first_line)
    loader = type("Loader", (BoundedLoader,), {"what": what})
    try:
        return yaml.compose(text, Loader=loader), yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        if malformed_ok and not isinstance(exc, AliasError):
            return None, None
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(path, f"malformed YAML: {getattr(exc, 'problem', None) or exc}",
                          line=mark.line + first_line if mark else first_line) from None

