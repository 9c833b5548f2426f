"""Rule ``COV`` (FORMAT.md): a proposal lists every active event exactly once.

Every active event of the problem appears once, in ``assignments`` or in
``unscheduled``; one left out, or listed in both, or twice in ``unscheduled``,
is a critical finding. An event assigned twice is H06's finding already and is
not repeated here (docs/rules-notes.md).
"""

from __future__ import annotations

from collections import Counter

from domain.judging import Judging, day_label
from domain.models import Proposal


def cov_every_active_event_once(j: Judging, proposal: Proposal) -> None:
    """Add a critical ``COV`` finding per active event not listed exactly once."""
    assigned = {a.event: a for a in proposal.assignments}
    unlisted = Counter(u.event for u in proposal.unscheduled)
    for event_id in sorted(j.facts.events):
        if not j.facts.is_active(event_id):
            continue
        listed = unlisted[event_id] + (1 if event_id in assigned else 0)
        if listed == 1:
            continue
        a = assigned.get(event_id)
        if listed == 0:
            j.add(
                "COV",
                [event_id],
                None,
                None,
                f"{j.what(event_id)} is active but the proposal neither schedules it nor"
                " lists it as unscheduled; every active event appears exactly once.",
                severity="critical",
            )
        elif a is not None:
            j.add(
                "COV",
                [event_id],
                a.employee,
                a.start.date(),
                f"{j.what(event_id)} is scheduled for {j.who(a.employee)} on"
                f" {day_label(a.start.date())} and also listed as unscheduled;"
                " every active event appears exactly once.",
                severity="critical",
            )
        else:
            j.add(
                "COV",
                [event_id],
                None,
                None,
                f"{j.what(event_id)} is listed {listed} times as unscheduled;"
                " every active event appears exactly once.",
                severity="critical",
            )
