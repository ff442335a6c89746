"""Stage `mapping`: each seed to a company row (`company_map`) and to the register
(`acra_matches`), with the seed-mapping service level as an asset check."""

import time
from collections.abc import Sequence

import dagster as dg
from pydantic import Field
from sqlalchemy import Row

from icp_assets.intake.assets import seeds
from icp_assets.mapping.matching import (
    ACCEPT_SCORE,
    AMBIGUITY_MARGIN,
    SLA_MAX_SECONDS,
    SLA_MIN_RATE,
    MatchDecision,
    mapping_sla,
)
from icp_assets.mapping.storage import map_companies, match_seeds, match_seeds_by_site
from icp_assets.markdown import markdown_table
from icp_assets.partitions import tenant_check_spec, tenants
from icp_assets.reference.assets import acra_register
from resources.warehouse import WarehouseResource


@dg.asset(
    partitions_def=tenants,
    group_name="mapping",
    kinds={"postgres"},
    deps=[seeds],
    description="Each seed's company row: by domain, then by exact name, else a new row.",
)
def company_map(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        rows = map_companies(conn, tenant_id)
    counts = {
        kind: sum(1 for r in rows if r["matched_by"] == kind) for kind in ("domain", "name", "new")
    }
    context.log.info(f"mapping tenant={tenant_id} company_map {counts}")
    return dg.MaterializeResult(
        metadata={"seeds": len(rows), **{f"by_{k}": v for k, v in counts.items()}}
    )


class MatchingConfig(dg.Config):
    """When a register candidate is accepted as a seed's entity (run config of
    ``acra_matches``)."""

    accept_score: float = Field(
        ACCEPT_SCORE, ge=0.0, le=1.0, description="The least score a match is accepted at."
    )
    ambiguity_margin: float = Field(
        AMBIGUITY_MARGIN,
        ge=0.0,
        le=1.0,
        description="How far the best candidate must lead the next one; closer is ambiguous.",
    )


@dg.asset(
    partitions_def=tenants,
    group_name="mapping",
    kinds={"postgres"},
    deps=[company_map, acra_register],
    check_specs=[
        tenant_check_spec(
            "seed_mapping_sla",
            asset="acra_matches",
            description=(
                f"At least {SLA_MIN_RATE:.0%} of the tenant's best-customer seeds mapped to "
                f"the register, within {SLA_MAX_SECONDS:.0f} s, per tenant partition. Alerts "
                "only: a tenant below it still goes on."
            ),
        )
    ],
    description=(
        "Each seed's register entity (UEN, status, SSIC): a confirmed UEN, an exact "
        "normalized name, or a trigram candidate re-ranked with rapidfuzz; ambiguous "
        "seeds keep their top candidates for a person. Writes the SSIC evidence."
    ),
)
def acra_matches(
    context: dg.AssetExecutionContext, config: MatchingConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    started = time.perf_counter()
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        decisions, evidence_rows = match_seeds(
            conn, tenant_id, config.accept_score, config.ambiguity_margin
        )
    elapsed = time.perf_counter() - started

    for row, decision in decisions:
        context.log.info(
            f"mapping tenant={tenant_id} seed={row.seed_id} path={decision.method} "
            f"ambiguous={decision.ambiguous} score={decision.score:.3f} "
            f"uen={decision.entity.uen if decision.entity else None}"
        )
    sla = mapping_sla([d for r, d in decisions if r.kind == "best"], elapsed)
    (context.log.info if sla.passed else context.log.error)(sla.log_line(tenant_id))
    sla_metadata = {
        "total": sla.total,
        "resolved": sla.resolved,
        "rate": round(sla.rate, 4),
        "elapsed_s": round(sla.elapsed_s, 3),
        "by_method": dg.MetadataValue.json(sla.by_method),
    }
    return dg.MaterializeResult(
        metadata={
            **sla_metadata,
            "ambiguous": sum(1 for _, d in decisions if d.ambiguous),
            "ssic_evidence": evidence_rows,
            "matches": dg.MetadataValue.md(_matches_table(decisions)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="seed_mapping_sla",
                passed=sla.passed,
                metadata=sla_metadata,
                description=sla.log_line(tenant_id),
            )
        ],
    )


def _matches_table(decisions: Sequence[tuple[Row, MatchDecision]]) -> str:
    rows = []
    for row, decision in decisions:
        entity = decision.entity
        rows.append(
            (
                row.kind,
                row.name,
                "ambiguous" if decision.ambiguous else decision.method,
                f"{decision.score:.2f}",
                *(
                    (entity.uen, entity.entity_name, entity.status, entity.primary_ssic_code)
                    if entity
                    else ("", "", "", "")
                ),
            )
        )
    return markdown_table(
        ["kind", "seed", "method", "score", "UEN", "register name", "status", "SSIC"], rows
    )


@dg.asset(
    partitions_def=tenants,
    group_name="mapping",
    kinds={"postgres"},
    # By key: the crawl stage imports this stage, not the other way round.
    deps=[dg.AssetKey("crawled_pages")],
    description=(
        "Seeds the name matching left unmatched or ambiguous, settled by the legal name "
        "or UEN their own website states (footer, terms, JSON-LD), accepted under the "
        "usual rules; writes their register SSIC evidence. Replaces the tenant's slice."
    ),
)
def site_register_matches(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    tenant_id = int(context.partition_key)
    with warehouse.get_warehouse().tenant_transaction(tenant_id) as conn:
        decided = match_seeds_by_site(conn, tenant_id)
    for seed, match in decided:
        context.log.info(
            f"mapping tenant={tenant_id} seed={seed.seed_id} site_match="
            + (f"{match.entity.uen} ({match.method}: {match.stated.text!r})" if match else "none")
        )
    matched = [(seed, match) for seed, match in decided if match is not None]
    return dg.MaterializeResult(
        metadata={
            "unsettled_seeds": len(decided),
            "matched_by_site": len(matched),
            "matches": dg.MetadataValue.md(
                markdown_table(
                    ["seed", "UEN", "register name", "method", "the site says"],
                    (
                        (s.name, m.entity.uen, m.entity.entity_name, m.method, m.stated.text)
                        for s, m in matched
                    ),
                )
            ),
        }
    )
