"""The one way untrusted text (from a source or a sidecar) reaches the site.

Two sinks, two functions, nothing else:

* :func:`markdown_text`: text inside the generated Markdown, as paragraph or
  heading text, inside raw HTML and inside its attribute values. Every ASCII
  punctuation character becomes a numeric character reference (``<`` →
  ``&#60;``, ``[`` → ``&#91;``, ``{`` → ``&#123;``), which Python-Markdown,
  attr_list and md_in_html pass through untouched and a browser shows as the
  character. No Markdown syntax, attribute list, tag or template can form from
  such text, wherever it lands.
* :func:`template_text`: text that MkDocs' templates print raw (front matter
  titles and descriptions, navigation titles), HTML-escaped once. The front
  matter is written by the YAML library, so it always parses and Material
  never falls back to a title of its own; ``overrides/main.html`` prints the
  window title without ``striptags`` (which would undo the escaping).

Both fold line breaks (``\\n``, U+2028, U+2029) into spaces and drop control,
bidi-override and non-character code points, so one value stays one line.

Ids and classes in the Markdown are never source text: they are ASCII the
builder makes, and still go through :func:`attribute` on their way into an attribute or a
link. URLs from a source go through :func:`safe_url` first.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def plain(text: str) -> str:
    """One line of visible text."""
    return INVISIBLE.sub("", LINE_BREAKS.sub(" ", text))


def markdown_text(text: str) -> str:
    """Text that Markdown and HTML read as exactly these characters."""
    text = plain(text)
    if not ASCII_PUNCTUATION.search(text):
        return text  # most Chinese prose: nothing to do
    return ASCII_PUNCTUATION.sub(lambda m: f"&#{ord(m.group(0))};", text)


def template_text(text: str) -> str:
    """Text for MkDocs' templates, which print it as it is."""
    return html.escape(plain(text), quote=True)


SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""A slug or an anchor id: lower-case ASCII words joined by single hyphens (so never
``..``, ``/``, a quote or ``--``, which separates a document's pages). ``\\Z``, not ``$``,
which would let a final line break through."""
BUILDER_ASCII = re.compile(r"[A-Za-z0-9_.-]*\Z")


def attribute(value: str) -> str:
    """An id, class or slug for an attribute value or a link: the builder's own ASCII is
    left as it is, anything else is escaped like text, so a value that was never validated
    (a planted cache entry) cannot close its quotes or open a tag."""
    return value if BUILDER_ASCII.match(value) else markdown_text(value)


SAFE_URL = re.compile(r"^https?://[^\s<>\"'`{}|\\^\x00-\x1f\x7f]+$", re.I)


def safe_url(url: str) -> str:
    """A web address fit for an ``href``, or '' if it is not one (``javascript:``, spaces)."""
    url = url.strip()
    return url if SAFE_URL.match(url) else ""


def path_url(path: str) -> str:
    """A raw file's path as a URL path, each segment encoded (``2020/b) <img>.txt`` ->
    ``2020/b%29%20%3Cimg%3E.txt``)."""
    return "/".join(quote(segment, safe="") for segment in path.split("/"))
