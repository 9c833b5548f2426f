"""``/docs``: Swagger UI with its script, style and icon served by the app (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse

ASSETS = "/ui/static/swagger"


def docs_router(app: FastAPI) -> APIRouter:
    """The ``/docs`` route of ``app`` (made with ``docs_url=None``)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def swagger(_: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API docs",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    return router
