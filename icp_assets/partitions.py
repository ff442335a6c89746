"""How the pipeline's assets are partitioned."""

import dagster as dg

# One partition per tenant, keyed by the tenant's integer id as a string.
tenants = dg.DynamicPartitionsDefinition(name="tenants")
