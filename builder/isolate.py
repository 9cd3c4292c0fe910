"""One boundary for every reader of an untrusted binary format (.docx, .pdf).

python-docx, pdfplumber and pdfminer run in the builder's own process unless told
otherwise, and a hostile file can make them take all the memory there is (a PDF's
content stream of Flate inside Flate inflates 10 KB to gigabytes) or all the time
(ten thousand pages). So each file is read in a forked worker process with an
address-space cap (RLIMIT_AS), a CPU-time cap (RLIMIT_CPU) and a wall-clock limit
the parent enforces by killing it; the bounds are in ``config.py``. Only data
crosses back: the ``OfficeText``, or a ``SourceError``. A worker that dies on a
limit is reported as one SourceError naming the file and the limit.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from typing import Callable

from .config import READER_MEMORY_BYTES, READER_SECONDS
from .errors import SourceError
from .office import OfficeText

Reader = Callable[[bytes, str], OfficeText]


def address_space() -> int:
    """The bytes of address space this process has mapped now (its VmSize)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def memory_refusal(path: str) -> SourceError:
    return SourceError(path, f"reading it needs more than the {READER_MEMORY_BYTES // (1024 * 1024)} MiB "
                             "a Word or PDF file may take (READER_MEMORY_BYTES; 超出内存上限): "
                             "a damaged file or a decompression bomb")


def time_refusal(path: str) -> SourceError:
    return SourceError(path, f"reading it takes more than the {READER_SECONDS} s a Word or PDF file may take "
                             "(READER_SECONDS; 超出时间上限)")


def read_isolated(read: Reader, data: bytes, path: str) -> OfficeText:
    """``read(data, path)`` in a worker process within the bounds of ``config.py``.

    Raises:
        SourceError: whatever the file's reader reports, or the limit that stopped it.
    """
    # The cap is the parent's address space plus the budget: the forked worker starts
    # with the parent's mappings (the interpreter, the libraries), which the file did not cause.
    cap = address_space() + READER_MEMORY_BYTES
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the builder
        status = 1
        try:
            os.close(readable)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            resource.setrlimit(resource.RLIMIT_CPU, (READER_SECONDS, READER_SECONDS + 1))
            try:
                outcome: object = read(data, path)
            except SourceError as exc:
                outcome = exc
            except MemoryError:
                outcome = memory_refusal(path)
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(writable, view):]
            status = 0
        except BaseException:  # noqa: BLE001 - an exit status, reported by the parent
            pass
        finally:
            os._exit(status)
    os.close(writable)
    try:
        payload, timed_out = collect(readable, time.monotonic() + READER_SECONDS)
    finally:
        os.close(readable)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out or (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)):
        raise time_refusal(path)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        outcome = pickle.loads(payload)
        if isinstance(outcome, SourceError):
            raise outcome
        return outcome
    # Killed by any other signal, or failed on its way out (pickling a result past the cap):
    # in a worker whose only bound it could meet is memory, that is the memory limit.
    raise memory_refusal(path)


def collect(fd: int, deadline: float) -> tuple[bytes, bool]:
    """All the worker writes until it closes the pipe, and whether the deadline passed first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"".join(chunks), True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
