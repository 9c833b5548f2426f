"""What every benchmark script shares: ``RESULTS.md`` sections, a case in its own process.

:func:`write_section` and :func:`in_own_process` are also importable from
:mod:`benchmarks.harness`, where they were first.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable
from datetime import date
from pathlib import Path


def results_header() -> str:
    return (
        "# Benchmarks\n\n"
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}; {date.today().isoformat()}.\n\n"
        "Regenerate: `python -m benchmarks.solver_bench` (solver cases, pasted below),"
        " `schedsolve bench benchmarks/weeks` (week replay),"
        " `schedsolve bench --scale` (scale curve).\n\n"
        "## Solver cases\n\n<!-- solver:start -->\n<!-- solver:end -->\n\n"
        "<!-- weeks:start -->\n<!-- weeks:end -->\n\n"
        "<!-- scale:start -->\n<!-- scale:end -->\n"
    )


def in_own_process(target: Callable, *args):
    """``target(*args, queue)`` in a child process; what it puts on the queue.

    A case measured this way has its own peak memory and leaves none behind for
    the next. A child that dies without a result raises instead of hanging.
    """
    import multiprocessing as mp
    import queue as queues

    out: mp.Queue = mp.Queue()
    proc = mp.Process(target=target, args=(*args, out))
    proc.start()
    while True:
        try:
            result = out.get(timeout=1.0)
            break
        except queues.Empty:
            if not proc.is_alive():
                raise RuntimeError(f"{target.__name__}{args} died (exit {proc.exitcode})") from None
    proc.join()
    return result


def write_section(path: Path | str, name: str, body: str, heading: str = "") -> None:
    """Put ``body`` between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``path``.

    The markers are appended when missing, after ``## heading`` when one is given
    (the file is created with a short header when it does not exist); everything
    outside them is kept.
    """
    path = Path(path)
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else results_header()
    block = f"{start}\n{body.strip()}\n{end}"
    i, j = text.find(start), text.find(end)
    if i >= 0 and j > i:
        text = text[:i] + block + text[j + len(end) :]
    else:
        title = f"## {heading}\n\n" if heading else ""
        text = text.rstrip("\n") + "\n\n" + title + block + "\n"
    path.write_text(text, encoding="utf-8")
