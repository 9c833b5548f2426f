"""Turning raw JSON text into models, with one clear sentence per bad input."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from domain.models import Problem, Proposal

M = TypeVar("M", bound=BaseModel)


class InputError(ValueError):
    """Bad input: ``str(error)`` is one line naming the field and the problem."""


#: Longest integer literal read as a number (a 64-bit integer has 19 digits).
MAX_INT_DIGITS = 40


class OutOfRange:
    """A JSON number no field can hold (``NaN``, ``Infinity``, a huge integer).

    :func:`loads` puts one in place of the number, so that the model refuses it
    at its field and :func:`describe` names the field.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        if len(self.text) > MAX_INT_DIGITS:
            return f"a number of {len(self.text.lstrip('-'))} digits is out of range"
        return f"{self.text} is not a number JSON allows"


def _int(text: str) -> int | OutOfRange:
    return OutOfRange(text) if len(text) > MAX_INT_DIGITS else int(text)


def loads(text: str | bytes) -> Any:
    """``json.loads`` that never raises anything but :class:`InputError`.

    ``NaN``, ``Infinity`` and integers of more than :data:`MAX_INT_DIGITS`
    digits become :class:`OutOfRange` values (refused by any model field);
    nesting deeper than the interpreter's recursion limit is an ``InputError``.
    """
    try:
        return json.loads(text, parse_int=_int, parse_constant=OutOfRange)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except UnicodeDecodeError:
        raise InputError("not valid JSON: the file is not UTF-8 text") from None
    except RecursionError:
        raise InputError("not valid JSON here: arrays or objects nested too deeply") from None


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def describe(error: ValidationError) -> str:
    """One line for the most useful error of a pydantic ``ValidationError``.

    An unknown field is reported before anything else (a misspelt key also
    shows up as a missing one, and the unknown key is what the user must fix),
    with the closest missing sibling as a suggestion; rejected scalar values
    are echoed as ``(got ...)``.
    """
    import difflib

    errors = error.errors(include_url=False)
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    msg = first["msg"]
    if first["type"] == "value_error" and msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if first["type"] == "extra_forbidden":
        parent, key = tuple(first["loc"][:-1]), str(first["loc"][-1])
        missing = [
            str(e["loc"][-1])
            for e in errors
            if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent
        ]
        close = difflib.get_close_matches(key, missing, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check its spelling"
        msg = f"unknown field (not in the schedule format; {hint})"
    if first["type"] == "missing":
        msg = "required field is missing"
    value = first.get("input")
    if isinstance(value, OutOfRange):
        msg = str(value)
    if first["type"] not in ("value_error", "missing", "extra_forbidden") and (
        value is None or isinstance(value, bool | int | float | str)
    ):
        shown = repr(value) if isinstance(value, str) else json.dumps(value)
        if len(shown) <= 60:
            msg = f"{msg} (got {shown})"
    where = _loc(tuple(first["loc"]))
    # After-validators put the field path inside the message already.
    if not where or (first["type"] == "value_error" and msg.startswith(where.split(".")[0])):
        return msg
    more = error.error_count() - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {msg}{tail}"


def parse_model(model: type[M], data: str | bytes | dict) -> M:
    """Parse JSON text (or an already decoded object) into ``model``.

    Raises
    ------
    InputError
        With one sentence naming the field and what is wrong.
    """
    if isinstance(data, str | bytes):
        data = loads(data)
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object at the top level, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe(exc)) from None


def parse_problem(data: str | bytes | dict) -> Problem:
    """Parse a ``schedule-problem/1`` document."""
    return parse_model(Problem, data)


def parse_proposal(data: str | bytes | dict) -> Proposal:
    """Parse a ``schedule-proposal/1`` document."""
    return parse_model(Proposal, data)


def dump(model: BaseModel) -> str:
    """Canonical JSON text of a model (stable key order, 1-space indent)."""
    return model.model_dump_json(indent=1, exclude_none=False) + "\n"
