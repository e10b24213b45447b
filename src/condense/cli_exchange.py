"""``condense export`` and ``condense import``: REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA,
QualCoder and other tools. Only parsing and printing; the work is in ``api_exchange``."""

from __future__ import annotations

from pathlib import Path


def add_commands(sub, commands) -> None:
    s = sub.add_parser("export", help="export the project as REFI-QDA (.qdpx project or .qdc codebook)")
    s.add_argument("project")
    s.add_argument("--format", choices=["qdpx", "qdc"], default="qdpx")
    s.add_argument("--out", required=True, help="the file to write")
    s.add_argument("--deidentify", action="store_true",
                   help="pass every exported text through the project's de-identifier")
    commands["export"] = _export

    s = sub.add_parser("import", help="import a REFI-QDA project (.qdpx) or codebook (.qdc)")
    s.add_argument("file")
    s.add_argument("project", help="a new project folder, or an existing project to add to")
    s.add_argument("--question", help="the research question, for a new project (else taken from the file)")
    s.add_argument("--language", default="en", help="the researcher's language for a new project")
    commands["import"] = _import


def _export(args) -> int:
    from condense.api import Project
    from condense.cli import err, out

    project = Project(args.project)
    if args.format == "qdc":
        path = project.export_qdc(Path(args.out))
    else:
        if args.deidentify and not project.deid_state().mapping:
            err.print("condense: no identifier has been accepted yet (condense deid PROJECT); "
                      "texts are exported unchanged", markup=False)
        path = project.export_qdpx(Path(args.out), deidentify=args.deidentify)
        for line in project.duplicate_code_names():  # tools that key codes by name would merge these
            err.print(f"condense: note: {line}; tools that match codes by name may merge them", markup=False)
    out.print(f"wrote {path}", markup=False)
    return 0


def _import(args) -> int:
    from condense.api import Project
    from condense.cli import out
    from condense.store.db import DB_NAME

    target = Path(args.project)
    if (target / DB_NAME).is_file():
        report = Project(target).import_refi(Path(args.file))
    else:
        _project, report = Project.import_qdpx(Path(args.file), target, question=args.question,
                                                language=args.language)
    for line in report.lines():
        out.print(line, markup=False)
    return 0
