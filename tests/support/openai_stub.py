"""A local OpenAI-compatible chat-completions server for tests.

It speaks the wire format the ``openai`` client reads (``POST /v1/chat/completions``,
``GET /v1/models``) on 127.0.0.1, so the real client and a real socket are exercised.
Answers come from a script: replies queued per structured-output schema name, then a
``responder`` callable, then an empty but valid answer built from the request's schema.
Every request body is recorded in :attr:`OpenAIStub.requests`.

Usage::

    with OpenAIStub() as stub:
        stub.enqueue("IntegrationsPage", StubReply.answer({"integrations": [...]}))
        extractor = LlmExtractor(ChatClient("stub-model", "x", stub.base_url), ...)
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any

DEFAULT_USAGE = {"prompt_tokens": 400, "completion_tokens": 100, "total_tokens": 500}


@dataclass(frozen=True)
class StubReply:
    """One scripted answer: a message content (any text, valid JSON or not), a refusal,
    or an HTTP error; optionally after a delay."""

    content: str | None = None
    refusal: str | None = None
    status: int = 200
    delay_s: float = 0.0
    usage: Mapping[str, int] | None = field(default_factory=lambda: dict(DEFAULT_USAGE))
    finish_reason: str = "stop"

    @classmethod
    def answer(cls, payload: Mapping[str, Any], **options: Any) -> StubReply:
        """A well-formed structured answer."""
        return cls(content=json.dumps(payload), **options)

    @classmethod
    def malformed_json(cls) -> StubReply:
        return cls(content='{"integrations": [{"name": "Xero", "evidence_quote": ')

    @classmethod
    def http_error(cls, status: int = 500) -> StubReply:
        return cls(status=status)

    @classmethod
    def slow(cls, delay_s: float, payload: Mapping[str, Any] | None = None) -> StubReply:
        return cls(content=json.dumps(payload or {}), delay_s=delay_s)

    @classmethod
    def refused(cls, reason: str = "I can't help with that.") -> StubReply:
        return cls(refusal=reason)


Responder = Callable[[Mapping[str, Any]], StubReply | None]


def schema_name(body: Mapping[str, Any]) -> str | None:
    """Name of the structured-output schema a request asks for (json_schema or tools)."""
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return response_format.get("json_schema", {}).get("name")
    tools = body.get("tools") or []
    if tools:
        return tools[0].get("function", {}).get("name")
    return None


def request_schema(body: Mapping[str, Any]) -> Mapping[str, Any]:
    response_format = body.get("response_format") or {}
    return response_format.get("json_schema", {}).get("schema", {})


def user_text(body: Mapping[str, Any]) -> str:
    """The text of the request's user messages, joined."""
    parts = []
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        else:
            parts.extend(block.get("text", "") for block in content or [])
    return "\n".join(parts)


def empty_answer(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The emptiest object that satisfies a strict object schema: [] for arrays, None for
    nullable fields, False, 0 or "" otherwise."""
    answer: dict[str, Any] = {}
    for name, spec in schema.get("properties", {}).items():
        types = spec.get("type")
        variants = [v.get("type") for v in spec.get("anyOf", [])]
        if types == "array" or "array" in variants:
            answer[name] = []
        elif "null" in variants or (isinstance(types, list) and "null" in types):
            answer[name] = None
        elif types == "boolean":
            answer[name] = False
        elif types in ("integer", "number"):
            answer[name] = 0
        else:
            answer[name] = ""
    return answer


class _StubServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    stub: OpenAIStub


class _Handler(BaseHTTPRequestHandler):
    server: _StubServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def _send_json(self, status: int, payload: Mapping[str, Any]) -> None:
        body = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a timeout test); nothing left to answer.
            pass

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            created = int(time.time())
            models = [
                {"id": model, "object": "model", "created": created, "owned_by": "stub"}
                for model in self.server.stub.models
            ]
            self._send_json(200, {"object": "list", "data": models})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "x"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "x"}})
            return
        body = json.loads(raw)
        stub = self.server.stub
        stub.authorizations.append(self.headers.get("Authorization"))
        reply = stub.reply_for(body)
        if reply.delay_s:
            time.sleep(reply.delay_s)
        if reply.status != 200:
            error = {"message": f"stub error {reply.status}", "type": "server_error"}
            self._send_json(reply.status, {"error": error})
            return
        self._send_json(200, stub.completion(body, reply))


class OpenAIStub:
    """An OpenAI-compatible server on 127.0.0.1 with an ephemeral port, as a context
    manager. ``base_url`` is what the client takes (``http://127.0.0.1:<port>/v1``)."""

    def __init__(self, responder: Responder | None = None, models: tuple[str, ...] = ()) -> None:
        self.responder = responder
        self.models = models or ("stub-model",)
        self.requests: list[dict[str, Any]] = []
        #: The ``Authorization`` header of each request, in order.
        self.authorizations: list[str | None] = []
        self._queues: dict[str | None, deque[StubReply]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._ids = count(1)
        self._server: _StubServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the stub is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(self, schema: str | None, *replies: StubReply) -> None:
        """Queue replies for requests asking for ``schema`` (None: any schema)."""
        with self._lock:
            self._queues[schema].extend(replies)

    def requests_for(self, schema: str) -> list[dict[str, Any]]:
        return [body for body in self.requests if schema_name(body) == schema]

    def reply_for(self, body: dict[str, Any]) -> StubReply:
        name = schema_name(body)
        with self._lock:
            self.requests.append(body)
            for key in (name, None):
                if self._queues[key]:
                    return self._queues[key].popleft()
        if self.responder is not None and (reply := self.responder(body)) is not None:
            return reply
        return StubReply.answer(empty_answer(request_schema(body)))

    def completion(self, body: Mapping[str, Any], reply: StubReply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.refusal is not None:
            message = {"role": "assistant", "content": None, "refusal": reply.refusal}
        completion: dict[str, Any] = {
            "id": f"chatcmpl-stub-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", self.models[0]),
            "system_fingerprint": "fp_stub",
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
        }
        if reply.usage is not None:
            completion["usage"] = dict(reply.usage)
        return completion

    def __enter__(self) -> OpenAIStub:
        self._server = _StubServer(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="openai-stub",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None


def run_stub(responder: Responder | None = None) -> Iterator[OpenAIStub]:
    """A running stub for a pytest fixture (``yield from run_stub()``)."""
    with OpenAIStub(responder) as stub:
        yield stub
