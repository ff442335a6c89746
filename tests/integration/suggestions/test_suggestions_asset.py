"""Stage suggestions: cards, negative ICP, targeting packs and register sizing, from the
fixture sites and the sample register, materialized in-process."""

from __future__ import annotations

from sqlalchemy import text

from icp_assets.intake.storage import save_intake
from icp_assets.reference.queries import SsicFilter
from icp_assets.suggestions.adoption import accept_suggestion
from icp_assets.suggestions.generations import (
    compare_generations,
    latest_generation,
    previous_generation,
)


def _generations(warehouse, tenant=51):
    with warehouse.tenant_transaction(tenant) as conn:
        generations = conn.execute(
            text("SELECT * FROM suggestion_generations ORDER BY generation_id")
        ).all()
        cards = conn.execute(
            text(
                "SELECT generation_id, rank, card FROM icp_suggestions ORDER BY generation_id, rank"
            )
        ).all()
    return generations, cards


def _latest_cards(warehouse, tenant=51):
    generations, cards = _generations(warehouse, tenant)
    latest = generations[-1].generation_id
    return generations[-1], [r.card for r in cards if r.generation_id == latest]


def _checks(result):
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_five_best_seeds_give_cited_and_sized_cards_for_what_they_share(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 51, "ops", sample_intake)
    result = pipeline(51)
    assert result.success

    generation, cards = _latest_cards(warehouse)
    # Five customers in four industries: the two in logistics, and the two that run
    # Shopify; no card is made of one customer alone.
    assert 2 <= len(cards) <= 5
    with warehouse.tenant_transaction(51) as conn:
        evidence_ids = set(conn.execute(text("SELECT id FROM icp_evidence")).scalars())
        own_uens = set(
            conn.execute(text("SELECT uen FROM acra_matches WHERE uen IS NOT NULL")).scalars()
        )
    for card in cards:
        assert card["evidence_count"] == len(card["evidence_ids"]) >= 1
        assert set(card["evidence_ids"]) <= evidence_ids
        assert card["seeds_covered"].endswith("/5")
        assert card["title"] and card["rationale"]
        assert card["ssic_cluster"] and all(card["ssic_titles"][c] for c in card["ssic_cluster"])
        pack = card["targeting_pack"]
        assert pack["ssic_filters"] and pack["pitch"]
        assert SsicFilter.parse(pack["ssic_filters"])
        assert isinstance(card["acra_total"], int)
        assert not {s["uen"] for s in card["acra_samples"]} & own_uens
        assert len(card["acra_samples"]) <= 10
    assert any(card["targeting_pack"]["technographic_filters"] for card in cards)
    assert len({card["id"] for card in cards}) == len(cards)

    themes = generation.negative_icp
    assert len(themes) >= 3 and all(t["theme"] and t["source"] for t in themes)
    checks = _checks(result)
    assert {name: checks[name].passed for name in checks if name != "seed_mapping_sla"} == {
        "enough_cards": True,
        "cards_cite_evidence": True,
        "negative_icp": True,
    }


def test_a_segment_keeps_its_id_across_generations(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 51, "ops", sample_intake)
    pipeline(51)
    pipeline(51)

    generations, cards = _generations(warehouse)
    assert len(generations) == 2
    first, second = (
        [r.card["id"] for r in cards if r.generation_id == g.generation_id] for g in generations
    )
    assert first == second


def test_fewer_than_five_seeds_give_at_least_two_reduced_cards(
    warehouse, pipeline, sample_register, sample_intake
):
    sample_intake["best_customers"] = sample_intake["best_customers"][:3]
    save_intake(warehouse, 51, "ops", sample_intake)
    result = pipeline(51)

    generation, cards = _latest_cards(warehouse)
    assert len(cards) >= 2
    assert all(card["reduced_evidence"] for card in cards)
    assert generation.reduced_evidence
    assert _checks(result)["enough_cards"].passed


def test_tenants_never_see_each_others_suggestions(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 51, "ops", sample_intake)
    pipeline(51)
    assert _generations(warehouse, 51)[1]
    assert _generations(warehouse, 52) == ([], [])


def test_journey_4_an_excluded_ssic_drops_its_card_on_the_next_run(
    warehouse, pipeline, sample_register, sample_intake
):
    save_intake(warehouse, 51, "ops", sample_intake)
    pipeline(51)
    _, cards = _latest_cards(warehouse)
    first, second = cards[0], cards[1]
    codes = list(first["ssic_cluster"])

    # Adopting the second segment, the user rules out the first one's industry.
    accept_suggestion(warehouse, 51, second["id"], "ops@x", exclude_ssic=codes)
    pipeline(51)

    with warehouse.tenant_transaction(51) as conn:
        latest, previous = latest_generation(conn, 51), previous_generation(conn, 51)
    comparison = compare_generations(list(previous.cards), list(latest.cards))
    assert first["id"] in comparison["removed"]
    assert all(
        not all(any(c.startswith(x) for x in codes) for c in card["ssic_cluster"])
        for card in latest.cards
    )


def test_every_generation_keeps_its_citations_after_three_re_runs(
    warehouse, pipeline, sample_register, sample_intake
):
    from icp_assets.suggestions.generations import cited_evidence, generation_by_id

    save_intake(warehouse, 51, "ops", sample_intake)
    for _ in range(4):
        assert pipeline(51).success
    generations, _ = _generations(warehouse)
    assert len(generations) == 4
    with warehouse.tenant_transaction(51) as conn:
        live = set(conn.execute(text("SELECT id FROM icp_evidence")).scalars())
        for stored in generations:
            generation = generation_by_id(conn, 51, stored.generation_id)
            for card in generation.cards:
                cited = cited_evidence(conn, 51, stored.generation_id, card["evidence_ids"])
                assert sorted(r.id for r in cited) == sorted(card["evidence_ids"])
                assert all(r.url or r.source == "acra" for r in cited)
        first = generation_by_id(conn, 51, generations[0].generation_id)
    # The evidence rows the first generation cited were replaced by the later runs.
    assert not set(first.cards[0]["evidence_ids"]) & live
