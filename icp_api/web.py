"""The web UI for ops users: server-rendered pages that JavaScript fills from the API.

The pages carry no tenant data. The browser keeps the API token the user pasted on the
login page and sends it as ``Authorization: Bearer`` on every call to the API's own
routes, so the UI has exactly the API's permissions and needs no cookies (and so no
CSRF defence). The roles the page shows come from the token's payload, for display
only: the API enforces them.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from icp_api.intake_routes import OPTIONAL_FIELDS
from icp_api.intake_sections import ADVANCED_SECTIONS_COPY
from icp_assets.intake.model import EmployeeBand
from icp_assets.monitoring.flow_state import FLOW_STATES, STAGE_OF_ASSET
from icp_assets.suggestions.segments import RANKED_BY

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Where the app mounts ``STATIC_DIR``.
STATIC_PATH = "/ui/static"

#: The pages in the navigation, in order: path segment and label.
NAV_PAGES: tuple[tuple[str, str], ...] = (
    ("intake", "Intake"),
    ("progress", "Progress"),
    ("suggestions", "Suggestions"),
    ("resolver", "Resolver"),
)
#: The flow's stages as the progress chips name them.
STAGE_LABELS: dict[str, str] = {
    "intake_saved": "Intake saved",
    "mapping": "Mapping",
    "crawl": "Crawl",
    "pattern_mining": "Pattern mining",
    "suggestions_ready": "Suggestions ready",
}
# Scripts and styles come from this server only, and nothing may frame the pages: an
# injected script could read the token from sessionStorage.
PAGE_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

#: The optional intake answers and their labels, as ``/icp/intake/fields`` names them
#: (the list answers are typed comma-separated), and every advanced section with its name
#: and example questions (the page keeps those the wizard offers).
INTAKE_CONTEXT: dict[str, object] = {
    "advanced_sections": ADVANCED_SECTIONS_COPY,
    "optional_labels": dict(OPTIONAL_FIELDS),
    "employee_bands": get_args(EmployeeBand),
    "list_fields": tuple(
        name for name, _ in OPTIONAL_FIELDS if name not in {"employee_band", "deal"}
    ),
}

#: What the progress chips (on the progress page, and on the intake page after a
#: submit) are drawn from: the stages in order, their labels, and each asset's stage
#: (so a failed step lights up the stage it belongs to).
PROGRESS_CONTEXT: dict[str, object] = {
    "stages": FLOW_STATES,
    "stage_labels": STAGE_LABELS,
    "stage_of_asset": dict(STAGE_OF_ASSET),
}

templates = Jinja2Templates(directory=TEMPLATES_DIR)
router = APIRouter(prefix="/ui", include_in_schema=False)


def _page(request: Request, template: str, page: str, **context: object) -> HTMLResponse:
    response = templates.TemplateResponse(
        request,
        template,
        {"page": page, "nav_pages": NAV_PAGES, "static": STATIC_PATH, **context},
    )
    response.headers.update(PAGE_HEADERS)
    return response


@router.get("/")
def home() -> RedirectResponse:
    """The UI's entry point: the suggestions page."""
    return RedirectResponse("/ui/suggestions", status_code=307)


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> HTMLResponse:
    """Sign in by pasting an API token (``icp token`` prints one for local use)."""
    return _page(request, "login.html", "login")


@router.get("/intake", response_class=HTMLResponse)
def intake(request: Request) -> HTMLResponse:
    """The intake form: website, best and lost customers, optional and advanced answers."""
    return _page(request, "intake.html", "intake", **INTAKE_CONTEXT, **PROGRESS_CONTEXT)


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request) -> HTMLResponse:
    """The tenant's flow state as chips, polled from ``/icp/status``."""
    return _page(request, "progress.html", "progress", **PROGRESS_CONTEXT)


@router.get("/suggestions", response_class=HTMLResponse)
def suggestions(request: Request) -> HTMLResponse:
    """Suggestion cards with their evidence drawer, adoption, the negative ICP and the
    history of generations."""
    return _page(request, "suggestions.html", "suggestions", ranked_by=RANKED_BY)


@router.get("/resolver", response_class=HTMLResponse)
def resolver(request: Request) -> HTMLResponse:
    """Seeds whose register entity a person must pick: confirm, pick another, or type
    a UEN."""
    return _page(request, "resolver.html", "resolver")
