"""Crawl and extraction over loopback: 15 fixture company sites, up to 25 pages each.

Runs the crawl twice in separate processes, once with politeness delays at 0 and once
at the defaults (the baseline), and prints for each: pages fetched, pages per second,
extraction time per page (parse + extractors, p50 and p95), totals and peak memory.

    .venv/bin/python benchmarks/crawl.py            # both runs
    .venv/bin/python benchmarks/crawl.py --only fast

Target at delay 0: the 15 domains crawled and extracted in at most 30 s, peak memory
under 500 MB. The fixture server runs in its own process, so the figures are the
crawler's and the extractors' alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOMAINS = 15
MAX_PAGES = 25
TARGET_S = 30.0
TARGET_MB = 500.0


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def measure(mode: str, host_map: str) -> dict:
    """One run in this process: crawl every domain, then parse and extract every page."""
    from icp_assets.crawl.content import parse_html
    from icp_assets.demo.fixture_sites import REALISTIC_DOMAINS
    from icp_assets.evidence.extract import extract_domain_evidence
    from icp_assets.evidence.extract.integrations import load_integration_catalogue
    from resources.crawler import CrawlerConfig, crawl_domains_sync

    domains = sorted(REALISTIC_DOMAINS)[:DOMAINS]
    overrides = {"ICP_CRAWL_HOST_MAP": host_map, "ICP_CRAWL_MAX_PAGES": str(MAX_PAGES)}
    if mode == "fast":
        overrides["ICP_CRAWL_DELAY_S"] = "0"
    config = CrawlerConfig.from_environment({**os.environ, **overrides})
    catalogue = load_integration_catalogue()

    started = time.perf_counter()
    crawls = crawl_domains_sync(config, domains, {})
    crawled = time.perf_counter()
    per_page: list[float] = []
    items = 0
    for crawl in crawls:
        for fetched in crawl.pages:
            if fetched.html is None:
                continue
            page_started = time.perf_counter()
            page = parse_html(
                fetched.html, url=fetched.url, domain=crawl.domain, page_type=fetched.page_type
            ).content
            items += len(extract_domain_evidence([page], catalogue))
            per_page.append(time.perf_counter() - page_started)
    finished = time.perf_counter()
    pages_fetched = sum(1 for c in crawls for p in c.pages if p.html is not None)
    return {
        "mode": mode,
        "delay_s": config.per_host_delay_s,
        "domains": len(domains),
        "domains_ok": sum(1 for c in crawls if c.outcome == "ok"),
        "pages": pages_fetched,
        "requests": sum(c.requests for c in crawls),
        "evidence_items": items,
        "crawl_s": round(crawled - started, 2),
        "extract_s": round(finished - crawled, 2),
        "total_s": round(finished - started, 2),
        "pages_per_s": round(pages_fetched / (crawled - started), 1),
        "extract_ms_p50": round(1000 * statistics.median(per_page), 1) if per_page else 0.0,
        "extract_ms_p95": round(1000 * _percentile(per_page, 0.95), 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _run_child(mode: str, host_map: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--host-map", host_map],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["fast", "default"])
    parser.add_argument("--child", choices=["fast", "default"], help=argparse.SUPPRESS)
    parser.add_argument("--host-map", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.host_map)))
        return

    modes = [args.only] if args.only else ["fast", "default"]
    server = subprocess.Popen(
        [sys.executable, "-m", "icp_assets.demo.fixture_sites", "--port", "0", "--print-host-map"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        host_map = server.stdout.readline().strip().removeprefix("ICP_CRAWL_HOST_MAP=")
        results = {mode: _run_child(mode, host_map) for mode in modes}
    finally:
        server.terminate()
        server.wait(timeout=10)

    for result in results.values():
        print(
            f"{result['mode']:>7}: delay {result['delay_s']} s, {result['domains_ok']}/"
            f"{result['domains']} domains ok, {result['pages']} pages "
            f"({result['requests']} requests), crawl {result['crawl_s']} s "
            f"= {result['pages_per_s']} pages/s; extraction p50 {result['extract_ms_p50']} ms, "
            f"p95 {result['extract_ms_p95']} ms per page, {result['extract_s']} s; "
            f"total {result['total_s']} s; {result['evidence_items']} evidence items; "
            f"peak {result['peak_mb']} MB"
        )
    if "fast" in results:
        fast = results["fast"]
        verdict = fast["total_s"] <= TARGET_S and fast["peak_mb"] < TARGET_MB
        print(
            f"target at delay 0: total <= {TARGET_S:.0f} s and peak < {TARGET_MB:.0f} MB: "
            + ("met" if verdict else "NOT met")
        )
    if len(results) == 2:
        ratio = results["default"]["total_s"] / max(results["fast"]["total_s"], 1e-9)
        print(f"politeness at the defaults costs {ratio:.1f}x the wall time of delay 0")


if __name__ == "__main__":
    main()
