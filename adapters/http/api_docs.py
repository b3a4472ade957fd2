"""The interactive API page, served with its own copy of Swagger UI: it works
on a network that reaches no other host."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
STATIC_URL = "/static/api"
SWAGGER_UI = Path(__file__).parent / "static" / "vendor" / "swagger-ui"


def install(api: FastAPI) -> None:
    """`/docs` and the files it loads, all from this service."""
    api.mount(STATIC_URL, StaticFiles(directory=SWAGGER_UI), name="api-static")
    openapi_url = api.openapi_url or "/openapi.json"

    @api.get(DOCS_URL, include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI on this API's OpenAPI document."""
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{api.title} - Swagger UI",
            swagger_js_url=f"{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{STATIC_URL}/favicon-32x32.png",
            # the online validator's badge would load an image from its host
            swagger_ui_parameters={"validatorUrl": None},
        )
