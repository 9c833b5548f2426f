"""Fetch a store's ``schedule-problem/1`` over HTTP, with timeouts, retries and a size cap.

Used by ``schedsolve sync pull``: what arrives is parsed and imported exactly
as a file would be (one transaction, the same bad-input rules).
"""

from __future__ import annotations

import requests

from adapters.http_session import retrying_session

#: The same cap as the HTTP API's request bodies.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class PullError(ValueError):
    """The source could not be read: the message says what to do."""


def pull_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """A requests session retrying GET on connection errors, 429 and 5xx with backoff."""
    return retrying_session("GET", "schedsolve-sync/1", retries, backoff)


def fetch(
    url: str,
    headers: dict[str, str] | None = None,
    timeout: tuple[float, float] = (3.05, 30.0),
    max_bytes: int = DEFAULT_MAX_BYTES,
    session: requests.Session | None = None,
) -> bytes:
    """The body at ``url`` (at most ``max_bytes``), else :class:`PullError`."""
    if not url.startswith(("http://", "https://")):
        raise PullError(f"--url: '{url[:80]}' is not an http(s) URL")
    session = session or pull_session()
    try:
        with session.get(url, headers=headers or {}, timeout=timeout, stream=True) as answer:
            if answer.status_code != 200:
                raise PullError(
                    f"{url}: HTTP {answer.status_code} {answer.reason or ''}".rstrip()
                    + "; check the URL and the --header credentials"
                )
            chunks, size = [], 0
            for chunk in answer.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise PullError(f"{url}: the answer is over {max_bytes} bytes (--max-bytes)")
                chunks.append(chunk)
    except requests.RequestException as exc:
        reason = type(exc).__name__
        raise PullError(
            f"{url}: cannot fetch ({reason}); is the source up and reachable?"
        ) from None
    return b"".join(chunks)
