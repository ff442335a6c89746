"""Stage mapping, after the crawl: a seed the name matching could not settle is settled
by the legal name and UEN its own website states, and shows in the resolver so."""

from __future__ import annotations

import dagster as dg
from sqlalchemy import text

from icp_assets.automation.jobs import TENANT_ASSETS
from icp_assets.intake.storage import save_intake
from icp_assets.mapping.resolution import RESOLVER_SEEDS, resolver_entry
from resources.crawler import CrawlerResource
from resources.warehouse import WarehouseResource
from support.loopback import Reply

TENANT = 13
SINGTEL_UEN = "199201624D"
UP_TO_SITE_MATCHES = {
    "seeds",
    "company_map",
    "acra_matches",
    "crawled_pages",
    "site_register_matches",
}
FOOTER = (
    "<footer><p>Copyright © 2025 Singapore Telecommunications Limited "
    f"(UEN {SINGTEL_UEN}). All rights reserved.</p></footer>"
)


def singtel_page(body: str) -> str:
    head = "<!DOCTYPE html><html><head><title>Singtel</title></head>"
    return f"{head}<body>{body}{FOOTER}</body></html>"


def add_singtel_to_register(warehouse) -> None:
    with warehouse.system_transaction() as conn:
        conn.execute(
            text(
                "INSERT INTO staging_acra_companies (uen, entity_name, normalized_name, "
                "entity_type_description, entity_status_description, primary_ssic_code, "
                "primary_ssic_description) VALUES (:uen, 'SINGAPORE TELECOMMUNICATIONS "
                "LIMITED', 'singapore telecommunications', 'Public Company Limited by Shares', "
                "'Live Company', '61201', 'Mobile telecommunications network operation')"
            ),
            {"uen": SINGTEL_UEN},
        )


def test_singtel_is_matched_by_the_uen_its_site_states(
    warehouse, test_settings, serve, fixture_web, sample_register, sample_intake
):
    add_singtel_to_register(warehouse)
    about = "<main><h1>About Singtel</h1><p>" + "We connect homes and businesses. " * 20
    site = serve({"/": Reply(body=singtel_page(about + "</p></main>"))})
    sample_intake["best_customers"].append({"name": "Singtel", "website": "singtel.com"})
    save_intake(warehouse, TENANT, "ops", sample_intake)

    crawler = CrawlerResource(
        host_map=f"{fixture_web.host_map()},singtel.com={site.origin}",
        per_host_delay_s=0.0,
        max_crawl_delay_s=0.1,
        max_pages_per_domain=4,
        retries=0,
    )
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenants", [str(TENANT)])
        result = dg.materialize(
            [a for a in TENANT_ASSETS if a.key.to_user_string() in UP_TO_SITE_MATCHES],
            partition_key=str(TENANT),
            instance=instance,
            resources={
                "warehouse": WarehouseResource(database_url=test_settings.database_url),
                "crawler": crawler,
            },
        )
    assert result.success

    with warehouse.tenant_transaction(TENANT) as conn:
        by_name = conn.execute(
            text(
                "SELECT a.uen FROM acra_matches a JOIN seeds s USING (seed_id) "
                "WHERE s.name = 'Singtel'"
            )
        ).scalar_one()
        matched = conn.execute(
            text(
                "SELECT w.uen, w.method, w.stated, w.primary_ssic_code, m.uen AS settled "
                "FROM site_register_matches w JOIN seeds s USING (seed_id) "
                "JOIN seed_register_matches m USING (seed_id) WHERE s.name = 'Singtel'"
            )
        ).one()
        evidence = conn.execute(
            text(
                "SELECT e.value, e.extractor FROM icp_evidence e "
                "JOIN seeds s USING (seed_id) WHERE s.name = 'Singtel' AND e.signal_key = 'ssic'"
            )
        ).all()
        [listed] = [
            resolver_entry(row)
            for row in conn.execute(RESOLVER_SEEDS, {"tenant_id": TENANT})
            if row.name == "Singtel"
        ]
    assert by_name is None  # "Singtel" is not the register's name by spelling
    assert (matched.uen, matched.method, matched.settled) == (SINGTEL_UEN, "site_uen", SINGTEL_UEN)
    assert f"UEN {SINGTEL_UEN}" in matched.stated and matched.primary_ssic_code == "61201"
    assert ("61201", "register_by_site") in [tuple(e) for e in evidence]
    assert listed["status"] == "matched_by_site"
    assert listed["current"]["uen"] == SINGTEL_UEN
    assert listed["current"]["reason"].startswith("stated on its website:")
