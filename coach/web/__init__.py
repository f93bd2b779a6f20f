"""The page on the runner's phone: `coach serve` and what it serves.

``server.py`` is the HTTP side (Starlette, served by uvicorn): the secret in
the address, the routes, the headers. ``builds.py`` makes each session once
and keeps it in coach's cache folder. ``use.py`` is the one module that calls
the use-cases in ``coach.app`` (and the profile writer of ``coach pace``).
Starlette, uvicorn and segno are imported only when ``coach serve`` runs.
"""
