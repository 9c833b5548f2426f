"""An explicit minimal-change solve, the oracle of the repair tests (small problems only).

For a repair problem (change applied, buffer 0): the best S1 + S2 value is
that of a solve with every other soft rule weighted 0. The fewest changes is
then the smallest set of existing assignments to let go such that, with every
other one locked as it is, some schedule without a critical finding still
reaches that value. Sets are tried by size, smallest first: exponential, but
a handful of existing assignments is a few dozen tiny solves.
"""

from __future__ import annotations

from itertools import combinations

from domain.facts import Facts
from domain.models import Problem
from domain.schedule import is_frozen
from domain.validator import validate
from solver.solve import solve

#: Weights that leave only S1 + S2 in the objective.
ONLY_VALUE = {k: 0 for k in ("S3", "S4", "S5", "S5_lead", "S6", "S7", "S8", "S9", "S10", "S11")}


def _value_problem(p: Problem, existing: list[dict]) -> Problem:
    data = p.model_dump(mode="json")
    data["settings"]["weights"] = {**data["settings"].get("weights", {}), **ONLY_VALUE}
    data["existing"] = existing
    return Problem.model_validate(data)


def _best(p: Problem) -> tuple[int | None, bool]:
    r = solve(p, time_limit=10, workers=1, seed=0)
    ok = validate(p, r.proposal).critical == 0 and r.status == "OPTIMAL"
    return r.objective, ok


def minimal_changes(p: Problem, *, limit: int = 8) -> int:
    """The fewest changed existing assignments of any best-valued schedule of ``p``."""
    facts = Facts(p)
    forced = [x for x in p.existing if not facts.is_active(x.event)]
    free = [x for x in p.existing if facts.is_active(x.event) and not is_frozen(p, x)]
    fixed = [x for x in p.existing if facts.is_active(x.event) and is_frozen(p, x)]
    if len(free) > limit:
        raise ValueError(f"{len(free)} free existing assignments: too many to try every set")
    as_is = [x.model_dump(mode="json") for x in fixed]
    target, ok = _best(_value_problem(p, as_is + [x.model_dump(mode="json") for x in free]))
    assert ok, "the value solve itself is not proven"
    for k in range(len(free) + 1):
        for gone in combinations(range(len(free)), k):
            keep = [
                {**x.model_dump(mode="json"), "locked": True}
                for i, x in enumerate(free)
                if i not in gone
            ]
            value, ok = _best(_value_problem(p, as_is + keep))
            if ok and value == target:
                return len(forced) + k
    raise AssertionError("no set of changes reaches the best value")
