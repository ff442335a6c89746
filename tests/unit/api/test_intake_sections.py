"""The advanced sections' names and example questions, one per section the intake reads."""

from __future__ import annotations

from typing import get_args

from icp_api.intake_sections import ADVANCED_SECTIONS_COPY
from icp_api.web import INTAKE_CONTEXT
from icp_assets.intake.model import AdvancedSection


def test_every_advanced_section_is_named_in_order():
    assert [(s.letter, s.name) for s in ADVANCED_SECTIONS_COPY] == [
        ("A", "Your business"),
        ("B", "Seed customers"),
        ("C", "Anti-ICP"),
        ("D", "Firmographics"),
        ("E", "Technographics"),
        ("F", "Buying motion"),
        ("G", "Triggers"),
        ("H", "Outcomes & proof"),
    ]
    assert tuple(s.letter for s in ADVANCED_SECTIONS_COPY) == get_args(AdvancedSection)


def test_the_examples_are_written_as_the_form_reads_them():
    for section in ADVANCED_SECTIONS_COPY:
        assert section.examples, section.letter
        for line in section.examples:
            question, _, answer = line.partition(": ")
            assert question.strip() and answer.strip() and "\n" not in line, line


def test_the_intake_page_is_rendered_with_the_sections():
    assert INTAKE_CONTEXT["advanced_sections"] is ADVANCED_SECTIONS_COPY
    assert ADVANCED_SECTIONS_COPY[2].label == "C · Anti-ICP"
