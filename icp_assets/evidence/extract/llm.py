"""What a language model is asked of a domain's pages, within a per-domain budget of
pages and tokens: pages in signal-priority order, each in chunks, until the page cap,
the token budget or saturation ends the domain. The answers become cited evidence
through ``llm_schemas``; the chat model itself is the ``llm`` resource.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from icp_assets.crawl.content import PageContent
from icp_assets.evidence.extract.llm_schemas import (
    evidence_from_answer,
    page_priority,
    schema_for_page,
)
from icp_assets.evidence.extract.model import EvidenceItem, keep_best
from icp_assets.settings import Settings, get_settings
from resources.llm import ERROR_KINDS, TRANSPORT_ERRORS, ChatClient, estimate_tokens

MAX_CHUNK_CHARS = 6_000
MAX_CHUNKS_PER_PAGE = 3
#: Consecutive pages that add no new (signal_key, value) after which a domain is saturated.
SATURATION_PAGES = 2
#: Consecutive transport failures (HTTP error, timeout, no connection) that end a domain.
MAX_CONSECUTIVE_FAILURES = 3

SYSTEM_PROMPT = (
    "You read one page of a company's website for business-to-business market research "
    "and fill in the requested fields. Use only what the page text says; leave a list empty "
    "or a field null when the page does not say it. For every item, copy a short supporting "
    "sentence from the page word for word into evidence_quote. Never write a person's name, "
    "an e-mail address or a phone number anywhere in the answer."
)


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


class LlmExtractor:
    """Structured extraction through an OpenAI-compatible chat API, one domain at a time.

    Pages are read in signal-priority order (customers, industries, integrations,
    pricing, careers, about, home, the rest), each in chunks of at most
    ``MAX_CHUNK_CHARS``, until the page cap, the token budget or saturation ends the
    domain.
    """

    def __init__(
        self,
        client: ChatClient,
        max_pages_per_domain: int,
        max_tokens_per_domain: int,
        *,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
    ) -> None:
        self.client = client
        self.max_pages_per_domain = max_pages_per_domain
        self.max_tokens_per_domain = max_tokens_per_domain
        self.max_chunk_chars = max_chunk_chars
        self.extractor_name = f"llm:{client.model}"

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
            needed = estimate_tokens(SYSTEM_PROMPT + prompt) + self.client.max_output_tokens
            if run.tokens_used + needed > run.max_tokens:
                run.stop_reason = "token_budget"
                break
            asked = True
            answer = self.client.ask(schema, SYSTEM_PROMPT, prompt, about=page.url)
            run.requests += 1
            run.tokens_used += answer.tokens
            if answer.error is not None or answer.parsed is None:
                run.errors[answer.error or "schema_mismatch"] += 1
                failed_transport = answer.error in TRANSPORT_ERRORS
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


def llm_extractor(
    client: ChatClient | None, settings: Settings | None = None
) -> LlmExtractor | None:
    """The extractor over ``client`` with the settings' budgets
    (``ICP_LLM_MAX_PAGES_PER_DOMAIN``, ``ICP_LLM_MAX_TOKENS_PER_DOMAIN``); None without a
    client (the chat model is off)."""
    if client is None:
        return None
    settings = settings or get_settings()
    return LlmExtractor(
        client,
        max_pages_per_domain=settings.llm_max_pages_per_domain,
        max_tokens_per_domain=settings.llm_max_tokens_per_domain,
    )
