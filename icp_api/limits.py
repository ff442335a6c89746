"""Request limits: the body size cap and the JSON bounds (ASGI middlewares) and the
per-tenant intake rate."""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from icp_assets.bounded_json import JsonBoundsError, loads_bounded


class BodySizeLimit:
    """Answers 413 to a request whose body is over ``max_bytes``: at once when its
    Content-Length says so, and as soon as a streamed body passes the cap otherwise,
    so an oversized body is never read whole into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised where the route reads its body; the app answers it as 413.
                    raise HTTPException(413, self.message)
            return message

        await self.app(scope, counting_receive, send)

    @property
    def message(self) -> str:
        return f"the request body is over the limit of {self.max_bytes} bytes"

    async def _refuse(self, send: Send) -> None:
        await _answer(send, 413, {"detail": self.message})


async def _answer(send: Send, status: int, content: object) -> None:
    body = json.dumps(content).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class JsonBodyBounds:
    """Answers 422 to a JSON body nested too deep, with a number too long or out of
    range, or with ``NaN`` or ``Infinity`` (``loads_bounded``), before any route parses
    it; ``{"detail": [{"field": "body", "message": ...}]}`` names the problem. A body
    that is not JSON at all goes on to the route, which says where it breaks.

    Installed inside ``BodySizeLimit``: the body it reads whole is already capped."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        content_type = dict(scope.get("headers") or ()).get(b"content-type", b"json")
        if scope["type"] != "http" or b"json" not in content_type.lower():
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        try:
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request" or not message.get("more_body"):
                    break
        except HTTPException as error:  # the body size cap, raised while reading
            await _answer(send, error.status_code, {"detail": error.detail})
            return
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        if body:
            try:
                loads_bounded(body)
            except JsonBoundsError as error:
                await _answer(send, 422, {"detail": [{"field": "body", "message": str(error)}]})
                return
            except ValueError:
                pass  # not JSON: the route answers it, naming the position

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after_s: int


class TenantRateLimit:
    """A moving-window limit per tenant and action, on the ``limits`` library's
    storage: in memory for one process, Redis when several API processes share it."""

    def __init__(self, rate: str, storage_uri: str = "memory://") -> None:
        try:
            self.item: RateLimitItem = parse(rate)
        except ValueError:
            raise ValueError(
                f"ICP_API_INTAKE_RATE_LIMIT {rate!r} is not a rate like '20/minute'"
            ) from None
        self.rate = rate
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, action: str, tenant_id: int) -> RateDecision:
        if self.limiter.hit(self.item, action, str(tenant_id)):
            return RateDecision(True, 0)
        reset_at = self.limiter.get_window_stats(self.item, action, str(tenant_id)).reset_time
        return RateDecision(False, max(1, math.ceil(reset_at - time.time())))
