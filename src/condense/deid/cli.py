"""``condense deid PROJECT``: detect identifiers, review them, choose the quote mode.

Without options it detects (when the transcripts changed since the last detection) and lists
what was found, grouped by surface form. Decisions are recorded as events."""

from __future__ import annotations

from collections import Counter


def add_commands(sub, commands) -> None:
    s = sub.add_parser("deid", help="de-identify quotes: review identifiers, choose the quote mode")
    s.add_argument("project")
    s.add_argument("--detect", action="store_true", help="detect again even if the transcripts did not change")
    s.add_argument("--accept-all", action="store_true", help="accept every pending finding")
    s.add_argument("--accept", action="append", default=[], metavar="ID|TEXT", help="accept a finding (repeatable)")
    s.add_argument("--reject", action="append", default=[], metavar="ID|TEXT",
                   help="reject a finding: it is not an identifier (repeatable)")
    s.add_argument("--add", action="append", default=[], metavar="TEXT=TYPE",
                   help="add an identifier the detectors missed, TYPE one of person, place, org, email, phone, "
                        "id, date (repeatable)")
    s.add_argument("--replace", action="append", default=[], metavar="ID|TEXT=REPLACEMENT",
                   help="choose the replacement of a finding, e.g. --replace 'Anna Berg=Dr A' (repeatable)")
    s.add_argument("--quotes", choices=["untraceable", "labelled"],
                   help="untraceable: no attribution at all; labelled: e.g. 'P3, GP, 50s'")
    s.add_argument("--label-attributes", metavar="A,B", help="participant attributes in labelled quotes, "
                   "e.g. role,age_band (age_band is made from age)")
    s.add_argument("--population", choices=["small", "large"],
                   help="a small population makes untraceable quotes the default")
    s.add_argument("--status", choices=["pending", "accepted", "rejected"], help="list only these")
    commands["deid"] = _deid


def _split(item: str, what: str) -> tuple[str, str]:
    from condense.errors import BadSettings

    key, sep, value = item.rpartition("=")
    if not sep or not key.strip() or not value.strip():
        raise BadSettings(f"{what} {item!r} must look like TEXT=VALUE")
    return key.strip(), value.strip()


def _deid(args) -> int:
    from condense.api import Project
    from condense.cli import out

    project = Project(args.project)
    if args.detect or not project.detection_is_current():
        n = project.detect_identifiers()
        out.print(f"detected {n} possible identifiers in {len(project.documents())} transcripts", markup=False)
    if args.accept:
        project.decide_identifiers(args.accept, "accepted")
    if args.reject:
        project.decide_identifiers(args.reject, "rejected")
    for item in args.add:
        text, type_ = _split(item, "--add")
        added = project.add_identifier(text, type_)
        out.print(f"added {added.surface!r} as {added.type} -> {added.replacement} ({added.count} occurrences)",
                  markup=False)
    for item in args.replace:
        key, replacement = _split(item, "--replace")
        project.set_replacement(key, replacement)
    if args.accept_all:
        out.print(f"accepted {project.accept_all_identifiers()} pending findings", markup=False)
    attrs = args.label_attributes.split(",") if args.label_attributes is not None else None
    small = None if args.population is None else args.population == "small"
    state = project.set_quote_mode(args.quotes, attrs, small)
    items = project.deid_review(args.status)
    counts = Counter(i.status for i in project.deid_review())
    for i in items:
        docs = ", ".join(i.documents[:4]) + (f" +{len(i.documents) - 4}" if len(i.documents) > 4 else "")
        out.print(f"{i.id:>4}  {i.status:<8} {i.type:<6} {i.surface!r} -> {i.replacement}  "
                  f"x{i.count} in {docs or '-'}", markup=False)
    attrs_line = f" with {', '.join(state.label_attributes)}" if state.label_attributes else ""
    out.print(f"{counts['pending']} pending, {counts['accepted']} accepted, {counts['rejected']} rejected; "
              f"quotes are {state.quote_mode}{attrs_line if state.quote_mode == 'labelled' else ''}"
              f"{' (small population)' if state.small_population else ''}. "
              "'condense run' applies accepted replacements to the reports.", markup=False)
    return 0
