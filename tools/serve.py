"""Local preview: MkDocs' live server, plus a builder re-run when raw/ or the glossary changes.

MkDocs reloads the browser whenever site_src/ changes; this script watches the
builder's inputs and rebuilds site_src/ so that an edited sidecar or a new raw
file shows within seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WATCHED = [ROOT / "raw", ROOT / "glossary.yml", ROOT / "builder"]
POLL_SECONDS = 1.0
# Material prints a many-line end-of-life banner when MkDocs starts, on every run, unless this is set.
QUIET_THEME = {"NO_MKDOCS_2_WARNING": "1"}


def snapshot() -> dict[str, float]:
    state = {}
    for path in WATCHED:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            state[str(file)] = file.stat().st_mtime
    return state


def main() -> int:
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", *sys.argv[1:]],
                              cwd=ROOT, env=dict(os.environ, **QUIET_THEME))
    before = snapshot()
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = snapshot()
            if now != before:
                before = now
                print("inputs changed; rebuilding site_src/", flush=True)
                subprocess.run([sys.executable, "-m", "builder", "build", "-q"], cwd=ROOT)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
    return server.wait()


if __name__ == "__main__":
    raise SystemExit(main())
