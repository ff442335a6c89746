"""Suggestion cards for tests: a card as the pipeline stores it, a generation of them,
and live register companies to size them against."""

from __future__ import annotations

import json

from sqlalchemy import text

from icp_assets.suggestions.model import SuggestionCard, TargetingPack

#: The id of the card `make_card` builds by default.
LOGISTICS = "logistics-521"


def make_card(
    card_id: str = LOGISTICS,
    ssic_filters: tuple[str, ...] = ("521", "52292"),
    title: str = "Warehousing and freight firms",
) -> dict:
    return SuggestionCard(
        id=card_id,
        title=title,
        ssic_cluster=("52101",),
        ssic_titles={"52101": "General warehousing"},
        headcount_band="11-50",
        integrations=("xero", "shopify"),
        champions=("Finance Manager", "COO"),
        evidence_ids=(1, 2, 3),
        seeds_covered="2/5",
        rationale="Two of five best customers are warehousing firms on Xero.",
        confidence=0.8,
        negative_flags=(),
        targeting_pack=TargetingPack(ssic_filters, ("xero", "shopify"), "Close the month faster."),
        acra_total=12,
    ).as_json()


def insert_generation(
    warehouse, tenant_id: int, cards: list[dict], negative_icp: list[dict] | None = None
) -> int:
    with warehouse.tenant_transaction(tenant_id) as conn:
        generation_id = conn.execute(text("SELECT nextval('suggestion_generation_seq')")).scalar()
        conn.execute(
            text(
                "INSERT INTO suggestion_generations (tenant_id, generation_id, negative_icp) "
                "VALUES (:t, :g, CAST(:n AS jsonb))"
            ),
            {"t": tenant_id, "g": generation_id, "n": json.dumps(negative_icp or [])},
        )
        for rank, card in enumerate(cards, start=1):
            conn.execute(
                text(
                    "INSERT INTO icp_suggestions (tenant_id, generation_id, suggestion_id, "
                    "rank, card) VALUES (:t, :g, :id, :rank, CAST(:card AS jsonb))"
                ),
                {"t": tenant_id, "g": generation_id, "id": card["id"], "rank": rank,
                 "card": json.dumps(card)},
            )  # fmt: skip
    return generation_id


def add_register_companies(warehouse, rows: list[tuple[str, str, str | None]]) -> None:
    """Live companies as (uen, primary SSIC, secondary SSIC), newest UEN registered last."""
    with warehouse.system_transaction() as conn:
        conn.execute(
            text(
                "INSERT INTO staging_acra_companies (uen, entity_name, normalized_name, "
                "entity_status_description, primary_ssic_code, secondary_ssic_code, "
                "registration_incorporation_date) VALUES (:uen, :name, :name, "
                "'Live Company', :primary, :secondary, CAST(:registered AS date))"
            ),
            [
                {
                    "uen": uen,
                    "name": f"company {uen}",
                    "primary": primary,
                    "secondary": secondary,
                    "registered": f"2020-01-{index + 1:02d}",
                }
                for index, (uen, primary, secondary) in enumerate(rows)
            ],
        )
