"""Suite-wide fixtures: the database fixtures of ``tests/dbfixtures.py``."""

pytest_plugins = ["tests.dbfixtures"]
