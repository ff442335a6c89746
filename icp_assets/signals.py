"""The kinds of evidence (``icp_evidence.signal_key``): one registry for the stage that
writes an item and every stage that reads it."""

from __future__ import annotations

from enum import StrEnum


class Signal(StrEnum):
    #: A register SSIC code of a matched seed (the mapping stage writes it).
    SSIC = "ssic"
    #: An SSIC code read from a company's own words on its website.
    SSIC_HINT = "ssic_hint"
    INDUSTRY_LABEL = "industry_label"
    INTEGRATION = "integration"
    BUYER_TITLE = "buyer_title"
    HEADCOUNT_HINT = "headcount_hint"
    LOCATION = "location"
    PRICING = "pricing"
    CUSTOMER_LOGO = "customer_logo"
    #: An industry a company says its product is not for.
    NOT_FOR = "not_for"


#: The signals extractors read from web pages (everything but the register's codes).
WEB_SIGNALS: tuple[Signal, ...] = tuple(s for s in Signal if s is not Signal.SSIC)
#: The signals that carry an SSIC code, from the register or the web.
SSIC_SIGNALS = frozenset({Signal.SSIC, Signal.SSIC_HINT})
