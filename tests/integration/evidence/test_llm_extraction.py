"""LLM extraction through the real langchain-openai client against a loopback stub:
structured answers become cited evidence, failures are counted, budgets hold."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import openai
import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.llm import (
    MAX_CHUNK_CHARS,
    SYSTEM_PROMPT,
    LlmExtractor,
    chunk_text,
    llm_extractor,
    page_prompt,
)
from icp_assets.evidence.extract.llm_schemas import merge_evidence
from icp_assets.evidence.extract.model import EvidenceItem
from icp_assets.settings import Settings, get_settings
from resources.llm import (
    PLACEHOLDER_API_KEY,
    ChatClient,
    LlmResource,
    chat_client_from_settings,
    estimate_tokens,
)
from support.openai_stub import OpenAIStub, StubReply, run_stub, schema_name, user_text

MODEL = "stub-model"
DOMAIN = "lumenledger.sg"

CUSTOMERS_PAGE = PageContent(
    url=f"https://{DOMAIN}/customers",
    domain=DOMAIN,
    page_type="customers",
    title="Customers | Lumen Ledger",
    main_text=(
        "Finance teams across Singapore close their books with Lumen Ledger.\n"
        "Kopi Corner Pte. Ltd. runs 14 cafés and closes month-end in two days.\n"
        '"We stopped chasing receipts," says Jane Tan, Head of Finance at Kopi Corner.\n'
        "Harbourline Logistics moved its warehouse billing to Lumen Ledger in 2023.\n"
        "Questions? Write to ops@lumenledger.sg or call +65 6123 4567."
    ),
    json_ld=({"@type": "Person", "name": "Jane Tan", "jobTitle": "Head of Finance"},),
)
INTEGRATIONS_PAGE = PageContent(
    url=f"https://{DOMAIN}/integrations",
    domain=DOMAIN,
    page_type="integrations",
    title="Integrations",
    main_text=(
        "Lumen Ledger connects to the tools you already use.\n"
        "Sync invoices both ways with Xero and QuickBooks Online.\n"
        "Take card payments through Stripe."
    ),
)
PRICING_PAGE = PageContent(
    url=f"https://{DOMAIN}/pricing",
    domain=DOMAIN,
    page_type="pricing",
    title="Pricing",
    main_text=(
        "Starter: free for one user.\n"
        "Growth: $49 per month, billed monthly.\n"
        "Scale: S$1,200 per year.\n"
        "Running more than 20 entities? Contact sales for a custom quote."
    ),
)
CAREERS_PAGE = PageContent(
    url=f"https://{DOMAIN}/careers",
    domain=DOMAIN,
    page_type="careers",
    title="Careers",
    main_text="We are hiring for 3 open roles.\nSenior Account Executive\nFinance Manager",
)
ABOUT_PAGE = PageContent(
    url=f"https://{DOMAIN}/about",
    domain=DOMAIN,
    page_type="about",
    title="About us",
    main_text=(
        "Lumen Ledger builds accounting software for small businesses in Singapore and "
        "Malaysia.\nWe serve retailers, cafés and logistics firms.\n"
        "Our team of 45 people works from offices in Singapore and Kuala Lumpur."
    ),
)

CUSTOMER_ANSWER = {
    "customers": [
        {
            "name": "Kopi Corner Pte. Ltd.",
            "evidence_quote": "Kopi Corner Pte. Ltd. runs 14 cafés and closes month-end",
        },
        {
            "name": "Harbourline Logistics",
            "evidence_quote": "Harbourline Logistics moved its warehouse billing to Lumen Ledger",
        },
    ],
    "buyer_titles": [
        {
            "title": "Head of Finance",
            "evidence_quote": "says Jane Tan, Head of Finance at Kopi Corner.",
        }
    ],
    "customer_industries": [
        {
            "label": "Food and Beverage",
            "evidence_quote": "Kopi Corner Pte. Ltd. runs 14 cafés",
        }
    ],
}
INTEGRATIONS_ANSWER = {
    "integrations": [
        {
            "name": "Xero",
            "evidence_quote": "Sync invoices both ways with Xero and QuickBooks Online.",
        },
        {"name": "Stripe", "evidence_quote": "Take card payments through Stripe."},
        {
            "name": "QuickBooks Online",
            "evidence_quote": "both ways with Xero and QuickBooks Online",
        },
    ]
}
PRICING_ANSWER = {
    "plans": [
        {
            "plan_name": "Starter",
            "amount": 0,
            "currency": None,
            "period": None,
            "evidence_quote": "Starter: free for one user.",
        },
        {
            "plan_name": "Growth",
            "amount": 49,
            "currency": "$",
            "period": "month",
            "evidence_quote": "Growth: $49 per month, billed monthly.",
        },
        {
            "plan_name": "Scale",
            "amount": 1200,
            "currency": "sgd",
            "period": "year",
            "evidence_quote": "Scale: S$1,200 per year.",
        },
    ],
    "contact_sales": True,
    "contact_sales_quote": "Contact sales for a custom quote.",
}
CAREERS_ANSWER = {
    "job_titles": [
        {"title": "Senior Account Executive", "evidence_quote": "Senior Account Executive"},
        {"title": "Finance Manager", "evidence_quote": "Finance Manager"},
    ],
    "open_positions": 3,
    "open_positions_quote": "We are hiring for 3 open roles.",
}
PROFILE_ANSWER = {
    "own_activity": {
        "label": "Software development",
        "evidence_quote": "Lumen Ledger builds accounting software for small businesses",
    },
    "industries_served": [
        {"label": "retail", "evidence_quote": "We serve retailers, cafés and logistics firms."}
    ],
    "countries": [
        {"country": "SG", "evidence_quote": "small businesses in Singapore and Malaysia"},
        {"country": "Malaysia", "evidence_quote": "offices in Singapore and Kuala Lumpur"},
    ],
    "headcount": {
        "min_employees": 45,
        "max_employees": 45,
        "evidence_quote": "Our team of 45 people works from offices in Singapore",
    },
}


def _integrations_page(path: str, *tools: str) -> PageContent:
    return PageContent(
        url=f"https://{DOMAIN}/{path}",
        domain=DOMAIN,
        page_type="integrations",
        title=path,
        main_text="\n".join(f"Lumen Ledger integrates with {tool}." for tool in tools),
    )


def answer_named_tools(body: Mapping[str, Any]) -> StubReply | None:
    """A well-behaved model: every tool the integrations page text names, quoted exactly."""
    if schema_name(body) != "IntegrationsPage":
        return None
    found = re.findall(r"integrates with ([A-Z]\w+)\.", user_text(body))
    return StubReply.answer(
        {
            "integrations": [
                {"name": tool, "evidence_quote": f"Lumen Ledger integrates with {tool}."}
                for tool in found
            ]
        }
    )


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    yield from run_stub()


def _extractor(stub: OpenAIStub, timeout_s: float = 5.0, **budgets: Any) -> LlmExtractor:
    budgets = {"max_pages_per_domain": 6, "max_tokens_per_domain": 50_000} | budgets
    client = ChatClient(MODEL, "test-key", stub.base_url, timeout_s=timeout_s, max_retries=0)
    return LlmExtractor(client, **budgets)


def _values(items: tuple[EvidenceItem, ...] | list[EvidenceItem], signal_key: str) -> set[str]:
    return {item.value for item in items if item.signal_key == signal_key}


# --- on and off ---------------------------------------------------------------------


def test_extraction_is_off_without_a_model_or_without_a_key_and_base_url() -> None:
    without_model = Settings(llm_model=None, openai_api_key="sk-test", openai_base_url=None)
    without_endpoint = Settings(llm_model=MODEL, openai_api_key=None, openai_base_url=None)
    assert chat_client_from_settings(without_model) is None
    assert chat_client_from_settings(without_endpoint) is None


@pytest.fixture
def llm_environment_cleared(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("ICP_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("llm_environment_cleared")
def test_resource_is_disabled_without_settings_and_extracts_nothing() -> None:
    resource = LlmResource()
    assert resource.enabled is False
    assert llm_extractor(resource.get_client()) is None
    assert LlmResource(model=MODEL).enabled is False


@pytest.mark.usefixtures("llm_environment_cleared")
def test_resource_with_only_a_base_url_sends_a_placeholder_key(stub: OpenAIStub) -> None:
    resource = LlmResource(model=MODEL, base_url=stub.base_url, max_retries=0)
    extractor = llm_extractor(resource.get_client())
    assert resource.enabled is True
    assert extractor is not None

    extractor.extract_domain([INTEGRATIONS_PAGE])

    assert stub.authorizations == [f"Bearer {PLACEHOLDER_API_KEY}"]


def test_stub_lists_its_models_to_the_openai_client(stub: OpenAIStub) -> None:
    client = openai.OpenAI(api_key="test-key", base_url=stub.base_url, max_retries=0)
    assert [model.id for model in client.models.list()] == [MODEL]


# --- answers into evidence ----------------------------------------------------------


def _enqueue_site_answers(stub: OpenAIStub) -> None:
    stub.enqueue("CustomerPage", StubReply.answer(CUSTOMER_ANSWER))
    stub.enqueue("IntegrationsPage", StubReply.answer(INTEGRATIONS_ANSWER))
    stub.enqueue("PricingPage", StubReply.answer(PRICING_ANSWER))
    stub.enqueue("CareersPage", StubReply.answer(CAREERS_ANSWER))
    stub.enqueue("CompanyProfile", StubReply.answer(PROFILE_ANSWER))


def test_structured_answers_become_normalized_cited_evidence(stub: OpenAIStub) -> None:
    _enqueue_site_answers(stub)
    pages = [ABOUT_PAGE, PRICING_PAGE, CAREERS_PAGE, INTEGRATIONS_PAGE, CUSTOMERS_PAGE]

    result = _extractor(stub).extract_domain(pages)

    items = result.items
    assert _values(items, "customer_logo") == {"kopi corner", "harbourline logistics"}
    assert _values(items, "integration") == {
        "integrates:xero",
        "integrates:stripe",
        "integrates:quickbooks",  # the catalogue's key for the alias
    }
    assert _values(items, "pricing") == {
        "free_plan",
        "SGD:49:month",  # a bare "$" on a .sg site
        "SGD:1200:year",
        "contact_sales",
    }
    assert _values(items, "buyer_title") == {
        "finance leadership",
        "sales individual",
        "finance manager",
    }
    assert _values(items, "industry_label") == {"food & beverage", "retail"}
    assert _values(items, "ssic_hint") == {"62011"}  # software development
    assert _values(items, "location") == {"SG", "MY"}
    assert _values(items, "headcount_hint") == {"11-50", "openings:3"}
    for item in items:
        assert item.extractor == f"llm:{MODEL}"
        assert item.confidence == pytest.approx(0.6)
        assert item.url is not None and item.url.startswith(f"https://{DOMAIN}/")
        assert item.details["citation"] == "quote"
    assert result.pages_used == 5
    assert result.error_count == 0
    assert result.tokens_used == 5 * 500  # the stub's reported usage


def test_pages_are_read_in_signal_priority_order_and_requests_carry_model_schema_and_text(
    stub: OpenAIStub,
) -> None:
    _enqueue_site_answers(stub)
    pages = [ABOUT_PAGE, PRICING_PAGE, CAREERS_PAGE, INTEGRATIONS_PAGE, CUSTOMERS_PAGE]

    _extractor(stub).extract_domain(pages)

    assert [schema_name(body) for body in stub.requests] == [
        "CustomerPage",
        "IntegrationsPage",
        "PricingPage",
        "CareersPage",
        "CompanyProfile",
    ]
    first = stub.requests[0]
    assert first["model"] == MODEL
    assert first["max_completion_tokens"] == 1_000
    assert first["response_format"]["type"] == "json_schema"
    assert first["response_format"]["json_schema"]["strict"] is True
    assert first["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert CUSTOMERS_PAGE.main_text in user_text(first)
    assert CUSTOMERS_PAGE.url in user_text(first)


def test_no_personal_names_emails_or_phone_numbers_are_kept(stub: OpenAIStub) -> None:
    careless = {
        "customers": [
            {"name": "Jane Tan", "evidence_quote": "says Jane Tan, Head of Finance"},
            {
                "name": "Kopi Corner",
                "evidence_quote": "Questions? Write to ops@lumenledger.sg or call +65 6123 4567.",
            },
        ],
        "buyer_titles": [
            {
                "title": "Jane Tan, Head of Finance",
                "evidence_quote": "says Jane Tan, Head of Finance at Kopi Corner.",
            }
        ],
        "customer_industries": [
            {
                "label": "ops@lumenledger.sg",
                "evidence_quote": "Write to ops@lumenledger.sg or call +65 6123 4567.",
            }
        ],
    }
    stub.enqueue("CustomerPage", StubReply.answer(careless))

    result = _extractor(stub).extract_domain([CUSTOMERS_PAGE])

    assert _values(result.items, "customer_logo") == {"kopi corner"}
    assert _values(result.items, "buyer_title") == {"finance leadership"}
    assert _values(result.items, "industry_label") == set()
    stored = repr([(i.value, i.snippet, dict(i.details)) for i in result.items])
    assert "Jane" not in stored
    assert "@" not in stored
    assert "6123" not in stored
    assert result.items_dropped == 2  # the person as a customer, the e-mail as an industry


def test_a_quote_not_on_the_page_is_never_stored_as_the_snippet(stub: OpenAIStub) -> None:
    invented_quote = "Lumen Ledger has a certified two-way Xero sync used by 10,000 firms."
    answer = {
        "integrations": [
            {"name": "Xero", "evidence_quote": invented_quote},
            {"name": "NetSuite", "evidence_quote": "Native NetSuite connector for enterprises."},
            {"name": "Stripe", "evidence_quote": "Sync invoices both ways with Xero."},
        ]
    }
    stub.enqueue("IntegrationsPage", StubReply.answer(answer))

    result = _extractor(stub).extract_domain([INTEGRATIONS_PAGE])

    by_value = {item.value: item for item in result.items}
    assert set(by_value) == {"integrates:xero", "integrates:stripe"}
    xero = by_value["integrates:xero"]
    assert xero.snippet is not None
    assert "10,000" not in xero.snippet and "Xero" in xero.snippet
    assert xero.snippet in INTEGRATIONS_PAGE.main_text.replace("\n", " ")
    assert xero.details["citation"] == "page_match"
    assert xero.confidence < 0.6
    # A real quote that does not name the tool is not its citation either.
    stripe = by_value["integrates:stripe"]
    assert stripe.snippet is not None and "Stripe" in stripe.snippet
    assert stripe.details["citation"] == "page_match"
    assert result.items_dropped == 1  # NetSuite: neither its quote nor its name is on the page


def test_tools_outside_the_catalogue_keep_a_slug_of_their_name(stub: OpenAIStub) -> None:
    stub.responder = answer_named_tools
    page = _integrations_page("integrations", "Xero", "Lumenbridge")

    result = _extractor(stub).extract_domain([page])

    by_value = {item.value: item for item in result.items}
    assert set(by_value) == {"integrates:xero", "integrates:lumenbridge"}
    assert by_value["integrates:xero"].details["in_catalogue"] is True
    assert by_value["integrates:lumenbridge"].details["in_catalogue"] is False


# --- failures -----------------------------------------------------------------------


def test_malformed_off_schema_refused_failed_and_slow_answers_are_counted_not_raised(
    stub: OpenAIStub,
) -> None:
    stub.enqueue(
        None,
        StubReply.malformed_json(),
        StubReply.http_error(500),
        StubReply.answer({"tools": ["Xero"]}),
        StubReply.slow(1.5, {"integrations": []}),
        StubReply.refused(),
    )
    stub.responder = answer_named_tools
    pages = [
        _integrations_page(f"integrations/{n}", tool)
        for n, tool in enumerate(("Xero", "Stripe", "Shopify", "HubSpot", "Zendesk", "Slack"))
    ]

    result = _extractor(stub, timeout_s=0.5).extract_domain(pages)

    assert dict(result.errors) == {
        "http_error": 1,
        "timeout": 1,
        "connection_error": 0,
        "malformed_output": 1,
        "schema_mismatch": 1,
        "truncated_output": 0,
        "refusal": 1,
        "api_error": 0,
    }
    # The sixth page, answered properly, still counts.
    assert _values(result.items, "integration") == {"integrates:slack"}
    assert result.requests == 6
    assert result.pages_used == 6


def test_an_endpoint_that_keeps_failing_ends_the_domain(stub: OpenAIStub) -> None:
    stub.enqueue(None, *[StubReply.http_error(503)] * 5)
    pages = [_integrations_page(f"integrations/{n}", "Xero") for n in range(5)]

    result = _extractor(stub).extract_domain(pages)

    assert len(stub.requests) == 3
    assert result.errors["http_error"] == 3
    assert result.stop_reason == "endpoint_failing"
    assert result.items == ()


# --- budgets and saturation ---------------------------------------------------------


def test_page_cap_limits_the_pages_sent(stub: OpenAIStub) -> None:
    stub.responder = answer_named_tools
    pages = [
        _integrations_page(f"integrations/{tool.lower()}", tool)
        for tool in ("Xero", "Stripe", "Shopify", "HubSpot")
    ]

    result = _extractor(stub, max_pages_per_domain=2).extract_domain(pages)

    assert len(stub.requests) == 2
    assert result.pages_used == 2
    assert result.stop_reason == "page_cap"
    assert _values(result.items, "integration") == {"integrates:xero", "integrates:stripe"}


def test_token_budget_counts_reported_usage_and_stops_before_overspending(
    stub: OpenAIStub,
) -> None:
    usage = {"prompt_tokens": 800, "completion_tokens": 100, "total_tokens": 900}
    tools = ("Xero", "Stripe", "Shopify", "HubSpot", "Slack")
    pages = [_integrations_page(f"integrations/{tool.lower()}", tool) for tool in tools]
    for tool in tools:
        quote = f"Lumen Ledger integrates with {tool}."
        answer = {"integrations": [{"name": tool, "evidence_quote": quote}]}
        stub.enqueue("IntegrationsPage", StubReply.answer(answer, usage=usage))
    # Each request may cost its prompt (~60 tokens) plus 1,000 output tokens: after two
    # requests (1,800 reported) a third could exceed 2,500.
    result = _extractor(stub, max_tokens_per_domain=2_500).extract_domain(pages)

    assert len(stub.requests) == 2
    assert result.tokens_used == 1_800
    assert result.stop_reason == "token_budget"


def test_tokens_are_estimated_from_the_request_when_usage_is_missing(stub: OpenAIStub) -> None:
    stub.enqueue(None, StubReply.answer({"integrations": []}, usage=None))

    result = _extractor(stub).extract_domain([INTEGRATIONS_PAGE])

    prompt = page_prompt(INTEGRATIONS_PAGE, INTEGRATIONS_PAGE.main_text, 1, 1)
    assert result.tokens_used == estimate_tokens(SYSTEM_PROMPT + prompt)


def test_domain_stops_early_when_two_pages_in_a_row_add_nothing_new(stub: OpenAIStub) -> None:
    stub.responder = answer_named_tools
    pages = [_integrations_page(f"integrations/{n}", "Xero") for n in range(5)]

    result = _extractor(stub).extract_domain(pages)

    assert len(stub.requests) == 3  # news, nothing, nothing: stop
    assert result.stopped_early is True
    assert result.stop_reason == "saturated"
    assert [item.url for item in result.items] == [
        f"https://{DOMAIN}/integrations/{n}" for n in range(3)
    ]


def test_known_deterministic_signals_count_towards_saturation(stub: OpenAIStub) -> None:
    stub.responder = answer_named_tools
    pages = [_integrations_page(f"integrations/{n}", "Xero") for n in range(5)]
    known = [
        EvidenceItem("integration", "integrates:xero", pages[0].url, "Xero", 0.9, "integrations")
    ]

    result = _extractor(stub).extract_domain(pages, known=known)

    assert len(stub.requests) == 2
    assert result.stopped_early is True


def test_a_domain_whose_pages_keep_adding_news_is_read_to_the_end(stub: OpenAIStub) -> None:
    stub.responder = answer_named_tools
    tools = ("Xero", "Stripe", "Shopify", "HubSpot")
    pages = [_integrations_page(f"integrations/{tool}", tool) for tool in tools]

    result = _extractor(stub).extract_domain(pages)

    assert len(stub.requests) == 4
    assert result.stopped_early is False
    assert result.stop_reason is None


# --- chunking -----------------------------------------------------------------------


def test_chunks_split_between_paragraphs_and_stay_under_the_limit() -> None:
    paragraphs = [f"Paragraph {n}: " + "word " * (40 + n * 5) for n in range(30)]
    text = "\n".join(p.strip() for p in paragraphs)

    chunks = chunk_text(text, 1_000)

    assert len(chunks) > 1
    assert all(len(chunk) <= 1_000 for chunk in chunks)
    assert "\n".join(chunks) == text  # every paragraph whole, in order
    long_line = "x" * 2_500
    assert [len(c) for c in chunk_text(long_line, 1_000)] == [1_000, 1_000, 500]


def test_a_long_page_is_sent_in_chunks_and_facts_from_every_chunk_are_found(
    stub: OpenAIStub,
) -> None:
    filler = "Our platform keeps every ledger entry reconciled and auditable. " * 20
    tools = ("Xero", "Stripe", "Shopify")
    paragraphs = []
    for tool in tools:
        paragraphs += [filler.strip()] * 4 + [f"Lumen Ledger integrates with {tool}."]
    page = PageContent(
        url=f"https://{DOMAIN}/integrations",
        domain=DOMAIN,
        page_type="integrations",
        main_text="\n".join(paragraphs),
    )
    assert len(page.main_text) > 2 * MAX_CHUNK_CHARS
    stub.responder = answer_named_tools

    result = _extractor(stub).extract_domain([page])

    assert len(stub.requests) == 3
    sent = [user_text(body) for body in stub.requests]
    assert [f"part {n} of 3" in text for n, text in enumerate(sent, start=1)] == [True] * 3
    for text in sent:
        chunk = text.split(":\n", 1)[1]
        assert len(chunk) <= MAX_CHUNK_CHARS
    assert _values(result.items, "integration") == {f"integrates:{t.lower()}" for t in tools}
    assert result.pages_used == 1


# --- merge --------------------------------------------------------------------------


def test_merge_keeps_deterministic_items_and_one_item_per_signal_value_and_url() -> None:
    url = f"https://{DOMAIN}/integrations"
    other_url = f"https://{DOMAIN}/"
    deterministic = [
        EvidenceItem("integration", "integrates:xero", url, "with Xero", 0.5, "integrations"),
        EvidenceItem("pricing", "contact_sales", url, "Contact sales", 0.7, "pricing.phrase"),
        EvidenceItem("pricing", "contact_sales", url, "Talk to sales", 0.8, "pricing.phrase"),
    ]
    llm = [
        EvidenceItem("integration", "integrates:xero", url, "Xero sync", 0.6, f"llm:{MODEL}"),
        EvidenceItem("integration", "integrates:xero", other_url, "Xero", 0.6, f"llm:{MODEL}"),
        EvidenceItem("integration", "integrates:stripe", url, "Stripe", 0.45, f"llm:{MODEL}"),
        EvidenceItem("integration", "integrates:stripe", url, "Stripe!", 0.6, f"llm:{MODEL}"),
    ]

    merged = merge_evidence(deterministic, llm)

    assert [(i.value, i.url, i.snippet) for i in merged] == [
        ("integrates:xero", url, "with Xero"),  # deterministic wins despite lower confidence
        ("contact_sales", url, "Talk to sales"),  # the more confident of two alike
        ("integrates:xero", other_url, "Xero"),  # another page keeps its own item
        ("integrates:stripe", url, "Stripe!"),
    ]
