"""The web UI in headless Chromium: an ops user from intake to adoption, the resolver, and
what a viewer sees. A real uvicorn server on loopback serves the API and the pages; the
pipeline runs on the fixture websites and the sample register.

Chromium is Debian's package (``scripts/install-browser``), driven by Playwright; the
tests skip only when it is not installed. Each step leaves a screenshot under
``test-results/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import dagster as dg
import pytest
import uvicorn
from sqlalchemy import text

from icp_api.app import create_app
from icp_api.auth import issue_token
from icp_api.intake_sections import ADVANCED_SECTIONS_COPY
from icp_api.web import NAV_PAGES
from icp_assets.automation.sensors import intake_sensor
from icp_assets.intake.assets import seeds
from icp_assets.intake.storage import save_intake
from icp_assets.mapping.assets import acra_matches, company_map
from icp_assets.reference.loading import load_register_files
from icp_assets.settings import PROJECT_ROOT
from icp_assets.suggestions.assets import suggestions
from icp_assets.suggestions.generations import latest_generation
from icp_assets.suggestions.segments import RANKED_BY
from resources.warehouse import WarehouseResource
from support.cards import add_register_companies
from support.registers import write_register

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM = shutil.which("chromium")
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"
JWT_SECRET = "browser-tests-secret-0123456789abcdefghij"
LAPTOP = {"width": 1366, "height": 768}
MAPPING_ASSETS = [seeds, company_map, acra_matches]

# Two live namesakes within the matcher's ambiguity margin: a person must pick one.
AMBIGUOUS_REGISTER = [
    (
        "202300001A",
        "ACME LOGISTICS PTE. LTD.",
        "Local Company",
        "Live Company",
        "52101",
        "General warehousing",
        "",
        "",
    ),
    (
        "202300002B",
        "ACME LOGISTICS LLP",
        "Limited Liability Partnership",
        "Live",
        "52292",
        "Freight transport arrangement",
        "",
        "",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed: run scripts/install-browser"
        # In CI a skip would hide a broken install step: there it is a failure.
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def ui_settings(test_settings):
    return test_settings.model_copy(update={"jwt_secret": JWT_SECRET})


@pytest.fixture
def serve(ui_settings, warehouse, pipeline) -> Iterator[Callable[[], str]]:
    """Starts the API app (pages included) on a free loopback port; returns its base URL.
    The app reads flow states from the Dagster instance the ``pipeline`` fixture uses."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(settings=None) -> str:
        app = create_app(settings or ui_settings, warehouse=warehouse, instance=pipeline.instance)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def token(settings, tenant_id: int, role: str) -> str:
    return issue_token(
        settings, subject=f"{role}@lumenledger.sg", tenant_id=tenant_id, roles=[role]
    )


def screenshot(page, test: str, step: str, locator=None, full_page: bool = True) -> None:
    """A PNG of the page (or of ``locator``) named by test and step."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{test}-{step}.png"
    if locator is not None:
        locator.screenshot(path=path)
    else:
        page.screenshot(path=path, full_page=full_page)


def sign_in(page, base: str, api_token: str) -> None:
    """Sign in on the login page the UI sent the browser to."""
    expect(page).to_have_url(f"{base}/ui/login")
    page.get_by_label("API token").fill(api_token)
    page.get_by_role("button", name="Sign in").click()


def run_in_background(work: Callable[[], Any]) -> Callable[[], Any]:
    """Runs ``work`` in a thread; the returned function waits for and returns its result."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()

    def wait() -> Any:
        thread.join(timeout=120)
        assert not thread.is_alive(), "the background work did not finish"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    return wait


def materialize(pipeline, tenant: int, assets=None):
    """``pipeline(tenant, assets)`` in another thread: Playwright's sync API keeps an event
    loop running on the test's thread, and the crawler starts its own."""
    return run_in_background(lambda: pipeline(tenant, assets=assets))()


def best_row(page, index: int):
    return page.locator("#best-rows > li").nth(index)


def latest_cards(warehouse, tenant: int) -> list[dict]:
    with warehouse.tenant_transaction(tenant) as conn:
        generation = latest_generation(conn, tenant)
    assert generation is not None
    return list(generation.cards)


def adoptable_exclusion(card: dict) -> str:
    """An SSIC exclusion that leaves the card a filter: a code under a prefix filter, or
    one of several filters."""
    filters = card["targeting_pack"]["ssic_filters"]
    for code in filters:
        if len(code) < 5:
            return code + "9"
    assert len(filters) > 1, f"card {card['id']} has one full-code filter: {filters}"
    return filters[0]


def test_an_ops_user_goes_from_intake_to_an_adopted_card(
    serve, page, ui_settings, test_settings, warehouse, pipeline, sample_register, sample_intake
):
    tenant = 901
    base = serve()
    best = sample_intake["best_customers"]

    page.goto(f"{base}/ui/intake")
    expect(page.locator("#login-reason")).to_have_text("Sign in to continue.")
    screenshot(page, "flow", "1-login")
    sign_in(page, base, token(ui_settings, tenant, "ops"))
    expect(page).to_have_url(f"{base}/ui/intake")
    expect(page.locator("#who")).to_contain_text(f"tenant {tenant}")

    expect(page.locator("#optional")).not_to_have_attribute("open", "")
    expect(page.locator("#advanced-sections textarea")).to_have_count(8)
    page.get_by_label("Your company's website").fill(sample_intake["website"])
    pasted = "\n".join(f"{c['name']} — {c['website']}" for c in best[:3]) + "\nPartners:"
    page.get_by_label("Customers, one per line").fill(pasted)
    page.get_by_role("button", name="Add from list").click()
    expect(page.locator("#paste-result")).to_contain_text("Added 3 best customers")
    expect(page.locator("#paste-result .unparsed")).to_contain_text("Partners:")
    for index, customer in enumerate(best[:3]):
        expect(best_row(page, index).get_by_label("Name")).to_have_value(customer["name"])
        expect(best_row(page, index).get_by_label("Website")).to_have_value(customer["website"])

    page.get_by_role("button", name="Add a best customer").click()
    best_row(page, 3).get_by_label("Name").fill(best[3]["name"])
    best_row(page, 3).get_by_label("Website").fill("merlion freight!")
    expect(page.locator("#seed-warning")).to_contain_text("Low confidence: 4 best customers")
    lost = sample_intake["lost_customers"][0]
    lost_row = page.locator("#lost-rows > li").first
    lost_row.get_by_label("Name").fill(lost["name"])
    lost_row.get_by_label("Website").fill(lost["website"])
    lost_row.get_by_label("Why you lost them").fill(lost["reason"])

    page.get_by_role("button", name="Submit intake").click()
    website_error = best_row(page, 3).locator(".field-error")
    expect(website_error).to_be_visible()
    expect(best_row(page, 3).get_by_label("Website")).to_have_attribute("aria-invalid", "true")
    # The server's sentence names the field; the summary does not name it twice.
    expect(page.locator("#error-summary li")).to_have_text(
        "Best customer 4's website is not valid: invalid characters in host name: "
        "'merlion freight!'."
    )
    with warehouse.tenant_transaction(tenant) as conn:
        assert conn.execute(text("SELECT count(*) FROM icp_intake_responses")).scalar() == 0
    screenshot(page, "flow", "2-intake-errors")

    best_row(page, 3).get_by_label("Website").fill(best[3]["website"])
    page.get_by_role("button", name="Add a best customer").click()
    best_row(page, 4).get_by_label("Name").fill(best[4]["name"])
    best_row(page, 4).get_by_label("Website").fill(best[4]["website"])
    expect(page.locator("#seed-warning")).to_be_hidden()
    page.get_by_role("button", name="Submit intake").click()
    submitted = page.locator("#submitted")
    expect(submitted).to_be_visible()
    expect(page.locator("#error-summary")).to_be_hidden()
    intake_id = int(re.search(r"intake-(\d+)", submitted.inner_text()).group(1))
    expect(submitted.locator('[data-stage="intake_saved"]')).to_have_attribute(
        "data-status", "current"
    )

    with dg.build_sensor_context(
        instance=pipeline.instance,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
    ) as context:
        tick = intake_sensor(context)
    assert (str(tenant), f"intake-{intake_id}") in [
        (request.partition_key, request.run_key) for request in tick.run_requests
    ]

    page.get_by_role("link", name="Follow progress").click()
    expect(page).to_have_url(f"{base}/ui/progress")
    page.evaluate("window.loadedBeforeTheRun = true")
    finished = run_in_background(lambda: pipeline(tenant))
    chips = page.locator("#chips")
    expect(chips.locator('[data-stage="suggestions_ready"]')).to_have_attribute(
        "data-status", "done", timeout=90_000
    )
    assert finished().success
    expect(chips.locator('[data-status="done"]')).to_have_count(5)
    expect(page.locator("#status-line")).to_contain_text("Your suggestions are ready")
    assert page.evaluate("window.loadedBeforeTheRun === true"), "the page was reloaded"
    screenshot(page, "flow", "3-progress")

    page.get_by_role("link", name="See the suggestions").click()
    cards = latest_cards(warehouse, tenant)
    card_boxes = page.locator("article.card")
    expect(card_boxes).to_have_count(len(cards))
    first, first_box = cards[0], card_boxes.first
    expect(first_box.get_by_role("heading", level=2)).to_have_text(first["title"])
    expect(first_box).to_contain_text(first["ssic_titles"][first["ssic_cluster"][0]])
    total = first["acra_total"]
    expect(first_box.locator(".register-total")).to_have_text(
        f"{total:,} live compan{'y' if total == 1 else 'ies'}"
    )
    expect(first_box).to_contain_text(f"{first['seeds_covered']} best customers")
    # One ordering key, shown on every card and said once what it is.
    expect(page.locator("#ranked-by")).to_have_text(RANKED_BY)
    for rank, (card, box) in enumerate(zip(cards, card_boxes.all(), strict=True), 1):
        expect(box.locator(".badges")).to_contain_text(f"#{rank} · score {card['score']:.2f}")
        expect(box.locator(".badges")).not_to_contain_text("Confidence")
    assert [c["score"] for c in cards] == sorted((c["score"] for c in cards), reverse=True)
    expect(page.locator("#negative-list > li").first).to_be_visible()
    screenshot(page, "flow", "4-suggestions")

    evidence_button = first_box.get_by_role("button", name=re.compile(r"^Evidence"))
    evidence_button.click()
    drawer = page.get_by_role("dialog")
    expect(drawer).to_be_visible()
    items = drawer.locator(".evidence-item")
    expect(items).to_have_count(first["evidence_count"])
    expect(drawer.locator(".evidence-url a").first).to_have_attribute("href", re.compile("^http"))
    expect(drawer.locator(".snippet").first).to_be_visible()
    expect(drawer.locator(".redacted")).to_have_count(0)
    assert page.evaluate(
        "document.getElementById('evidence-drawer').contains(document.activeElement)"
    )
    screenshot(page, "flow", "5-evidence-drawer", full_page=False)
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(evidence_button).to_be_focused()

    adopted = next(
        (c for c in cards if any(len(f) < 5 for f in c["targeting_pack"]["ssic_filters"])),
        next((c for c in cards if len(c["targeting_pack"]["ssic_filters"]) > 1), cards[0]),
    )
    exclusion = adoptable_exclusion(adopted)
    adopted_box = page.locator(f'article.card[data-suggestion-id="{adopted["id"]}"]')
    adopted_box.get_by_role("button", name="Adopt…").click()
    adopted_box.get_by_label("Exclude SSIC codes").fill(exclusion)
    adopted_box.get_by_role("button", name="Adopt this segment").click()
    result = adopted_box.locator(".adopt-result")
    expect(result).to_contain_text("Adopted as rule")
    expect(result).to_contain_text("queued for enrichment now")
    screenshot(page, "flow", "6-adopted", adopted_box)
    with warehouse.tenant_transaction(tenant) as conn:
        rule = conn.execute(text("SELECT rule FROM icp_rules")).scalar_one()
    assert rule["suggestion_id"] == adopted["id"]
    assert rule["exclude_ssic"] == [exclusion] and rule["min_headcount"] is None

    assert materialize(pipeline, tenant, [suggestions]).success
    page.reload()
    history = page.locator("#history-section")
    expect(history.locator("#history-rows > tr")).to_have_count(2)
    expect(history.locator("#compare-title")).to_contain_text("Changes since generation #")
    expect(history.locator("#compare .compare-group").first).to_be_visible()
    history.scroll_into_view_if_needed()
    screenshot(page, "flow", "7-history", history)


def test_an_ops_user_picks_the_register_entity_of_an_ambiguous_seed(
    serve, page, ui_settings, test_settings, warehouse, pipeline, sample_register, tmp_path
):
    from icp_assets.automation.sensors import resolution_sensor

    tenant = 902
    load_register_files(warehouse, [write_register(tmp_path / "acme.csv", AMBIGUOUS_REGISTER)])
    save_intake(
        warehouse,
        tenant,
        "ops",
        {
            "website": "https://www.lumenledger.sg",
            "best_customers": [
                {"name": "Acme Logistics"},
                {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"},
            ],
        },
    )
    assert materialize(pipeline, tenant, MAPPING_ASSETS).success
    with warehouse.tenant_transaction(tenant) as conn:
        assert conn.execute(
            text("SELECT ambiguous FROM acra_matches WHERE seed_name = 'Acme Logistics'")
        ).scalar_one()
    base = serve()

    page.goto(f"{base}/ui/resolver")
    sign_in(page, base, token(ui_settings, tenant, "ops"))
    expect(page).to_have_url(f"{base}/ui/resolver")
    seed = page.locator('article.seed[data-status="ambiguous"]', has_text="Acme Logistics")
    expect(seed.locator("tbody tr")).to_have_count(2)
    for uen, *_ in AMBIGUOUS_REGISTER:
        expect(seed).to_contain_text(uen)
    proposed = seed.locator("tbody tr.current").get_attribute("data-uen")
    other_uen, other_name = next((r[0], r[1]) for r in AMBIGUOUS_REGISTER if r[0] != proposed)
    screenshot(page, "resolver", "1-ambiguous")

    seed.locator(f'tbody tr[data-uen="{other_uen}"]').get_by_role("button", name="Pick").click()
    message = page.locator("#resolver-message")
    expect(message).to_contain_text(f"Stored {other_name} (UEN {other_uen}) for Acme Logistics")
    rerun_key = re.search(r"resolve-\d+", message.inner_text()).group(0)
    confirmed = page.locator('article.seed[data-status="confirmed"]', has_text="Acme Logistics")
    expect(confirmed).to_contain_text(f"Confirmed: {other_name} (UEN {other_uen}")
    screenshot(page, "resolver", "2-confirmed")

    with dg.build_sensor_context(
        instance=pipeline.instance,
        resources={"warehouse": WarehouseResource(database_url=test_settings.database_url)},
    ) as context:
        tick = resolution_sensor(context)
    assert [(r.partition_key, r.run_key) for r in tick.run_requests] == [(str(tenant), rerun_key)]
    assert materialize(pipeline, tenant, MAPPING_ASSETS).success
    with warehouse.tenant_transaction(tenant) as conn:
        match = conn.execute(
            text("SELECT uen, ambiguous FROM acra_matches WHERE seed_name = 'Acme Logistics'")
        ).one()
    assert (match.uen, match.ambiguous) == (other_uen, False)


def test_a_viewer_sees_cards_without_adoption_and_redacted_snippets(
    serve, page, ui_settings, warehouse, pipeline, sample_register, sample_intake
):
    tenant = 903
    add_register_companies(
        warehouse,
        [(f"2023{i:05d}V", ("52101", "56111", "47109", "52292")[i % 4], None) for i in range(28)],
    )
    save_intake(warehouse, tenant, "ops", sample_intake)
    assert materialize(pipeline, tenant).success
    base = serve()

    page.goto(f"{base}/ui/suggestions")
    sign_in(page, base, token(ui_settings, tenant, "viewer"))
    expect(page).to_have_url(f"{base}/ui/suggestions")
    cards = page.locator("article.card")
    expect(cards).to_have_count(len(latest_cards(warehouse, tenant)))
    expect(page.locator("#viewer-note")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Adopt"))).to_have_count(0)

    cards.first.get_by_role("button", name=re.compile(r"^Evidence")).click()
    drawer = page.get_by_role("dialog")
    expect(drawer.locator(".evidence-item").first).to_be_visible()
    expect(drawer.locator(".redacted").first).to_have_text("Snippet redacted for your role")
    expect(drawer.locator(".snippet")).to_have_count(0)
    expect(page.locator("#drawer-summary")).to_contain_text("withheld from viewers")
    screenshot(page, "viewer", "1-evidence-redacted", full_page=False)
    page.keyboard.press("Escape")

    # A viewer reads the top card's companies to call and downloads them as CSV.
    cards.first.get_by_text("Companies to call, best first").click()
    rows = cards.first.locator("table.lookalikes tr.lookalike")
    expect(rows.first).to_be_visible()
    with warehouse.tenant_transaction(tenant) as conn:
        stored = conn.execute(
            text("SELECT uen, points FROM lookalikes WHERE suggestion_id = :s ORDER BY rank"),
            {"s": latest_cards(warehouse, tenant)[0]["id"]},
        ).all()
    expect(rows).to_have_count(min(25, len(stored)))
    expect(rows.first).to_contain_text(stored[0].uen)
    expect(rows.first).to_have_attribute("title", re.compile(r"SSIC \d"))
    screenshot(page, "viewer", "2-lookalikes", cards.first)
    with page.expect_download() as download:
        cards.first.get_by_role("button", name="Download CSV").click()
    exported = download.value.path().read_text(encoding="utf-8").splitlines()
    assert exported[0].startswith("Rank,UEN,Name,Status")
    assert len(exported) == 1 + min(1000, len(stored)) and stored[0].uen in exported[1]

    page.get_by_role("link", name="Intake").click()
    expect(page).to_have_url(f"{base}/ui/intake")
    expect(page.locator("#viewer-note")).to_be_visible()
    expect(page.get_by_label("Your company's website")).to_be_disabled()
    expect(page.get_by_role("button", name="Submit intake")).to_have_count(0)
    screenshot(page, "viewer", "3-intake")


def test_the_progress_page_says_when_the_evidence_rests_on_an_earlier_crawl(
    serve, page, ui_settings, warehouse
):
    tenant = 905
    base = serve()
    page.goto(f"{base}/ui/progress")
    sign_in(page, base, token(ui_settings, tenant, "viewer"))
    expect(page.locator("#no-intake")).to_be_visible()
    expect(page.locator("#evidence-note")).to_be_hidden()

    # What a crawl that reached none of the tenant's sites leaves.
    with warehouse.tenant_transaction(tenant) as conn:
        conn.execute(
            text(
                "INSERT INTO evidence_summary (tenant_id, reduced_evidence, web_items, "
                "llm_items, register_items, stale_evidence, evidence_as_of, sites_crawled, "
                "sites_reached) VALUES (:t, true, 40, 0, 3, true, '2026-11-26T02:00:00Z', 11, 0)"
            ),
            {"t": tenant},
        )
    page.reload()
    expect(page.locator("#evidence-note")).to_have_text(
        "evidence stale: the last crawl reached 0 of 11 sites; it rests on earlier pages "
        "fetched on 2026-11-26"
    )
    screenshot(page, "progress", "stale-evidence")


def test_fast_start_only_hides_the_advanced_sections(serve, page, ui_settings):
    base = serve(ui_settings.model_copy(update={"wizard_fast_start_only": True}))

    page.goto(f"{base}/ui/intake")
    with page.expect_response("**/icp/intake/fields") as fields:
        sign_in(page, base, token(ui_settings, 904, "ops"))
    assert fields.value.json()["advanced_sections"] == []
    expect(page.locator("#best-rows > li")).to_have_count(1)
    expect(page.get_by_role("button", name="Submit intake")).to_be_visible()
    expect(page.locator("#advanced")).to_be_hidden()
    expect(page.locator("#advanced-sections textarea")).to_have_count(0)
    expect(page.locator("#optional")).to_be_visible()


def test_the_pages_are_served_with_a_strict_content_security_policy(ui_settings, warehouse):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(ui_settings, warehouse=warehouse))
    home = client.get("/ui/", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (307, "/ui/suggestions")
    for page_name in ("login", "intake", "progress", "suggestions", "resolver"):
        answer = client.get(f"/ui/{page_name}")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/html")
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert f'src="/ui/static/{page_name}.js"' in answer.text
        assert "<script>" not in answer.text  # no inline script the policy would refuse
    script = client.get("/ui/static/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert not [path for path in client.get("/openapi.json").json()["paths"] if "/ui" in path]


def test_the_advanced_sections_are_named_with_example_questions(serve, page, ui_settings):
    base = serve()

    page.goto(f"{base}/ui/intake")
    sign_in(page, base, token(ui_settings, 905, "ops"))
    page.get_by_text("Advanced sections A–H (optional)").click()
    labels = page.locator("#advanced-sections label")
    expect(labels).to_have_text(
        [
            "A · Your business",
            "B · Seed customers",
            "C · Anti-ICP",
            "D · Firmographics",
            "E · Technographics",
            "F · Buying motion",
            "G · Triggers",
            "H · Outcomes & proof",
        ]
    )
    for section in ADVANCED_SECTIONS_COPY:
        box = page.get_by_label(section.label)
        expect(box).to_have_attribute("placeholder", "\n".join(section.examples))
        assert all(": " in line for line in section.examples), section.letter
    expect(page.get_by_label("C · Anti-ICP")).to_have_attribute(
        "placeholder", re.compile("^Who is a poor fit: ")
    )
    expect(page.locator("#advanced-sections textarea")).to_have_count(8)
    screenshot(page, "intake", "1-advanced-sections")

    page.get_by_label("C · Anti-ICP").fill("no agencies")
    page.get_by_role("button", name="Submit intake").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Advanced section C · Anti-ICP: line 1 is not written as “question: answer”"
    )


def test_a_server_field_error_reads_as_a_sentence(serve, page, ui_settings):
    base = serve()

    page.goto(f"{base}/ui/intake")
    sign_in(page, base, token(ui_settings, 906, "ops"))
    page.get_by_label("Customers, one per line").fill("Acme — acme.com; " * 1200)
    page.get_by_role("button", name="Add from list").click()
    expect(page.locator("#paste-result")).to_have_text(
        "Not read: The pasted text is too long: keep it to 20,000 characters or fewer."
    )


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("page_name", ["intake", "progress", "suggestions", "resolver"])
def test_every_nav_link_is_inside_a_390_px_wide_screen(serve, browser, ui_settings, page_name):
    base = serve()
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    phone = context.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    try:
        phone.goto(f"{base}/ui/{page_name}")
        sign_in(phone, base, token(ui_settings, 907, "ops"))
        expect(phone).to_have_url(f"{base}/ui/{page_name}")
        expect(phone.locator("#who")).to_contain_text("tenant 907")
        links = phone.get_by_role("navigation", name="Main").get_by_role("link")
        expect(links).to_have_count(len(NAV_PAGES))
        for (_, label), link in zip(NAV_PAGES, links.all(), strict=True):
            expect(link).to_have_text(label)
            expect(link).to_be_in_viewport(ratio=1)
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0, label
            assert box["x"] + box["width"] <= PHONE["width"], label
        for control in (phone.locator("#sign-out"), phone.locator("#who")):
            box = control.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(phone, "phone", f"{page_name}-header", full_page=False)
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


CHAT_INTAKE = {
    "answers": {
        "website": "https://www.lumenledger.sg",
        "employee_band": "51-200",
        "lost": [{"name": "Globex", "url": "https://globex.sg", "reason": "budget < $10k"}],
        "optional": {
            "geos": ["SG", "MY"],
            "integrations": "Xero",
            "acv": 18000,
            "cycle": 45,
            "champions": ["Head of Finance"],
        },
        "advanced": {"A": {"primary use case": "invoice reconciliation"}, "C": "no agencies"},
    },
    "seeds": [
        {"seed_name": "Acme", "domain": "acme.com"},
        {"name": "Beta Logistics", "website": "betalogistics.sg"},
    ],
}


def stored_payloads(warehouse, tenant: int) -> list[dict]:
    with warehouse.tenant_transaction(tenant) as conn:
        return list(
            conn.execute(text("SELECT payload FROM icp_intake_responses ORDER BY id")).scalars()
        )


@pytest.mark.parametrize("sent", ["form", "chat"])
def test_the_intake_page_starts_from_the_latest_intake(
    serve, page, ui_settings, warehouse, sample_intake, sent
):
    tenant = 908 if sent == "form" else 909
    base = serve()
    page.goto(f"{base}/ui/intake")
    with page.expect_response("**/icp/intake/latest") as latest:
        sign_in(page, base, token(ui_settings, tenant, "ops"))
    assert latest.value.status == 404
    expect(page.locator("#best-rows > li")).to_have_count(1)
    expect(page.locator("#latest-intake")).to_be_hidden()

    intake = sample_intake if sent == "form" else CHAT_INTAKE
    receipt = save_intake(warehouse, tenant, "ops", intake)
    page.reload()
    notice = page.locator("#latest-intake")
    expect(notice).to_contain_text(f"Your tenant already has an intake (#{receipt.response_id})")
    button = notice.get_by_role(
        "button",
        name=re.compile(
            r"^Start from your latest intake \(saved \d{1,2} \w{3} \d{4}, \d\d:\d\d\)$"
        ),
    )
    expect(best_row(page, 0).get_by_label("Name")).to_have_value("")
    button.click()
    expect(notice).to_contain_text(f"Filled in from intake #{receipt.response_id}, saved ")
    expect(button).to_have_count(0)
    expect(page.get_by_label("Your company's website")).to_have_value("https://www.lumenledger.sg")
    if sent == "form":
        best = sample_intake["best_customers"]
        expect(page.locator("#best-rows > li")).to_have_count(len(best))
        expect(best_row(page, 4).get_by_label("Website")).to_have_value(best[4]["website"])
        lost_reason = page.locator("#lost-rows > li").nth(2).get_by_label("Why you lost them")
        expect(lost_reason).to_have_value("too small")
        expect(page.locator("#optional")).not_to_have_attribute("open", "")
    else:
        expect(page.locator("#best-rows > li")).to_have_count(2)
        expect(best_row(page, 0).get_by_label("Website")).to_have_value("acme.com")
        expect(page.locator("#lost-rows > li").first.get_by_label("Website")).to_have_value(
            "https://globex.sg"
        )
        expect(page.locator("#optional")).to_have_attribute("open", "")
        expect(page.get_by_label("Your own size (employees)")).to_have_value("51-200")
        expect(page.get_by_label("Countries you sell into")).to_have_value("SG, MY")
        expect(page.get_by_label("Must-have integrations")).to_have_value("Xero")
        expect(page.get_by_label("Sales cycle (days)")).to_have_value("45")
        expect(page.get_by_label("A · Your business")).to_have_value(
            "primary use case: invoice reconciliation"
        )
        expect(page.get_by_label("C · Anti-ICP")).to_have_value("answer: no agencies")
    screenshot(page, "intake", f"2-from-latest-{sent}")

    # Sent back unchanged, the form is the same intake.
    page.get_by_role("button", name="Submit intake").click()
    expect(page.locator("#submitted")).to_be_visible()
    expect(notice).to_be_hidden()
    first, second = stored_payloads(warehouse, tenant)
    assert second == first
