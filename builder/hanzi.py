"""How ordinary a run of Chinese text is: the share of its characters among the most common.

Real prose, Simplified or (once converted) Traditional, scores above 0.9; text
decoded with the wrong encoding (UTF-8 read as GBK, Big5 read as GB18030)
scores far below. Both the decoder and the anatomy stage use this measure.
"""

from __future__ import annotations

import re

SAMPLE = 20_000


def _level_one() -> frozenset[str]:
    """The 3,755 characters of GB 2312 level 1 (rows 0xB0-0xD7)."""
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


COMMON = _level_one()
HAN = re.compile(r"[\u4e00-\u9fff]")
COMMON_HAN = re.compile("[" + "".join(sorted(COMMON)) + "]")  # counted in compiled code: this runs on every file read


def is_common(ch: str) -> bool:
    """One of the 3,755 most common characters (GB 2312 level 1)."""
    return ch in COMMON


def common_share(text: str, simplify: bool = False) -> float:
    """Share of the Han characters of ``text`` that are common (1.0 for no Han at all).

    With ``simplify``, Traditional characters are converted first (OpenCC t2s),
    so a Traditional page scores like a Simplified one.
    """
    text = text[:SAMPLE]
    if simplify:
        from .clean import to_simplified_text

        text = to_simplified_text(text)
    han = len(HAN.findall(text))
    if not han:
        return 1.0
    return len(COMMON_HAN.findall(text)) / han
