"""The Alembic migrations build exactly the schema of ``adapters/orm.py``."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from adapters.db import MIGRATIONS, alembic_config, current_revision, make_engine, upgrade
from adapters.orm import Base


def test_the_migrated_schema_matches_the_orm_metadata(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(context, Base.metadata)
        assert diffs == []
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    finally:
        engine.dispose()


def test_upgrade_reaches_head_and_running_it_again_changes_nothing(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    upgrade(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head
    finally:
        engine.dispose()


def test_the_migrations_live_inside_the_package() -> None:
    assert (MIGRATIONS / "env.py").is_file()
    assert (MIGRATIONS / "script.py.mako").is_file()
    assert (MIGRATIONS / "__init__.py").is_file()
    assert list((MIGRATIONS / "versions").glob("0001_*.py"))
