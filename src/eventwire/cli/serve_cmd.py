"""`eventwire serve`: the HTTP API and web page over a database."""
from __future__ import annotations

import ipaddress
import socket

import click

from . import main

LOOPBACK_NAMES = ("localhost",)


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@main.command("serve")
@click.option("--db", envvar="EVENTWIRE_DB", default="eventwire.db", show_default=True,
              help="SQLite file or PostgreSQL URL (postgresql+psycopg://user@host:5432/db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--writable", is_flag=True,
              help="Open the database for writing and accept POST /api/articles (off by default).")
@click.option("--tiles", metavar="URL",
              help="Tile URL template for the map (e.g. https://tile.example/{z}/{x}/{y}.png). "
                   "Without it the map draws a world outline and needs no network.")
def serve(db: str, host: str, port: int, writable: bool, tiles: str | None) -> None:
    """Serve the HTTP API (/api/…, OpenAPI at /openapi.json) and the web page.

    Read-only and bound to 127.0.0.1 unless told otherwise.

    Example: eventwire serve --db eventwire.db --port 8000
    """
    import uvicorn

    from ..serve import create_app

    loopback = _is_loopback(host)
    # A server for this machine answers only Host headers naming this machine, so a web
    # page elsewhere cannot read it through DNS rebinding.
    allowed = None if not loopback else ["127.0.0.1", "localhost", "[::1]", "::1", host]
    app = create_app(db, read_only=not writable, tiles=tiles, allowed_hosts=allowed)
    if not loopback:
        click.echo(f"Warning: listening on {host}, not only this machine: anyone who can reach "
                   f"it can read the database.", err=True)
    if port == 0:       # pick the free port here, so the message can say which it is
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host.strip("[]"), 0))
            port = s.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"eventwire: serving {app.state.store.display_url} "
               f"({'writable' if writable else 'read-only'}) on http://{shown}:{port}/  (Ctrl-C stops)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
