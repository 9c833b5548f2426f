"""One requests session with urllib3 retries, for the service's outgoing HTTP
(webhook deliveries, pulls): connection errors, 429 and 5xx are retried with
exponential backoff, honouring Retry-After."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def retrying_session(
    method: str, user_agent: str, retries: int, backoff: float = 0.5
) -> requests.Session:
    """A session that retries ``method`` requests up to ``retries`` times."""
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({method}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    return session
