"""Structured logs: one JSON object per line, from the standard library's ``logging``.

- :func:`configure` ``(level=None, stream=None)``: send the ``schedsolve`` loggers
  (and uvicorn's) to ``stream`` (default stderr) as JSON lines.
  The entry points call it: ``schedsolve serve``, ``nightly`` and ``worker`` at
  ``INFO``, the other commands at ``WARNING`` so that a command's own output and
  its one-line errors stay as they are. ``SCHEDSOLVE_LOG_LEVEL`` overrides both.
- :func:`event` ``(name, **fields)``: log one event, e.g.
  ``event("run.finished", store="8135", run_id=12, status="succeeded")``.
- :func:`inherit` ``()``: in a solver worker process, log as the parent does.
- :func:`bind` ``(**fields)``: a context manager adding fields (a request id) to
  every event logged inside it, in this thread or task.

A line looks like ``{"ts": "2026-03-01T01:30:02.114Z", "level": "info", "event":
"run.finished", "logger": "schedsolve.runs", "store": "8135", "run_id": 12, ...}``.

Secrets never reach a line: a field whose name says key, secret, token,
password or authorization is written as ``"[redacted]"``, a URL's password is
hidden, and anything that looks like an API key (``ss_...``) in a message or
a value is masked. Request logs carry no headers and no query string.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from adapters.config import get_settings

ROOT = "schedsolve"
LEVEL_ENV = "SCHEDSOLVE_LOG_LEVEL"
#: Set by :func:`configure` for the processes this one starts (solver workers).
INHERIT_ENV = "SCHEDSOLVE_LOG_INHERIT"
REDACTED = "[redacted]"

#: Loggers of the libraries whose lines belong in the same stream.
THIRD_PARTY = ("uvicorn", "uvicorn.error")

_SECRET_NAME = re.compile(r"key|secret|token|password|passwd|authorization|cookie", re.I)
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+@", re.I)
# adapters.keys makes keys as "ss_" + 43 URL-safe characters.
_API_KEY = re.compile(r"\bss_[A-Za-z0-9_\-]{16,}")
# LogRecord's own attributes: everything else on a record is an event field.
# (uvicorn adds "color_message", the same text with terminal colours.)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}
_bound: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "schedsolve_log_fields", default=None
)


def scrub(text: str) -> str:
    """``text`` with URL passwords and API-key-like tokens masked."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***@", text)
    return _API_KEY.sub("ss_" + REDACTED, text)


def _clean(name: str, value: Any) -> Any:
    # Names are checked first: a field called "key" is redacted whatever it holds,
    # except the ids and counts that merely mention a key (key_id, idempotency).
    if _SECRET_NAME.search(name) and not name.endswith(("_id", "_prefix", "_count")):
        return REDACTED
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _clean(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_clean(name, v) for v in value]
    return scrub(str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, event, logger, then the fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "event": scrub(record.getMessage()),
            "logger": record.name,
        }
        for name, value in {**(_bound.get() or {}), **_fields_of(record)}.items():
            line.setdefault(name, _clean(name, value))
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def _fields_of(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class _Handler(logging.StreamHandler):
    """The handler :func:`configure` installs (found again to be replaced, not doubled)."""


def configure(level: str | int | None = None, stream: IO[str] | None = None) -> None:
    """Send the project's (and uvicorn's) logs to ``stream`` as JSON lines.

    Parameters
    ----------
    level
        The lowest level written (default ``INFO``); the environment's
        ``SCHEDSOLVE_LOG_LEVEL`` wins when set.
    stream
        Where lines go (default ``sys.stderr`` as it is at each write).

    Calling it again replaces the earlier handler, so tests and re-entrant
    entry points never get a line twice.
    """
    chosen = get_settings().log_level or level or logging.INFO
    if isinstance(chosen, str):
        chosen = logging.getLevelName(chosen.upper())
        if not isinstance(chosen, int):
            chosen = logging.INFO
    handler = _Handler(stream if stream is not None else _StderrProxy())
    handler.setFormatter(JsonFormatter())
    for name in (ROOT, *THIRD_PARTY):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _Handler)]:
            logger.removeHandler(old)
        if name == ROOT:
            logger.addHandler(handler)
            logger.propagate = False
        elif name == "uvicorn":
            logger.handlers = [handler]
            logger.propagate = False
        logger.setLevel(chosen)
    os.environ[INHERIT_ENV] = logging.getLevelName(chosen)


def inherit() -> None:
    """In a worker process: log as the process that started it was configured to.

    Spawned processes start with logging unconfigured; :func:`configure` leaves
    its level in the environment they inherit. No-op when nothing was
    configured upstream or this process is configured already.
    """
    level = os.environ.get(INHERIT_ENV)
    root = logging.getLogger(ROOT)
    if level and not any(isinstance(h, _Handler) for h in root.handlers):
        configure(level)


class _StderrProxy:
    """``sys.stderr`` looked up at each write (pytest and typer's runner swap it)."""

    @staticmethod
    def _target() -> IO[str]:
        # A Celery worker swaps sys.stderr for a proxy that logs what it gets:
        # writing there would log each line again, so go to the real stderr.
        if type(sys.stderr).__name__ == "LoggingProxy":
            return sys.__stderr__
        return sys.stderr

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()


def event(name: str, /, *, logger: str = ROOT, level: int = logging.INFO, **fields: Any) -> None:
    """Log the event ``name`` with ``fields`` (store, run_id, status, ...)."""
    # A field named like a LogRecord attribute ("name", "args") would make logging raise.
    extra = {(f"{k}_" if k in _STANDARD else k): v for k, v in fields.items()}
    logging.getLogger(logger).log(level, name, extra=extra)


@contextmanager
def bind(**fields: Any) -> Iterator[None]:
    """Add ``fields`` to every event logged inside the block (this thread or task)."""
    token = _bound.set({**(_bound.get() or {}), **fields})
    try:
        yield
    finally:
        _bound.reset(token)


__all__ = ["JsonFormatter", "bind", "configure", "event", "inherit", "scrub"]
