"""Shared helpers of the report tests: a fixed clock and PDF text extraction."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

from pypdf import PdfReader

CLOCK_TIME = dt.datetime(2026, 2, 27, 6, 30)


def clock() -> dt.datetime:
    return CLOCK_TIME


def pages(pdf: bytes) -> list[str]:
    """The text of each page (pypdf opens the file: a broken PDF fails here)."""
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages(pdf))


def squeezed(value: str) -> str:
    """Without any whitespace: a name wrapped onto two lines still matches."""
    return re.sub(r"\s+", "", value)


def holds(pdf_text: str, value: str) -> bool:
    return squeezed(value) in squeezed(pdf_text)


def digest(pdf: bytes) -> str:
    return hashlib.sha256(text(pdf).encode()).hexdigest()


def landscape(pdf: bytes) -> list[bool]:
    return [
        float(p.mediabox.width) > float(p.mediabox.height) for p in PdfReader(io.BytesIO(pdf)).pages
    ]
