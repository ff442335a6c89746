"""What the whole-tenant benchmarks share: serving a scenario's websites on loopback,
writing its companies as a register file, and running a tenant's whole pipeline."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import dagster as dg

from icp_assets.automation.jobs import TENANT_ASSETS
from icp_assets.partitions import tenants
from icp_assets.reference.ssic import read_ssic_codes
from resources.crawler import CrawlerResource
from resources.llm import LlmResource
from resources.warehouse import WarehouseResource

REGISTER_COLUMNS = (
    "uen",
    "entity_name",
    "entity_type_description",
    "entity_status_description",
    "registration_incorporation_date",
    "primary_ssic_code",
    "primary_ssic_description",
    "secondary_ssic_code",
    "secondary_ssic_description",
)


@contextmanager
def serve(sites: Mapping[str, Mapping[str, str | bytes]]) -> Iterator[str]:
    """Every site's documents (domain -> path -> body) on one loopback port, chosen by
    the Host header; yields the origin. A site without a robots.txt allows everything."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            host = (self.headers.get("Host") or "").split(":")[0].removeprefix("www.")
            site = sites.get(host, {})
            path = self.path.rstrip("/") or "/"
            body = site.get(path)
            if body is None and path == "/robots.txt":
                body = "User-agent: *\nAllow: /\n"
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            data = body.encode("utf-8") if isinstance(body, str) else body
            kind = "text/plain" if path == "/robots.txt" else "text/html; charset=utf-8"
            if path.endswith(".xml"):
                kind = "application/xml"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def host_map_for(domains: Iterable[str], origin: str) -> str:
    """The crawler's host map sending each domain (and its ``www.`` form) to ``origin``."""
    return ",".join(f"{d}={origin},www.{d}={origin}" for d in domains)


def intake_of(scenario: Mapping[str, Any]) -> dict[str, Any]:
    """The intake a scenario's tenant submits: its site, best and lost customers, answers."""
    return {
        "website": f"https://{scenario['tenant']['domain']}",
        "best_customers": [{"name": c["name"], "website": c["domain"]} for c in scenario["best"]],
        "lost_customers": [
            {"name": c["name"], "website": c["domain"], "reason": c["reason"]}
            for c in scenario["lost"]
        ],
        **scenario.get("answers", {}),
    }


def write_register(path: Path, companies: Iterable[Mapping[str, Any]]) -> Path:
    """A register file in the published ACRA layout for the scenario companies."""
    titles = {c.code: c.title for c in read_ssic_codes()}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTER_COLUMNS)
        for c in companies:
            writer.writerow(
                [
                    c["uen"],
                    c["legal_name"],
                    c["entity_type"],
                    c["status"],
                    c["incorporated"],
                    c["primary_ssic"],
                    titles.get(c["primary_ssic"], ""),
                    c["secondary_ssic"],
                    titles.get(c["secondary_ssic"], ""),
                ]
            )
    return path


def materialize_tenant(
    database_url: str, tenant: int, host_map: str, *, max_pages_per_domain: int = 8
) -> None:
    """Run every tenant asset for ``tenant`` once, the crawler reaching ``host_map``."""
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(tenants.name, [str(tenant)])
        result = dg.materialize(
            TENANT_ASSETS,
            partition_key=str(tenant),
            instance=instance,
            resources={
                "warehouse": WarehouseResource(database_url=database_url),
                "crawler": CrawlerResource(
                    host_map=host_map,
                    per_host_delay_s=0.0,
                    max_pages_per_domain=max_pages_per_domain,
                ),
                "llm": LlmResource(model=""),
            },
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
    if not result.success:
        raise RuntimeError(f"the pipeline failed for tenant {tenant}")
