"""Adopting a suggestion (`icp accept`) and reading suggestions (`icp suggestions`), on a
real database with generations inserted directly."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from icp_assets.suggestions.adoption import (
    ENRICH_NIGHTLY,
    ENRICH_NOW,
    SuggestionNotFoundError,
    accept_suggestion,
    normalize_rule,
    not_queued_sentence,
)
from icp_assets.suggestions.generations import latest_generation, previous_generation
from icp_assets.suggestions.segments import RANKED_BY
from support.cards import LOGISTICS, add_register_companies, insert_generation, make_card

TENANT_A, TENANT_B = 31, 32


# 02:30 on 1 March in Singapore: the next nightly run is 2 March 02:00 SGT (18:00 UTC).
NOW = datetime(2025, 2, 28, 18, 30, tzinfo=UTC)

NEXT_NIGHT = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)


def add_own_seed(warehouse, tenant_id: int, uen: str, kind: str = "best") -> None:
    """A seed of the tenant matched to ``uen`` in the register."""
    with warehouse.tenant_transaction(tenant_id) as conn:
        intake_id = conn.execute(
            text(
                "INSERT INTO icp_intake_responses (tenant_id, submitted_by, payload, "
                "payload_sha256) VALUES (:t, 'ops@x', '{}', 'x') RETURNING id"
            ),
            {"t": tenant_id},
        ).scalar()
        seed_id = conn.execute(
            text(
                "INSERT INTO customer_seeds (tenant_id, intake_id, position, kind, name, "
                "normalized_name, reason) VALUES (:t, :i, 0, :k, 'seed', 'seed', 'budget') "
                "RETURNING id"
            ),
            {"t": tenant_id, "i": intake_id, "k": kind},
        ).scalar()
        conn.execute(
            text(
                "INSERT INTO acra_matches (seed_id, tenant_id, seed_name, uen, method, "
                "seed_kind) VALUES (:s, :t, 'seed', :uen, 'exact', :k)"
            ),
            {"s": seed_id, "t": tenant_id, "uen": uen, "k": kind},
        )


def rows(warehouse, tenant_id: int, sql: str) -> list:
    with warehouse.tenant_transaction(tenant_id) as conn:
        return conn.execute(text(sql)).all()


def jobs(warehouse, tenant_id: int) -> list:
    return rows(
        warehouse,
        tenant_id,
        "SELECT kind, dedupe_key, run_after, payload FROM background_jobs ORDER BY kind, id",
    )


@pytest.fixture
def logistics_register(warehouse, sample_register):
    """The sample register plus 25 live logistics companies (521xx and 52292)."""
    add_register_companies(
        warehouse,
        [(f"2024{index:05d}L", "52101" if index % 2 else "52292", None) for index in range(25)],
    )
    return warehouse


def test_generations_read_back_newest_first_with_cards_by_rank(warehouse):
    first = insert_generation(warehouse, TENANT_A, [make_card()])
    second = insert_generation(
        warehouse,
        TENANT_A,
        [make_card("retail-47", ("47",)), make_card()],
        [{"theme": "Budget below the price floor", "source": "answer:price_floor_usd"}],
    )
    with warehouse.tenant_transaction(TENANT_A) as conn:
        latest = latest_generation(conn, TENANT_A)
        previous = previous_generation(conn, TENANT_A)
    assert latest.generation_id == second and previous.generation_id == first
    assert latest.suggestion_ids == ["retail-47", LOGISTICS]
    assert latest.cards[1]["targeting_pack"]["ssic_filters"] == ["521", "52292"]
    assert latest.negative_icp[0]["source"] == "answer:price_floor_usd"
    assert previous.suggestion_ids == [LOGISTICS]


def test_accept_writes_the_rule_the_audit_entry_and_the_jobs(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    result = accept_suggestion(
        warehouse, TENANT_A, LOGISTICS, "ops@acme.sg", run_now_limit=10, now=NOW
    )
    assert result.created and result.changed == {}

    [rule] = rows(warehouse, TENANT_A, "SELECT id, suggestion_id, name, rule, created_by "
                                       "FROM icp_rules")  # fmt: skip
    assert rule.id == result.rule_id and rule.created_by == "ops@acme.sg"
    assert rule.rule == normalize_rule(make_card())

    [audit] = rows(warehouse, TENANT_A, "SELECT actor, action, entity_type, entity_id, "
                                        "details FROM audit_log")  # fmt: skip
    assert (audit.actor, audit.action, audit.entity_type) == (
        "ops@acme.sg",
        "accept_suggestion",
        "icp_rule",
    )
    assert audit.entity_id == str(result.rule_id)
    assert audit.details["rule"] == rule.rule and audit.details["queued_now"] == 10

    queued = jobs(warehouse, TENANT_A)
    # The 25 new companies plus the sample register's live 52101 and 52292 companies.
    assert (result.queued_now, result.queued_nightly) == (10, 17)
    assert len(queued) == 27 and len({j.dedupe_key for j in queued}) == 27
    assert {j.run_after for j in queued if j.kind == ENRICH_NOW} == {NOW}
    assert {j.run_after for j in queued if j.kind == ENRICH_NIGHTLY} == {NEXT_NIGHT}
    assert queued[0].payload["rule_id"] == result.rule_id
    assert queued[0].payload["min_headcount"] is None
    # No company has crawled evidence of its stack: the tool filter could judge none.
    assert result.technographic_unjudged == 27 and result.technographic_dropped == 0
    # The struck-off namesake is not a live company.
    assert "199901234A" not in {j.dedupe_key for j in queued}


def test_the_best_lookalikes_are_enriched_now_up_to_the_run_now_limit(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    result = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", run_now_limit=3, now=NOW)
    assert (result.queued_now, result.queued_nightly) == (3, 24)
    with warehouse.system_transaction() as conn:
        ssic_of = dict(
            conn.execute(text("SELECT uen, primary_ssic_code FROM staging_acra_companies")).all()
        )
    now_uens = sorted(j.dedupe_key for j in jobs(warehouse, TENANT_A) if j.kind == ENRICH_NOW)
    # The card's exact code (52292) outranks its prefix (521): the three queued now are
    # 52292 companies, the lowest UENs first among equals.
    exact = sorted(uen for uen, code in ssic_of.items() if code == "52292")
    assert now_uens == exact[:3]


def test_a_minimum_headcount_is_refused_naming_why_and_nothing_is_stored(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    with pytest.raises(ValueError, match="no headcount source covers register companies"):
        accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", min_headcount=10, now=NOW)
    assert rows(warehouse, TENANT_A, "SELECT id FROM icp_rules") == []
    assert jobs(warehouse, TENANT_A) == []


def test_the_run_now_limit_defaults_to_the_setting(logistics_register, monkeypatch):
    from icp_assets.settings import get_settings

    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    monkeypatch.setenv("RUN_NOW_LIMIT", "4")
    get_settings.cache_clear()
    try:
        result = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", now=NOW)
    finally:
        monkeypatch.delenv("RUN_NOW_LIMIT")
        get_settings.cache_clear()
    assert (result.queued_now, result.queued_nightly) == (4, 23)


def test_the_nightly_queue_is_capped_and_the_result_says_so(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    result = accept_suggestion(
        warehouse, TENANT_A, LOGISTICS, "ops@x", run_now_limit=2, nightly_cap=5, now=NOW
    )
    assert (result.queued_now, result.queued_nightly) == (2, 5)
    assert result.nightly_capped and result.as_json()["nightly_cap"] == 5
    assert result.register_matches == 27


def test_the_tenants_own_seeds_and_lost_customers_are_not_queued(logistics_register):
    warehouse = logistics_register
    add_own_seed(warehouse, TENANT_A, "201912345K", "best")
    add_own_seed(warehouse, TENANT_A, "202400024L", "lost")
    insert_generation(warehouse, TENANT_A, [make_card()])
    result = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", run_now_limit=1, now=NOW)
    queued = {j.dedupe_key for j in jobs(warehouse, TENANT_A)}
    assert result.queued_now + result.queued_nightly == 25
    assert not queued & {"201912345K", "202400024L"}
    # The counts add up: every register match is queued or has its reason.
    assert result.not_queued == {
        "yours_or_excluded": 2,
        "tool_filter": 0,
        "over_the_cap": 0,
        "already_queued": 0,
    }
    assert result.register_matches == 25 + sum(result.not_queued.values())
    assert not_queued_sentence(result.not_queued) == (
        "not queued: 2 (your own customers or exclusions)"
    )
    again = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@y", run_now_limit=1, now=NOW)
    assert (again.queued_now, again.queued_nightly) == (0, 0)
    assert again.not_queued["already_queued"] == 25
    assert again.register_matches == sum(again.not_queued.values())


def test_accepting_twice_duplicates_no_rule_and_no_job(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    first = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", run_now_limit=5, now=NOW)
    again = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@y", run_now_limit=5, now=NOW)
    assert again.rule_id == first.rule_id and not again.created and again.changed == {}
    assert (again.queued_now, again.queued_nightly) == (0, 0)
    assert len(rows(warehouse, TENANT_A, "SELECT id FROM icp_rules")) == 1
    assert len(jobs(warehouse, TENANT_A)) == 27
    # Each accept is audited, with who did it.
    audits = rows(warehouse, TENANT_A, "SELECT actor FROM audit_log ORDER BY id")
    assert [a.actor for a in audits] == ["ops@x", "ops@y"]


def test_a_changed_exclusion_updates_the_rule_audits_it_and_unqueues_excluded(
    logistics_register,
):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    first = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", now=NOW)
    changed = accept_suggestion(
        warehouse, TENANT_A, LOGISTICS, "ops@x", exclude_ssic=["52292"], now=NOW
    )
    assert changed.rule_id == first.rule_id and not changed.created
    assert changed.changed == {
        "exclude_ssic": {"from": [], "to": ["52292"]},
        "ssic_filters": {"from": ["521", "52292"], "to": ["521"]},
    }
    [rule] = rows(warehouse, TENANT_A, "SELECT rule, created_at, updated_at FROM icp_rules")
    assert rule.rule["exclude_ssic"] == ["52292"] and rule.updated_at >= rule.created_at
    last_audit = rows(warehouse, TENANT_A, "SELECT details FROM audit_log ORDER BY id DESC")[0]
    assert last_audit.details["changed"] == changed.changed
    assert last_audit.details["rule"]["ssic_filters"] == ["521"]
    # Still-queued jobs of companies now excluded are dropped; the others stay.
    with warehouse.system_transaction() as conn:
        ssic_of = dict(
            conn.execute(text("SELECT uen, primary_ssic_code FROM staging_acra_companies")).all()
        )
    remaining = [ssic_of[j.dedupe_key] for j in jobs(warehouse, TENANT_A)]
    assert changed.dequeued == 14 and set(remaining) == {"52101"} and len(remaining) == 13


def test_an_excluded_code_under_a_prefix_leaves_out_companies_coded_with_it(logistics_register):
    warehouse = logistics_register
    add_register_companies(warehouse, [("202500001X", "52109", None), ("202500002X", "52101",
                                                                        "52109")])  # fmt: skip
    insert_generation(warehouse, TENANT_A, [make_card(ssic_filters=("521",))])
    accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@x", exclude_ssic=["52109"], now=NOW)
    queued = {j.dedupe_key for j in jobs(warehouse, TENANT_A)}
    assert not queued & {"202500001X", "202500002X"}
    assert len(queued) == 13  # 12 of the new 52101 companies and the sample's one


def test_an_unknown_suggestion_id_names_it_and_lists_the_ids_there_are(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card(), make_card("retail-47", ("47",))])
    with pytest.raises(SuggestionNotFoundError) as raised:
        accept_suggestion(warehouse, TENANT_A, "nope-1", "ops@x", now=NOW)
    assert "'nope-1'" in str(raised.value)
    assert f"{LOGISTICS}, retail-47" in str(raised.value)
    assert rows(warehouse, TENANT_A, "SELECT id FROM icp_rules") == []
    assert rows(warehouse, TENANT_A, "SELECT id FROM audit_log") == []


def test_a_card_of_an_older_generation_cannot_be_accepted(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card("old-1")])
    insert_generation(warehouse, TENANT_A, [make_card()])
    with pytest.raises(SuggestionNotFoundError, match=LOGISTICS):
        accept_suggestion(warehouse, TENANT_A, "old-1", "ops@x", now=NOW)


def test_tenant_b_can_neither_see_nor_accept_tenant_as_suggestions(logistics_register):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@a", now=NOW)

    with warehouse.tenant_transaction(TENANT_B) as conn:
        assert latest_generation(conn, TENANT_B) is None
        # Even asked for tenant A's rows by id, B's transaction sees none.
        assert latest_generation(conn, TENANT_A) is None
    with pytest.raises(SuggestionNotFoundError, match="has no suggestions yet"):
        accept_suggestion(warehouse, TENANT_B, LOGISTICS, "ops@b", now=NOW)
    for table in ("icp_rules", "audit_log", "background_jobs", "icp_suggestions"):
        assert rows(warehouse, TENANT_B, f"SELECT * FROM {table}") == []


def test_the_same_suggestion_in_two_tenants_gives_each_its_own_rule_and_jobs(
    logistics_register,
):
    warehouse = logistics_register
    insert_generation(warehouse, TENANT_A, [make_card()])
    insert_generation(warehouse, TENANT_B, [make_card()])
    a = accept_suggestion(warehouse, TENANT_A, LOGISTICS, "ops@a", run_now_limit=10, now=NOW)
    b = accept_suggestion(warehouse, TENANT_B, LOGISTICS, "ops@b", run_now_limit=10, now=NOW)
    assert b.created and b.rule_id != a.rule_id
    assert (b.queued_now, b.queued_nightly) == (a.queued_now, a.queued_nightly) == (10, 17)
    assert [r.created_by for r in rows(warehouse, TENANT_B, "SELECT created_by FROM icp_rules")] \
        == ["ops@b"]  # fmt: skip


@pytest.fixture
def cli(test_settings, logistics_register):
    from icp_assets.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_icp_suggestions_prints_cards_negative_icp_and_packs(cli, logistics_register):
    negative = [{"theme": "On-premises only", "source": "lost_reason:Changi Clinic"}]
    generation_id = insert_generation(
        logistics_register, TENANT_A, [make_card(), make_card("retail-47", ("47",))], negative
    )
    as_json = cli("suggestions", "--tenant", str(TENANT_A), "--json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert set(data) == {"tenant_id", "generation_id", "suggestions", "negative_icp"}
    assert (data["tenant_id"], data["generation_id"]) == (TENANT_A, generation_id)
    assert data["suggestions"] == [make_card(), make_card("retail-47", ("47",))]
    assert data["negative_icp"] == negative

    table = cli("suggestions", "--tenant", str(TENANT_A))
    assert table.exit_code == 0, table.output
    header, first = table.stdout.splitlines()[1:3]
    # One ordering key beside rank, and what it is.
    assert header.split()[:5] == ["rank", "score", "id", "title", "ssic"]
    assert "confidence" not in header
    assert first.startswith("1") and LOGISTICS in first and "521,52292" in first
    assert first.split()[1] == f"{make_card()['score']:.3f}"
    assert RANKED_BY in table.stdout
    assert "On-premises only  (lost_reason:Changi Clinic)" in table.stdout
    assert "pitch: Close the month faster." in table.stdout

    nothing = cli("suggestions", "--tenant", str(TENANT_B))
    assert nothing.exit_code == 1 and "has no suggestions yet" in nothing.output


def test_icp_suggestions_compare_shows_what_changed_since_the_previous_generation(
    cli, logistics_register
):
    first = insert_generation(
        logistics_register, TENANT_A, [make_card(), make_card("retail-47", ("47",))]
    )
    changed = make_card(ssic_filters=("521",), title="Warehousing firms")
    insert_generation(logistics_register, TENANT_A, [changed, make_card("fnb-56", ("56",))])
    result = cli("suggestions", "--tenant", str(TENANT_A), "--json", "--compare")
    assert result.exit_code == 0, result.output
    compare = json.loads(result.stdout)["compare"]

    assert compare["previous_generation_id"] == first
    assert (compare["added"], compare["removed"], compare["unchanged"]) == (
        ["fnb-56"],
        ["retail-47"],
        [],
    )
    [logistics] = compare["changed"]
    assert logistics["id"] == LOGISTICS
    assert logistics["fields"]["title"] == {
        "before": "Warehousing and freight firms",
        "after": "Warehousing firms",
    }
    readable = cli("suggestions", "--tenant", str(TENANT_A), "--compare")
    assert readable.exit_code == 0, readable.output
    assert f"since generation {first}:" in readable.stdout
    assert "added (1): fnb-56" in readable.stdout and "removed (1): retail-47" in readable.stdout
    assert 'title: "Warehousing and freight firms" -> "Warehousing firms"' in readable.stdout


def test_icp_accept_prints_the_rule_and_the_queued_jobs_and_refuses_unknown_ids(
    cli, logistics_register
):
    insert_generation(logistics_register, TENANT_A, [make_card()])
    args = ("accept", "--tenant", str(TENANT_A), "--suggestion", LOGISTICS, "--user", "ops@x")
    first = cli(*args, "--exclude-ssic", "52292", "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["ok"] is True and data["created"] is True
    assert (data["queued_now"], data["queued_nightly"]) == (10, 3)
    assert isinstance(data["rule_id"], int)

    again = cli(*args, "--exclude-ssic", "52292")
    assert again.exit_code == 0, again.output
    minimum = cli(*args, "--min-headcount", "20")
    assert minimum.exit_code == 2 and "no headcount source" in minimum.output
    assert again.stdout.startswith(f"kept rule {data['rule_id']}") and "queued 0" in again.stdout

    unknown = cli("accept", "--tenant", str(TENANT_A), "--suggestion", "nope-1")
    assert unknown.exit_code == 2 and "'nope-1'" in unknown.output and LOGISTICS in unknown.output
    bad = cli(*args, "--exclude-ssic", "52x")
    assert bad.exit_code == 2 and "'52x' is not an SSIC code" in bad.output
