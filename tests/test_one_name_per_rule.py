"""One name per rule: every rule id of RULES.md has a validator check (or scorer term)
and a solver constraint (or candidate filter, or objective term) named after it."""

from __future__ import annotations

import inspect
import re

import domain.checks_hard
import domain.checks_soft
import domain.score
import solver.constraints
import solver.index
import solver.objective
import solver.unary
from domain.rules import HARD_RULES, SOFT_RULES
from tests.paths import SPEC

RULES_MD = SPEC / "RULES.md"
#: Where the solver encodes rules: the model's constraints, the unary filters of
#: candidate generation, the frozen assignments of the index, the objective terms.
SOLVER_MODULES = (solver.constraints, solver.unary, solver.index, solver.objective)
NAME = re.compile(r"^(h\d\d|s\d{1,2})_[a-z0-9_]+$")


def spec_rule_ids() -> list[str]:
    """The ids of RULES.md's rule tables (``| H01 |``, ``| S1 |``); domain.rules without it."""
    if not RULES_MD.exists():
        return [*HARD_RULES, *SOFT_RULES]
    return re.findall(r"^\| (H\d\d|S\d{1,2}) \|", RULES_MD.read_text(encoding="utf-8"), re.M)


def rule_of(name: str) -> str:
    """``h12_no_overlap`` -> ``H12``."""
    return name.split("_", 1)[0].upper()


def named_functions(*modules) -> dict[str, list[str]]:
    """Rule id -> names of the functions defined in ``modules`` named after it."""
    out: dict[str, list[str]] = {}
    for module in modules:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and NAME.match(name):
                out.setdefault(rule_of(name), []).append(name)
    return out


def test_the_spec_and_domain_rules_list_the_same_rule_ids():
    ids = spec_rule_ids()
    assert ids == [f"H{i:02d}" for i in range(1, 21)] + [f"S{i}" for i in range(1, 12)]
    assert ids == [*HARD_RULES, *SOFT_RULES]


def test_every_hard_rule_has_one_validator_check_named_after_it():
    checks = [fn.__name__ for fn in domain.checks_hard.HARD_CHECKS]
    hard = [r for r in spec_rule_ids() if r.startswith("H")]
    assert [rule_of(name) for name in checks] == hard
    assert all(NAME.match(name) for name in checks)


def test_every_soft_rule_has_a_scorer_term_named_after_it_and_warnings_are_named_too():
    soft = [r for r in spec_rule_ids() if r.startswith("S")]
    terms = domain.score.SCORE_TERMS
    assert list(terms) == soft
    assert all(rule_of(fn.__name__) == rule for rule, fn in terms.items())
    for check in domain.checks_soft.SOFT_CHECKS:
        assert NAME.match(check.__name__) and rule_of(check.__name__) in soft


def test_every_rule_has_a_solver_function_named_after_it():
    found = named_functions(*SOLVER_MODULES)
    missing = [r for r in spec_rule_ids() if r not in found]
    assert missing == []
    assert set(found) <= set(spec_rule_ids())  # no name claims a rule that does not exist


def test_the_solvers_soft_terms_carry_the_scorers_names():
    """The CP-SAT term and the pure-Python term of a soft rule have one name."""
    from solver.objective import SOFT_TERMS

    scorer = {rule: fn.__name__ for rule, fn in domain.score.SCORE_TERMS.items()}
    assert {rule: fn.__name__ for rule, fn in SOFT_TERMS.items()} == scorer


def test_no_function_is_named_after_two_rules():
    pattern = re.compile(r"^(h\d\d|s\d{1,2})_(h\d\d|s\d{1,2})(_|$)")
    modules = (*SOLVER_MODULES, domain.checks_hard, domain.checks_soft, domain.score)
    for module in modules:
        for name, _ in inspect.getmembers(module, inspect.isfunction):
            assert not pattern.match(name), f"{module.__name__}.{name}"
