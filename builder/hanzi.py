"""How ordinary a run of Chinese text is: the share of its characters among the most common.

Real prose, Simplified or (once converted) Traditional, scores above 0.9; text
decoded with the wrong encoding (UTF-8 read as GBK, Big5 read as GB18030)
scores far below. Both the decoder and the anatomy stage use this measure.
"""

from __future__ import annotations

from functools import lru_cache

SAMPLE = 20_000


@lru_cache(maxsize=65536)
def is_common(ch: str) -> bool:
    """One of the 3,755 most common characters (GB 2312 level 1)."""
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def common_share(text: str, simplify: bool = False) -> float:
    """Share of the Han characters of ``text`` that are common (1.0 for no Han at all).

    With ``simplify``, Traditional characters are converted first (OpenCC t2s),
    so a Traditional page scores like a Simplified one.
    """
    text = text[:SAMPLE]
    if simplify:
        from .clean import to_simplified_text

        text = to_simplified_text(text)
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 1.0
    return sum(1 for ch in han if is_common(ch)) / len(han)
