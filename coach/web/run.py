"""Start `coach serve`: listen first (a port in use is one line), then serve until Ctrl-C.

uvicorn serves the app on the socket bound here. On Ctrl-C (or SIGTERM) it
stops accepting, gives open answers a moment, and raises the signal again once
it has restored coach's own handler, so the command ends as every other
command does on Ctrl-C (exit 130, one line). Builds still running give up and
leave nothing behind.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from coach.web import address, use
from coach.web.builds import Builds

SECRET_BYTES = 18  # 144 bits, new at every start


@dataclass(frozen=True)
class Opened:
    url: str  # the page's address, secret included
    on_network: bool  # False: only this machine can open it
    serve: Callable[[], None]  # serves until Ctrl-C


def open_server(routines: list[str], host: str | None, port: int, voice: use.Voice) -> Opened:
    """Check the routines and listen on host:port (refused in one line); nothing is built yet."""
    table = use.offered(routines)  # a bad routine file is told now, before anything listens
    chosen = address.checked_host(host) if host is not None else (address.pick_host(address.route_source())
                                                                  or address.LOOPBACK)
    sock = address.listen(chosen, port)
    port = sock.getsockname()[1]
    secret = secrets.token_urlsafe(SECRET_BYTES)
    link = address.url(chosen, port, secret)

    def serve() -> None:
        import uvicorn

        from coach.web.server import Site, make_app

        builds = Builds(use.sessions_folder())
        app = make_app(Site(secret, table, voice, builds))
        _quiet()
        config = uvicorn.Config(
            app, lifespan="off", log_config=None, access_log=False, server_header=False, http="h11", ws="none",
            loop="asyncio", interface="asgi3", timeout_keep_alive=5, timeout_graceful_shutdown=0.3,
            limit_concurrency=200, h11_max_incomplete_event_size=16 * 1024,
        )
        server = uvicorn.Server(config)
        try:
            server.run(sockets=[sock])
            if server.should_exit:  # a signal coach's own handler did not see (SIGINT ignored by a shell's `&`)
                raise KeyboardInterrupt
        finally:
            builds.stop()
            sock.close()

    return Opened(link, not ipaddress.ip_address(chosen).is_loopback, serve)


def _quiet() -> None:
    """uvicorn's own log lines stay off the runner's terminal (the server answers errors itself)."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
