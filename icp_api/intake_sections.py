"""The intake's advanced sections A to H as the web UI names them, each with example
questions written as the form reads them ("question: answer", one a line). The letters
are ``icp_assets.intake.model.AdvancedSection``'s; the wizard's ``advanced_sections`` says
which of them this server offers."""

from __future__ import annotations

from typing import NamedTuple


class AdvancedSectionCopy(NamedTuple):
    letter: str
    name: str
    #: Example lines, "question: answer", shown in the empty answer box.
    examples: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.letter} · {self.name}"


ADVANCED_SECTIONS_COPY: tuple[AdvancedSectionCopy, ...] = (
    AdvancedSectionCopy(
        "A",
        "Your business",
        (
            "What you sell: cloud accounting for SMEs",
            "Primary use case: invoice reconciliation",
            "Who uses it day to day: the finance team",
        ),
    ),
    AdvancedSectionCopy(
        "B",
        "Seed customers",
        (
            "Why they are your best: quick to onboard, renew every year",
            "What they share: several entities, a warehouse",
        ),
    ),
    AdvancedSectionCopy(
        "C",
        "Anti-ICP",
        (
            "Who is a poor fit: sole proprietors, food stalls",
            "Who to avoid: agencies that resell our product",
        ),
    ),
    AdvancedSectionCopy(
        "D",
        "Firmographics",
        (
            "Industries: logistics, wholesale trade",
            "Company age: at least 3 years",
            "Where they are: Singapore head office",
        ),
    ),
    AdvancedSectionCopy(
        "E",
        "Technographics",
        (
            "Tools they already run: Xero, HubSpot",
            "Tools that mean a poor fit: SAP S/4HANA",
        ),
    ),
    AdvancedSectionCopy(
        "F",
        "Buying motion",
        (
            "Who signs: the CFO",
            "Who evaluates: the finance manager",
            "How they buy: a free trial, then a yearly contract",
        ),
    ),
    AdvancedSectionCopy(
        "G",
        "Triggers",
        (
            "What starts a search: a new entity, an audit finding",
            "When they buy: before the financial year ends",
        ),
    ),
    AdvancedSectionCopy(
        "H",
        "Outcomes & proof",
        (
            "Results they report: month-end close in 3 days, not 10",
            "Case studies: harbourline-logistics.sg/story",
        ),
    ),
)
