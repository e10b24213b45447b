"""Sub-commands for two coders: ``code`` (blind coding, by sheet or interactively),
``agreement`` (the measures and the list of disagreements) and ``resolve`` (a consensus)."""

from __future__ import annotations

from condense.cli import out


def add_commands(sub, commands) -> None:
    s = sub.add_parser("code", help="code meaning units as a named coder (blind: without seeing other coders)")
    s.add_argument("project")
    s.add_argument("--coder", required=True, help="your name, as it will appear in the agreement report")
    s.add_argument("--blind", action="store_true", help="never show other coders' themes")
    s.add_argument("--export", metavar="FILE.csv", help="write your coding sheet (unit_id, text, themes) to code in a spreadsheet")
    s.add_argument("--import", dest="import_", metavar="FILE.csv",
                   help="read a coding sheet back: themes by label, ';'-separated, '-' for none, empty = not coded")
    s = sub.add_parser("agreement", help="agreement between two coders, per theme and overall")
    s.add_argument("project")
    s.add_argument("--coders", nargs=2, required=True, metavar=("A", "B"), help="two coders (a name, or 'machine')")
    s.add_argument("--themes", nargs="+", help="only these themes (labels or ids)")
    s.add_argument("--disagreements", type=int, default=10, metavar="N", help="list the first N disagreements (default 10)")
    s = sub.add_parser("resolve", help="record the consensus on a unit as a decision memo")
    s.add_argument("project")
    s.add_argument("unit")
    s.add_argument("--themes", nargs="*", default=[], help="the agreed themes (labels or ids); none: no theme")
    s.add_argument("--coders", nargs=2, metavar=("A", "B"), help="the two coders, to note what each had")
    s.add_argument("--note", default="", help="why (goes into the decision memo)")
    s.add_argument("--author", default="researcher")
    commands.update({"code": _code, "agreement": _agreement, "resolve": _resolve})


def _code(args) -> int:
    from condense.api import Project
    from condense.errors import BadSettings

    project = Project(args.project)
    if args.export and args.import_:
        raise BadSettings("use --export or --import, not both")
    if args.export:
        n = project.export_sheet(args.coder, args.export)
        out.print(f"wrote {n} units to {args.export}; fill the 'themes' column and read it back with --import",
                  markup=False)
        return 0
    if args.import_:
        n = project.import_sheet(args.coder, args.import_)
        out.print(f"{n} units coded by {args.coder}", markup=False)
        return 0
    return _interactive(project, args.coder, args.blind)


def _interactive(project, coder: str, blind: bool) -> int:
    labels = project.theme_labels()
    ids = list(labels)
    others = {} if blind else {c: project.codings_of(c) for c in project.coders() if c != coder}
    todo = [r for r in project.coding_sheet(coder) if r["themes"] is None]
    out.print("Themes: " + "  ".join(f"[{i + 1}] {labels[x]}" for i, x in enumerate(ids)), markup=False)
    out.print("Per unit: theme numbers (e.g. 1,3), '-' for no theme, Enter to skip, 'q' to stop.", markup=False)
    done = 0
    for n, row in enumerate(todo, start=1):
        out.print(f"\n({n}/{len(todo)}) {row['unit_id']} in {row['document']}:\n{row['text']}", markup=False)
        for c, coded in others.items():
            if row["unit_id"] in coded:
                out.print(f"  {c}: {', '.join(labels[x] for x in coded[row['unit_id']]) or 'no theme'}", markup=False)
        try:
            answer = input("themes> ").strip()
        except EOFError:
            break
        if answer.lower() == "q":
            break
        if not answer:
            continue
        chosen = [] if answer == "-" else [ids[int(x) - 1] for x in answer.replace(" ", "").split(",")
                                           if x.isdigit() and 0 < int(x) <= len(ids)]
        project.code_blind(row["unit_id"], chosen, coder)
        done += 1
    out.print(f"{done} units coded by {coder}", markup=False)
    return 0


def _agreement(args) -> int:
    from condense.api import Project

    project = Project(args.project)
    a, b = args.coders
    r = project.agreement(a, b, args.themes)
    labels = project.theme_labels()
    f = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
    out.print(f"{a} vs {b}: {r.units} meaning units coded by both ({r.units_any} by either)", markup=False)
    out.print(f"exact agreement {f(r.percent)}%  Krippendorff's alpha nominal {f(r.alpha_nominal)}, "
              f"MASI {f(r.alpha_masi)}  Gwet's AC1 {f(r.ac1)}", markup=False)
    out.print(f"{'theme':<40} {a:>6} {b:>6} {'agree %':>8} {'kappa':>7} {'AC1':>7}", markup=False)
    for th in r.themes:
        out.print(f"{labels.get(th.theme, th.theme)[:40]:<40} {th.a_count:>6} {th.b_count:>6} {th.percent:>8.1f} "
                  f"{f(th.kappa):>7} {f(th.ac1):>7}", markup=False)
    items = project.disagreements(a, b, args.themes)
    open_items = [i for i in items if not i.resolved]
    out.print(f"\n{len(open_items)} disagreements to discuss ({len(items) - len(open_items)} resolved)", markup=False)
    for i in open_items[:args.disagreements]:
        out.print(f"- {i.unit_id} ({i.document_id}) {a}: {', '.join(i.a) or 'no theme'} | "
                  f"{b}: {', '.join(i.b) or 'no theme'}\n  {i.text[:200]}", markup=False)
    if open_items:
        out.print("Resolve one with: condense resolve PROJECT UNIT --themes ... --note \"why\"", markup=False)
    return 0


def _resolve(args) -> int:
    from condense.api import Project

    memo = Project(args.project).resolve(args.unit, args.themes, args.note, args.coders or (), args.author)
    out.print(f"decision memo {memo} saved for {args.unit}", markup=False)
    return 0
