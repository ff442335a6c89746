"""Serve the fixture sites by hand: ``python -m icp_assets.demo.fixture_sites --port 8001``.

The first line printed is ``ICP_CRAWL_HOST_MAP=...``, ready to export.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from icp_assets.demo.fixture_sites.server import DEFAULT_SLOW_SECONDS, FixtureWebServer
from icp_assets.demo.fixture_sites.sites import SITES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m icp_assets.demo.fixture_sites",
        description="Serve the fixture websites on loopback, choosing the site by Host.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001, help="0 picks a free port")
    parser.add_argument("--slow-seconds", type=float, default=DEFAULT_SLOW_SECONDS)
    parser.add_argument(
        "--print-host-map",
        action="store_true",
        help="print only the ICP_CRAWL_HOST_MAP line (for scripts reading stdout)",
    )
    args = parser.parse_args(argv)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with FixtureWebServer(args.host, args.port, slow_seconds=args.slow_seconds) as server:
        print(f"ICP_CRAWL_HOST_MAP={server.host_map()}", flush=True)
        if not args.print_host_map:
            print(
                f"Serving {len(SITES)} fixture sites on {server.origin} (Ctrl-C to stop). "
                f"Try: curl -H 'Host: lumenledger.sg' {server.origin}/",
                file=sys.stderr,
                flush=True,
            )
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()


if __name__ == "__main__":
    main()
