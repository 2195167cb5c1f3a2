"""The markdown report, the PNG plots and the machine-readable results of a run.

The report diffs every recall figure against a frozen reference run (the
committed quick-mode results) and marks changes of two points or more, so a
regression shows at a glance. matplotlib is imported lazily (extra ``plot``):
without it the report says the plots were skipped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from screening.evaluation import metrics

if TYPE_CHECKING:
    from screening.evaluation.run import SystemRun
    from screening.evaluation.variations import Case

CHANGE = 0.02
"""A recall difference from the reference at or above this is flagged."""
MIN_GROUP = 20
"""Parity groups smaller than this are left out of the tables (too noisy)."""


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else (value if math.isfinite(value) else str(value))
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def write_results(path: Path, results: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(_clean(results), indent=1, ensure_ascii=False), encoding="utf-8")


def read_reference(path: Path | None) -> dict[str, Any] | None:
    if path is None or not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _pct(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * float(value):.1f}"


def _num(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if not math.isfinite(value):
        return "any result"
    return f"{value:.4g}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*lines, ""]


def _delta(now: Any, before: Any) -> str:
    if now is None or before is None:
        return ""
    diff = float(now) - float(before)
    if abs(diff) < CHANGE:
        return ""
    return f" {'▲' if diff > 0 else '▼'}{abs(100 * diff):.0f}"


def _ref(reference: Mapping[str, Any] | None, system: str, *path: str) -> Any:
    node: Any = (reference or {}).get("systems", {}).get(system)
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def render(
    results: Mapping[str, Any], reference: Mapping[str, Any] | None, plots: Sequence[str]
) -> str:
    """The whole report as markdown."""
    meta, systems = results["meta"], results["systems"]
    names = list(systems)
    classes = list(meta["classes"])
    out = [
        f"# Match-quality benchmark ({meta['mode']} mode)",
        "",
        f"Run {meta['date']}, seed {meta['seed']}, {meta['seconds']:.0f} s in total "
        f"({meta['prepare_seconds']:.0f} s loading and generating). Recall is the share of "
        "positives whose target entry scores at or above the threshold; every system's "
        f"threshold is set so that {100 * meta['alert_rate']:.0f} in 100 population names "
        "alert (systems with different score scales are compared at the same alert rate). "
        "Figures are percentages.",
        "",
        "## Data",
        "",
        f"- Listed side: {meta['entries']:,} entries ({meta['names']:,} names): "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(meta["entries_by_kind"].items())),
        *(f"  - loaded {item}" for item in meta["lists_loaded"]),
        *(f"  - **skipped** {item}" for item in meta["lists_skipped"]),
        f"- Positives: {sum(meta['positives'].values()):,} in {len(classes)} classes",
        f"- Population negatives: {meta['population']:,} ("
        + ", ".join(f"{k} {v:,}" for k, v in sorted(meta["population_by_kind"].items()))
        + ")",
        f"- Hard negatives: {sum(meta['hard'].values()):,} in {len(meta['hard'])} classes",
        "",
        "## Systems",
        "",
    ]
    for name, reason in meta["systems_skipped"].items():
        out.append(f"- **{name} was not measured**: {reason}")
    for name in names:
        s = systems[name]
        if s.get("errors"):
            out.append(f"- {name} raised on {s['errors']} queries (scored as misses)")
            out.extend(f"  - **crash** on `{q!r}`: {e}" for q, e in s.get("crashes", []))
    out.append("")
    rows = []
    for name in names:
        s = systems[name]
        ci = s["ci"].get("all", [math.nan, math.nan])
        rows.append(
            [
                name,
                _num(s["threshold"]),
                _pct(s["recall_all"])
                + _delta(s["recall_all"], _ref(reference, name, "recall_all")),
                f"{_pct(ci[0])}–{_pct(ci[1])}",
                _pct(s["hard_alert_rate_all"]),
                _num(s["default_threshold"]),
                _pct(s.get("recall_default_all")),
                _pct(s.get("alert_rate_default")),
                _pct(s["top10_all"]),
                _pct(s["top50_all"]),
                f"{s['build_seconds']:.1f}",
                f"{1000 * s['query_seconds'] / max(1, s['queries']):.2f}",
            ]
        )
    out += _table(
        [
            "system",
            "threshold @1%",
            "recall @1%",
            "95% CI",
            "hard-neg alerts @1%",
            "default thr.",
            "recall @default",
            "alert rate @default",
            "top-10",
            "top-50",
            "build s",
            "ms/query",
        ],
        rows,
    )

    out += ["## Recall per class at 1 alert per 100 population names", ""]
    if reference is not None:
        out += [
            f"▲/▼: change of {100 * CHANGE:.0f} points or more against the reference run "
            f"({reference['meta'].get('mode')} mode, {reference['meta'].get('date')}).",
            "",
        ]
    rows = []
    for cls in classes:
        row = [cls, meta["classes"][cls]["group"], str(meta["positives"][cls])]
        for name in names:
            now = systems[name]["recall"].get(cls)
            row.append(_pct(now) + _delta(now, _ref(reference, name, "recall", cls)))
        rows.append(row)
    rows.append(
        ["**all**", "", str(sum(meta["positives"].values()))]
        + [_pct(systems[n]["recall_all"]) for n in names]
    )
    out += _table(["class", "group", "n", *names], rows)

    out += ["### 95 % bootstrap intervals (population and positives resampled)", ""]
    rows = [
        [cls]
        + [
            "{}–{}".format(*(_pct(v) for v in systems[n]["ci"].get(cls, [None, None])))
            for n in names
        ]
        for cls in [*classes, "all"]
    ]
    out += _table(["class", *names], rows)

    with_default = [n for n in names if systems[n]["default_threshold"] is not None]
    out += ["## Recall per class at each system's default threshold", ""]
    if with_default:
        rows = [
            [cls] + [_pct(systems[n]["recall_default"].get(cls)) for n in with_default]
            for cls in classes
        ]
        rows.append(["alert rate"] + [_pct(systems[n]["alert_rate_default"]) for n in with_default])
        out += _table(
            ["class", *(f"{n} (≥ {_num(systems[n]['default_threshold'])})" for n in with_default)],
            rows,
        )
    else:
        out += ["No measured system documents a default threshold.", ""]

    out += ["## Hard negatives: false-alert rate per class at the 1 % threshold", ""]
    rows = [
        [cls, meta["hard_classes"].get(cls, ""), str(count)]
        + [_pct(systems[n]["hard_alert_rate"].get(cls)) for n in names]
        for cls, count in meta["hard"].items()
    ]
    out += _table(["class", "what", "n", *names], rows)

    out += [
        "## Candidate retrieval",
        "",
        "Share of positives whose target is among a system's first 10 / 50 results, whatever "
        "the score. The pairwise nomenklatura peers only score the candidates of a shared "
        f"blocker (baseline top {meta['blocker_depth']} plus a word index top "
        f"{meta['blocker_depth']}); its recall bounds theirs:",
        "",
    ]
    blocked = [n for n in names if "blocker_recall_all" in systems[n]]
    if blocked:
        out += [f"- blocker recall: {_pct(systems[blocked[0]]['blocker_recall_all'])} %", ""]
    rows = [
        [cls]
        + [
            f"{_pct(systems[n]['top10'].get(cls))} / {_pct(systems[n]['top50'].get(cls))}"
            for n in names
        ]
        + ([_pct(systems[blocked[0]]["blocker_recall"].get(cls))] if blocked else [])
        for cls in classes
    ]
    out += _table(["class", *names, *(["blocker"] if blocked else [])], rows)

    out += [
        "## Alert-rate parity across scripts and cultures (at the 1 % threshold)",
        "",
        f"Alert rate per group of population names (groups of {MIN_GROUP}+ names); a fair "
        "system alerts about as often on every group.",
        "",
    ]
    for key, label in (("parity_script", "script"), ("parity_culture", "culture")):
        groups: dict[str, int] = {}
        for name in names:
            for group, count, _alerts in systems[name][key]:
                groups[group] = count
        shown = [g for g, c in sorted(groups.items(), key=lambda x: -x[1]) if c >= MIN_GROUP]
        rows = []
        for group in shown:
            row = [group, str(groups[group])]
            for name in names:
                rates = {g: (a / c if c else math.nan) for g, c, a in systems[name][key]}
                row.append(_pct(rates.get(group)))
            rows.append(row)
        spread = [
            "highest / overall",
            "",
            *(_spread(systems[n][key]) for n in names),
        ]
        out += [f"### By {label}", "", *_table([label, "n", *names], [*rows, spread])]

    out += ["## Curves", ""]
    if plots:
        out += [f"![{p}]({p})" for p in plots] + [""]
    else:
        out += ["Plots skipped (matplotlib not installed, or --no-plots).", ""]

    out += ["## Against the reference run", ""]
    if reference is None:
        out += ["No reference run found to diff against.", ""]
    else:
        out += _reference_section(results, reference)
    return "\n".join(out)


def _spread(groups: Sequence[Sequence[Any]]) -> str:
    """The most-alerted group's rate as a multiple of the overall rate."""
    total = sum(c for _g, c, _a in groups)
    alerts = sum(a for _g, _c, a in groups)
    rates = [a / c for _g, c, a in groups if c >= MIN_GROUP]
    if not rates or not alerts:
        return "–"
    return f"{max(rates) / (alerts / total):.1f}×"


def _reference_section(results: Mapping[str, Any], reference: Mapping[str, Any]) -> list[str]:
    lines = [
        f"Reference: {reference['meta'].get('mode')} mode, {reference['meta'].get('date')}, "
        f"seed {reference['meta'].get('seed')}."
    ]
    if reference["meta"].get("mode") != results["meta"]["mode"]:
        lines.append("The modes differ: sample sizes differ, so expect noise.")
    lines.append("")
    rows = []
    for name, s in results["systems"].items():
        ref = reference["systems"].get(name)
        if ref is None:
            rows.append([name, _pct(s["recall_all"]), "not in reference", "", ""])
            continue
        changed = [
            f"{cls}{_delta(v, ref['recall'].get(cls))}"
            for cls, v in s["recall"].items()
            if _delta(v, ref["recall"].get(cls))
        ]
        rows.append(
            [
                name,
                _pct(s["recall_all"]),
                _pct(ref.get("recall_all")),
                f"{100 * (s['recall_all'] - ref['recall_all']):+.1f}"
                if ref.get("recall_all") is not None
                else "",
                ", ".join(changed) or "no class moved",
            ]
        )
    for name in reference["systems"]:
        if name not in results["systems"]:
            rows.append(
                [name, "not measured", _pct(reference["systems"][name]["recall_all"]), "", ""]
            )
    return lines + _table(["system", "recall now", "reference", "Δ", "classes moved"], rows)


def write_plots(
    folder: Path, runs: Sequence[SystemRun], cases: Sequence[Case], population: int
) -> list[str]:
    """Recall vs alert rate, precision vs recall, and recall per class group; file names."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    if not runs:
        return []
    written = []
    fig, ax = plt.subplots(figsize=(7, 5))
    for run in runs:
        c = metrics.curve(run.positive_scores, run.negative_scores[:population])
        ax.plot(np.maximum(c.alert_rate, 1e-4), c.recall, label=run.name)
    ax.axvline(0.01, color="grey", linestyle=":", label="1 alert / 100")
    ax.set(
        xscale="log",
        xlabel="alert rate on population names",
        ylabel="recall",
        title="Recall vs alert rate",
        ylim=(0, 1.01),
    )
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(folder / "recall_vs_alert_rate.png", dpi=110)
    plt.close(fig)
    written.append("recall_vs_alert_rate.png")

    fig, ax = plt.subplots(figsize=(7, 5))
    for run in runs:
        c = metrics.curve(run.positive_scores, run.negative_scores)
        ax.plot(c.recall, c.precision, label=run.name)
    ax.set(
        xlabel="recall",
        ylabel="precision (population + hard negatives)",
        title="Precision vs recall",
        xlim=(0, 1.01),
        ylim=(0, 1.01),
    )
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(folder / "precision_recall.png", dpi=110)
    plt.close(fig)
    written.append("precision_recall.png")

    classes = list(dict.fromkeys(c.cls for c in cases))
    fig, ax = plt.subplots(figsize=(max(8, 0.35 * len(classes) * max(1, len(runs)) / 2), 5))
    width = 0.8 / len(runs)
    for k, run in enumerate(runs):
        t = metrics.threshold_at_alert_rate(run.negative_scores[:population], 0.01)
        values = [
            metrics.recall(run.positive_scores[[i for i, c in enumerate(cases) if c.cls == cls]], t)
            for cls in classes
        ]
        ax.bar(np.arange(len(classes)) + k * width, values, width, label=run.name)
    ax.set_xticks(
        np.arange(len(classes)) + 0.4 - width / 2, classes, rotation=70, ha="right", fontsize=7
    )
    ax.set(ylabel="recall at 1 alert / 100", ylim=(0, 1.01), title="Recall per class")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(folder / "recall_per_class.png", dpi=110)
    plt.close(fig)
    written.append("recall_per_class.png")
    return written


def coverage_section(covered: Any) -> str:
    """Markdown for the list-coverage figures (`screening.coverage.Coverage`)."""
    from screening.coverage import format_coverage

    return (
        "\n## List coverage\n\n"
        "Parties linked across the benchmark's lists (UN reference, identifiers, names with "
        "birth date or country; see `screening coverage`): how many UN designations each list "
        "carries and what each lists alone.\n\n```\n" + format_coverage(covered) + "\n```\n"
    )


def write_coverage_plot(folder: Path, covered: Any) -> str:
    """A heat map of parties shared between each pair of lists; returns the file name."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ids = [s.source_id for s in covered.sources]
    matrix = covered.matrix()
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * len(ids), 1.0 + 0.8 * len(ids)))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(ids)), ids, rotation=45, ha="right")
    ax.set_yticks(range(len(ids)), ids)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, f"{value:,}", ha="center", va="center", fontsize=8)
    ax.set_title("Parties listed by both sources")
    fig.tight_layout()
    fig.savefig(folder / "coverage.png", dpi=110)
    plt.close(fig)
    return "coverage.png"
