"""Bytes to text: which encoding a raw text or HTML file is in, and what is wrong with one
that holds no text (binary data, a page saved as mojibake). Called by ``builder/sources.py``
only, the one stage that sees bytes.
"""

from __future__ import annotations

import codecs
import re

from .errors import SourceError


# Legacy encodings of Chinese pages. GBK and GB2312 are subsets of GB18030;
# Big5 is the Traditional pages' (mirrors of Taiwan and Hong Kong portals).
LEGACY_ENCODINGS = ("gb18030", "big5")
ENCODING_NAMES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                  "cp936": "gb18030", "utf8": "utf-8", "big5-hkscs": "big5hkscs", "cp950": "big5"}
META_CHARSET_RE = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]{2,20})", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` near its top, if any."""
    m = META_CHARSET_RE.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    name = ENCODING_NAMES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def legacy_candidates(data: bytes) -> list[str]:
    """Legacy encodings the bytes decode in, best first: by the share of common
    characters the text holds (after Traditional -> Simplified), so Big5 read as
    GB18030 (valid bytes, nonsense text) loses to Big5."""
    from .hanzi import common_share

    names = list(LEGACY_ENCODINGS)
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data[:65536]).best()
        if guess is not None:
            name = ENCODING_NAMES.get(guess.encoding.lower(), guess.encoding.lower())
            if name not in names and name not in ("utf_8", "utf-8", "ascii"):
                names.append(name)
    except Exception:  # pragma: no cover - the detector is an aid, never a requirement
        pass
    scored = []
    for order, name in enumerate(names):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((-common_share(text, simplify=True), order, name))
    return [name for _, _, name in sorted(scored)]


def decode(data: bytes, path: str, html: bool = False) -> tuple[str, str]:
    """Decode bytes: a BOM, then (for HTML) the declared charset, then UTF-8,
    then the legacy encoding whose text reads as real Chinese; refuse binary data.

    Line endings are normalised to ``\\n``.
    """
    if not data.strip():
        raise SourceError(path, "file is empty or holds only white space")
    if data.count(b"\x00") > max(8, len(data) // 1000) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(path, "file holds many NUL bytes: a binary file, not a text document")
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        declared = declared_charset(data) if html else None
        names = ([declared] if declared else []) + ["utf-8"]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            names += legacy_candidates(data)
        candidates = [(name, data) for name in dict.fromkeys(names)]
    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise SourceError(path, "file is empty or holds only white space")
        if _looks_binary(text):
            raise SourceError(path, f"file decodes as {encoding} but is mostly control characters: not a text document")
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    # Say where UTF-8 broke, which is where a person would look.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, "cannot decode as UTF-8 or GB18030 (byte "
                          f"0x{data[exc.start]:02x} at offset {exc.start})", line=line) from None
    raise SourceError(path, "cannot decode as UTF-8 or GB18030")  # pragma: no cover


# Runs of characters that are assigned, visible (or ordinary white space) code points:
# ASCII, Latin, CJK punctuation and ideographs, full-width forms.
PLAIN_TEXT = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f]+")


def _looks_binary(text: str) -> bool:
    """Mostly control, format, private-use or unassigned code points: not text."""
    import unicodedata

    sample = text[:65536]
    rest = PLAIN_TEXT.sub("", sample)  # only the rest needs a look at its category
    controls = sum(1 for ch in rest if ch < " " and ch not in "\n\r\t\f\v")
    odd = sum(1 for ch in rest if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn", "Cs") and ch not in "\n\r\t")
    return controls > max(8, len(sample) // 20) or odd > max(4, len(sample) * 3 // 10)
