"""How the pipeline's assets are partitioned."""

import warnings

import dagster as dg

# One partition per tenant, keyed by the tenant's integer id as a string.
tenants = dg.DynamicPartitionsDefinition(name="tenants")


def tenant_check_spec(name: str, asset: str, description: str) -> dg.AssetCheckSpec:
    """An asset check on a tenant-partitioned asset whose results are stored per tenant.

    With the asset's ``tenants`` partitions, each result is recorded under the run's
    partition key, so a check's history and plots are one tenant's. Dagster 1.13 marks
    a partitioned check as a preview at definition; that one warning is silenced here
    so that loading the code location prints nothing of the project's own making.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message="Specifying a partitions_def on an AssetCheckSpec",
            category=dg.PreviewWarning,
        )
        return dg.AssetCheckSpec(name, asset=asset, description=description, partitions_def=tenants)
