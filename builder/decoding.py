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
    bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    utf16 = utf16_without_bom(data) if not bom and b"\x00" in data else None
    if data.count(b"\x00") > max(8, len(data) // 1000) and not bom and not utf16:
        raise SourceError(path, "file holds many NUL bytes: a binary file, not a text document (if it is text, "
                                "open it in an editor and save it as UTF-8)")
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    elif utf16:
        candidates = [(utf16, data)]
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
        if found := mojibake(text):
            raise SourceError(path, found)
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


# --- UTF-16 without a byte-order mark -------------------------------------------------

UTF16_ORDERS = ("utf-16-le", "utf-16-be")
SAMPLE_BYTES = 1 << 17  # even, so a sample is whole 16-bit units
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[\x80-\xff]")  # the characters that UTF-8 read as Latin-1 or Windows-1252 is made of


def utf16_without_bom(data: bytes) -> str | None:
    """The byte order in which BOM-less bytes read as real Chinese, if they are UTF-16
    (Windows' "Unicode" saved without its mark: the ASCII in it is half NUL bytes, which
    would read as binary). Random bytes read as UTF-16 are rare characters, so they fail."""
    from .hanzi import common_share

    if len(data) % 2:
        return None
    for order in UTF16_ORDERS:
        sample = data[:SAMPLE_BYTES].decode(order, errors="replace")
        if len(HAN.findall(sample)) >= 4 and not _looks_binary(sample) and common_share(sample) >= 0.8:
            return order
    return None


# --- Mojibake: UTF-8 read in another encoding and saved again -------------------------

MOJIBAKE_SAMPLE = 20_000


def _as_latin_bytes(text: str) -> bytes | None:
    """The bytes a Latin-1 or Windows-1252 reading gave these characters, if it can have
    (browsers read 0x81, 0x8d … of Windows-1252 as the C1 controls of the same number)."""
    out = bytearray()
    for ch in text:
        if ord(ch) < 256:
            out.append(ord(ch))
        elif ch == "\ufffd":  # a byte the reading lost: never valid UTF-8, so it stays lost
            out.append(0xFF)
        else:
            try:
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def _undone(original: str) -> bool:
    """Whether text got back from mojibake is real Chinese (some characters may have been
    lost for good when it was saved, as U+FFFD)."""
    from .hanzi import common_share

    han = len(HAN.findall(original))
    return han >= 8 and original.count("\ufffd") * 3 < han and common_share(original) >= 0.9


def mojibake(text: str) -> str | None:
    """What to say of text that is UTF-8 read in the wrong encoding and saved again (关于
    saved as 'å\x85³äº\x8e' or as 鍏充簬), or None. The file's own characters undo to real
    Chinese, so it can be mended; the builder does not guess, the message says how."""
    from .hanzi import common_share

    sample = text[:MOJIBAKE_SAMPLE]
    shown = next((line.strip(" \t\u3000")[:12] for line in sample.split("\n") if line.strip(" \t\u3000")), "")
    shown = "".join(ch for ch in shown if not "\x80" <= ch <= "\x9f")  # C1 controls print as nothing
    latin = len(LATIN.findall(sample))
    if latin >= max(8, len(sample) // 10):
        raw = _as_latin_bytes(sample)
        if raw is not None and _undone(raw.decode("utf-8", errors="replace")):
            codec = "latin1" if all(ord(ch) < 256 for ch in sample) else "cp1252"
            return (f"the text is mojibake: UTF-8 that was read as {'Latin-1' if codec == 'latin1' else 'Windows-1252'} "
                    f"and saved again ('{shown}…'); save the page again from its address as UTF-8, or undo it "
                    f"with: iconv -f utf-8 -t {codec} FILE > FIXED")
    if HAN.search(sample) and common_share(sample) < 0.6:
        if _undone(sample.encode("gb18030", errors="replace").decode("utf-8", errors="replace")):
            return (f"the text is mojibake: UTF-8 that was read as GBK and saved again ('{shown}…'); save the page "
                    "again from its address as UTF-8, or undo it with: iconv -f utf-8 -t gb18030 FILE > FIXED")
    return None
