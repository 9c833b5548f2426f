"""Ten approvals of one run at once: the schedule is written exactly once."""

from __future__ import annotations

import threading

from api.services.review import approve
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate


def test_ten_concurrent_approvals_write_the_schedule_once(uow_factory, db_url):
    problem = generate(8, 1, seed=5)
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    run, result = solve_and_store(
        uow_factory,
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=SolveParams(time_limit=5, workers=1),
    )
    outcomes, errors = [], []
    gate = threading.Barrier(10)

    def one() -> None:
        try:
            gate.wait()
            outcomes.append(approve(uow_factory, run.id))
        except Exception as exc:  # collected: the test reports every failure
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    writers = [o for o in outcomes if o.approved]
    assert len(writers) == 1
    assert all(o.already_approved for o in outcomes if o is not writers[0])
    with uow_factory() as uow:
        live = uow.schedules.list(problem.store, problem.horizon.start, problem.horizon.end)
    events = [x.event for x in live]
    assert len(events) == len(set(events))
    placed = {a.event for a in result.proposal.assignments}
    assert placed <= set(events) | {x.event for x in problem.existing}
