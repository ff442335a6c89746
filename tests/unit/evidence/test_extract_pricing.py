"""`pricing`: plan prices as CURRENCY:amount:period, free plans and trials, contact
sales; a bare "$" read by the site's country."""

from __future__ import annotations

import pytest

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.pricing import extract_pricing, format_amount, price_value

PRICING_PAGE = """Simple pricing for Singapore SMEs
Starter
S$49 / month
For one entity.
Growth
S$99 per user per month
Multi-entity consolidation.
Enterprise
Talk to sales
Prefer annual billing? SGD 1,200 per year for the Pro plan.
Start your 14-day free trial. Free plan available for sole proprietors.
Questions? Call +65 6123 4567 or write to sales@ledgerly.sg
"""


def _page(text: str, page_type: str = "pricing", domain: str = "ledgerly.sg") -> PageContent:
    return PageContent(
        url=f"https://{domain}/{page_type}", domain=domain, page_type=page_type, main_text=text
    )


def test_a_pricing_page_gives_plans_prices_trial_free_plan_and_contact_sales() -> None:
    items = {i.value: i for i in extract_pricing(_page(PRICING_PAGE))}
    assert list(items) == [
        "SGD:49:month",
        "SGD:99:month",
        "SGD:1200:year",
        "contact_sales",
        "free_trial",
        "free_plan",
    ]
    assert dict(items["SGD:49:month"].details) == {
        "plan": "Starter",
        "amount": 49.0,
        "currency": "SGD",
        "period": "month",
        "per": None,
        "from": False,
        "currency_assumed": False,
        "raw": "S$49 / month",
    }
    assert items["SGD:99:month"].details["per"] == "user"
    assert items["SGD:99:month"].details["plan"] == "Growth"
    assert items["SGD:1200:year"].details["plan"] == "Pro"
    assert items["contact_sales"].details["plan"] == "Enterprise"
    assert items["free_trial"].details["days"] == 14
    assert all(i.url == "https://ledgerly.sg/pricing" for i in items.values())
    assert items["SGD:49:month"].extractor == "pricing.price"
    for item in items.values():
        assert "6123" not in item.snippet and "@" not in item.snippet


@pytest.mark.parametrize(
    ("text", "value", "per"),
    [
        ("Starter S$49 / month", "SGD:49:month", None),
        ("SGD 1,200 per year", "SGD:1200:year", None),
        ("US$99/user/mo", "USD:99:month", "user"),
        ("RM 150/mth per outlet", "MYR:150:month", "outlet"),
        ("49.90 SGD monthly", "SGD:49.9:month", None),
        ("€20 per seat per month", "EUR:20:month", "seat"),
        ("One-off setup: S$500", "SGD:500", None),
    ],
)
def test_amounts_currencies_periods_and_units_are_normalized(
    text: str, value: str, per: str | None
) -> None:
    [item] = extract_pricing(_page(text))
    assert (item.value, item.details["per"]) == (value, per)


@pytest.mark.parametrize(
    ("domain", "text", "value"),
    [
        ("kopicorner.sg", "From $29 a month", "SGD:29:month"),
        ("ledgerly.io", "From $29 a month for teams in Singapore", "SGD:29:month"),
        ("ledgerly.io", "From $29 a month", "USD:29:month"),
    ],
)
def test_a_bare_dollar_is_sgd_on_singapore_sites_and_usd_elsewhere(
    domain: str, text: str, value: str
) -> None:
    [item] = extract_pricing(_page(text, domain=domain))
    assert item.value == value
    assert item.details["currency_assumed"] is True
    assert item.details["from"] is True


def test_outside_pricing_pages_only_amounts_with_a_period_or_from_are_prices() -> None:
    text = (
        "Kopi Corner saved S$200,000 last year and raised S$2 million. "
        "Plans start from $29 a month."
    )
    assert [i.value for i in extract_pricing(_page(text, page_type="home"))] == ["SGD:29:month"]


def test_a_zero_price_is_a_free_plan() -> None:
    [item] = extract_pricing(_page("Free\nS$0 / month\nUp to 3 users"))
    assert (item.value, item.details["plan"]) == ("free_plan", "Free")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Contact sales for volume pricing", "contact_sales"),
        ("Request a quote", "contact_sales"),
        ("Get a custom quote", "contact_sales"),
        ("Try it free for 30 days", "free_trial"),
        ("Free forever for small teams", "free_plan"),
    ],
)
def test_phrases_become_their_own_values(text: str, value: str) -> None:
    assert [i.value for i in extract_pricing(_page(text))] == [value]


@pytest.mark.parametrize(("amount", "text"), [(49.0, "49"), (49.9, "49.9"), (1200.5, "1200.5")])
def test_amounts_are_written_without_trailing_zeros(amount: float, text: str) -> None:
    assert format_amount(amount) == text
    assert price_value("SGD", amount, None) == f"SGD:{text}"


@pytest.mark.parametrize(
    "text",
    ["", "\u200b", "价格：每月49新元", "Our platform 2 features.", "9" * 5000, "$$$ / month"],
)
def test_pages_without_prices_give_nothing(text: str) -> None:
    assert extract_pricing(_page(text, page_type="other")) == []


def test_a_large_pricing_page_keeps_one_item_per_value() -> None:
    items = extract_pricing(_page("Starter S$49 / month. Contact sales. " * 10_000))
    assert [i.value for i in items] == ["SGD:49:month", "contact_sales"]
