"""The UI's routes (answer cards, statute text, exports) now live in ``api.routes.answers``.

``create_app`` includes them; ``register(app)`` stays for callers that still call it (a no-op on an
app made by ``create_app``).
"""

from __future__ import annotations

from fastapi import FastAPI

from api.routes.answers import router

__all__ = ["register", "router"]


def register(app: FastAPI) -> None:
    """Add the UI routes to ``app`` once."""
    if getattr(app.state, "ui_routes", False):
        return
    app.state.ui_routes = True
    app.include_router(router)
