"""The optional LLM extractor: structured answers from an OpenAI-compatible chat API,
turned into cited evidence, within a per-domain budget of pages and tokens.

On only when a model name (``ICP_LLM_MODEL``) and an API key (``OPENAI_API_KEY``) or a
base URL (``OPENAI_BASE_URL``) are set; a base URL alone gets a placeholder key, which
local servers ignore. A failed call (HTTP error, timeout, malformed or off-schema output,
a refusal) costs the page its LLM items, is counted by kind, and never raises.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import dagster as dg
import openai
import pydantic
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import OpenAIRefusalError

from icp_assets.extract.llm_schemas import (
    SCHEMA_BY_PAGE_TYPE,
    evidence_from_answer,
    page_priority,
    schema_for_page,
)
from icp_assets.extract.model import EvidenceItem, PageContent, keep_best
from icp_assets.settings import Settings, get_settings

logger = logging.getLogger(__name__)

MAX_CHUNK_CHARS = 6_000
MAX_CHUNKS_PER_PAGE = 3
MAX_OUTPUT_TOKENS = 1_000
CHARS_PER_TOKEN = 4
#: Consecutive pages that add no new (signal_key, value) after which a domain is saturated.
SATURATION_PAGES = 2
#: Consecutive transport failures (HTTP error, timeout, no connection) that end a domain.
MAX_CONSECUTIVE_FAILURES = 3
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
_TRANSPORT_ERRORS = frozenset({"http_error", "timeout", "connection_error"})

SYSTEM_PROMPT = (
    "You read one page of a company's website for business-to-business market research "
    "and fill in the requested fields. Use only what the page text says; leave a list empty "
    "or a field null when the page does not say it. For every item, copy a short supporting "
    "sentence from the page word for word into evidence_quote. Never write a person's name, "
    "an e-mail address or a phone number anywhere in the answer."
)


def estimate_tokens(text: str) -> int:
    """A rough token count (four characters a token), for budgets when no usage is known."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def _split_long_paragraph(paragraph: str, max_chars: int) -> list[str]:
    pieces = []
    while len(paragraph) > max_chars:
        cut = paragraph.rfind(" ", 0, max_chars + 1)
        cut = cut if cut > 0 else max_chars
        pieces.append(paragraph[:cut].strip())
        paragraph = paragraph[cut:].strip()
    if paragraph:
        pieces.append(paragraph)
    return pieces


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """``text`` in chunks of at most ``max_chars``, split between paragraphs (lines); a
    paragraph longer than a chunk is split between words."""
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars!r}")
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in re.split(r"\n\s*", text):
        paragraph = line.strip()
        if not paragraph:
            continue
        for piece in _split_long_paragraph(paragraph, max_chars):
            added = len(piece) + (1 if current else 0)
            if current and size + added > max_chars:
                chunks.append("\n".join(current))
                current, size = [], 0
                added = len(piece)
            current.append(piece)
            size += added
    if current:
        chunks.append("\n".join(current))
    return chunks


def page_prompt(page: PageContent, chunk: str, part: int, parts: int) -> str:
    header = [f"Website: {page.domain}", f"Page: {page.url} (type: {page.page_type})"]
    if page.title:
        header.append(f"Title: {page.title}")
    label = "Page text" if parts == 1 else f"Page text, part {part} of {parts}"
    return "\n".join(header) + f"\n\n{label}:\n{chunk}"


@dataclass(frozen=True)
class LlmDomainResult:
    """What the model found on one domain's pages, and what it cost."""

    items: tuple[EvidenceItem, ...]
    pages_used: int
    tokens_used: int
    #: Failed calls by kind (every kind of :data:`ERROR_KINDS`, zero when none).
    errors: Mapping[str, int]
    requests: int = 0
    #: Items the model gave that were dropped: no verifiable citation, or no valid value.
    items_dropped: int = 0
    #: Why the extractor stopped before the last page: "saturated", "page_cap",
    #: "token_budget", "endpoint_failing"; None when every page was read.
    stop_reason: str | None = None

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def stopped_early(self) -> bool:
        """True when the domain's signals saturated before its pages ran out."""
        return self.stop_reason == "saturated"


@dataclass
class _Answer:
    parsed: pydantic.BaseModel | None
    tokens: int
    error: str | None = None


@dataclass
class _DomainRun:
    """The running totals of one domain."""

    max_pages: int
    max_tokens: int
    seen: set[tuple[str, str]]
    items: list[EvidenceItem] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    pages_used: int = 0
    tokens_used: int = 0
    requests: int = 0
    dropped: int = 0
    pages_without_news: int = 0
    consecutive_failures: int = 0
    stop_reason: str | None = None

    def result(self) -> LlmDomainResult:
        errors = {kind: self.errors.get(kind, 0) for kind in ERROR_KINDS}
        return LlmDomainResult(
            items=tuple(self.items),
            pages_used=self.pages_used,
            tokens_used=self.tokens_used,
            errors=MappingProxyType(errors),
            requests=self.requests,
            items_dropped=self.dropped,
            stop_reason=self.stop_reason,
        )


def _validation_error_kind(error: pydantic.ValidationError) -> str:
    invalid_json = any(detail["type"] == "json_invalid" for detail in error.errors())
    return "malformed_output" if invalid_json else "schema_mismatch"


class LlmExtractor:
    """Structured extraction through an OpenAI-compatible chat API, one domain at a time.

    Pages are read in signal-priority order (customers, industries, integrations,
    pricing, careers, about, home, the rest), each in chunks of at most
    ``MAX_CHUNK_CHARS``, until the page cap, the token budget or saturation ends the
    domain.
    """

    def __init__(
        self,
        model: str,
        api_key: str,
        base_url: str | None,
        max_pages_per_domain: int,
        max_tokens_per_domain: int,
        timeout_s: float = 30.0,
        *,
        max_retries: int = 1,
        max_output_tokens: int = MAX_OUTPUT_TOKENS,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
    ) -> None:
        self.model = model
        self.max_pages_per_domain = max_pages_per_domain
        self.max_tokens_per_domain = max_tokens_per_domain
        self.max_output_tokens = max_output_tokens
        self.max_chunk_chars = max_chunk_chars
        self.extractor_name = f"llm:{model}"
        self._chat = ChatOpenAI(
            model=model,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout_s,
            max_retries=max_retries,
            max_tokens=max_output_tokens,
        )
        self._structured: dict[type[pydantic.BaseModel], Runnable[Any, Any]] = {
            schema: self._chat.with_structured_output(
                schema, method=STRUCTURED_OUTPUT_METHOD, include_raw=True
            )
            for schema in set(SCHEMA_BY_PAGE_TYPE.values())
        }

    def extract_domain(
        self, pages: Sequence[PageContent], known: Iterable[EvidenceItem] = ()
    ) -> LlmDomainResult:
        """Evidence the model finds on one domain's ``pages``.

        ``known`` (the deterministic items of the domain, say) counts as already found, so
        pages that only repeat it count towards saturation.
        """
        run = _DomainRun(
            max_pages=self.max_pages_per_domain,
            max_tokens=self.max_tokens_per_domain,
            seen={(item.signal_key, item.value) for item in known},
        )
        readable = [page for page in pages if page.main_text.strip()]
        for page in sorted(readable, key=page_priority):
            if run.pages_used >= run.max_pages:
                run.stop_reason = "page_cap"
                break
            if run.pages_without_news >= SATURATION_PAGES:
                run.stop_reason = "saturated"
                break
            self._read_page(page, run)
            if run.stop_reason is not None:
                break
        return run.result()

    def _read_page(self, page: PageContent, run: _DomainRun) -> None:
        schema = schema_for_page(page)
        chunks = chunk_text(page.main_text, self.max_chunk_chars)[:MAX_CHUNKS_PER_PAGE]
        page_items: dict[tuple[str, str], EvidenceItem] = {}
        answered = asked = False
        for part, chunk in enumerate(chunks, start=1):
            prompt = page_prompt(page, chunk, part, len(chunks))
            needed = estimate_tokens(SYSTEM_PROMPT + prompt) + self.max_output_tokens
            if run.tokens_used + needed > run.max_tokens:
                run.stop_reason = "token_budget"
                break
            asked = True
            answer = self._ask(schema, prompt, page)
            run.requests += 1
            run.tokens_used += answer.tokens
            if answer.error is not None or answer.parsed is None:
                run.errors[answer.error or "schema_mismatch"] += 1
                failed_transport = answer.error in _TRANSPORT_ERRORS
                run.consecutive_failures = run.consecutive_failures + 1 if failed_transport else 0
                if run.consecutive_failures >= MAX_CONSECUTIVE_FAILURES:
                    run.stop_reason = "endpoint_failing"
                    break
                continue
            run.consecutive_failures = 0
            answered = True
            mapped = evidence_from_answer(answer.parsed, page, self.extractor_name)
            run.dropped += mapped.dropped
            for item in mapped.items:
                keep_best(page_items, item, (item.signal_key, item.value))
        if asked:
            run.pages_used += 1
        run.items.extend(page_items.values())
        if not answered:
            # A page the model never answered says nothing about saturation.
            return
        news = page_items.keys() - run.seen
        run.seen |= page_items.keys()
        run.pages_without_news = 0 if news else run.pages_without_news + 1

    def _ask(self, schema: type[pydantic.BaseModel], prompt: str, page: PageContent) -> _Answer:
        estimate = estimate_tokens(SYSTEM_PROMPT + prompt)
        messages = [("system", SYSTEM_PROMPT), ("human", prompt)]
        try:
            output = self._structured[schema].invoke(messages)
        except openai.APITimeoutError:
            return self._failed("timeout", estimate, page)
        except openai.APIConnectionError:
            return self._failed("connection_error", estimate, page)
        except openai.APIStatusError:
            return self._failed("http_error", estimate, page)
        except openai.LengthFinishReasonError as error:
            usage = error.completion.usage
            return self._failed("truncated_output", usage.total_tokens if usage else estimate, page)
        except openai.ContentFilterFinishReasonError:
            return self._failed("refusal", estimate, page)
        except pydantic.ValidationError as error:
            return self._failed(_validation_error_kind(error), estimate, page)
        except openai.OpenAIError:
            logger.exception("llm extraction: unexpected API error on %s", page.url)
            return self._failed("api_error", estimate, page)
        usage = getattr(output["raw"], "usage_metadata", None) or {}
        tokens = usage.get("total_tokens") or estimate
        parsed = output.get("parsed")
        parsing_error = output.get("parsing_error")
        if isinstance(parsing_error, OpenAIRefusalError):
            return self._failed("refusal", tokens, page)
        if parsing_error is not None or parsed is None:
            return self._failed("schema_mismatch", tokens, page)
        return _Answer(parsed=parsed, tokens=tokens)

    def _failed(self, kind: str, tokens: int, page: PageContent) -> _Answer:
        logger.warning("llm extraction: %s on %s (model %s)", kind, page.url, self.model)
        return _Answer(parsed=None, tokens=tokens, error=kind)


def llm_enabled(settings: Settings) -> bool:
    """Whether these settings turn LLM extraction on: a model, and a key or a base URL."""
    return bool(settings.llm_model and (settings.openai_api_key or settings.openai_base_url))


def llm_extractor_from_settings(
    settings: Settings, *, timeout_s: float = 30.0, max_retries: int = 1
) -> LlmExtractor | None:
    """The extractor these settings describe, or None when LLM extraction is off."""
    if not llm_enabled(settings) or settings.llm_model is None:
        return None
    return LlmExtractor(
        model=settings.llm_model,
        api_key=settings.openai_api_key or PLACEHOLDER_API_KEY,
        base_url=settings.openai_base_url,
        max_pages_per_domain=settings.llm_max_pages_per_domain,
        max_tokens_per_domain=settings.llm_max_tokens_per_domain,
        timeout_s=timeout_s,
        max_retries=max_retries,
    )


class LlmExtractorResource(dg.ConfigurableResource):
    """The LLM extractor as a Dagster resource.

    Unset fields fall back to the environment (``ICP_LLM_MODEL``, ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``, ``ICP_LLM_MAX_*``). With no model, or neither a key nor a base
    URL, the resource is disabled and :meth:`get_extractor` returns None.
    """

    model: str | None = None
    api_key: str | None = None
    base_url: str | None = None
    max_pages_per_domain: int | None = None
    max_tokens_per_domain: int | None = None
    timeout_s: float = 30.0
    max_retries: int = 1

    def resolved_settings(self) -> Settings:
        overrides = {
            key: value
            for key, value in (
                ("llm_model", self.model),
                ("openai_api_key", self.api_key),
                ("openai_base_url", self.base_url),
                ("llm_max_pages_per_domain", self.max_pages_per_domain),
                ("llm_max_tokens_per_domain", self.max_tokens_per_domain),
            )
            if value is not None
        }
        return get_settings().model_copy(update=overrides)

    @property
    def enabled(self) -> bool:
        return llm_enabled(self.resolved_settings())

    def get_extractor(self) -> LlmExtractor | None:
        return llm_extractor_from_settings(
            self.resolved_settings(), timeout_s=self.timeout_s, max_retries=self.max_retries
        )
