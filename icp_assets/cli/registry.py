"""`icp registry`: the national company register (ACRA)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from icp_assets.cli.common import JsonOption, emit, fail, warehouse

registry_app = typer.Typer(help="The national company register (ACRA).", no_args_is_help=True)


@registry_app.command("load")
def registry_load(
    files: Annotated[list[Path], typer.Argument(help="ACRA entity CSV files, oldest first.")],
    as_json: JsonOption = False,
) -> None:
    """Load register files: upsert by UEN, bad rows reported by file and line."""
    from icp_assets.reference.loading import load_register_files

    report = load_register_files(warehouse(), files, progress=sys.stderr.isatty())
    if as_json:
        typer.echo(json.dumps(report.as_json(), indent=2))
    else:
        for problem in report.file_errors:
            typer.secho(f"error: {problem}", err=True, fg=typer.colors.RED)
        for bad in report.bad_rows[:50]:
            typer.echo(f"{bad}", err=True)
        if len(report.bad_rows) > 50:
            typer.echo(f"... and {len(report.bad_rows) - 50} more bad rows (--json)", err=True)
        typer.echo(
            f"{report.rows_read} rows read in {report.seconds:.1f} s: {report.inserted} new, "
            f"{report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected} rejected, {report.blanked} with a value blanked"
        )
        share = report.activity_text_share
        typer.echo(
            "with an activity text: "
            + ", ".join(
                f"{column} {rows} ({share[column]:.0%})"
                for column, rows in report.activity_text_rows.items()
            )
        )
    if report.file_errors:
        raise typer.Exit(1)


@registry_app.command("synth")
def registry_synth(
    rows: Annotated[int, typer.Option(help="How many register rows.", min=1)],
    out: Annotated[Path, typer.Option(help="The CSV file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same file.")] = 0,
) -> None:
    """Write a realistic synthetic register in ACRA's CSV format."""
    from icp_assets.demo.register_synth import write_register_csv

    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_register_csv(out, rows, seed=seed)
    typer.echo(f"wrote {written} rows to {out}")


@registry_app.command("size")
def registry_size(
    ssic: Annotated[
        list[str], typer.Option(help="SSIC code (5 digits) or prefix such as 620; repeatable.")
    ],
    sample: Annotated[int, typer.Option(help="How many sample companies.", min=0)] = 10,
    as_json: JsonOption = False,
) -> None:
    """Count and sample live register companies by SSIC codes or prefixes: by primary
    code, with the companies matching only by their secondary code counted apart."""
    from icp_assets.reference.queries import (
        Likeness,
        Segment,
        SsicFilter,
        count_segment,
        likely_companies,
    )

    try:
        segment = Segment(SsicFilter.parse(ssic))
    except ValueError as error:
        raise fail(str(error), 2) from None
    with warehouse().system_transaction() as conn:
        count = count_segment(conn, segment)
        samples = likely_companies(conn, segment, Likeness(), sample)
    data = {
        "ssic": ssic,
        "live_companies": count.primary,
        "secondary_only": count.secondary_only,
        "samples": [
            {"uen": c.uen, "entity_name": c.entity_name, "primary_ssic_code": c.primary_ssic_code}
            for c in samples
        ],
    }
    lines = [
        f"{count.primary} live companies by primary code "
        f"({count.secondary_only} more by secondary code only)"
    ] + [f"  {c.uen}  {c.entity_name}  ({c.primary_ssic_code})" for c in samples]
    emit(data, as_json, "\n".join(lines))


@registry_app.command("ssic")
def registry_ssic(
    terms: Annotated[list[str], typer.Argument(help="Words to look for, e.g. logistics.")],
    as_json: JsonOption = False,
) -> None:
    """SSIC 2020 codes whose title or activities mention the terms."""
    from icp_assets.reference.queries import ssic_codes_for_terms

    with warehouse().system_transaction() as conn:
        matches = ssic_codes_for_terms(conn, terms)
    data = [vars(m) | {"examples": list(m.examples)} for m in matches]
    lines = [
        f"{m.code}  {m.title}  ({m.title_hits} title, {m.activity_hits} activities)"
        for m in matches
    ]
    emit(data, as_json, "\n".join(lines) or "no SSIC code mentions those terms")
