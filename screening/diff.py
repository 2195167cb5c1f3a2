"""What changed between two snapshots of one source: added, removed, changed designations.

Designations are matched by id (the source's own stable reference), so a
renamed entry is *changed*, not removed and added. A change lists what was
added or removed per aspect:

``names``         every name and alias (as written, with its type)
``primary_name``  the primary name only
``programs``      programs / regimes
``identifiers``   passports, IMO numbers ... (kind, number, country)
``birth_dates``   birth dates as read
``countries``     nationality, citizenship and address countries
``kind``, ``un_reference``, ``listed_on``  single values

Compare only aspects both snapshots carry: the 2024 OFAC ``sdn.csv`` came
without its ``alt.csv``/``add.csv`` companions, so against the 2021 quartet
only ``primary_name``, ``programs`` and ``kind`` are meaningful (aliases and
addresses would all look removed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs

from screening.errors import InputError
from screening.model import Designation, ListSnapshot

Aspect = Literal[
    "names",
    "primary_name",
    "programs",
    "identifiers",
    "birth_dates",
    "countries",
    "kind",
    "un_reference",
    "listed_on",
]
ASPECTS: tuple[Aspect, ...] = (
    "names",
    "primary_name",
    "programs",
    "identifiers",
    "birth_dates",
    "countries",
    "kind",
    "un_reference",
    "listed_on",
)
DEFAULT_ASPECTS: tuple[Aspect, ...] = (
    "names",
    "programs",
    "identifiers",
    "birth_dates",
    "countries",
    "kind",
    "un_reference",
)


def _values(designation: Designation, aspect: Aspect) -> frozenset[str]:
    extract: dict[Aspect, Callable[[Designation], Sequence[str]]] = {
        "names": lambda d: [f"{n.type}: {n.full}" for n in d.names],
        "primary_name": lambda d: [d.primary_name.full],
        "programs": lambda d: d.programs,
        "identifiers": lambda d: [
            f"{i.kind} {i.number}" + (f" ({i.country})" if i.country else "") for i in d.identifiers
        ],
        "birth_dates": lambda d: [str(b) for b in d.birth_dates],
        "countries": lambda d: d.countries,
        "kind": lambda d: [d.kind],
        "un_reference": lambda d: [d.un_reference] if d.un_reference else [],
        "listed_on": lambda d: [d.listed_on.isoformat()] if d.listed_on else [],
    }
    return frozenset(extract[aspect](designation))


@attrs.frozen
class AspectChange:
    """Values of one aspect added and removed."""

    aspect: Aspect
    added: tuple[str, ...]
    removed: tuple[str, ...]


@attrs.frozen
class DesignationChange:
    """One designation present in both snapshots whose compared aspects differ."""

    id: str
    name: str
    changes: tuple[AspectChange, ...]

    def change(self, aspect: Aspect) -> AspectChange | None:
        return next((c for c in self.changes if c.aspect == aspect), None)


@attrs.frozen
class ListDiff:
    """Differences between an old and a new snapshot of one source."""

    source_id: str
    old_published: str | None
    new_published: str | None
    old_count: int
    new_count: int
    aspects: tuple[Aspect, ...]
    added: tuple[Designation, ...]
    removed: tuple[Designation, ...]
    changed: tuple[DesignationChange, ...]

    @property
    def changed_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.changed)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (designations by id, program and primary name)."""

        def brief(d: Designation) -> dict[str, Any]:
            return {"id": d.id, "name": d.primary_name.full, "programs": list(d.programs)}

        return {
            "source_id": self.source_id,
            "old": {"published": self.old_published, "count": self.old_count},
            "new": {"published": self.new_published, "count": self.new_count},
            "aspects": list(self.aspects),
            "added": [brief(d) for d in self.added],
            "removed": [brief(d) for d in self.removed],
            "changed": [
                {
                    "id": c.id,
                    "name": c.name,
                    "changes": {
                        a.aspect: {"added": list(a.added), "removed": list(a.removed)}
                        for a in c.changes
                    },
                }
                for c in self.changed
            ],
        }


def diff_designations(
    old: Designation, new: Designation, aspects: Sequence[Aspect] = DEFAULT_ASPECTS
) -> DesignationChange | None:
    """What differs between two versions of one designation, or None."""
    changes = []
    for aspect in aspects:
        before, after = _values(old, aspect), _values(new, aspect)
        if before != after:
            changes.append(
                AspectChange(aspect, tuple(sorted(after - before)), tuple(sorted(before - after)))
            )
    if not changes:
        return None
    return DesignationChange(new.id, new.primary_name.full, tuple(changes))


def diff_snapshots(
    old: ListSnapshot, new: ListSnapshot, *, aspects: Sequence[Aspect] = DEFAULT_ASPECTS
) -> ListDiff:
    """Added, removed and changed designations from ``old`` to ``new`` (one source).

    Raises `InputError` when the snapshots are of different sources, or an
    aspect is unknown.
    """
    if old.source.id != new.source.id:
        raise InputError(
            f"cannot diff snapshots of different sources ({old.source.id} vs {new.source.id}); "
            "give two snapshots of one list"
        )
    unknown = set(aspects) - set(ASPECTS)
    if unknown:
        raise InputError(f"unknown aspects {sorted(unknown)}; use {', '.join(ASPECTS)}")
    before = {d.id: d for d in old.designations}
    after = {d.id: d for d in new.designations}
    changed = []
    for designation_id in sorted(before.keys() & after.keys()):
        change = diff_designations(before[designation_id], after[designation_id], aspects)
        if change is not None:
            changed.append(change)
    return ListDiff(
        source_id=new.source.id,
        old_published=old.published.isoformat() if old.published else None,
        new_published=new.published.isoformat() if new.published else None,
        old_count=len(before),
        new_count=len(after),
        aspects=tuple(aspects),
        added=tuple(after[i] for i in sorted(after.keys() - before.keys())),
        removed=tuple(before[i] for i in sorted(before.keys() - after.keys())),
        changed=tuple(changed),
    )


def format_diff(diff: ListDiff, *, limit: int | None = None) -> str:
    """The diff as readable text: a summary line, then each added, removed and changed entry."""
    lines = [
        f"{diff.source_id}: {diff.old_count} ({diff.old_published or '-'}) -> "
        f"{diff.new_count} ({diff.new_published or '-'}): {len(diff.added)} added, "
        f"{len(diff.removed)} removed, {len(diff.changed)} changed "
        f"(compared: {', '.join(diff.aspects)})"
    ]
    for label, designations in (("+", diff.added), ("-", diff.removed)):
        for designation in designations[:limit]:
            programs = ", ".join(designation.programs) or "-"
            lines.append(f"{label} {designation.id}  {designation.primary_name.full}  [{programs}]")
    for change in diff.changed[:limit]:
        lines.append(f"~ {change.id}  {change.name}")
        for aspect in change.changes:
            for value in aspect.added:
                lines.append(f"    + {aspect.aspect}: {value}")
            for value in aspect.removed:
                lines.append(f"    - {aspect.aspect}: {value}")
    return "\n".join(lines)
