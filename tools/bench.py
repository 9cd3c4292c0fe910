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


def make_document(i: int, rng: random.Random, clauses: list[str]) -> tuple[str, str]:
    """One synthetic raw page and its sidecar."""
    year = rng.randint(2005, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    place, topic, kind = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(KINDS)
    title = f"关于{place}推进{topic}的{kind}（第{i}号）"
    lines = ["当前位置:首页 > 政策文件", title, f"发布时间:{year}-{month:02d}-{day:02d} 来源:{place}市政府办 点击量:{i}",
             "", f"{place}府办发〔{year}〕{i}号", "", f"各县（市、区）人民政府:", "",
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


def generate(raw: Path, count: int, seed: int = 2024) -> None:
    rng = random.Random(seed)
    clauses = clause_texts()
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(1, count + 1):
        text, sidecar = make_document(i, rng, clauses)
        (raw / f"bench_{i:04d}.txt").write_text(text, encoding="utf-8")
        (raw / f"bench_{i:04d}.txt.yml").write_text(sidecar, encoding="utf-8")


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


def measure(work: Path, count: int) -> dict:
    builder = [sys.executable, "-m", "builder", "build", "-q", "--raw", str(work / "raw"),
               "--out", str(work / "site_src"), "--glossary", str(ROOT / "glossary.yml"),
               "--mkdocs-config", str(ROOT / "mkdocs.yml")]
    shutil.rmtree(work / "site_src", ignore_errors=True)
    shutil.rmtree(work / ".cache", ignore_errors=True)
    b_wall, b_rss = timed(builder + ["--no-cache"], ROOT)
    site = work / "site"
    m_wall, m_rss = timed([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(mkdocs_config(work)),
                           "-d", str(site)], ROOT)
    index = [p.read_bytes() for p in sorted((site / "search").rglob("*.js"))]
    pages = sorted((site / "doc").glob("bench-*.html"), key=lambda p: p.stat().st_size)
    first_page = sorted((site / "doc").glob("bench-*-0001.html"))
    return {
        "documents": count,
        "builder_s": b_wall, "builder_rss_mb": b_rss,
        "mkdocs_s": m_wall, "mkdocs_rss_mb": m_rss,
        "total_s": b_wall + m_wall,
        "builder_share": b_wall / (b_wall + m_wall),
        "site_mb": dir_size(site) / 1e6,
        "search_index_mb": sum(map(len, index)) / 1e6,
        "search_index_gzip_mb": sum(len(gzip.compress(data, 6)) for data in index) / 1e6,
        "search_files": len(index),
        "largest_page_kb": pages[-1].stat().st_size / 1e3,
        "median_page_kb": statistics.median(p.stat().st_size for p in pages) / 1e3,
        "page_0001_kb": first_page[0].stat().st_size / 1e3 if first_page else None,
    }


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def measure_incremental(work: Path) -> dict:
    """Change one raw file; rebuild with the cache; list the files rewritten.

    The writer hard-links unchanged files into the new tree, so a rewritten
    file is one whose inode changed."""
    builder = [sys.executable, "-m", "builder", "build", "-q", "--raw", str(work / "raw"), "--out",
               str(work / "site_src"), "--glossary", str(ROOT / "glossary.yml"), "--mkdocs-config",
               str(ROOT / "mkdocs.yml")]
    subprocess.run(builder, cwd=ROOT, check=True)  # warm the cache
    before = inodes(work / "site_src")
    raws = sorted((work / "raw").glob("bench_*.txt"))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", default="bench-results/bench.json")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="policy-bench-") as tmp:
        for count in args.sizes:
            work = Path(tmp) / f"n{count}"
            generate(work / "raw", count)
            runs = []
            for run in range(args.runs):
                print(f"[{count} documents] run {run + 1}/{args.runs} …", file=sys.stderr, flush=True)
                runs.append(measure(work, count))
            row = {key: (statistics.median(r[key] for r in runs) if isinstance(runs[0][key], float) else runs[0][key])
                   for key in runs[0]}
            row.update(measure_incremental(work))
            if args.browser and count == max(args.sizes):
                row.update(measure_browser(work / "site", args.runs))
            results.append(row)
    base = results[0]
    for row in results:
        row["builder_vs_smallest"] = row["builder_s"] / base["builder_s"]
        if row.get("page_0001_kb") and base.get("page_0001_kb"):
            row["page_0001_vs_smallest"] = row["page_0001_kb"] / base["page_0001_kb"]
    report = {"machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
              "date": time.strftime("%Y-%m-%d"), "runs": args.runs, "results": results}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(report)
    return 0


def print_table(report: dict) -> None:
    columns = [("documents", "docs", "{:d}"), ("builder_s", "builder s", "{:.2f}"),
               ("builder_rss_mb", "builder MB", "{:.0f}"), ("mkdocs_s", "mkdocs s", "{:.2f}"),
               ("mkdocs_rss_mb", "mkdocs MB", "{:.0f}"), ("total_s", "total s", "{:.2f}"),
               ("builder_share", "builder %", "{:.0%}"), ("site_mb", "site MB", "{:.1f}"),
               ("search_index_mb", "index MB", "{:.2f}"), ("search_index_gzip_mb", "index gz MB", "{:.2f}"),
               ("largest_page_kb", "max page KB", "{:.0f}"), ("median_page_kb", "median page KB", "{:.0f}"),
               ("incremental_builder_s", "incr. s", "{:.2f}"), ("files_rewritten", "incr. pages", "{}"),
               ("search_files_rewritten", "incr. index files", "{}")]
    print(f"\nMachine: {report['machine']}; {report['date']}; medians of {report['runs']} runs\n")
    print("| " + " | ".join(c[1] for c in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in report["results"]:
        print("| " + " | ".join(fmt.format(row[key]) if row.get(key) is not None else "—"
                                for key, _, fmt in columns) + " |")
    big = report["results"][-1]
    if "first_search_s" in big:
        print(f"\nBrowser, {big['documents']} documents over http: first search {big['first_search_s']:.2f} s "
              f"(loading {big['first_search_kb']:.0f} KB of index and text), later searches "
              f"{big['later_search_s'] * 1000:.0f} ms, document page load {big['page_load_s']:.2f} s")


if __name__ == "__main__":
    raise SystemExit(main())
