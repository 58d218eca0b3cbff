"""The review web app (Starlette): server-rendered Jinja2 pages and a small JSON API. Handlers only parse the
request, call the library (:mod:`~pipeline.review.decision`, :mod:`~pipeline.review.view`,
:mod:`~pipeline.review.export`) and render; see :mod:`~pipeline.review.security` for the safety rules.

Routes: ``GET /`` papers with progress and agreement; ``GET /paper/{id}`` the paper view (query: ``label``,
``unreviewed``, ``below``, ``focus``); ``POST /api/decide``, ``/api/add``, ``/api/undo`` (JSON bodies, CSRF
header); ``GET /api/export?format=jsonl|csv|labelstudio|training``.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline import __version__
from pipeline.errors import InvalidDocument, PipelineError
from pipeline.review import decision, export, view
from pipeline.review.papers import PaperLibrary
from pipeline.review.security import GuardMiddleware, csrf_ok
from pipeline.review.store import EventStore, ReviewError

HERE = Path(__file__).resolve().parent
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class ReviewConfig:
    """Options of the review server."""

    out_dir: Path
    db: Path | None = None
    """Review database; default ``OUT_DIR/review.sqlite``."""
    reviewer: str = "reviewer"
    token: str | None = None
    """Access token; required by the CLI when binding beyond loopback."""
    loopback_only: bool = True
    """Accept only requests whose Host header names a loopback address (set False when binding elsewhere)."""


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def create_app(config: ReviewConfig, *, store: EventStore | None = None) -> Starlette:
    """The ASGI app over ``config.out_dir``; ``store`` may be given (tests pass one with a fixed clock)."""
    library = PaperLibrary(config.out_dir)
    store = store or EventStore(config.db or Path(config.out_dir) / "review.sqlite")
    env = _env()
    csrf = secrets.token_urlsafe(32)
    reviewer = config.reviewer

    def render(name: str, status: int = 200, **context) -> HTMLResponse:
        html = env.get_template(name).render(csrf=csrf, reviewer=reviewer, version=__version__, **context)
        return HTMLResponse(html, status_code=status)

    def index(request: Request) -> Response:
        events = store.events()
        papers = [view.paper_progress(entry, events, reviewer) for entry in library.entries()]
        return render("index.html", papers=papers, agreement=view.paper_agreement(events),
                      reviewers=store.reviewers())

    def paper(request: Request) -> Response:
        paper_id = request.path_params["paper_id"]
        try:
            doc = library.document(paper_id)
        except InvalidDocument as exc:
            return render("error.html", status=404, message=str(exc))
        filters = view.Filters.parse(request.query_params)
        events = store.events(paper=doc.paper_id)
        rows = view.paper_rows(doc, events, reviewer, filters)
        progress = view.paper_progress(library.entry(doc.paper_id), events, reviewer)
        return render("paper.html", doc=doc, rows=rows, filters=filters, progress=progress,
                      agreement=view.paper_agreement(events, doc.paper_id),
                      focus=request.query_params.get("focus", ""))

    async def _json(request: Request) -> dict:
        if not csrf_ok(request.headers, csrf):
            raise PermissionError("missing or wrong CSRF token; reload the page")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise ReviewError("send the request as application/json.")
        body = await request.body()
        if len(body) > MAX_BODY:
            raise ReviewError("request too large.")
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise ReviewError("the request body is not JSON.") from exc
        if not isinstance(data, dict):
            raise ReviewError("the request body must be a JSON object.")
        return data

    def _state(event) -> dict:
        after = event.after or {}
        attrs = after.get("attributes", {})
        name = view.LABEL_NAMES.get((after.get("label"), after.get("evidence_type")), "?")
        return {"tag": event.tag, "sentence": event.sentence, "decision": event.decision, "event": event.id,
                "label": after.get("label"), "evidence_type": after.get("evidence_type"), "name": name,
                "status": after.get("status"), "note": after.get("note"), "actor": attrs.get("actor"),
                "strength": attrs.get("strength"), "instrument": attrs.get("instrument")}

    def _guarded(handler):
        async def endpoint(request: Request) -> Response:
            try:
                data = await _json(request)
                doc = library.document(str(data.get("paper", "")))
                event = handler(doc, data)
            except PermissionError as exc:
                return JSONResponse({"error": str(exc)}, status_code=403)
            except InvalidDocument as exc:
                return JSONResponse({"error": str(exc)}, status_code=404)
            except PipelineError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            return JSONResponse({"ok": True, "state": _state(event) if event else None})
        return endpoint

    def do_decide(doc, data):
        return decision.decide(
            store, doc, reviewer=reviewer, tag_id=str(data.get("tag", "")), decision=str(data.get("decision", "")),
            label=data.get("label"), evidence_type=data.get("evidence_type") or None,
            attributes=data.get("attributes") if isinstance(data.get("attributes"), dict) else None,
            note=data.get("note") if isinstance(data.get("note"), str) else None)

    def do_add(doc, data):
        return decision.add_tag(store, doc, reviewer=reviewer, sentence_id=str(data.get("sentence", "")),
                                label=str(data.get("label", "")), evidence_type=data.get("evidence_type") or None)

    def do_undo(doc, data):
        return decision.undo(store, doc.paper_id, reviewer)

    def export_view(request: Request) -> Response:
        fmt = request.query_params.get("format", "jsonl")
        if fmt not in export.FORMATS:
            return JSONResponse({"error": f"unknown format; use one of {', '.join(export.FORMATS)}"},
                                status_code=400)
        body = export.render(store.events(), fmt)
        suffix = {"labelstudio": "json", "training": "jsonl"}.get(fmt, fmt)
        name = f"review-{fmt}.{suffix}" if fmt in ("labelstudio", "training") else f"review.{suffix}"
        return Response(body.encode("utf-8"), media_type=export.MEDIA_TYPES[fmt] + "; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    routes = [
        Route("/", index),
        Route("/paper/{paper_id}", paper),
        Route("/api/decide", _guarded(do_decide), methods=["POST"]),
        Route("/api/add", _guarded(do_add), methods=["POST"]),
        Route("/api/undo", _guarded(do_undo), methods=["POST"]),
        Route("/api/export", export_view),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(GuardMiddleware, token=config.token, loopback_only=config.loopback_only)]
    return Starlette(routes=routes, middleware=middleware)
