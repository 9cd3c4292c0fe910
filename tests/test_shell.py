"""MkDocs as a page shell: pulldown-cmark renders the builder's Markdown (builder/shell.py, hooks/site.py)."""

from __future__ import annotations

import re

import pytest

from builder.escape import markdown_text
from builder.shell import render, rewrite_links, squash_whitespace, toc_tokens


def test_headings_get_their_ids_citation_labels_and_permalinks():
    out = render("## 一、总体要求 { #part-1 data-cite=一、 }\n\n### （一）指导思想。 { #part-1-clause-1 data-cite=一、（一） }\n")
    assert ('<h2 id="part-1" data-cite="一、">一、总体要求<a class="headerlink" href="#part-1" title="本条的永久链接">¶</a></h2>'
            in out.html)
    assert [(h.level, h.id, h.title) for h in out.headings] == [(2, "part-1", "一、总体要求"),
                                                                (3, "part-1-clause-1", "（一）指导思想。")]
    assert toc_tokens(out.headings) == [{"level": 2, "id": "part-1", "name": "一、总体要求", "children": [
        {"level": 3, "id": "part-1-clause-1", "name": "（一）指导思想。", "children": []}]}]


def test_every_id_on_the_page_is_an_anchor():
    out = render('<p id="para-1" class="policy-para" data-cite="导语第1段">导语</p>\n\n'
                 '<div id="old-id" class="policy-alias"></div>\n\n## 二、 { #part-2 }\n')
    assert out.anchors == {"para-1", "old-id", "part-2"}


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "[x](javascript:alert(1))", "{: onclick=x }",
                                     "## 标题 { #evil }", "<img src=x onerror=alert(1)>", "&lt;b&gt;"])
def test_escaped_source_text_stays_text(hostile):
    """Text reaches the Markdown through markdown_text; pulldown-cmark shows it as the characters it is."""
    out = render(f'<p id="para-1">{markdown_text(hostile)}</p>\n\n## {markdown_text(hostile)} {{ #part-1 }}\n')
    assert "<script" not in out.html and "<img" not in out.html and 'href="javascript' not in out.html
    assert 'id="evil"' not in out.html and "onclick=" not in out.html.split(">", 1)[0]
    assert out.anchors == {"para-1", "part-1"}
    # The TOC title is HTML-escaped text (MkDocs' templates print it raw).
    assert "<" not in out.headings[0].title


def test_links_go_through_the_resolver_and_come_back_escaped():
    seen = []

    def resolve(url):
        seen.append(url)
        return url.replace(".md", ".html") + "&x=\"1\""

    body = rewrite_links('<p><a class="policy-cite" href="2019-a.md#part-1">a</a> <img src="b.png"></p>', resolve)
    assert seen == ["2019-a.md#part-1", "b.png"]
    assert 'href="2019-a.html#part-1&amp;x=&quot;1&quot;"' in body


def test_white_space_is_folded_outside_verbatim_elements():
    page = "<div>\n      <p>a\n\n     b</p>\n  </div>\n<pre>x\n\n  y</pre>\n<script>var a = 1\n// c\nvar b</script>"
    out = squash_whitespace(page)
    assert out.startswith("<div>\n<p>a\nb</p>\n</div>\n")
    assert "<pre>x\n\n  y</pre>" in out and "<script>var a = 1\n// c\nvar b</script>" in out


def test_published_page_links_are_page_urls_and_valid(built_site):
    """Links written as x.md in raw-HTML paragraphs (术语/另见, citations) reach the site as pages."""
    _, site = built_site
    html = (site / "doc" / "2011-chengyu-jingjiqu.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert not [h for h in hrefs if ".md" in h.split("#")[0]], "a .md link was not rewritten"
    assert any(h.startswith("../terms/") and h.endswith(".html") for h in hrefs)
    # Python-Markdown is not run on the pages: no extension leaves its mark (e.g. toc's auto ids).
    assert 'id="_1"' not in html
