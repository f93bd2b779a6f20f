"""Where `coach serve` listens: this machine's address on the local network, or the one typed.

:func:`pick_host` chooses among addresses given to it (pure, tested with
lists); :func:`route_source` asks the kernel which address of this machine
it would send from: a UDP socket's connect sends nothing, it only looks up
the route.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Iterable

from coach.errors import EnvironmentProblem, InputError

LOOPBACK = "127.0.0.1"
_ROUTE_PROBE = "192.0.2.1"  # TEST-NET-1 (RFC 5737): only its route is looked up, nothing is sent


def pick_host(candidates: Iterable[str]) -> str | None:
    """The address a phone on the same Wi-Fi reaches: a private IPv4 one first, else another usable one."""
    usable = []
    for text in candidates:
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
            continue
        usable.append(ip)
    usable.sort(key=lambda ip: (ip.version != 4, not ip.is_private))
    return str(usable[0]) if usable else None


def route_source(probe: str = _ROUTE_PROBE) -> list[str]:
    """The address this machine would send from to ``probe`` (none without a network)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))  # UDP: no packet leaves, the kernel picks the route
            return [s.getsockname()[0]]
    except OSError:
        return []


def checked_host(typed: str) -> str:
    """``--host`` as typed: an IP address (or localhost); InputError otherwise."""
    if typed.lower() == "localhost":
        return LOOPBACK
    try:
        return str(ipaddress.ip_address(typed.strip("[]")))
    except ValueError:
        raise InputError(f'--host: expected an IP address of this machine, like 192.168.1.20 or 127.0.0.1, got "{typed[:60]}"') from None


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port; EnvironmentProblem in one line if it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: SO_REUSEADDR would share a port in use
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # POSIX: a port left in TIME_WAIT by the last run is free again; one in use is not
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        raise EnvironmentProblem(_bind_failed(host, port, err)) from None
    sock.setblocking(False)
    return sock


def _bind_failed(host: str, port: int, err: OSError) -> str:
    if err.errno == errno.EADDRINUSE or getattr(err, "winerror", None) == 10048:
        return f"port {port} is already in use on {host} (another coach serve?); choose another with --port"
    if err.errno == errno.EADDRNOTAVAIL or getattr(err, "winerror", None) == 10049:
        return f"{host} is not an address of this machine; leave out --host to use its address on the local network"
    if err.errno == errno.EACCES:
        return f"port {port} on {host} needs administrator rights; choose one from 1024 up with --port"
    return f"can't listen on {host} port {port} ({err.strerror or err})"


def url(host: str, port: int, secret: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/{secret}/"
