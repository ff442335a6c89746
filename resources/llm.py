"""A chat model behind an OpenAI-compatible API, asked for answers that fit a schema,
and its Dagster resource.

On only when a model name (``ICP_LLM_MODEL``) and an API key (``OPENAI_API_KEY``) or a
base URL (``OPENAI_BASE_URL``) are set; a base URL alone gets a placeholder key, which
local servers ignore. A failed call (HTTP error, timeout, malformed or off-schema output,
a refusal) comes back as the answer's ``error``, by kind, and never raises. What to ask
and what to do with the answers is the evidence stage's
(``icp_assets.evidence.extract.llm``).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

import dagster as dg
import openai
import pydantic
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import OpenAIRefusalError

from icp_assets.settings import Settings, get_settings

logger = logging.getLogger(__name__)

MAX_OUTPUT_TOKENS = 1_000
CHARS_PER_TOKEN = 4
PLACEHOLDER_API_KEY = "no-key-needed"
STRUCTURED_OUTPUT_METHOD = "json_schema"

ERROR_KINDS = (
    "http_error",
    "timeout",
    "connection_error",
    "malformed_output",
    "schema_mismatch",
    "truncated_output",
    "refusal",
    "api_error",
)
#: Failures of the endpoint itself rather than of one answer.
TRANSPORT_ERRORS = frozenset({"http_error", "timeout", "connection_error"})


def estimate_tokens(text: str) -> int:
    """A rough token count (four characters a token), for budgets when no usage is known."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


@dataclass(frozen=True)
class ChatAnswer:
    """The model's answer parsed into the schema, or the kind of failure; and the tokens
    it cost (the reported usage, else an estimate)."""

    parsed: pydantic.BaseModel | None
    tokens: int
    error: str | None = None


def _validation_error_kind(error: pydantic.ValidationError) -> str:
    invalid_json = any(detail["type"] == "json_invalid" for detail in error.errors())
    return "malformed_output" if invalid_json else "schema_mismatch"


class ChatClient:
    """Structured answers from one model of an OpenAI-compatible chat API."""

    def __init__(
        self,
        model: str,
        api_key: str,
        base_url: str | None,
        *,
        timeout_s: float = 30.0,
        max_retries: int = 1,
        max_output_tokens: int = MAX_OUTPUT_TOKENS,
    ) -> None:
        self.model = model
        self.max_output_tokens = max_output_tokens
        self._chat = ChatOpenAI(
            model=model,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout_s,
            max_retries=max_retries,
            max_tokens=max_output_tokens,
        )
        self._structured: dict[type[pydantic.BaseModel], Runnable[Any, Any]] = {}

    def _runnable(self, schema: type[pydantic.BaseModel]) -> Runnable[Any, Any]:
        runnable = self._structured.get(schema)
        if runnable is None:
            runnable = self._chat.with_structured_output(
                schema, method=STRUCTURED_OUTPUT_METHOD, include_raw=True
            )
            self._structured[schema] = runnable
        return runnable

    def ask(
        self, schema: type[pydantic.BaseModel], system: str, prompt: str, about: str = ""
    ) -> ChatAnswer:
        """Ask with a system and a user message for an answer that fits ``schema``;
        ``about`` (a page's URL) names the call in the log when it fails."""
        estimate = estimate_tokens(system + prompt)
        messages = [("system", system), ("human", prompt)]
        try:
            output = self._runnable(schema).invoke(messages)
        except openai.APITimeoutError:
            return self._failed("timeout", estimate, about)
        except openai.APIConnectionError:
            return self._failed("connection_error", estimate, about)
        except openai.APIStatusError:
            return self._failed("http_error", estimate, about)
        except openai.LengthFinishReasonError as error:
            usage = error.completion.usage
            tokens = usage.total_tokens if usage else estimate
            return self._failed("truncated_output", tokens, about)
        except openai.ContentFilterFinishReasonError:
            return self._failed("refusal", estimate, about)
        except pydantic.ValidationError as error:
            return self._failed(_validation_error_kind(error), estimate, about)
        except openai.OpenAIError:
            logger.exception("llm: unexpected API error on %s", about)
            return self._failed("api_error", estimate, about)
        usage = getattr(output["raw"], "usage_metadata", None) or {}
        tokens = usage.get("total_tokens") or estimate
        parsed = output.get("parsed")
        parsing_error = output.get("parsing_error")
        if isinstance(parsing_error, OpenAIRefusalError):
            return self._failed("refusal", tokens, about)
        if parsing_error is not None or parsed is None:
            return self._failed("schema_mismatch", tokens, about)
        return ChatAnswer(parsed=parsed, tokens=tokens)

    def _failed(self, kind: str, tokens: int, about: str) -> ChatAnswer:
        logger.warning("llm: %s on %s (model %s)", kind, about, self.model)
        return ChatAnswer(parsed=None, tokens=tokens, error=kind)


def llm_enabled(settings: Settings) -> bool:
    """Whether these settings turn the chat model on: a model, and a key or a base URL."""
    return bool(settings.llm_model and (settings.openai_api_key or settings.openai_base_url))


def chat_client_from_settings(
    settings: Settings, *, timeout_s: float = 30.0, max_retries: int = 1
) -> ChatClient | None:
    """The client these settings describe, or None when the chat model is off."""
    if not llm_enabled(settings) or settings.llm_model is None:
        return None
    return ChatClient(
        model=settings.llm_model,
        api_key=settings.openai_api_key or PLACEHOLDER_API_KEY,
        base_url=settings.openai_base_url,
        timeout_s=timeout_s,
        max_retries=max_retries,
    )


class LlmResource(dg.ConfigurableResource):
    """The chat model as a Dagster resource.

    Unset fields fall back to the environment (``ICP_LLM_MODEL``, ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``). With no model, or neither a key nor a base URL, the resource is
    disabled and :meth:`get_client` returns None.
    """

    model: str | None = None
    api_key: str | None = None
    base_url: str | None = None
    timeout_s: float = 30.0
    max_retries: int = 1

    def resolved_settings(self) -> Settings:
        overrides = {
            key: value
            for key, value in (
                ("llm_model", self.model),
                ("openai_api_key", self.api_key),
                ("openai_base_url", self.base_url),
            )
            if value is not None
        }
        return get_settings().model_copy(update=overrides)

    @property
    def enabled(self) -> bool:
        return llm_enabled(self.resolved_settings())

    def get_client(self) -> ChatClient | None:
        return chat_client_from_settings(
            self.resolved_settings(), timeout_s=self.timeout_s, max_retries=self.max_retries
        )
