"""The workbench: a FastAPI app over one ``Project``. Pages are server-rendered (Jinja2,
autoescaped: transcript text is untrusted); every action is an HTML form posted to a handler
that calls one API method and redirects back. No SQL and no analysis logic live here.

Browser offsets arrive in UTF-16 code units and are converted to code points here, at the
boundary, with ``spans.utf16_to_cp``. Every edit form carries the version of the object it
shows; the API refuses a stale one (``Conflict``) and the page says so."""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.middleware.trustedhost import TrustedHostMiddleware

from condense.deid.base import TYPES as DEID_TYPES
from condense.errors import CondenseError, Conflict
from condense.model import MEMO_KINDS
from condense.settings import RunSettings
from condense.spans import utf16_to_cp
from condense.web import views

HERE = Path(__file__).parent
REPORT_FILES = ("report.html", "report.md", "analysis.json")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["memo_kinds"] = MEMO_KINDS
    return env


def _int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise CondenseError(f"the form field {name!r} must be a whole number, not {value!r}") from None


def create_app(project, out_dir: str | Path, settings: RunSettings | None = None, embedder=None,
               allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost"), deid_detectors=None) -> FastAPI:
    """The app for ``project``; runs started from the browser write to ``out_dir``.
    ``deid_detectors`` (language -> detectors) replaces the project's default identifier
    detectors, e.g. to leave out the English model."""
    out_dir = Path(out_dir)
    settings = settings or RunSettings()
    env = _environment()
    token = secrets.token_urlsafe(16)  # forms from other sites cannot know it (cross-site posts)
    app = FastAPI(title="Condense workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))  # DNS rebinding
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        study = project.study()
        target = project.undo_target()
        html = env.get_template(template).render(
            request=request, study=study, token=token, undo=target, path=request.url.path,
            error=request.query_params.get("error"), conflict=request.query_params.get("conflict"),
            notice=request.query_params.get("notice"), **context)
        return HTMLResponse(html, status_code=status)

    def back(next_url: str, **params) -> RedirectResponse:
        parts = urlsplit(next_url or "/")
        if parts.scheme or parts.netloc:  # only ever back into this app
            next_url = "/"
        query = [p for p in parts.query.split("&") if p and p.split("=")[0] not in ("error", "conflict", "notice")]
        query += [urlencode({k: v}) for k, v in params.items() if v is not None]
        return RedirectResponse(parts.path + ("?" + "&".join(query) if query else "") +
                                (f"#{parts.fragment}" if parts.fragment else ""), status_code=303)

    async def action(request: Request, call) -> RedirectResponse:
        """Check the form's token, call the API, and go back with a message."""
        form = await request.form()
        if not secrets.compare_digest(str(form.get("token", "")), token):
            raise HTTPException(403, "this form did not come from the workbench")
        next_url = str(form.get("next") or request.headers.get("referer") or "/")
        try:
            notice = call(form)
        except Conflict as exc:
            return back(next_url, error=exc.message, conflict="1")
        except CondenseError as exc:
            return back(next_url, error=exc.message)
        return back(next_url, notice=notice if isinstance(notice, str) else "saved")

    def document(form):
        doc = next((d for d in project.documents() if d.id == form.get("document_id")), None)
        if doc is None:
            raise CondenseError(f"no transcript {form.get('document_id')!r} in this project")
        return doc

    def cp(doc, form, name: str) -> int:
        """A browser (UTF-16) offset from the form, as a code-point offset into ``doc``."""
        return utf16_to_cp(doc.text, _int(form.get(name), name) or 0)

    # -- overview ------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request):
        return page(request, "home.html", overview=project.status(), has_preconception=project.has_preconception())

    # -- transcripts ---------------------------------------------------------------------
    @app.get("/transcripts", response_class=HTMLResponse)
    def transcripts(request: Request, participant: str = ""):
        docs = [d for d in project.documents() if not participant or d.participant_id == participant]
        return page(request, "transcripts.html", documents=docs, participants=project.participants(),
                    participant=participant)

    @app.get("/transcripts/{doc_id}", response_class=HTMLResponse)
    def transcript(request: Request, doc_id: str, theme: str = "", relevance: str = "", unit: str = ""):
        doc = next((d for d in project.documents() if d.id == doc_id), None)
        if doc is None:
            raise HTTPException(404, f"no transcript {doc_id}")
        units = project.units()
        bracketed = project.has_preconception()
        themes = project.themes() if bracketed else []  # no machine themes before the preconception memo
        theme_of: dict[str, list[str]] = {}
        for th in themes:
            for u in th.unit_ids:
                theme_of.setdefault(u, []).append(th.id)
        shown = {u.id for u in units if u.document_id == doc.id
                 and (not theme or theme in theme_of.get(u.id, []))
                 and (relevance != "relevant" or u.relevant) and (relevance != "not" or not u.relevant)}
        colours = views.theme_colours(themes)
        selected = next((u for u in units if u.id == unit and u.document_id == doc.id), None)
        return page(request, "transcript.html", doc=doc, turns=views.turn_views(doc, units, theme_of, colours, shown),
                    themes=themes, colours=colours, theme=theme, relevance=relevance, selected=selected,
                    selected_themes=theme_of.get(unit, []), theme_by_id={th.id: th for th in themes},
                    unit_version=project.version(unit) if selected else 0, bracketed=bracketed,
                    memos=project.memos_about(unit) if selected else [])

    @app.post("/units")
    async def create_unit(request: Request):
        def call(form):
            doc = document(form)
            uid = project.add_unit(doc.id, cp(doc, form, "start16"), cp(doc, form, "end16"),
                                   theme_id=form.get("theme_id") or None)
            return f"created unit {uid}"
        return await action(request, call)

    @app.post("/units/{unit_id}/edges")
    async def resize_unit(request: Request, unit_id: str):
        def call(form):
            doc = document(form)
            project.resize_unit(unit_id, cp(doc, form, "start16"), cp(doc, form, "end16"),
                                expected=_int(form.get("version"), "version"))
            return f"moved the edges of unit {unit_id}"
        return await action(request, call)

    @app.post("/units/{unit_id}/delete")
    async def delete_unit(request: Request, unit_id: str):
        return await action(request, lambda f: project.delete_unit(unit_id, expected=_int(f.get("version"), "version")))

    @app.post("/units/{unit_id}/relevance")
    async def unit_relevance(request: Request, unit_id: str):
        return await action(request, lambda f: project.set_relevance(
            unit_id, f.get("relevant") == "1", expected=_int(f.get("version"), "version")))

    @app.post("/units/{unit_id}/code")
    async def code_unit(request: Request, unit_id: str):
        return await action(request, lambda f: project.code_unit(unit_id, str(f.get("theme_id"))))

    @app.post("/units/{unit_id}/uncode")
    async def uncode_unit(request: Request, unit_id: str):
        return await action(request, lambda f: project.uncode_unit(unit_id, str(f.get("theme_id"))))

    @app.post("/units/{unit_id}/move")
    async def move_unit(request: Request, unit_id: str):
        return await action(request, lambda f: project.move_unit(
            unit_id, str(f.get("from_theme")), str(f.get("to_theme")), expected=_int(f.get("version"), "version")))

    # -- themes board --------------------------------------------------------------------
    @app.get("/themes", response_class=HTMLResponse)
    def board(request: Request, show: str = ""):
        if not project.has_preconception() and show != "anyway":
            return page(request, "bracketing.html")
        themes, categories = project.themes(), project.categories()
        units = {u.id: u for u in project.units()}
        person = {d.id: d.participant_id or d.id for d in project.documents()}
        return page(request, "themes.html", columns=views.board_columns(themes, categories), themes=themes,
                    categories=categories, units=units, people=views.participants_of(themes, units, person),
                    versions=project.versions([th.id for th in themes] + [c.id for c in categories]),
                    colours=views.theme_colours(themes), quotes={q.theme_id: q for q in project.quotes()})

    @app.get("/themes/{theme_id}", response_class=HTMLResponse)
    def theme_page(request: Request, theme_id: str):
        themes = project.themes()
        theme = next((th for th in themes if th.id == theme_id), None)
        if theme is None:
            raise HTTPException(404, f"no theme {theme_id} (merged or removed?)")
        units = {u.id: u for u in project.units()}
        docs = {d.id: d for d in project.documents()}
        return page(request, "theme.html", theme=theme, themes=themes, units=units, docs=docs,
                    version=project.version(theme_id), unit_versions=project.versions(theme.unit_ids),
                    memos=project.memos_about(theme_id))

    @app.post("/themes/{theme_id}")
    async def update_theme(request: Request, theme_id: str):
        return await action(request, lambda f: project.rename_theme(
            theme_id, str(f.get("label", "")), str(f.get("description", "")), expected=_int(f.get("version"), "version")))

    @app.post("/themes/{theme_id}/merge")
    async def merge_theme(request: Request, theme_id: str):
        def call(f):
            other = str(f.get("other", ""))
            project.merge_themes(theme_id, other, expected={theme_id: _int(f.get("version"), "version"),
                                                            other: _int(f.get("other_version"), "other_version")}
                                 if f.get("version") else None)
            return f"merged {other} into {theme_id}"
        return await action(request, call)

    @app.post("/themes/{theme_id}/split")
    async def split_theme(request: Request, theme_id: str):
        def call(f):
            new = project.split_theme(theme_id, [str(u) for u in f.getlist("unit_ids")], str(f.get("label", "")),
                                      expected=_int(f.get("version"), "version"))
            return f"split off theme {new}"
        return await action(request, call)

    @app.post("/themes/{theme_id}/category")
    async def move_theme(request: Request, theme_id: str):
        return await action(request, lambda f: project.move_theme(
            theme_id, str(f.get("category_id") or "") or None, expected=_int(f.get("version"), "version")))

    @app.post("/themes/{theme_id}/quote")
    async def set_quote(request: Request, theme_id: str):
        return await action(request, lambda f: project.set_quote(
            theme_id, str(f.get("unit_id")), expected=_int(f.get("version"), "version")))

    @app.post("/categories")
    async def add_category(request: Request):
        return await action(request, lambda f: project.add_category(str(f.get("label", ""))))

    @app.post("/categories/{category_id}")
    async def update_category(request: Request, category_id: str):
        return await action(request, lambda f: project.rename_category(
            category_id, str(f.get("label", "")), str(f.get("description", "")),
            expected=_int(f.get("version"), "version")))

    # -- condensates ---------------------------------------------------------------------
    @app.get("/condensates", response_class=HTMLResponse)
    def condensates(request: Request):
        if not project.has_preconception():
            return page(request, "bracketing.html")
        subgroups = project.subgroups()
        return page(request, "condensates.html", themes=project.themes(), subgroups=subgroups,
                    units={u.id: u for u in project.units()},
                    versions=project.versions([s.condensate.id for s in subgroups]))

    @app.post("/condensates/{condensate_id}")
    async def edit_condensate(request: Request, condensate_id: str):
        return await action(request, lambda f: project.edit_condensate(
            condensate_id, str(f.get("text", "")), [str(u) for u in f.getlist("unit_ids")],
            expected=_int(f.get("version"), "version")))

    @app.post("/condensates/{condensate_id}/accept")
    async def accept_condensate(request: Request, condensate_id: str):
        return await action(request, lambda f: project.accept_condensate(
            condensate_id, expected=_int(f.get("version"), "version")))

    @app.post("/condensates/{condensate_id}/reject")
    async def reject_condensate(request: Request, condensate_id: str):
        return await action(request, lambda f: project.reject_condensate(
            condensate_id, expected=_int(f.get("version"), "version")))

    # -- memos ---------------------------------------------------------------------------
    @app.get("/memos", response_class=HTMLResponse)
    def memos(request: Request, target: str = ""):
        return page(request, "memos.html", memos=project.memos(), target=target)

    @app.post("/memos")
    async def add_memo(request: Request):
        return await action(request, lambda f: project.add_memo(
            str(f.get("kind", "")), str(f.get("text", "")), target_id=str(f.get("target_id") or "") or None)
            and "memo saved")

    # -- history and undo ----------------------------------------------------------------
    @app.get("/history", response_class=HTMLResponse)
    def history(request: Request, object: str = "", limit: int = 200):
        return page(request, "history.html", events=project.events(object or None, limit), object_id=object)

    @app.post("/undo")
    async def undo(request: Request):
        def call(f):
            done = project.undo(expected=_int(f.get("expected"), "expected"))
            return f"undid {done['action']} {done['object_type']} {done['object_id']}"
        return await action(request, call)

    # -- run -----------------------------------------------------------------------------
    @app.get("/run", response_class=HTMLResponse)
    def run_page(request: Request):
        return page(request, "run.html", state=project.run_state(), has_preconception=project.has_preconception(),
                    out_dir=out_dir)

    @app.post("/run")
    async def start_run(request: Request):
        def call(f):
            chosen = replace(settings, bracketing=f.get("no_bracketing") != "1")
            project.start_run(out_dir, chosen, embedder=embedder)
            return "the analysis is running"
        return await action(request, call)

    @app.get("/run/state")
    def run_state():
        return JSONResponse(dataclasses.asdict(project.run_state()))

    # -- de-identification ---------------------------------------------------------------
    @app.get("/deid", response_class=HTMLResponse)
    def deid_page(request: Request, status: str = ""):
        items = project.deid_review()
        docs = {d.id: d for d in project.documents()}
        snippets = {i.id: views.snippet(docs[i.example[0]], i.example[1], i.example[2])
                    for i in items if i.example and i.example[0] in docs}
        return page(request, "deid.html", items=[i for i in items if not status or i.status == status],
                    counts={s: sum(i.status == s for i in items) for s in ("pending", "accepted", "rejected")},
                    shown_status=status, snippets=snippets, docs=docs, state=project.deid_state(),
                    current=project.detection_is_current(), versions=project.deid_versions(),
                    list_version=project.deid_version(), types=DEID_TYPES,
                    attribute_choices=views.label_attribute_choices(project.participants()))

    @app.post("/deid/detect")
    async def deid_detect(request: Request):
        def call(f):
            n = project.detect_identifiers(detectors_by_language=deid_detectors)
            return f"detected {n} possible identifiers in {len(project.documents())} transcripts"
        return await action(request, call)

    @app.post("/deid/accept-all")
    async def deid_accept_all(request: Request):
        return await action(request, lambda f: "accepted {} pending identifiers".format(
            project.accept_all_identifiers(expected=_int(f.get("version"), "version"))))

    @app.post("/deid/add")
    async def deid_add(request: Request):
        def call(f):
            added = project.add_identifier(str(f.get("surface", "")), str(f.get("type", "")),
                                           str(f.get("replacement") or "").strip() or None)
            return f"added {added.surface!r} as {added.type} -> {added.replacement} ({added.count} occurrences)"
        return await action(request, call)

    @app.post("/deid/quotes")
    async def deid_quotes(request: Request):
        def call(f):
            population = str(f.get("population") or "")
            state = project.set_quote_mode(str(f.get("quotes") or "") or None,
                                           str(f.get("label_attributes", "")).split(","),
                                           None if not population else population == "small")
            return f"quotes are {state.quote_mode}"
        return await action(request, call)

    @app.post("/deid/{entry_id}/decide")
    async def deid_decide(request: Request, entry_id: int):
        def call(f):
            decision = str(f.get("decision", ""))
            project.decide_identifiers([entry_id], decision, expected=_int(f.get("version"), "version"))
            return f"identifier {entry_id} {decision}"
        return await action(request, call)

    @app.post("/deid/{entry_id}/replacement")
    async def deid_replacement(request: Request, entry_id: int):
        def call(f):
            project.set_replacement(entry_id, str(f.get("replacement", "")), expected=_int(f.get("version"), "version"))
            return f"replacement of identifier {entry_id} saved"
        return await action(request, call)

    # -- report --------------------------------------------------------------------------
    @app.get("/report", response_class=HTMLResponse)
    def report(request: Request):
        files = [name for name in REPORT_FILES if (out_dir / name).is_file()]
        return page(request, "report.html", files=files, out_dir=out_dir)

    @app.get("/report/{name}")
    def report_file(name: str):
        if name not in REPORT_FILES or not (out_dir / name).is_file():
            raise HTTPException(404, f"no {name} yet; run the analysis first")
        return FileResponse(out_dir / name)

    return app
