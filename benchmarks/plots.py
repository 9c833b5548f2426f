"""PNG figures of the benchmarks (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402


def weeks_plot(
    rows: Sequence[dict], path: Path | str, title: str = "Scheduled events per week"
) -> Path:
    """Bars of scheduled events per week, greedy beside CP-SAT, active events as a tick."""
    names = [Path(r["file"]).stem for r in rows]
    x = range(len(rows))
    width = 0.4
    fig, ax = plt.subplots(figsize=(max(6.0, 0.7 * len(rows) + 2), 4.5), dpi=110)
    ax.bar(
        [i - width / 2 for i in x],
        [r["scheduled_greedy"] for r in rows],
        width,
        label="greedy",
        color="#9aa5b1",
    )
    ax.bar(
        [i + width / 2 for i in x],
        [r["scheduled_cpsat"] for r in rows],
        width,
        label="CP-SAT",
        color="#2f6db5",
    )
    ax.scatter(
        list(x),
        [r["active_events"] for r in rows],
        marker="_",
        s=300,
        color="#c0392b",
        label="active events",
        zorder=3,
    )
    for i, r in zip(x, rows, strict=True):
        diff = r["scheduled_cpsat"] - r["scheduled_greedy"]
        if diff:
            ax.annotate(
                f"{diff:+d}",
                (i + width / 2, r["scheduled_cpsat"]),
                ha="center",
                va="bottom",
                fontsize=7,
                xytext=(0, 2),
                textcoords="offset points",
            )
    ax.set_xticks(list(x))
    ax.set_xticklabels(names, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("scheduled events")
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return Path(path)


def scale_plot(
    points: Sequence[dict], fits: dict[str, tuple[float, float] | None], path: Path | str
) -> Path:
    """Log-log: build time, time to first feasible and to 1 % gap against model variables.

    ``fits`` maps ``"build"`` / ``"gap1"`` to ``(exponent, coefficient)`` of
    ``t = coefficient * variables ** exponent`` (drawn as lines).
    """
    fig, ax = plt.subplots(figsize=(7, 5), dpi=110)
    series = (
        ("build", "build_seconds", "model build", "#2f6db5", "o"),
        ("first", "first_seconds", "first feasible", "#7f8c8d", "^"),
        ("gap1", "gap1_seconds", "1 % gap", "#c0392b", "s"),
    )
    for key, column, label, color, marker in series:
        pts = [
            (p["variables"], p[column])
            for p in points
            if p.get(column) is not None and p.get("variables")
        ]
        if not pts:
            continue
        fit = fits.get(key)
        if fit is not None:
            label = f"{label} (∝ n^{fit[0]:.2f})"
        ax.scatter(
            [a for a, _ in pts],
            [b for _, b in pts],
            color=color,
            marker=marker,
            label=label,
            zorder=3,
        )
        if fit is not None:
            lo, hi = min(a for a, _ in pts), max(a for a, _ in pts)
            xs = [lo * (hi / lo) ** (k / 40) for k in range(41)]
            ax.plot(xs, [fit[1] * v ** fit[0] for v in xs], color=color, alpha=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("model variables n")
    ax.set_ylabel("seconds")
    ax.set_title("Scale curve: employees 10-200 × weeks 1-4")
    ax.grid(which="both", alpha=0.25)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return Path(path)
