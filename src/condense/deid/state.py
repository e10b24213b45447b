"""A project's de-identification settings and accepted mapping, read from the store, and
how a quotation is attributed under each quote mode."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from condense.deid.transform import Replacer
from condense.store import tables as t

QUOTE_MODES = ("untraceable", "labelled")


@dataclass(frozen=True)
class DeidState:
    mapping: dict = field(default_factory=dict)  # accepted surface form -> replacement
    quote_mode: str = "labelled"
    label_attributes: tuple[str, ...] = ()
    small_population: bool = False
    pending: int = 0

    @property
    def replacer(self) -> Replacer:
        return Replacer(self.mapping)

    def summary(self) -> dict:
        """What analysis.json says about de-identification: never the mapping itself."""
        return {"quote_mode": self.quote_mode, "label_attributes": list(self.label_attributes),
                "small_population": self.small_population, "identifiers_replaced": len(self.mapping),
                "pending_review": self.pending}


def settings_of(project_row) -> dict:
    return dict((project_row.settings or {}).get("deid") or {})


def load_state(session: Session) -> DeidState:
    row = session.get(t.ProjectRow, 1)
    conf = settings_of(row) if row is not None else {}
    small = bool(conf.get("small_population", False))
    mode = conf.get("quotes") or ("untraceable" if small else "labelled")
    mapping = dict(session.execute(select(t.DeidEntryRow.surface, t.DeidEntryRow.replacement)
                                   .where(t.DeidEntryRow.status == "accepted")).all())
    pending = session.scalar(select(func.count()).select_from(t.DeidEntryRow)
                             .where(t.DeidEntryRow.status == "pending")) or 0
    return DeidState({k: v for k, v in mapping.items() if v}, mode, tuple(conf.get("label_attributes") or ()),
                     small, pending)


def age_band(value) -> str | None:
    try:
        age = int(float(value))
    except (TypeError, ValueError):
        return None
    return f"{age // 10 * 10}s" if age >= 20 else "under 20"


def attribution(participant, state: DeidState) -> str | None:
    """'P3, GP, 50s' in labelled mode (the participant's pseudonym or id, then the chosen
    attributes); None in untraceable mode, or when the quote has no participant."""
    if state.quote_mode == "untraceable" or participant is None:
        return None
    parts = [participant.pseudonym or participant.id]
    attrs = participant.attributes or {}
    for name in state.label_attributes:
        value = attrs.get(name)
        if value in (None, "") and name in ("age_band", "age_group") and "age" in attrs:
            value = age_band(attrs["age"])
        if value not in (None, ""):
            parts.append(str(value))
    return state.replacer(", ".join(parts))
