"""Starting solver processes that never outlive the process that started them.

A solve runs in its own process so that a cancel, a crash or a time limit
never takes the service down with it. The reverse must hold too (issue 10,
defect 1): when the service dies, even by ``kill -9``, its solver processes
die with it, instead of being re-parented to init and writing a result for a
run the restarted service has already marked ``interrupted``.

:func:`start` runs the target through :func:`_guarded`, which, in the child,

- asks Linux to send it ``SIGKILL`` when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``; with the ``forkserver`` start method the
  parent is the fork server, which itself exits when the service's end of
  its pipe closes), and
- watches the starting process's pid in a thread (every
  :data:`WATCH_SECONDS`), for platforms without ``prctl`` and for the window
  before ``prctl`` took effect.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess
from typing import Any

#: How often a child looks whether the process that started it still lives.
WATCH_SECONDS = 0.5
#: Exit code of a child that stopped because its starter was gone.
EXIT_ORPHANED = 75
_PR_SET_PDEATHSIG = 1


def alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watcher thread still guards
        pass


def _watch(starter: int) -> None:
    while True:
        if not alive(starter) or os.getppid() == 1:
            os._exit(EXIT_ORPHANED)  # no cleanup: whatever we would write is stale
        threading.Event().wait(WATCH_SECONDS)


def _guarded(starter: int, target: Callable[..., Any], args: Sequence[Any]) -> Any:
    """Child side of :func:`start`: die with ``starter``, then run ``target(*args)``."""
    _die_with_parent()
    if not alive(starter):
        os._exit(EXIT_ORPHANED)
    threading.Thread(target=_watch, args=(starter,), daemon=True, name="starter-watch").start()
    return target(*args)


def context(preload: Sequence[str] = ()) -> multiprocessing.context.BaseContext:
    """``forkserver`` (with ``preload`` imported once in the server) where there is one,
    else ``spawn``: never plain ``fork`` of a process that holds threads and engines."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


def _nothing() -> None:
    return None


def warm_up(ctx: multiprocessing.context.BaseContext, timeout: float = 60.0) -> None:
    """Start ``ctx``'s fork server now and wait until it has imported its preload, so
    the first solve does not wait for the solver's imports (a second or two)."""
    if ctx.get_start_method() != "forkserver":
        return
    proc = ctx.Process(target=_nothing, name="schedsolve-warm-up", daemon=True)
    proc.start()  # forked from the server once its imports are done
    proc.join(timeout)


def start(
    ctx: multiprocessing.context.BaseContext,
    target: Callable[..., Any],
    args: Sequence[Any],
    name: str,
    *,
    daemon: bool = False,
) -> BaseProcess:
    """Start ``target(*args)`` in a new process of ``ctx`` that dies with this one.

    ``daemon``: also terminated when this process exits normally (a daemonic
    child may not start processes of its own).
    """
    proc = ctx.Process(
        target=_guarded, args=(os.getpid(), target, tuple(args)), name=name, daemon=daemon
    )
    proc.start()
    return proc


__all__ = ["EXIT_ORPHANED", "alive", "context", "start", "warm_up"]
