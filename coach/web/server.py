"""The HTTP side of `coach serve`: the secret in the address, the routes, the headers.

Every request's path starts with the secret (compared in constant time);
without it the answer is 404 and nothing else. Served files are found by id
in coach's own tables (the page's files by name in :data:`STATIC`, sessions
by key in :class:`~coach.web.builds.Builds`): no part of a request becomes
a path. Only GET and HEAD, plus POST for a leg time, with a small JSON body.
Starlette's FileResponse answers Range requests (206, 416) and HEAD, which
phones' players need (Safari plays no audio without 206 answers).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re
import sys
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from coach.errors import CoachError, InputError
from coach.web import use
from coach.web.builds import FORMATS, PLAYED, Builds

# The page's files: name in the address -> (file in coach/web/static, type).
STATIC: dict[str, tuple[str, str]] = {
    "app.js": ("app.js", "text/javascript; charset=utf-8"),
    "display.js": ("display.js", "text/javascript; charset=utf-8"),
    "style.css": ("style.css", "text/css; charset=utf-8"),
    "icon.svg": ("icon.svg", "image/svg+xml"),
}
MAX_BODY = 2048  # bytes: a leg time is {"drill": "...", "seconds": 22.5}
KEY = re.compile(r"^[0-9a-f]{32}$")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
       "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the address holds the secret
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
NOT_FOUND = b"Not found\n"


@dataclass(frozen=True)
class Site:
    """What one running server serves."""

    secret: str
    routines: dict[str, str]  # slug -> name as given
    voice: use.Voice
    builds: Builds
    known: dict[str, use.Session] = field(default_factory=dict)  # sessions asked for, by key


def make_app(site: Site) -> Guard:
    pages = _pages(site.secret)

    async def page(request: Request) -> Response:
        return Response(pages["index.html"], media_type="text/html; charset=utf-8", headers=_no_store())

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return _missing("no such file")
        return Response(pages[name], media_type=STATIC[name][1], headers={"cache-control": "no-cache"})

    async def routines(request: Request) -> Response:
        found = [await run_in_threadpool(use.summary, slug, name, site.voice) for slug, name in site.routines.items()]
        return _json({"routines": found, "formats": {k: v[1] for k, v in FORMATS.items()}})

    async def routine(request: Request) -> Response:
        name = _routine(site, request)
        level = use.check_level(request.query_params.get("level"))
        return _json(await run_in_threadpool(use.routine_page, request.path_params["slug"], name, site.voice, level))

    async def session(request: Request) -> Response:
        """The session for this routine and level: built on first request; its state and files."""
        name = _routine(site, request)
        fmt = request.query_params.get("format", PLAYED)
        if fmt not in FORMATS:
            raise InputError(f"format: expected {', '.join(FORMATS)}")
        level = use.check_level(request.query_params.get("level"))
        what = await run_in_threadpool(use.session, name, site.voice, level)
        site.known[what.key] = what
        build = site.builds.ask(what.key, fmt, _maker(site, what), f"{_stem(what.title, what.level)}.{fmt}")
        out = {"id": what.key, "title": what.title, "level": what.level, **build.status(), "files": _files(site, what)}
        return _json(out)

    async def plan(request: Request) -> Response:
        key = request.path_params["key"]
        found = site.builds.plan_of(key) if KEY.match(key) else None
        return _json(found) if found is not None else _missing("no such session (yet)")

    async def audio(request: Request) -> Response:
        key, fmt = request.path_params["key"], request.path_params["fmt"]
        what = site.known.get(key) if KEY.match(key) and fmt in FORMATS else None
        if what is None:
            return _missing("no such file")
        build = site.builds.ask(key, fmt, _maker(site, what), f"{_stem(what.title, what.level)}.{fmt}")
        while not build.finished.is_set():  # a download of a format still being made waits for it
            await asyncio.sleep(0.2)
        if build.state != "ready" or not build.path.is_file():
            return _json({"error": build.error or "not built"}, 503)
        name = build.name or f"session.{fmt}"
        kind = "attachment" if request.query_params.get("download") else "inline"
        return FileResponse(build.path, media_type=FORMATS[fmt][0], filename=name, content_disposition_type=kind,
                            headers={"cache-control": "private, max-age=3600"})

    async def pace(request: Request) -> Response:
        body = await _small_json(request)
        name = site.routines.get(body.get("routine")) if isinstance(body.get("routine"), str) else None
        if name is None:
            raise InputError("routine: expected one of " + ", ".join(site.routines))
        drill, seconds = body.get("drill"), body.get("seconds")
        if not isinstance(drill, str) or not drill:
            raise InputError("drill: expected the id of a 20 m drill, like knee-drive-crossover")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise InputError("seconds: expected a number of seconds for one 20 m leg, like 22.5")
        saved = await run_in_threadpool(use.save_pace, name, drill[:80], float(seconds))
        return _json({"drill": drill, "seconds": saved})

    async def icon(request: Request) -> Response:
        return Response(pages["icon.svg"], media_type=STATIC["icon.svg"][1])

    routes = [
        Route("/", page, methods=["GET", "HEAD"]),
        Route("/routine/{slug}", page, methods=["GET", "HEAD"]),
        Route("/static/{name}", static, methods=["GET", "HEAD"]),
        Route("/favicon.ico", icon, methods=["GET", "HEAD"]),
        Route("/api/routines", routines, methods=["GET", "HEAD"]),
        Route("/api/routine/{slug}", routine, methods=["GET", "HEAD"]),
        Route("/api/session/{slug}", session, methods=["GET", "HEAD"]),
        Route("/api/plan/{key}", plan, methods=["GET", "HEAD"]),
        Route("/audio/{key}.{fmt}", audio, methods=["GET", "HEAD"]),
        Route("/api/pace", pace, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={CoachError: _coach_error, 404: _not_found, 405: _not_allowed})
    return Guard(app, site.secret)


def _pages(secret: str) -> dict[str, bytes]:
    """The page's files, read once; the page learns its own address (with the secret) from index.html."""
    folder = files("coach.web") / "static"
    out = {name: (folder / file).read_bytes() for name, (file, _) in STATIC.items()}
    out["index.html"] = (folder / "index.html").read_bytes().replace(b"{{base}}", f"/{secret}/".encode())
    return out


def _maker(site: Site, what: use.Session):
    return lambda out, voice_progress, write_progress: use.build(what, site.voice, out, voice_progress, write_progress)


def _files(site: Site, what: use.Session) -> dict[str, Any]:
    stem = _stem(what.title, what.level)
    return {fmt: {"url": f"/{site.secret}/audio/{what.key}.{fmt}", "name": f"{stem}.{fmt}", "type": mime,
                  "about": about} for fmt, (mime, about) in FORMATS.items()}


def _stem(title: str, level: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "session"
    return f"{words}-{level}"


def _routine(site: Site, request: Request) -> str:
    slug = request.path_params["slug"]
    if slug not in site.routines:
        raise _NoRoutine(slug)
    return site.routines[slug]


class _NoRoutine(CoachError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no routine {slug[:40]!r} here")


async def _small_json(request: Request) -> dict:
    """The request's JSON object, at most :data:`MAX_BODY` bytes; InputError otherwise."""
    if "json" not in request.headers.get("content-type", ""):
        raise InputError("expected a JSON body (Content-Type: application/json)")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise _TooLarge()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise _TooLarge()
    try:
        found = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError):
        raise InputError("expected a JSON object, like {\"drill\": \"knee-drive-crossover\", \"seconds\": 22.5}") from None
    if not isinstance(found, dict):
        raise InputError("expected a JSON object, like {\"drill\": \"knee-drive-crossover\", \"seconds\": 22.5}")
    return found


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number of seconds")


class _TooLarge(CoachError):
    def __init__(self) -> None:
        super().__init__(f"the body is over {MAX_BODY} bytes")


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status, headers=_no_store())


def _no_store() -> dict[str, str]:
    return {"cache-control": "no-store"}


def _missing(message: str) -> JSONResponse:
    return _json({"error": message}, 404)


async def _coach_error(request: Request, err: Exception) -> Response:
    status = 404 if isinstance(err, _NoRoutine) else 413 if isinstance(err, _TooLarge) else 400
    if not isinstance(err, (InputError, _NoRoutine, _TooLarge)):
        status = 500
    return _json({"error": str(err)}, status)


async def _not_found(request: Request, err: Exception) -> Response:
    return _missing("not found")


async def _not_allowed(request: Request, err: Exception) -> Response:
    return _json({"error": "method not allowed"}, 405)


class Guard:
    """Outermost: the secret, the methods, the security headers, and errors kept to one line."""

    def __init__(self, app, secret: str) -> None:
        self.app, self._secret = app, secret.encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        first, _, rest = scope["path"].lstrip("/").partition("/")
        if not hmac.compare_digest(first.encode("utf-8", "replace"), self._secret):
            await _plain(send, 404, NOT_FOUND)
            return
        if scope["method"] not in ("GET", "HEAD", "POST"):
            await _plain(send, 405, b"Method not allowed\n")
            return
        inner = dict(scope, path="/" + rest, raw_path=("/" + rest).encode("utf-8", "replace"))
        started = False

        async def guarded_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=[*message.get("headers", []), *HEADERS])
            await send(message)

        try:
            await self.app(inner, receive, guarded_send)
        except OSError:  # the client went away mid-answer
            return
        except Exception as err:  # noqa: BLE001  (one bad request must not stop the server)
            print(f"coach serve: {scope['method']} failed: {err.__class__.__name__}: {err}"[:300], file=sys.stderr)
            if not started:
                await _plain(send, 500, b"Internal error\n")


async def _plain(send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
