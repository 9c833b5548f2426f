"""SQLAlchemy 2 tables of a store's scheduling data, runs and pending schedules.

Domain ids (employee ``E01``, event ``606001``) are ``code`` columns unique per
store; rows link by integer surrogate keys. Mapping to and from the domain
models lives in :mod:`adapters.mapping`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from adapters.orm_base import NAMING_CONVENTION, Base  # noqa: F401  (re-exported)


class StoreRow(Base):
    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: ``domain.models.Settings`` as JSON (only what differs from RULES.md).
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: IANA time zone of the store's local times (calendar feeds, webhooks).
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")


class EmployeeRow(Base):
    __tablename__ = "employees"
    __table_args__ = (UniqueConstraint("store_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    termination_date: Mapped[dt.date | None] = mapped_column(Date)
    #: Position in the store's roster, so that a round trip keeps the order.
    position: Mapped[int] = mapped_column(Integer, default=0)
    weekly: Mapped[list[WeeklyAvailabilityRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class WeeklyAvailabilityRow(Base):
    __tablename__ = "weekly_availability"
    __table_args__ = (UniqueConstraint("employee_id", "weekday"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    weekday: Mapped[str] = mapped_column(String(3))
    available: Mapped[bool] = mapped_column(Boolean)


class AvailabilityOverrideRow(Base):
    __tablename__ = "availability_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    available: Mapped[bool] = mapped_column(Boolean)


class TimeOffRow(Base):
    __tablename__ = "time_off"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)


class HolidayRow(Base):
    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("store_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")


class LockedDayRow(Base):
    __tablename__ = "locked_days"
    __table_args__ = (UniqueConstraint("store_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)


class RotationRow(Base):
    __tablename__ = "rotations"
    __table_args__ = (UniqueConstraint("store_id", "weekday", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    weekday: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(20))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))


class RotationExceptionRow(Base):
    __tablename__ = "rotation_exceptions"
    __table_args__ = (UniqueConstraint("store_id", "date", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("store_id", "code"),
        Index("ix_events_window", "store_id", "start", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str | None] = mapped_column(String(40))
    start: Mapped[dt.datetime] = mapped_column(DateTime)
    due: Mapped[dt.datetime] = mapped_column(DateTime)
    condition: Mapped[str] = mapped_column(String(40), default="Unstaffed")
    product: Mapped[str | None] = mapped_column(String(200))
    #: The ``code`` of the event this one pairs with (Supervisor -> Core, Survey -> Production).
    pairs_with: Mapped[str | None] = mapped_column(String(64))
    duration_min: Mapped[int | None] = mapped_column(Integer)
    #: Order of the store's events (a problem file's order), so that a round trip keeps it.
    position: Mapped[int] = mapped_column(Integer, default=0)


class ScheduleRow(Base):
    """An assignment in the store's live schedule (a problem's ``existing``)."""

    __tablename__ = "schedules"
    __table_args__ = (UniqueConstraint("event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    start: Mapped[dt.datetime] = mapped_column(DateTime)
    block: Mapped[int | None] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The run whose approval wrote this row, if any.
    run_id: Mapped[int | None] = mapped_column(ForeignKey("scheduler_runs.id", ondelete="SET NULL"))
    event: Mapped[EventRow] = relationship(lazy="joined", innerjoin=True)
    employee: Mapped[EmployeeRow] = relationship(lazy="joined", innerjoin=True)


class SchedulerRunRow(Base):
    __tablename__ = "scheduler_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # manual | nightly | whatif
    status: Mapped[str] = mapped_column(String(20), index=True)
    # queued | running | succeeded | failed | cancelled | interrupted
    review: Mapped[str] = mapped_column(String(20), default="pending")
    # pending | approved | rejected | superseded
    today: Mapped[dt.date] = mapped_column(Date)
    horizon_start: Mapped[dt.date] = mapped_column(Date)
    horizon_end: Mapped[dt.date] = mapped_column(Date)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    timings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    solver_status: Mapped[str | None] = mapped_column(String(20))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[dict[str, Any]] = mapped_column(default=dict)
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    #: Set while a run is active; unique so that one store has one active nightly
    #: at a time even on SQLite (cleared when the run ends).
    active_lock: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: Set by ``POST /runs/{id}/cancel``; the worker running the solve polls it
    #: (:func:`api.services.control.is_cancel_requested`) and stops the search.
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PendingScheduleRow(Base):
    """One line of a run's proposal, awaiting review."""

    __tablename__ = "pending_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("scheduler_runs.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    block: Mapped[int | None] = mapped_column(Integer)
    change: Mapped[str | None] = mapped_column(String(10))  # new | kept | moved
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    # proposed | approved | rejected | superseded
    unscheduled_reason: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(10))
    #: FORMAT.md's ``explanation`` of an unscheduled line, once computed (RULES.md §7).
    explanation: Mapped[dict[str, Any] | None] = mapped_column()
    event: Mapped[EventRow] = relationship(lazy="joined", innerjoin=True)
    employee: Mapped[EmployeeRow | None] = relationship(lazy="joined")


class WhyNotRow(Base):
    """A stored answer to "why not this employee for this line's event" (RULES.md §7)."""

    __tablename__ = "why_not_answers"
    __table_args__ = (UniqueConstraint("line_id", "employee"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("pending_schedules.id", ondelete="CASCADE"))
    #: The employee's code (the answer is kept even if the roster changes).
    employee: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ApiKeyRow(Base):
    """An API key of the HTTP service, stored as the SHA-256 of the key (never the key)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: The key's first characters, to tell keys apart in listings.
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The one store the key may see; ``None``: an admin key (every store).
    store_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


# The publishing tables share this metadata (migrations, create_all).
from adapters import orm_publish  # noqa: E402, F401
