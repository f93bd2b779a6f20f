"""`coach serve`: the sessions on your phone, from a page this computer serves on your Wi-Fi."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from coach.cli import params as p

ServeRoutines = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Your own routine files to offer next to the built-in ones. Example: my-warmup.toml",
        show_default=False,
    ),
]


def serve(
    routines: ServeRoutines = None,
    host: Optional[str] = typer.Option(
        None, "--host",
        help="The address to listen on. Default: this computer's address on your local network, so a phone "
        "on the same Wi-Fi can open the page; 127.0.0.1 keeps it to this computer. Example: --host 127.0.0.1",
    ),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="The port to listen on (0: any free one). Example: --port 8080"),
    voice_engine: p.VoiceEngine = None,
    voice: p.VoiceName = None,
    rate: p.VoiceRate = None,
    clarity: p.Clarity = None,
) -> None:
    """Open your sessions on your phone: a page with the player, your leg times and downloads.

    Prints the page's address and a QR code to scan with the phone's camera.
    Sessions are made the first time the phone asks for them, like coach export.
    Stop with Ctrl-C.

    Examples: coach serve | coach serve my-warmup.toml --port 8080 | coach serve --host 127.0.0.1
    """
    from coach.web import run, use  # Starlette, uvicorn and segno load here, not at coach's start-up

    opened = run.open_server(list(routines or ()), host, port, use.Voice(voice_engine, voice, rate, clarity))
    typer.echo(opened.url)
    _qr(opened.url)
    if opened.on_network:
        typer.echo("Anyone on this network who has this address can open it. Stop with Ctrl-C.")
    else:
        typer.echo("Only this computer can open it (no local network address found, or --host 127.0.0.1). "
                   "Stop with Ctrl-C.")
    sys.stdout.flush()
    opened.serve()


def _qr(url: str) -> None:
    import segno

    segno.make(url, error="l").terminal(out=sys.stdout, compact=True, border=2)
