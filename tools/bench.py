"""Benchmark: how build cost grows with the corpus (issue: performance at scale).

Generates synthetic corpora from the seeds (varied titles, dates, clause counts
and text; 20% Traditional pages with inline pinyin; some bodies printed twice),
then measures the builder, `mkdocs build`, output sizes and, on the largest
corpus, search and page-load times in Chromium. Prints a table and writes
JSON. Run with `nox -s bench` (or `python tools/bench.py --sizes 10 100 1000`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = sorted((ROOT / "raw").glob("*.txt"))
TARGET_BYTES = 30_000
PLACES = ["成都", "德阳", "绵阳", "遂宁", "内江", "乐山", "南充", "宜宾", "广安", "达州", "巴中", "雅安", "眉山",
          "资阳", "泸州", "自贡", "攀枝花", "广元", "阿坝", "甘孜", "凉山"]
TOPICS = ["区域协调发展", "县域经济", "乡村振兴", "产业协作", "交通互联", "生态保护", "开放合作", "公共服务"]
KINDS = ["实施意见", "指导意见", "工作方案", "决定", "通知"]
CN_NUM = "一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + (CN_NUM[n - 11] if n > 10 else "")
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


def clause_texts() -> list[str]:
    """Clause sentences from the seeds, in Simplified characters without pinyin
    (two seeds are Traditional; the 20% Traditional pages are made below)."""
    from builder.clean import PINYIN_RE, to_simplified_text

    texts = []
    for seed in SEEDS:
        for line in to_simplified_text(PINYIN_RE.sub("", seed.read_text(encoding="utf-8"))).splitlines():
            line = line.strip()
            m = re.match(r"^[（(][一二三四五六七八九十]+[）)](.+)$", line)
            if m and len(m.group(1)) > 60:
                texts.append(m.group(1).replace(",", "，"))
    return texts


def add_pinyin(text: str, rng: random.Random) -> str:
    """Inline tone-marked pinyin after some characters, as some scrapes do."""
    from pypinyin import Style, pinyin

    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.2:
            out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
    return "".join(out)


def make_document(i: int, rng: random.Random, clauses: list[str], one_year: bool = False) -> tuple[str, str]:
    """One synthetic raw page and its sidecar (``one_year``: every document dated 2023)."""
    year = rng.randint(2005, 2025)
    if one_year:
        year = 2023
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    place, topic, kind = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(KINDS)
    title = f"关于{place}推进{topic}的{kind}（第{i}号）"
    lines = ["当前位置:首页 > 政策文件", title, f"发布时间:{year}-{month:02d}-{day:02d} 来源:{place}市政府办 点击量:{i}",
             "", f"{place}府办发〔{year}〕{i}号", "", "各县（市、区）人民政府:", "",
             f"为推动{place}{topic}，现提出以下意见。", ""]
    body: list[str] = []
    size, part, clause = 0, 0, 0
    parts = rng.randint(3, 9)
    while size < TARGET_BYTES or part < parts:
        part += 1
        body += [f"{cn(part)}、{rng.choice(TOPICS)}{rng.choice(['总体要求', '重点任务', '保障措施', '组织实施'])}", ""]
        for _ in range(rng.randint(2, 6)):
            clause += 1
            text = rng.choice(clauses)
            body += [f"({cn(clause) if clause < 100 else clause}){text}", ""]
            size += len(text.encode()) + 10
        if part >= 99:
            break
    lines += body + [f"{place}市人民政府办公室", "", f"{year}年{month}月{day}日"]
    text = "\n".join(lines)
    if rng.random() < 0.2:  # Traditional page with pinyin
        from opencc import OpenCC

        text = add_pinyin(OpenCC("s2t").convert(text), rng)
    if rng.random() < 0.15:  # the whole article printed twice
        text = text + "\n责任编辑:某某\n扫一扫在手机打开当前页\n\n" + text
    text += "\n主办单位:某某人民政府办公室\n手机版 电脑版\n"
    return text, f"slug: bench-{year}-{i:04d}\n"


def generate(raw: Path, count: int, seed: int = 2024, one_year: bool = False) -> None:
    rng = random.Random(seed)
    clauses = clause_texts()
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(1, count + 1):
        text, sidecar = make_document(i, rng, clauses, one_year)
        (raw / f"bench_{i:04d}.txt").write_text(text, encoding="utf-8")
        (raw / f"bench_{i:04d}.txt.yml").write_text(sidecar, encoding="utf-8")


def big_glossary(target: Path, count: int) -> Path:
    """The project's glossary plus words the seeds' clauses use often, up to ``count`` terms."""
    import yaml
    from collections import Counter

    import jieba

    data = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    # Every form a term already has (term, aliases, Traditional): a new term may not repeat one.
    have = {form for t in data["terms"] for form in [t["term"], t.get("traditional"), *(t.get("aliases") or [])] if form}
    words = Counter(w for text in clause_texts() for w in jieba.cut(text) if len(w) >= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", w))
    for n, (word, _) in enumerate(words.most_common()):
        if len(data["terms"]) >= count:
            break
        if word not in have and not any(word in form or form in word for form in have):
            have.add(word)
            data["terms"].append({"term": word, "slug": f"bench-term-{n}", "category": "基准测试", "description": word})
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def mkdocs_config(work: Path) -> Path:
    from builder.publish import relocated_config

    return relocated_config(ROOT / "mkdocs.yml", work / "site_src", work / "mkdocs.yml")


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def site_sizes(site: Path) -> dict:
    """What the built site weighs: in all, by top folder, a document's share of it, and the
    median document page (a document's pages, not its ``-original`` copy or later pages)."""
    documents = len(list((site / "data" / "documents").glob("*.json")))
    pages = [p.stat().st_size for p in (site / "doc").glob("*.html")
             if not re.search(r"-original(--\d+)?\.html$|--\d+\.html$", p.name)]
    total = dir_size(site)
    return {"cycle_site_mb": total / 1e6, "cycle_site_kb_per_document": total / 1e3 / max(documents, 1),
            "cycle_site_parts_mb": {part.name: dir_size(part) / 1e6 for part in sorted(site.iterdir()) if part.is_dir()},
            "cycle_median_page_kb": statistics.median(pages) / 1e3 if pages else None}


def builder_command(work: Path, raw: Path, glossary: Path) -> list[str]:
    return [sys.executable, "-m", "builder", "build", "-q", "--raw", str(raw), "--out", str(work / "site_src"),
            "--glossary", str(glossary), "--mkdocs-config", str(ROOT / "mkdocs.yml"),
            "--cache-dir", str(work / ".cache"), "--slugs", str(work / "slugs.json")]


def measure(work: Path, raw: Path, glossary: Path) -> dict:
    """One cold build (no cache, empty output), then a warm one (cache, output in place), then the site."""
    builder = builder_command(work, raw, glossary)
    for stale in (work / "site_src", work / ".cache", work / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    (work / "slugs.json").unlink(missing_ok=True)
    b_wall, b_rss = timed(builder, ROOT)
    w_wall, w_rss = timed(builder, ROOT)
    site = work / "site"
    m_wall, m_rss = timed([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(mkdocs_config(work)),
                           "-d", str(site)], ROOT)
    index = [p.read_bytes() for p in sorted((site / "search").rglob("*.js"))]
    pages = sorted((site / "doc").glob("*.html"), key=lambda p: p.stat().st_size)
    every_page = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    first_page = sorted((site / "doc").glob("bench-*-0001.html"))
    return {
        "documents": len(list((work / "site_src" / "data" / "documents").glob("*.json"))),
        "builder_s": b_wall, "builder_rss_mb": b_rss, "warm_builder_s": w_wall, "warm_builder_rss_mb": w_rss,
        "mkdocs_s": m_wall, "mkdocs_rss_mb": m_rss,
        "total_s": b_wall + m_wall, "warm_total_s": w_wall + m_wall,
        "site_mb": dir_size(site) / 1e6,
        "site_parts_mb": {part.name: dir_size(part) / 1e6 for part in site.iterdir() if part.is_dir()},
        "search_index_mb": sum(map(len, index)) / 1e6,
        "search_index_gzip_mb": sum(len(gzip.compress(data, 6)) for data in index) / 1e6,
        "search_files": len(index),
        "largest_page_kb": every_page.stat().st_size / 1e3,
        "largest_page": every_page.relative_to(site).as_posix(),
        "largest_doc_page_kb": pages[-1].stat().st_size / 1e3,
        "median_page_kb": statistics.median(p.stat().st_size for p in pages) / 1e3,
        "page_0001_kb": first_page[0].stat().st_size / 1e3 if first_page else None,
    }


SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def gather_corpus(corpus: Path, raw: Path, every: int = 1, limit: int = 0, as_text: bool = False) -> Path:
    """The corpus's documents, from all its folders, in one raw folder (the builder reads one
    folder): ``刑法/中华人民共和国刑法.md`` becomes ``刑法_中华人民共和国刑法.md``. ``every``
    takes every k-th file by path, ``limit`` at most that many, ``as_text`` saves each as
    ``.txt`` (plain text, as a user's scrape would be)."""
    raw.mkdir(parents=True, exist_ok=True)
    paths = [path for path in sorted(corpus.rglob("*"))
             if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file()
             and not any(part.startswith(".") for part in path.relative_to(corpus).parts)][::every]
    for path in paths[:limit or None]:
        name = "_".join(path.relative_to(corpus).parts)
        shutil.copyfile(path, raw / (str(Path(name).with_suffix(".txt")) if as_text else name))
    return raw


# An article starts a line, or follows the end of a sentence on a line that runs several
# articles together (飞行基本规则: …同意。 第六十五条 …).
ARTICLE_START = re.compile(r"(?:^[ \t　]*|(?<=[。；])[ 　]+)第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?[ \t　]",
                           re.M)


def structure_count(raw: Path, site_src: Path) -> dict:
    """Files whose number of article units differs from the number of articles their text starts."""
    articles = {}
    for path in (site_src / "data" / "documents").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))["document"]
        for name in [doc["file"]["name"], *(a["name"] for a in doc["also_from"])]:
            articles[name] = doc["counts"]["article"]
    differ, checked = [], 0
    for path in sorted(raw.glob("*.md")):
        name = path.name
        if name not in articles:
            continue
        checked += 1
        lines = len(ARTICLE_START.findall(path.read_text(encoding="utf-8")))
        if lines != articles[name]:
            differ.append(name)
    return {"structure_checked": checked, "structure_differ": len(differ), "structure_differ_files": differ[:20]}


HUGO_CONFIG = """baseURL = "https://example.org/"
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.parser.attribute]
block = true
title = true
"""
HUGO_LAYOUT = "<!doctype html><html lang=zh><head><meta charset=utf-8><title>{{ .Title }}</title></head>" \
              "<body><nav>{{ range .Site.Menus.main }}<a href='{{ .URL }}'>{{ .Name }}</a>{{ end }}</nav>" \
              "{{ .TableOfContents }}<main>{{ .Content }}</main></body></html>\n"


def measure_hugo(work: Path) -> dict:
    """Hugo (Debian's ``hugo``) over the same site_src/ with a minimal layout: the reference a
    user could pick instead of MkDocs. Its Markdown has the same raw HTML and heading attributes."""
    hugo = shutil.which("hugo")
    if not hugo:
        return {}
    project = work / "hugo"
    shutil.rmtree(project, ignore_errors=True)
    (project / "layouts" / "_default").mkdir(parents=True)
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name in ("single.html", "list.html"):
        (project / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    wall, rss = timed([hugo, "--quiet", "-s", str(project), "--contentDir", str(work / "site_src"),
                       "-d", str(work / "hugo-site")], ROOT)
    return {"hugo_s": wall, "hugo_rss_mb": rss}


def measure_engines(site_src: Path) -> dict:
    """The same generated pages rendered by Python-Markdown with the extensions the project used
    before the page shell, and by pulldown-cmark (pyromark, builder/shell.py): seconds for all."""
    import markdown

    from builder.shell import render

    pages = [p.read_text(encoding="utf-8").split("---\n", 2)[-1] for p in sorted(site_src.rglob("*.md"))]
    extensions = ["attr_list", "md_in_html", "admonition", "tables", "pymdownx.details", "toc"]
    start = time.perf_counter()
    for page in pages:
        markdown.Markdown(extensions=extensions).convert(page)
    python_markdown = time.perf_counter() - start
    start = time.perf_counter()
    for page in pages:
        render(page)
    return {"engine_pages": len(pages), "python_markdown_s": python_markdown,
            "pulldown_cmark_s": time.perf_counter() - start}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def measure_incremental(work: Path, raw: Path, glossary: Path) -> dict:
    """Change one raw file; rebuild with the cache; list the files rewritten.

    The writer hard-links unchanged files into the new tree, so a rewritten
    file is one whose inode changed."""
    builder = builder_command(work, raw, glossary)
    subprocess.run(builder, cwd=ROOT, check=True)  # warm the cache
    before = inodes(work / "site_src")
    raws = sorted(raw.glob("bench_*.txt"))
    target = raws[len(raws) // 2]
    target.write_text(target.read_text(encoding="utf-8") + "附：本文件于近日修订，补充一段说明。\n", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(builder, cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    after = inodes(work / "site_src")
    changed = sorted(path for path, inode in after.items() if before.get(path) != inode)
    search = [path for path in changed if path.startswith("search/")]
    return {"incremental_builder_s": wall, "files_rewritten": len(changed) - len(search),
            "search_files_rewritten": len(search), "files_unchanged": len(after) - len(changed),
            "rewritten": [path for path in changed if not path.startswith("search/grams/")]}


def site_command(work: Path, raw: Path, glossary: Path) -> list[str]:
    """``python -m builder site -q``, as a new user builds the whole site."""
    return [sys.executable, "-m", "builder", "site", "-q", "--raw", str(raw), "--out", str(work / "site_src"),
            "--glossary", str(glossary), "--mkdocs-config", str(mkdocs_config(work)), "--site-dir", str(work / "site"),
            "--cache-dir", str(work / ".cache"), "--slugs", str(work / "slugs.json")]


EDIT = "本条于近日修订。"


def edited(text: str) -> str:
    """``text`` with one sentence added inside its body, as a user fixing a clause would: after
    the first line from the middle on that ends a sentence. (A line added at the end changes
    where the signature is read, so the issuer and the issuer pages too.)"""
    lines = text.split("\n")
    at = next((i for i in range(len(lines) // 2, len(lines)) if lines[i].rstrip().endswith("。")), len(lines) // 2)
    lines[at] = lines[at].rstrip() + EDIT
    return "\n".join(lines)


def measure_cycle(work: Path, raw: Path, glossary: Path) -> dict:
    """The three builds a user waits for, each ``builder site`` (builder and MkDocs), with Hugo
    over the same site_src/ in the same run: cold (no cache, no output), one raw file edited,
    and nothing changed."""
    for stale in (work / "site_src", work / ".cache", work / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    (work / "slugs.json").unlink(missing_ok=True)
    command = site_command(work, raw, glossary)
    cold, cold_rss = timed(command, ROOT)
    sizes = site_sizes(work / "site")
    hugo = measure_hugo(work)
    raws = sorted(p for p in raw.iterdir() if p.suffix in SOURCE_SUFFIXES)
    target = raws[len(raws) // 2]
    original = target.read_bytes()
    try:
        target.write_text(edited(original.decode("utf-8")), encoding="utf-8")
        edit, edit_rss = timed(command, ROOT)
    finally:
        target.write_bytes(original)
    timed(command, ROOT)  # back to the unedited corpus
    nothing, nothing_rss = timed(command, ROOT)
    row = {"cycle_cold_s": cold, "cycle_cold_rss_mb": cold_rss, "cycle_edit_s": edit, "cycle_edit_rss_mb": edit_rss,
           "cycle_nothing_s": nothing, "cycle_nothing_rss_mb": nothing_rss, **sizes}
    if hugo:
        row.update(cycle_hugo_s=hugo["hugo_s"], cold_vs_hugo=cold / hugo["hugo_s"],
                   edit_vs_hugo=edit / hugo["hugo_s"], nothing_vs_hugo=nothing / hugo["hugo_s"])
    return row


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_browser(site: Path, runs: int) -> dict:
    """Search latency, data a query loads, and page load, in Chromium over http."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    base = f"http://127.0.0.1:{port}/"
    first, later, loads, first_kb = [], [], [], []
    # The result list names the query it shows once complete (policy-search.js).
    shown = """(q) => document.querySelector('[data-policy-search=result]').dataset.query === q"""
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            doc = sorted((site / "doc").glob("bench-*.html"))[0].name
            for _ in range(runs):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(base + "doc/" + doc)
                page.wait_for_load_state("load")
                loads.append(time.perf_counter() - start)
                fetched: list[int] = []
                page.on("response", lambda r: "/search/" in r.url and fetched.append(len(r.body())))
                box = page.locator("input[data-policy-search=query]")
                box.click()
                for n, query in enumerate(["天府新区", "川陕革命老区", "嘉陵江"]):
                    box.fill(query)
                    start = time.perf_counter()
                    box.press("End")
                    page.wait_for_function(shown, arg=query, timeout=60000, polling=10)
                    (first if n == 0 else later).append(time.perf_counter() - start)
                    if n == 0:
                        first_kb.append(sum(fetched) / 1e3)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return {"first_search_s": statistics.median(first), "later_search_s": statistics.median(later),
            "first_search_kb": statistics.median(first_kb), "page_load_s": statistics.median(loads)}


def median_row(runs: list[dict]) -> dict:
    return {key: (statistics.median(r[key] for r in runs) if isinstance(runs[0][key], float) else runs[0][key])
            for key in runs[0]}


def run_case(name: str, work: Path, raw: Path, glossary: Path, runs: int, synthetic: bool,
             cycle: bool = False, only_cycle: bool = False) -> dict:
    rounds = []
    for run in range(0 if only_cycle else runs):
        print(f"[{name}] run {run + 1}/{runs} …", file=sys.stderr, flush=True)
        rounds.append(measure(work, raw, glossary))
    row = {"case": name, **median_row(rounds)} if rounds else {"case": name}
    if cycle or only_cycle:
        cycles = []
        for run in range(runs):
            print(f"[{name}] cold / one edit / nothing changed, run {run + 1}/{runs} …", file=sys.stderr, flush=True)
            cycles.append(measure_cycle(work, raw, glossary))
        row.update(median_row(cycles))
        row.setdefault("documents", len(list((work / "site_src" / "data" / "documents").glob("*.json"))))
    if only_cycle:
        return row
    hugo = [measure_hugo(work) for _ in range(runs)] if shutil.which("hugo") else []
    if hugo and hugo[0]:
        row.update(median_row(hugo))
    if synthetic:
        row.update(measure_incremental(work, raw, glossary))
    else:
        row.update(structure_count(raw, work / "site_src"))
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000],
                        help="synthetic corpora of these sizes, documents spread over 2005-2025")
    parser.add_argument("--one-year", type=int, default=0, metavar="N",
                        help="also a synthetic corpus of N documents all dated in one year (the issue's 3,000)")
    parser.add_argument("--terms", type=int, default=0, metavar="N",
                        help="also the largest synthetic corpus with a glossary of N terms (the issue's 300)")
    parser.add_argument("--terms-documents", type=int, default=1000, metavar="N",
                        help="documents in the synthetic corpus of the --terms case (default 1000)")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="also build this folder of real documents (e.g. ../shared/corpora/lawrefbook)")
    parser.add_argument("--every", type=int, default=1, metavar="K",
                        help="of each --corpus, every K-th file by path (e.g. 3)")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="of each --corpus, at most N files")
    parser.add_argument("--as-text", action="store_true", help="save each --corpus file as plain text (.txt)")
    parser.add_argument("--cycle", action=argparse.BooleanOptionalAction, default=True,
                        help="time `builder site` cold, after one edit and with nothing changed, beside Hugo")
    parser.add_argument("--only-cycle", action="store_true",
                        help="only those three builds (no separate builder and MkDocs figures, sizes or browser)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--engines", action=argparse.BooleanOptionalAction, default=True,
                        help="time Python-Markdown against pulldown-cmark on the largest synthetic corpus's pages")
    parser.add_argument("--out", default="bench-results/bench.json")
    args = parser.parse_args()
    glossary = ROOT / "glossary.yml"
    results: list[dict] = []

    def add(*rows: dict) -> None:
        """Keep each case's figures as soon as it is measured (a later case may fail)."""
        results.extend(rows)
        write_report(results, args)

    with tempfile.TemporaryDirectory(prefix="policy-bench-") as tmp:
        tmp = Path(tmp)
        for count in args.sizes:
            work = tmp / f"n{count}"
            generate(work / "raw", count)
            row = run_case(f"{count} documents", work, work / "raw", glossary, args.runs, synthetic=True,
                           cycle=args.cycle, only_cycle=args.only_cycle)
            if args.browser and count == max(args.sizes):
                row.update(measure_browser(work / "site", args.runs))
            if args.engines and count == max(args.sizes):
                row.update(measure_engines(work / "site_src"))
            add(row)
            if count != max(args.sizes):
                shutil.rmtree(work, ignore_errors=True)
        for corpus in args.corpus:
            work = tmp / f"corpus-{corpus.name}"
            raw = gather_corpus(corpus.resolve(), work / "raw", args.every, args.limit, args.as_text)
            add(run_case(f"{corpus.name} (real)", work, raw, glossary, args.runs, synthetic=False, cycle=args.cycle,
                         only_cycle=args.only_cycle))
            shutil.rmtree(work, ignore_errors=True)
        if args.one_year:
            small, work = tmp / "year10", tmp / f"year{args.one_year}"
            generate(small / "raw", 10, one_year=True)
            generate(work / "raw", args.one_year, one_year=True)
            base = run_case("10 documents in one year", small, small / "raw", glossary, 1, synthetic=False)
            row = run_case(f"{args.one_year} documents in one year", work, work / "raw", glossary, args.runs,
                           synthetic=False)
            row["page_0001_vs_10"] = row["page_0001_kb"] / base["page_0001_kb"]
            add(base, row)
            shutil.rmtree(work, ignore_errors=True)
        if args.terms:
            count = args.terms_documents
            work = tmp / f"terms{args.terms}"
            generate(work / "raw", count)
            terms = big_glossary(tmp / "glossary-big.yml", args.terms)
            small = tmp / "n10-terms"
            generate(small / "raw", 10)
            base = run_case(f"10 documents, {args.terms} terms", small, small / "raw", terms, 1, synthetic=False)
            row = run_case(f"{count} documents, {args.terms} terms", work, work / "raw", terms, args.runs, synthetic=False)
            row["page_0001_vs_10"] = row["page_0001_kb"] / base["page_0001_kb"]
            add(base, row)
    return 0


def write_report(results: list[dict], args) -> None:
    spread = [r for r in results if r["case"].endswith(" documents") and "builder_s" in r]
    if spread:
        base = spread[0]
        for row in spread:
            row["builder_vs_smallest"] = row["builder_s"] / base["builder_s"]
            if row.get("page_0001_kb") and base.get("page_0001_kb"):
                row["page_0001_vs_10"] = row["page_0001_kb"] / base["page_0001_kb"]
    report = {"machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
              "date": time.strftime("%Y-%m-%d"), "runs": args.runs, "results": results}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(report)


def print_table(report: dict) -> None:
    columns = [("case", "corpus", "{}"), ("documents", "docs", "{:d}"), ("builder_s", "builder cold s", "{:.1f}"),
               ("warm_builder_s", "builder warm s", "{:.1f}"), ("builder_rss_mb", "builder MB", "{:.0f}"),
               ("mkdocs_s", "mkdocs s", "{:.1f}"), ("mkdocs_rss_mb", "mkdocs MB", "{:.0f}"),
               ("total_s", "total cold s", "{:.1f}"), ("warm_total_s", "total warm s", "{:.1f}"),
               ("hugo_s", "hugo s", "{:.1f}"), ("site_mb", "site MB", "{:.0f}"),
               ("median_page_kb", "median doc page KB", "{:.0f}"), ("page_0001_vs_10", "page vs 10 docs", "{:.2f}"),
               ("largest_page_kb", "largest page KB", "{:.0f}"), ("incremental_builder_s", "incr. s", "{:.1f}"),
               ("structure_differ", "article count differs", "{}")]
    print(f"\nMachine: {report['machine']}; {report['date']}; medians of {report['runs']} runs\n")
    print("| " + " | ".join(c[1] for c in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in report["results"]:
        print("| " + " | ".join(fmt.format(row[key]) if row.get(key) is not None else "—"
                                for key, _, fmt in columns) + " |")
    cycles = [row for row in report["results"] if "cycle_cold_s" in row]
    if cycles:
        print("\n`python -m builder site -q` beside Hugo over the same site_src/, in the same runs:\n")
        print("| corpus | docs | cold s | one edit s | nothing changed s | Hugo s | cold × Hugo | edit × Hugo |"
              " nothing × Hugo | cold peak MB | edit peak MB | site MB | site KB a document | median document page KB |")
        print("|" + "---|" * 14)
        for row in cycles:
            figures = [row.get(key) for key in ("cycle_cold_s", "cycle_edit_s", "cycle_nothing_s", "cycle_hugo_s",
                                                "cold_vs_hugo", "edit_vs_hugo", "nothing_vs_hugo")]
            sizes = [row.get(key) for key in ("cycle_cold_rss_mb", "cycle_edit_rss_mb", "cycle_site_mb",
                                              "cycle_site_kb_per_document", "cycle_median_page_kb")]
            print(f"| {row['case']} | {row['documents']} | "
                  + " | ".join("—" if f is None else f"{f:.2f}" for f in figures) + " | "
                  + " | ".join("—" if f is None else f"{f:.0f}" for f in sizes) + " |")
    for row in report["results"]:
        if "first_search_s" in row:
            print(f"\nBrowser, {row['documents']} documents over http: first search {row['first_search_s']:.2f} s "
                  f"(loading {row['first_search_kb']:.0f} KB of index and text), later searches "
                  f"{row['later_search_s'] * 1000:.0f} ms, document page load {row['page_load_s']:.2f} s")
        if "python_markdown_s" in row:
            print(f"\nRendering the {row['engine_pages']} generated pages of {row['case']}: Python-Markdown "
                  f"{row['python_markdown_s']:.1f} s, pulldown-cmark (the page shell) {row['pulldown_cmark_s']:.2f} s")


if __name__ == "__main__":
    raise SystemExit(main())
