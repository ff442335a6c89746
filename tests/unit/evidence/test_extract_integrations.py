"""The integration catalogue and extractor: what a site integrates with versus what it runs."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.crawl.personal_data import EMAIL_RE
from icp_assets.evidence.extract.integrations import (
    CONFIDENCE,
    DEFAULT_CATALOGUE_PATH,
    EXTRACTOR,
    IntegrationCatalogue,
    IntegrationCatalogueError,
    extract_integrations,
    load_integration_catalogue,
)
from icp_assets.evidence.extract.model import SNIPPET_MAX_CHARS

HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")
REQUIRED_CATEGORIES = {
    "crm",
    "ecommerce",
    "payments",
    "accounting",
    "marketing",
    "support",
    "analytics",
    "cloud",
    "erp",
    "hr",
    "communication",
    "productivity",
    "cms",
    "logistics",
}


@pytest.fixture(scope="module")
def catalogue() -> IntegrationCatalogue:
    return load_integration_catalogue()


@pytest.fixture(scope="module")
def raw_tools() -> list[dict]:
    return json.loads(DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8"))["tools"]


def page(
    text: str = "",
    *,
    page_type: str = "other",
    domain: str = "acme.sg",
    path: str | None = None,
    script_hosts: tuple[str, ...] = (),
    link_hosts: tuple[str, ...] = (),
    generator: str | None = None,
    image_alts: tuple[str, ...] = (),
) -> PageContent:
    return PageContent(
        url=f"https://{domain}{path if path is not None else '/' + page_type}",
        domain=domain,
        page_type=page_type,
        main_text=text,
        script_hosts=script_hosts,
        link_hosts=link_hosts,
        meta={"generator": generator} if generator is not None else {},
        image_alts=image_alts,
    )


def values(catalogue: IntegrationCatalogue, content: PageContent) -> list[str]:
    return [item.value for item in extract_integrations(content, catalogue)]


def by_value(catalogue: IntegrationCatalogue, content: PageContent) -> dict:
    return {item.value: item for item in extract_integrations(content, catalogue)}


# --- the catalogue ------------------------------------------------------------------------


def test_catalogue_holds_at_least_150_tools(catalogue):
    assert len(catalogue.tools) >= 150


def test_catalogue_covers_every_required_category(catalogue):
    assert {tool.category for tool in catalogue.tools} >= REQUIRED_CATEGORIES


def test_catalogue_keys_and_aliases_are_unique_and_every_tool_has_an_alias(raw_tools):
    keys = [tool["key"] for tool in raw_tools]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key) for key in keys)
    assert all(tool["aliases"] for tool in raw_tools)
    aliases = [alias.lower() for tool in raw_tools for alias in tool["aliases"]]
    duplicates = sorted({alias for alias in aliases if aliases.count(alias) > 1})
    assert duplicates == []


def test_catalogue_fingerprints_and_domains_are_host_names(raw_tools):
    for tool in raw_tools:
        for field in ("script_hosts", "link_hosts", "marketplace_hosts", "domains"):
            for host in tool.get(field, []):
                bare = host.removeprefix("*.") if field == "link_hosts" else host
                assert HOST_RE.fullmatch(bare), (tool["key"], field, host)
        assert all(isinstance(prefix, str) and prefix for prefix in tool["meta_generators"])


def test_catalogue_includes_the_tools_singapore_smes_use(catalogue):
    expected = {
        "xero", "quickbooks", "myob", "shopify", "lazada", "shopee", "stripe", "paypal",
        "adyen", "2c2p", "hitpay", "grabpay", "paynow", "dbs", "ocbc", "uob", "talenox",
        "swingvy", "justlogin", "payboy", "zoho", "freshworks", "salesforce", "hubspot", "sap",
        "netsuite", "microsoft-dynamics-365", "odoo", "aws", "google-cloud", "azure",
        "google-analytics", "google-tag-manager", "segment", "mixpanel", "intercom", "zendesk",
        "freshdesk", "slack", "microsoft-teams", "mailchimp", "klaviyo", "wordpress", "wix",
        "squarespace", "webflow", "woocommerce", "magento", "bigcommerce",
    }  # fmt: skip
    assert expected - set(catalogue.by_key) == set()


@pytest.mark.parametrize(
    ("key", "script_host"),
    [
        ("google-tag-manager", "www.googletagmanager.com"),
        ("google-analytics", "www.google-analytics.com"),
        ("hubspot", "js.hs-scripts.com"),
        ("hubspot", "js.hsforms.net"),
        ("hubspot", "js.hs-analytics.net"),
        ("stripe", "js.stripe.com"),
        ("intercom", "widget.intercom.io"),
        ("intercom", "js.intercomcdn.com"),
        ("zendesk", "static.zdassets.com"),
        ("shopify", "cdn.shopify.com"),
        ("segment", "cdn.segment.com"),
        ("hotjar", "static.hotjar.com"),
        ("meta-pixel", "connect.facebook.net"),
        ("linkedin-insight-tag", "snap.licdn.com"),
        ("mixpanel", "cdn.mxpnl.com"),
        ("crisp", "client.crisp.chat"),
        ("tawk-to", "embed.tawk.to"),
        ("freshchat", "wchat.freshchat.com"),
        ("cloudflare", "cdnjs.cloudflare.com"),
    ],
)
def test_well_known_script_host_means_the_site_runs_that_tool(catalogue, key, script_host):
    assert values(catalogue, page(script_hosts=(script_host,))) == [f"runs:{key}"]


@pytest.mark.parametrize(
    ("key", "generator"),
    [
        ("wordpress", "WordPress 6.4.2"),
        ("wix", "Wix.com Website Builder"),
        ("webflow", "Webflow"),
        ("drupal", "Drupal 10 (https://www.drupal.org)"),
        ("woocommerce", "WooCommerce 8.2.1"),
        ("joomla", "Joomla! - Open Source Content Management"),
    ],
)
def test_meta_generator_means_the_site_runs_that_platform(catalogue, key, generator):
    items = extract_integrations(page(generator=generator), catalogue)
    assert [item.value for item in items] == [f"runs:{key}"]
    assert items[0].details["matched"] == "meta_generator"
    assert items[0].confidence == CONFIDENCE["fingerprint"]


def test_meta_generator_prefix_must_end_at_a_word_boundary(catalogue):
    assert values(catalogue, page(generator="WordPressy Site Maker 2")) == []


@pytest.mark.parametrize(
    "common_word_key", ["square", "wave", "segment", "notion", "gusto", "sage", "zoom", "workday"]
)
def test_tools_named_by_common_words_match_only_as_written_and_in_context(
    catalogue, common_word_key
):
    tool = catalogue.by_key[common_word_key]
    assert tool.case_sensitive
    assert tool.text_requires_context


def test_monday_is_only_matched_by_names_that_are_not_the_weekday(catalogue):
    assert all(alias.lower() != "monday" for alias in catalogue.by_key["monday"].aliases)


def test_default_catalogue_is_loaded_once(catalogue):
    assert load_integration_catalogue() is catalogue


def _write_catalogue(tmp_path: Path, tools: list[dict]) -> Path:
    path = tmp_path / "integrations.json"
    path.write_text(json.dumps({"version": 1, "tools": tools}), encoding="utf-8")
    return path


GOOD_ENTRY = {
    "key": "xero",
    "name": "Xero",
    "category": "accounting",
    "aliases": ["Xero"],
    "script_hosts": [],
    "link_hosts": [],
    "meta_generators": [],
}


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"category": "bookkeeping"}, "category", "is not one of"),
        ({"aliases": []}, "aliases", "must not be empty"),
        ({"script_hosts": ["https://js.xero.com/x.js"]}, "script_hosts", "not a lower-case host"),
        ({"link_hosts": ["*.Xero.com"]}, "link_hosts", "not a lower-case host"),
        ({"key": "Xero Accounting"}, "key", "not a lower-case slug"),
        ({"case_sensitive": "yes"}, "case_sensitive", "true or false"),
        ({"fingerprints": []}, "fingerprints", "unknown field"),
    ],
)
def test_malformed_entry_error_names_the_entry_and_the_field(tmp_path, change, field, problem):
    path = _write_catalogue(tmp_path, [GOOD_ENTRY, {**GOOD_ENTRY, "key": "xero-2", **change}])
    with pytest.raises(IntegrationCatalogueError) as error:
        load_integration_catalogue(path)
    message = str(error.value)
    assert "tools[1]" in message
    assert f"field {field!r}" in message
    assert problem in message


def test_alias_shared_by_two_entries_is_rejected_naming_both(tmp_path):
    other = {**GOOD_ENTRY, "key": "xero-clone", "aliases": ["XERO"]}
    with pytest.raises(IntegrationCatalogueError, match="'XERO' is already an alias of 'xero'"):
        load_integration_catalogue(_write_catalogue(tmp_path, [GOOD_ENTRY, other]))


def test_catalogue_that_is_not_json_is_reported_with_its_path(tmp_path):
    path = tmp_path / "integrations.json"
    path.write_text('{"tools": [', encoding="utf-8")
    with pytest.raises(IntegrationCatalogueError, match="not valid JSON"):
        load_integration_catalogue(path)


# --- extraction ---------------------------------------------------------------------------


def test_integration_phrase_and_script_host_are_told_apart_in_the_value(catalogue):
    content = page(
        "Acme integrates with Stripe so invoices are paid on time.",
        script_hosts=("js.stripe.com",),
    )
    items = by_value(catalogue, content)
    assert set(items) == {"integrates:stripe", "runs:stripe"}
    assert items["integrates:stripe"].details["matched"] == "text"
    assert items["integrates:stripe"].confidence == CONFIDENCE["integration_phrase"]
    assert items["runs:stripe"].details["matched"] == "script_host"
    assert items["runs:stripe"].snippet == "script src host js.stripe.com"


def test_every_tool_of_a_list_after_an_integration_phrase_is_an_integration(catalogue):
    content = page("Integrates with Xero, QuickBooks and Shopify. Our office is in Tampines.")
    assert values(catalogue, content) == [
        "integrates:quickbooks",
        "integrates:shopify",
        "integrates:xero",
    ]


def test_a_list_introduced_by_a_colon_continues_over_line_breaks(catalogue):
    content = page("Connects to:\nXero\nMYOB\nHitPay\n\nAsk our team for a demo.")
    assert values(catalogue, content) == ["integrates:hitpay", "integrates:myob", "integrates:xero"]


def test_integration_phrases_with_filler_words_still_introduce_the_tools(catalogue):
    content = page(
        "Sync your invoices with your existing accounting software such as Sage, MYOB or Wave. "
        "Bank feeds from DBS, OCBC and UOB keep the books current."
    )
    assert values(catalogue, content) == [
        "integrates:dbs",
        "integrates:myob",
        "integrates:ocbc",
        "integrates:sage",
        "integrates:uob",
        "integrates:wave",
    ]


def test_native_integration_connector_and_via_the_api_mean_integrates(catalogue):
    content = page(
        "Our native NetSuite integration posts journals nightly. "
        "A Salesforce connector is included. Orders arrive via the Shopify API."
    )
    assert values(catalogue, content) == [
        "integrates:netsuite",
        "integrates:salesforce",
        "integrates:shopify",
    ]


def test_tools_named_on_an_integrations_page_are_integrations(catalogue):
    content = page(
        "Accounting\nXero\nQuickBooks Online\nPayments\nHitPay",
        page_type="integrations",
        image_alts=("Shopee logo", "Our office"),
    )
    items = by_value(catalogue, content)
    assert set(items) == {
        "integrates:hitpay",
        "integrates:quickbooks",
        "integrates:shopee",
        "integrates:xero",
    }
    assert items["integrates:shopee"].details["matched"] == "image_alt"
    assert items["integrates:shopee"].snippet == 'image alt "Shopee logo"'
    assert all(item.confidence == CONFIDENCE["integrations_page"] for item in items.values())


def test_a_partners_page_names_what_the_company_uses_not_what_it_integrates(catalogue):
    content = page(
        "Partners\nOur online store runs on Shopify Plus. Accounts are kept in Xero.",
        page_type="integrations",
        path="/partners",
        image_alts=("Stripe logo",),
    )
    items = by_value(catalogue, content)
    assert set(items) == {"runs:shopify", "runs:xero"}
    assert items["runs:shopify"].confidence == CONFIDENCE["runs_phrase"]
    assert items["runs:xero"].confidence == CONFIDENCE["runs_phrase"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Our books are kept in Xero.",
        "Invoices are issued from Xero every Friday.",
        "Payments by Stripe, with refunds the same day.",
    ],
)
def test_a_company_saying_how_it_keeps_its_books_runs_the_tool(catalogue, sentence):
    tool = "xero" if "Xero" in sentence else "stripe"
    items = by_value(catalogue, page(sentence, page_type="about", path="/about"))
    assert items[f"runs:{tool}"].details["context"] == "runs_phrase"


def test_tools_in_a_client_story_are_the_clients_not_the_sites(catalogue):
    content = page(
        "Orchid Retail needed one warehouse for its stores and its Shopify orders. "
        "We now use Power BI dashboards for them, and their books are kept in Xero.",
        page_type="customers",
        path="/case-studies/orchid",
    )
    assert not [value for value in by_value(catalogue, content) if value.startswith("runs:")]


def test_a_partners_page_that_is_about_integrations_is_an_integrations_listing(catalogue):
    content = page("Xero\nHitPay", page_type="integrations", path="/partners/integrations")
    assert values(catalogue, content) == ["integrates:hitpay", "integrates:xero"]


def test_powered_by_and_we_use_mean_the_site_runs_the_tool(catalogue):
    content = page(
        "Payments are powered by Stripe. Internally we use Slack and Notion daily. "
        "We build on Google Cloud and we also sell on Lazada."
    )
    items = by_value(catalogue, content)
    assert set(items) == {
        "runs:google-cloud",
        "runs:lazada",
        "runs:notion",
        "runs:slack",
        "runs:stripe",
    }
    assert all(item.confidence == CONFIDENCE["runs_phrase"] for item in items.values())


def test_runs_phrase_nearer_the_tool_than_an_integration_phrase_wins(catalogue):
    content = page("We connect to your bank, and our team uses Slack to answer questions.")
    assert values(catalogue, content) == ["runs:slack"]


def test_bare_mention_is_a_low_confidence_runs(catalogue):
    items = extract_integrations(page("Our finance team closes the month in Xero."), catalogue)
    assert [item.value for item in items] == ["runs:xero"]
    assert items[0].confidence <= 0.4
    assert items[0].details["context"] == "mention"


def test_contact_invitations_are_not_integration_phrases(catalogue):
    content = page("Connect with us on WhatsApp for a quote.")
    assert values(catalogue, content) == ["runs:whatsapp-business"]
    assert extract_integrations(content, catalogue)[0].confidence == CONFIDENCE["mention"]


@pytest.mark.parametrize(
    "prose",
    [
        "Every order comes with a square meal for the crew.",
        "Square footage matters when you rent a warehouse.",
        "The monday meeting covers last week's deliveries.",
        "Sage advice from our founders: keep stock lean.",
        "A wave of orders arrived before Chinese New Year.",
        "Zoom in on any shipment to see its status.",
        "Segment your customers by spend.",
        "The notion of service runs through everything we do.",
        "They attacked the problem with gusto.",
        "Our workday starts at 7 am.",
        "Slack season is when we train new drivers.",
    ],
)
def test_common_word_tools_are_not_found_in_ordinary_prose(catalogue, prose):
    assert values(catalogue, page(prose)) == []


def test_common_word_tools_are_found_in_an_integration_context(catalogue):
    content = page("Integrates with Square, Sage and Zoom.")
    assert values(catalogue, content) == [
        "integrates:sage",
        "integrates:square",
        "integrates:zoom",
    ]


def test_longest_alias_wins_where_names_overlap_even_across_a_line_break(catalogue):
    content = page("Integrates with Sage Intacct and Zoho\nBooks.")
    items = extract_integrations(content, catalogue)
    assert [(item.value, item.details["alias"]) for item in items] == [
        ("integrates:sage-intacct", "Sage Intacct"),
        ("integrates:zoho-books", "Zoho Books"),
    ]


def test_script_host_fingerprint_matches_subdomains_of_the_listed_host(catalogue):
    content = page(script_hosts=("cdn4.mxpnl.com", "static.example-cdn.com", "x.chimpstatic.com"))
    assert values(catalogue, content) == ["runs:mailchimp", "runs:mixpanel"]


def test_link_to_a_customer_subdomain_is_a_fingerprint_but_the_vendor_site_is_not(catalogue):
    content = page(
        link_hosts=(
            "acme.zendesk.com",
            "www.zendesk.com",
            "support.zendesk.com",
            "jobs.lever.co",
            "acme.us21.list-manage.com",
        )
    )
    items = by_value(catalogue, content)
    assert set(items) == {"runs:lever", "runs:mailchimp", "runs:zendesk"}
    assert items["runs:zendesk"].details == {
        "tool": "Zendesk",
        "category": "support",
        "relation": "runs",
        "matched": "link_host",
        "alias": "acme.zendesk.com",
        "context": "fingerprint",
    }
    assert items["runs:zendesk"].snippet == "link host acme.zendesk.com"
    vendor_only = page(link_hosts=("www.zendesk.com", "support.zendesk.com", "zendesk.com"))
    assert values(catalogue, vendor_only) == []


def test_link_to_an_app_marketplace_is_an_integration(catalogue):
    content = page(link_hosts=("apps.xero.com", "apps.shopify.com"))
    items = by_value(catalogue, content)
    assert set(items) == {"integrates:shopify", "integrates:xero"}
    assert items["integrates:xero"].confidence == CONFIDENCE["marketplace_link"]
    assert items["integrates:xero"].details["matched"] == "link_host"


def test_a_tool_is_not_reported_on_its_own_website(catalogue):
    content = page(
        "Xero integrates with Stripe. Xero is powered by Xero.",
        domain="xero.com",
        link_hosts=("apps.xero.com",),
    )
    assert values(catalogue, content) == ["integrates:stripe"]


def test_one_item_per_tool_and_relation_keeping_the_best_evidence(catalogue):
    content = page(
        "Xero is great. We love Xero. Xero again. Integrates with Xero. A native Xero sync. "
        "Powered by Xero.",
        script_hosts=("js.stripe.com", "js.stripe.com"),
        link_hosts=("buy.stripe.com",),
    )
    items = extract_integrations(content, catalogue)
    assert sorted(item.value for item in items) == [
        "integrates:xero",
        "runs:stripe",
        "runs:xero",
    ]
    best = {item.value: item for item in items}
    assert best["runs:xero"].confidence == CONFIDENCE["runs_phrase"]
    assert best["runs:stripe"].details["matched"] == "script_host"


def test_fingerprint_beats_a_bare_mention_of_the_same_tool(catalogue):
    content = page("We answer chats in Intercom.", script_hosts=("widget.intercom.io",))
    items = extract_integrations(content, catalogue)
    assert [(item.value, item.details["matched"]) for item in items] == [
        ("runs:intercom", "script_host")
    ]


def test_snippets_are_short_and_carry_no_contact_details(catalogue):
    filler = "Our warehouse team handles cross-border parcels every day. " * 20
    content = page(
        filler + "Questions? Write to ops.lead@acme.sg or call +65 6123 4567; we integrate "
        "with Xero, and bookings reach ops.lead@acme.sg via the HitPay API. " + filler,
        generator="WordPress 6.5 admin@acme.sg",
    )
    items = extract_integrations(content, catalogue)
    assert {"integrates:xero", "integrates:hitpay", "runs:wordpress"} <= {i.value for i in items}
    for item in items:
        assert item.snippet
        assert len(item.snippet) <= SNIPPET_MAX_CHARS
        assert not EMAIL_RE.search(item.snippet)
        assert "6123" not in item.snippet


def test_items_carry_signal_extractor_url_and_tool_details(catalogue):
    content = page("Integrates with Klaviyo.", page_type="home")
    [item] = extract_integrations(content, catalogue)
    assert item.signal_key == "integration"
    assert item.extractor == EXTRACTOR
    assert item.url == "https://acme.sg/home"
    assert item.details == {
        "tool": "Klaviyo",
        "category": "marketing",
        "relation": "integrates",
        "matched": "text",
        "alias": "Klaviyo",
        "context": "integration_phrase",
    }
    assert "Integrates with Klaviyo" in item.snippet


def test_order_is_deterministic_by_confidence_then_value(catalogue):
    content = page(
        "We use Slack. Integrates with Xero and HitPay. Built on AWS. Mentions Canva.",
        script_hosts=("static.hotjar.com", "js.stripe.com", "www.googletagmanager.com"),
        link_hosts=("apps.shopify.com",),
        generator="WordPress 6.4",
    )
    first = extract_integrations(content, catalogue)
    reordered = page(
        content.main_text,
        script_hosts=tuple(reversed(content.script_hosts)),
        link_hosts=content.link_hosts,
        generator="WordPress 6.4",
    )
    assert first == extract_integrations(content, catalogue)
    assert [i.value for i in first] == [i.value for i in extract_integrations(reordered, catalogue)]
    keys = [(-item.confidence, item.value) for item in first]
    assert keys == sorted(keys)
    assert [item.value for item in first][:3] == [
        "integrates:hitpay",
        "integrates:xero",
        "integrates:shopify",
    ]


def test_text_matching_takes_one_pass_per_case_mode_and_stays_fast_on_a_50kb_page(catalogue):
    sentence = (
        "Harbourline moves pallets for retailers across Singapore and reconciles each "
        "delivery in Xero before the driver is back at the depot. "
    )
    text = (sentence * (50_000 // len(sentence) + 1))[:50_000]
    assert catalogue.any_case_pattern is not None and catalogue.exact_case_pattern is not None
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        matches = catalogue.find_aliases(text)
        timings.append(time.perf_counter() - started)
    assert len(matches) == text.count("Xero")
    # About 2 ms on a laptop; a scan per alias would take hundreds of milliseconds.
    assert min(timings) < 0.05
