"""`icp suggestions`, `icp accept`: the cards, and adopting one."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from icp_assets.cli.common import JsonOption, TenantOption, emit, fail, user_option, warehouse


def _ssic_codes(card: dict[str, Any]) -> str:
    pack = card.get("targeting_pack") or {}
    codes = pack.get("ssic_filters") or card.get("ssic_cluster") or ()
    return ",".join(str(code) for code in codes)


def _suggestion_table(cards: list[dict[str, Any]]) -> list[str]:
    header = (
        "rank",
        "score",
        "id",
        "title",
        "ssic",
        "band",
        "integrations",
        "champions",
        "evidence",
        "seeds",
        "acra_total",
        "reduced",
    )
    rows = [
        (
            str(rank),
            f"{float(card.get('score') or 0):.3f}",
            str(card.get("id", "")),
            str(card.get("title", "")),
            _ssic_codes(card),
            str(card.get("headcount_band") or "-"),
            ",".join(card.get("integrations") or ()) or "-",
            ",".join(card.get("champions") or ()) or "-",
            str(card.get("evidence_count", len(card.get("evidence_ids") or ()))),
            str(card.get("seeds_covered") or "-"),
            "-" if card.get("acra_total") is None else str(card["acra_total"]),
            "yes" if card.get("reduced_evidence") else "no",
        )
        for rank, card in enumerate(cards, start=1)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def _compare_lines(comparison: dict[str, Any]) -> list[str]:
    """``compare_generations``'s result, readable: ids added, removed and unchanged, and
    each changed card's fields before and after."""
    lines = []
    for key in ("added", "removed", "unchanged"):
        ids = comparison.get(key) or []
        lines.append(f"  {key} ({len(ids)}): {', '.join(map(str, ids)) or '-'}")
    changed = comparison.get("changed") or []
    lines.append(f"  changed ({len(changed)}):")
    for card in changed:
        lines.append(f"    {card.get('id')}  {card.get('title') or ''}".rstrip())
        for name, values in (card.get("fields") or {}).items():
            before = json.dumps(values.get("before"), default=str)
            after = json.dumps(values.get("after"), default=str)
            lines.append(f"      {name}: {before} -> {after}")
    return lines


def compare_latest(tenant: int) -> tuple[dict[str, Any], list[str]]:
    """What the tenant's latest suggestion generation changed since the one before, as
    data and as readable lines."""
    from icp_assets.suggestions.generations import (
        generation_comparison,
        latest_generation,
        previous_generation,
    )

    with warehouse().tenant_transaction(tenant) as conn:
        latest = latest_generation(conn, tenant)
        previous = previous_generation(conn, tenant)
    if latest is None:
        raise fail(f"tenant {tenant} has no suggestions yet: run `icp run --tenant {tenant}`")
    comparison = generation_comparison(previous, latest)
    since = comparison["previous_generation_id"]
    heading = f"since generation {since}:" if since else "no previous generation:"
    return comparison, [heading, *_compare_lines(comparison)]


def suggestions(
    tenant: TenantOption,
    as_json: JsonOption = False,
    compare: Annotated[
        bool, typer.Option("--compare", help="Show what changed since the previous generation.")
    ] = False,
) -> None:
    """The latest micro-ICP suggestion cards, the negative ICP and each card's
    targeting pack."""
    from icp_assets.suggestions.generations import latest_generation
    from icp_assets.suggestions.segments import RANKED_BY

    with warehouse().tenant_transaction(tenant) as conn:
        latest = latest_generation(conn, tenant)
    if latest is None:
        raise fail(f"tenant {tenant} has no suggestions yet: run `icp run --tenant {tenant}`")
    cards = [dict(card) for card in latest.cards]
    data: dict[str, Any] = {
        "tenant_id": tenant,
        "generation_id": latest.generation_id,
        "suggestions": cards,
        "negative_icp": [
            {"theme": t.get("theme"), "source": t.get("source"), **t} for t in latest.negative_icp
        ],
    }
    lines = [
        f"tenant {tenant}, generation {latest.generation_id} ({latest.created_at:%Y-%m-%d %H:%M})"
        + (", reduced evidence" if latest.reduced_evidence else ""),
        *_suggestion_table(cards),
        RANKED_BY,
        "",
        "negative ICP:",
        *[f"  - {t['theme']}  ({t['source']})" for t in data["negative_icp"]],
        "",
        "targeting packs:",
    ]
    for card in cards:
        pack = card.get("targeting_pack") or {}
        lines += [
            f"  {card.get('id')}: ssic {','.join(pack.get('ssic_filters') or ()) or '-'}; "
            f"technographics {','.join(pack.get('technographic_filters') or ()) or '-'}",
            f"    pitch: {pack.get('pitch') or '-'}",
        ]
    if compare:
        data["compare"], compared = compare_latest(tenant)
        lines += ["", *compared]
    emit(data, as_json, "\n".join(lines))


def accept(
    tenant: TenantOption,
    suggestion: Annotated[str, typer.Option("--suggestion", "-s", help="The card's id.")],
    exclude_ssic: Annotated[
        list[str] | None,
        typer.Option("--exclude-ssic", help="SSIC code or prefix to leave out; repeatable."),
    ] = None,
    min_headcount: Annotated[
        int | None,
        typer.Option(
            "--min-headcount",
            help="Refused for now: no headcount source covers register companies.",
            hidden=True,
        ),
    ] = None,
    user: Annotated[str, user_option("Who adopts it.")] = "cli",
    as_json: JsonOption = False,
) -> None:
    """Adopt a suggestion: write its rule with an audit entry and queue enrichment of
    the matching register companies (RUN_NOW_LIMIT now, the rest nightly)."""
    from icp_assets.suggestions.adoption import (
        SuggestionNotFoundError,
        accept_suggestion,
        not_queued_sentence,
    )

    try:
        result = accept_suggestion(
            warehouse(),
            tenant,
            suggestion,
            user,
            exclude_ssic=exclude_ssic or (),
            min_headcount=min_headcount,
        )
    except (SuggestionNotFoundError, ValueError) as error:
        raise fail(str(error), 2) from None
    verb = "created" if result.created else ("updated" if result.changed else "kept")
    text = (
        f"{verb} rule {result.rule_id} for suggestion {suggestion}: queued "
        f"{result.queued_now} companies for enrichment now and {result.queued_nightly} "
        "for the nightly run"
    )
    if result.nightly_capped:
        text += f" (the nightly queue takes at most {result.nightly_cap} per accept)"
    text += f" (of {result.register_matches:,} register matches), best lookalikes first"
    if why := not_queued_sentence(result.not_queued):
        text += f"; {why}"
    if result.technographic_unjudged:
        text += (
            f"; the tool filter could not judge {result.technographic_unjudged} of them "
            "(no crawled stack yet), queued all the same"
        )
    emit(result.as_json(), as_json, text)


def exclude(
    tenant: TenantOption,
    ssic: Annotated[
        list[str] | None,
        typer.Option("--ssic", help="SSIC code or prefix to exclude; repeatable."),
    ] = None,
    company: Annotated[
        list[str] | None,
        typer.Option("--company", help="A company's name or UEN to exclude; repeatable."),
    ] = None,
    remove: Annotated[
        list[int] | None, typer.Option("--remove", help="An exclusion's id to remove; repeatable.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
    user: Annotated[str, user_option("Who excludes.")] = "cli",
    as_json: JsonOption = False,
) -> None:
    """Exclude SSIC codes or prefixes and named companies from the tenant's cards and
    sizing, without adopting a card (audited); with no option, list them. The next
    `icp run --tenant T --select icp_patterns,suggestions` honours them."""
    from icp_assets.suggestions.exclusions import (
        ExclusionError,
        add_exclusions,
        list_exclusions,
        parse_exclusions,
        remove_exclusion,
    )

    try:
        wanted = parse_exclusions(ssic or (), company or ())
    except ExclusionError as error:
        raise fail(str(error), 2) from None
    with warehouse().tenant_transaction(tenant) as conn:
        added = add_exclusions(conn, tenant, wanted, user, reason)
        removed = [i for i in remove or () if remove_exclusion(conn, tenant, i, user)]
        current = list_exclusions(conn, tenant)
    unknown = sorted(set(remove or ()) - set(removed))
    data = {
        "tenant_id": tenant,
        "added": [e.as_json() for e in added],
        "removed": removed,
        "exclusions": current,
    }
    lines = [f"added {e.kind} {e.label}" for e in added]
    lines += [f"removed exclusion {i}" for i in removed]
    lines += [f"tenant {tenant} excludes:" if current else f"tenant {tenant} excludes nothing"]
    lines += [f"  {e['id']}  {e['kind']:<7} {e['label'] or e['value']}" for e in current]
    emit(data, as_json, "\n".join(lines))
    if unknown:
        raise fail(f"no exclusion {', '.join(map(str, unknown))} for tenant {tenant}", 2)
