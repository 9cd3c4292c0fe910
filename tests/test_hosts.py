"""Links and downloads that work wherever the site is opened: any host, a fork's Pages, file://."""

from __future__ import annotations

from conftest import copy_seeds, run_builder

TEXT_SLUG = "2011-chengyu-jingjiqu"


def test_plain_text_download_starts_with_a_utf8_bom(tmp_path):
    """Served as text/plain without a charset (Python's http.server, some hosts) or opened from
    file://, a .txt is decoded by the browser's guess unless it opens with a BOM."""
    out = tmp_path / "site_src"
    assert run_builder(copy_seeds(tmp_path / "raw", ["000"]), out, "-q").returncode == 0
    data = (out / "doc" / f"{TEXT_SLUG}.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "中共四川省委 四川省人民政府关于".encode("utf-8"))
    assert data.count(b"\xef\xbb\xbf") == 1
    # The JSON downloads need none: browsers decode application/json as UTF-8, and JSON forbids a BOM.
    json_bytes = (out / "data" / "documents" / f"{TEXT_SLUG}.json").read_bytes()
    assert json_bytes.startswith(b"{")
