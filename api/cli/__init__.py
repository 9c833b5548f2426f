"""The ``schedsolve`` command line: :data:`app` is the typer application."""

from api.cli.main import app

__all__ = ["app"]
