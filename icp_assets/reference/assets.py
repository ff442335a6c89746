"""Stage `reference`: the shared reference data every tenant's pipeline reads: the
national company register (`acra_register`) and the SSIC 2020 code list (`ssic_codes`)."""

from pathlib import Path

import dagster as dg

from icp_assets.reference.loading import load_register_files, load_ssic_reference
from icp_assets.reference.register_rows import RegisterFileError
from icp_assets.settings import get_settings
from resources.warehouse import WarehouseResource


@dg.asset(
    group_name="reference",
    kinds={"postgres"},
    description="SSIC 2020: sections to sub-classes, definitions and the activity index.",
)
def ssic_codes(warehouse: WarehouseResource) -> dg.MaterializeResult:
    counts = load_ssic_reference(warehouse.get_warehouse())
    return dg.MaterializeResult(
        metadata={name: dg.MetadataValue.int(count) for name, count in counts.items()}
    )


class RegisterFilesConfig(dg.Config):
    paths: list[str] = []


def register_files(config: RegisterFilesConfig) -> list[Path]:
    """The configured files, or every CSV file in ``ICP_HOME/register``."""
    if config.paths:
        return [Path(p) for p in config.paths]
    return sorted((get_settings().home / "register").glob("*.csv"))


@dg.asset(
    group_name="reference",
    kinds={"postgres"},
    description=(
        "The national company register (ACRA Information on Corporate Entities), upserted "
        "by UEN from CSV files; bad rows reported by file and line."
    ),
)
def acra_register(
    context: dg.AssetExecutionContext, config: RegisterFilesConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    paths = register_files(config)
    if not paths:
        raise RegisterFileError(
            "no register files: configure paths or put CSV files in "
            f"{get_settings().home / 'register'}"
        )
    report = load_register_files(warehouse.get_warehouse(), paths)
    for problem in report.file_errors:
        context.log.error(f"register {problem}")
    for bad in report.bad_rows[:100]:
        context.log.warning(f"register {bad}")
    return dg.MaterializeResult(
        metadata={
            "rows_read": report.rows_read,
            "inserted": report.inserted,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "blanked": report.blanked,
            "file_errors": dg.MetadataValue.json(report.file_errors),
            **{f"{column}_rows": rows for column, rows in report.activity_text_rows.items()},
            **{
                f"{column}_share": round(share, 4)
                for column, share in report.activity_text_share.items()
            },
            "seconds": round(report.seconds, 2),
        }
    )
