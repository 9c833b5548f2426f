"""The ``schedsolve`` command line (typer)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="Constraint-optimization scheduling for event teams.")


@app.command()
def demo() -> None:
    """Run the main job on the embedded default (not yet: needs persistence)."""
    typer.echo("schedsolve demo: not yet available (arrives with the persistence issue).")


if __name__ == "__main__":
    app()
