"""The HTTP routes, one module per resource; ``ROUTERS`` lists them in the order of the docs."""

from __future__ import annotations

from api.routes import answers, audit, authority, catalogs, health, items, jobs, reports, search, statutes

ROUTERS = [health.router, search.router, answers.router, statutes.router, authority.router, items.router,
           catalogs.router, jobs.router, reports.router, audit.router]
