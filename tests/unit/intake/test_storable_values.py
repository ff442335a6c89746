"""Intake values the database would refuse, or a person could not read, are refused at
validation, each by the field as it was sent: NUL characters, names of invisible
characters only, numbers given as booleans or text, and advanced answers over their caps.
The same reading serves the API, the CLI and the chat's form."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from icp_assets.intake.model import (
    MAX_ADVANCED_CHARS,
    MAX_ANSWER_CHARS,
    IntakeValidationError,
    read_intake,
)

NUL = "\x00"
Change = Callable[[dict[str, Any]], None]


def refused_fields(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(IntakeValidationError) as refused:
        read_intake(data)
    return {error.field: error.message for error in refused.value.errors}


def changed(sample: dict[str, Any], change: Change) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    change(data)
    return data


NUL_IN_THE_FORM: list[Any] = [
    pytest.param(lambda p: p.update(website=f"lumenledger.sg/a{NUL}b"), "website", id="website"),
    pytest.param(
        lambda p: p["best_customers"][1].update(name=f"Kopi{NUL}Corner"),
        "best_customers[1].name",
        id="best-name",
    ),
    pytest.param(
        lambda p: p["best_customers"][0].update(website=f"acme.sg/{NUL}"),
        "best_customers[0].website",
        id="best-website-path",
    ),
    pytest.param(
        lambda p: p["lost_customers"][2].update(reason=f"too small{NUL}"),
        "lost_customers[2].reason",
        id="lost-reason",
    ),
    pytest.param(lambda p: p.update(geos=["SG", f"M{NUL}Y"]), "geos[1]", id="geo"),
    pytest.param(lambda p: p.update(languages=[f"en{NUL}"]), "languages[0]", id="language"),
    pytest.param(
        lambda p: p.update(champion_titles=[f"Head{NUL} of Finance"]),
        "champion_titles[0]",
        id="title",
    ),
    pytest.param(lambda p: p.update(triggers=[f"{NUL}audit"]), "triggers[0]", id="trigger"),
    pytest.param(
        lambda p: p.update(integrations_required=[f"Xero{NUL}"]),
        "integrations_required[0]",
        id="integration",
    ),
    pytest.param(
        lambda p: p.update(advanced={"C": {f"who{NUL}": "finance"}}),
        "advanced.C",
        id="advanced-key",
    ),
    pytest.param(
        lambda p: p.update(advanced={"C": {"who": f"fin{NUL}ance"}}),
        "advanced.C.who",
        id="advanced-value",
    ),
    pytest.param(
        lambda p: p.update(advanced={"C": {"who": ["finance", f"ops{NUL}"]}}),
        "advanced.C.who",
        id="advanced-list-value",
    ),
    pytest.param(
        lambda p: p.update(advanced={"C": f"no agencies{NUL}"}),
        "advanced.C",
        id="advanced-section-text",
    ),
    pytest.param(
        lambda p: p.update(advanced={"A_to_H": f"we sell to finance{NUL}"}),
        "advanced.A_to_H",
        id="all-sections-text",
    ),
]


@pytest.mark.parametrize(("change", "field"), NUL_IN_THE_FORM)
def test_a_nul_character_anywhere_is_refused_naming_the_field(sample_intake, change, field):
    errors = refused_fields(changed(sample_intake, change))
    assert any(sent.startswith(field) for sent in errors), errors
    assert any("NUL" in message for message in errors.values()), errors


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"answers": {"website": "lumenledger.sg"}, "seeds": [{"seed_name": f"Ac{NUL}me"}]},
            "seeds[0].seed_name",
        ),
        (
            {
                "answers": {"website": "lumenledger.sg", "optional": {"champions": f"CFO{NUL}"}},
                "seeds": [{"name": "Acme"}],
            },
            "answers.optional.champions",
        ),
        (
            {
                "website": "lumenledger.sg",
                "best_customers": [{"name": "Acme"}],
                "geo_language_tz": {"geo": f"SG{NUL}"},
            },
            "geo_language_tz.geo",
        ),
    ],
    ids=["chat-seed", "chat-optional", "plan-geo"],
)
def test_a_nul_character_is_named_as_sent_in_the_chat_and_plan_forms(data, field):
    errors = refused_fields(data)
    assert field in errors, errors
    assert "NUL" in errors[field]


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u200b\u200c\u200d", "\u2060", "\ufeff", " \u200b \u2060 ", "\u3164", "\u00ad"],
    ids=["zwsp", "zwsp-zwnj-zwj", "word-joiner", "bom", "mixed-with-spaces", "filler", "shy"],
)
def test_a_name_of_invisible_characters_only_is_refused(sample_intake, name):
    data = changed(sample_intake, lambda p: p["best_customers"][0].update(name=name))
    errors = refused_fields(data)
    assert "invisible" in errors["best_customers[0].name"]


def test_invisible_characters_around_a_name_are_trimmed_and_inside_kept(sample_intake):
    data = changed(
        sample_intake,
        lambda p: p["best_customers"][0].update(name="\ufeff\u200bAcme\u200dCorp\u2060 "),
    )
    assert read_intake(data).payload.best_customers[0].name == "Acme\u200dCorp"


def test_a_reason_title_or_advanced_question_of_invisible_characters_is_refused(sample_intake):
    data = changed(
        sample_intake,
        lambda p: (
            p["lost_customers"][0].update(reason="\u200b"),
            p.update(champion_titles=["\u2060"], advanced={"C": {"\ufeff": "finance"}}),
        ),
    )
    errors = refused_fields(data)
    assert {"lost_customers[0].reason", "champion_titles[0]", "advanced.C.\\ufeff"} <= set(errors)


@pytest.mark.parametrize(
    ("deal", "field"),
    [
        ({"acv_usd": True}, "deal.acv_usd"),
        ({"acv_usd": False}, "deal.acv_usd"),
        ({"price_floor_usd": True}, "deal.price_floor_usd"),
        ({"sales_cycle_days": True}, "deal.sales_cycle_days"),
        ({"acv_usd": "18000"}, "deal.acv_usd"),
        ({"sales_cycle_days": "45"}, "deal.sales_cycle_days"),
        ({"sales_cycle_days": 45.5}, "deal.sales_cycle_days"),
    ],
)
def test_deal_numbers_are_strict_no_booleans_or_text(sample_intake, deal, field):
    errors = refused_fields({**sample_intake, "deal": deal})
    assert field in errors, errors
    assert "number" in errors[field]


def test_the_chats_deal_answers_are_strict_too():
    errors = refused_fields(
        {
            "answers": {"website": "lumenledger.sg", "optional": {"acv": True, "cycle": "45"}},
            "seeds": [{"name": "Acme"}],
        }
    )
    assert {"answers.optional.acv", "answers.optional.cycle"} <= set(errors)


def test_deal_numbers_as_json_numbers_are_read(sample_intake):
    deal = read_intake(
        {
            **sample_intake,
            "deal": {"acv_usd": 18000, "sales_cycle_days": 45, "price_floor_usd": 0.5},
        }
    ).payload.deal
    assert deal is not None
    assert (deal.acv_usd, deal.sales_cycle_days, deal.price_floor_usd) == (18000.0, 45, 0.5)


@pytest.mark.parametrize(
    ("advanced", "field"),
    [
        ({"C": {"who": "x" * (MAX_ANSWER_CHARS + 1)}}, "advanced.C.who"),
        ({"C": {"who": ["x" * 1_000] * 3}}, "advanced.C.who"),
        ({"C": "x" * (MAX_ANSWER_CHARS + 1)}, "advanced.C"),
        ({"C": {"who": "x" * 10_000_000}}, "advanced.C.who"),
        ({"A_to_H": "x" * (MAX_ADVANCED_CHARS + 1)}, "advanced.A_to_H"),
        (
            {section: {f"q{i}": "x" * MAX_ANSWER_CHARS for i in range(2)} for section in "ABCDEF"},
            "advanced",
        ),
    ],
    ids=["value", "list-together", "section-text", "ten-megabytes", "all-sections-text", "whole"],
)
def test_advanced_answers_over_their_caps_are_refused_naming_the_field(
    sample_intake, advanced, field
):
    errors = refused_fields({**sample_intake, "advanced": advanced})
    assert field in errors, errors
    assert "characters" in errors[field]


def test_a_long_run_of_dots_is_no_placeholder_and_is_held_to_the_fields_cap(sample_intake):
    errors = refused_fields({**sample_intake, "geos": "." * 100_000})
    assert "characters" in errors["geos"], errors


def test_advanced_answers_within_their_caps_are_read(sample_intake):
    advanced = {
        "A": {"who": "x" * MAX_ANSWER_CHARS, "how many": 3, "remote": True, "tools": ["Xero"]},
        "C": "no agencies",
    }
    read = read_intake({**sample_intake, "advanced": advanced}).payload.advanced
    assert read["A"]["who"] == "x" * MAX_ANSWER_CHARS
    assert read["C"] == {"answer": "no agencies"}
