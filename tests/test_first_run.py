"""The first hour with the project: quiet output, no foreign banners, one-line errors, one venv."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, copy_seeds, mkdocs_config_for, run_builder


def test_site_quiet_prints_no_mkdocs_info(tmp_path):
    """``-q`` means errors only, from MkDocs too: no ``INFO - Building documentation…`` lines."""
    config = mkdocs_config_for(tmp_path / "site_src", tmp_path / "mkdocs.yml")
    done = run_builder(copy_seeds(tmp_path / "raw", ["003"]), tmp_path / "site_src", "-q", "--mkdocs-config",
                       str(config), "--site-dir", str(tmp_path / "site"), "--slugs", str(tmp_path / "slugs.json"),
                       "--cache-dir", str(tmp_path / "cache"), command="site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert "INFO" not in done.stdout + done.stderr, done.stdout + done.stderr


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_shows_no_end_of_life_banner():
    """``nox -s serve`` (tools/serve.py) starts MkDocs' server without Material's banner, even
    when the caller's environment does not silence it."""
    import signal

    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    seen = []
    with subprocess.Popen([sys.executable, "tools/serve.py", "--dev-addr", f"127.0.0.1:{free_port()}"], cwd=ROOT,
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          start_new_session=True) as server:
        try:
            for line in server.stdout:
                seen.append(line)
                if "Serving on" in line or len(seen) > 200:
                    break
        finally:
            server.send_signal(signal.SIGINT)  # serve.py stops MkDocs' server on Ctrl-C
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    output = "".join(seen)
    assert "Serving on" in output, output
    assert "end of life" not in output and "NO_MKDOCS_2_WARNING" not in output, output


class RecordingSession:
    """What a nox session asks for, recorded instead of run."""

    def __init__(self, envdir):
        self.posargs: list[str] = []
        self.cache_dir = envdir / ".cache"
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name):  # install, run, run_install, error, …
        return lambda *args, **kwargs: self.calls.append((name, tuple(map(str, args)), kwargs))


def noxfile_sessions():
    """The noxfile's sessions and their decorator's options, read with a stand-in for nox
    (the suite's own environment need not hold nox)."""
    import importlib.util
    import types

    sessions = {}

    def session(func=None, **options):
        if func is None:
            return lambda f: session(f, **options)
        sessions[func.__name__] = (func, options)
        return func

    stub = types.ModuleType("nox")
    stub.session, stub.options, stub.Session = session, types.SimpleNamespace(), object
    saved = sys.modules.get("nox")
    sys.modules["nox"] = stub
    try:
        spec = importlib.util.spec_from_file_location("noxfile_under_test", ROOT / "noxfile.py")
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    finally:
        if saved is None:
            del sys.modules["nox"]
        else:
            sys.modules["nox"] = saved
    return sessions


def test_nox_sessions_share_one_environment(tmp_path):
    """build, check, serve, tests, bench … install into and run from one environment,
    .nox/builder: nox's own per-session virtualenvs were identical copies (1.3 GB)."""
    shared = str(tmp_path / "builder" / "bin" / "python")
    sessions = noxfile_sessions()
    assert {"build", "check", "serve", "tests", "bench"} <= set(sessions)
    for name, (func, options) in sessions.items():
        assert options.get("venv_backend") == "none", name  # no virtualenv of nox's own
        session = RecordingSession(tmp_path)
        func(session)
        assert not [c for c in session.calls if c[0] == "install"], name
        pythons = {args[0] for kind, args, _ in session.calls if kind in ("run", "run_install")
                   and "python" in os.path.basename(args[0]) and "venv" not in args}
        assert pythons == {shared}, (name, pythons)
        commands = [kwargs.get("env", {}) for kind, args, kwargs in session.calls if kind == "run" and args[0] == shared]
        assert commands and all(env.get("NO_MKDOCS_2_WARNING") == "1" for env in commands), name


HIDE_AND_RUN = """import runpy, sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # as if this Python had never installed it
sys.argv = ["python -m builder", *sys.argv[2:]]
runpy.run_module("builder", run_name="__main__", alter_sys=True)
"""


def test_partial_install_says_what_is_missing_in_one_line(tmp_path):
    """A Python with some of the dependencies: OpenCC and jieba are imported only when first
    used, so their absence was a 30-line traceback midway through a build."""
    raw = copy_seeds(tmp_path / "raw", ["003"])
    done = subprocess.run([sys.executable, "-c", HIDE_AND_RUN, "opencc,jieba", "build", "--raw", str(raw),
                           "--out", str(tmp_path / "out"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "jieba" in lines[0] and "opencc" in lines[0] and "python3 -m pip install -e ." in lines[0]
    assert not (tmp_path / "out").exists()


def test_dependency_list_is_pyprojects():
    """builder/dependencies.py names every dependency pyproject.toml declares, and no other."""
    import re
    import tomllib

    from builder.dependencies import DEPENDENCIES

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.match(r"[A-Za-z0-9_.-]+", spec).group(0).lower().replace("_", "-") for spec in declared}
    assert names == {package for package, _ in DEPENDENCIES}
