"""Reading what a company does from its own words: real annual-report statements of
principal activities (from the register's development set), marketing prose, and the
noise both carry."""

from __future__ import annotations

import pytest

from icp_assets.evidence.extract.activities import (
    HOLDING_CODE,
    MAX_CODES,
    read_activities,
    read_statement,
)

# Real statements of Singapore listed companies, as their annual reports print them.
CH_OFFSHORE = (
    "principal activities of the Company are that of investment holding and the owning and "
    "chartering of vessels. The principal activities of the subsidiaries and associated "
    "companies are set out in Notes 7 and 8 respectively. "
)
RAFFLES_MEDICAL = (
    "principal activities of the Company are those relating to the operation of medical "
    "clinics, other general medical services and investment holdings. The Group and the "
    "Company are the sole proprietor of the following: Family Doctors RafflesCare Raffles "
    "Airport Medical Centre Raffles Dental Surgery Raffles Pharmacy"
)
TAT_SENG = (
    "The  The Group is primarily involved in the manufacturing and sales of corrugated paper "
    "products and other packaging products. principal activities of the subsidiaries are set "
    "out in note 7 to the financial statements. The immediate and ultimate holding company is "
    "PSC Corporation Ltd. (formerly known as Hanwell Holdings Limited), incorporated in the "
    "Republic of Singapore. 2 BASIS OF PREPARATION 2.1 Statement of compliance The financial "
    "statements have been prepared in accordance with Singapore Financial Reporting Standards "
    "(International) ( SFRS(I) )."
)
SEROJA = (
    "principal activities of the Company are those relating to investment holding. The "
    "principal activities of the subsidiary corporations and associated companies are set out "
    "in Note 11 and Note 12 to the financial statements respectively. On 21 October 2020, the "
    "Company disposed of its entire shareholding interest of 100,000 shares of Trans LK Marine "
    "Pte. Ltd. ( TLM ) together with its subsidiary corporations and the Company ceased to "
    "have any operating business."
)
AP_OIL = (
    "The  The Company is an investment holding company. principal activities of the "
    "subsidiaries and joint ventures are set out in notes 16 and 17 respectively. Subsequent "
    "developments There are no significant developments subsequent to the release of the "
    "Group s and the Company s preliminary financial statements. Statement of compliance "
    "with financial reporting standards These financial statements have been prepared in "
    "accordance with the Singapore Financial Reporting Standards (International)."
)
SINGAPORE_AIRLINES = (
    "principal activities of the Group consist of passenger and cargo air transportation, "
    "engineering services, training of pilots, air charters, tour activities, sale of "
    "merchandise and related activities. The principal activity of the Company consists of "
    "passenger and cargo air transportation. The financial statements for the financial year "
    "ended 31 March 2023 were authorised for issue."
)
INTRACO = (
    "principal activity of the Company is that of investment holding. The Group is primarily "
    "involved in the trading of plastics products, providing fire protection services and "
    "provision of mobile radio infrastructure services (Note 6). "
)
KODA = (
    "principal activities of the Company are those of relating to the manufacturing and "
    "export of furniture and fixtures of wood (including upholstery), furniture design "
    "service and investment holding."
)


def _divisions(text: str, names: tuple[str, ...] = ()) -> list[str]:
    return [found.code[:2] for found in read_activities(text, names)]


@pytest.mark.parametrize(
    ("text", "name", "division"),
    [
        (CH_OFFSHORE, "CH OFFSHORE LTD.", "50"),
        (RAFFLES_MEDICAL, "RAFFLES MEDICAL GROUP LTD", "86"),
        (TAT_SENG, "TAT SENG PACKAGING GROUP LTD", "17"),
        (SINGAPORE_AIRLINES, "SINGAPORE AIRLINES LIMITED", "51"),
        (INTRACO, "INTRACO LIMITED", "46"),
        (KODA, "KODA LTD", "31"),
    ],
)
def test_real_statements_are_read_as_the_registers_division(
    text: str, name: str, division: str
) -> None:
    assert division in _divisions(text, (name,))


def test_investment_holding_is_set_aside_when_the_company_says_what_else_it_does() -> None:
    codes = [found.code for found in read_activities(CH_OFFSHORE)]
    assert codes[0].startswith("50")
    assert HOLDING_CODE not in codes


def test_a_company_that_only_holds_investments_reads_as_a_holding_company() -> None:
    [found] = read_activities(SEROJA, ("SEROJA INVESTMENTS LIMITED",))
    assert found.code == HOLDING_CODE


def test_accounting_boilerplate_is_never_read_as_an_activity() -> None:
    # All it says of itself is that it holds investments: not accounting, not auditing.
    assert [found.code for found in read_activities(AP_OIL)] == [HOLDING_CODE]
    statement = read_statement(TAT_SENG)
    assert all("financial" not in clause.words.lower() for clause in statement.clauses)


def test_the_first_named_activity_leads_and_at_most_three_codes_are_kept() -> None:
    found = read_activities(SINGAPORE_AIRLINES)
    assert found[0].code == "51001"
    assert len(found) <= MAX_CODES
    assert len({code.code[:2] for code in found}) == len(found)


def test_trading_and_exporting_read_as_wholesale_not_as_export_insurance() -> None:
    text = "principal activities are those of importers and exporters of timber and plywood."
    assert _divisions(text)[0] == "46"


def test_a_maker_that_also_distributes_what_it_makes_reads_as_its_manufacture() -> None:
    # The register gives KODA 31001 (wooden furniture) first and 74113 (design) second.
    assert [found.code for found in read_activities(KODA, ("KODA LTD",))][:2] == [
        "31001",
        "74113",
    ]


def test_management_services_are_structure_only_when_they_are_a_groups_own() -> None:
    pne = (
        "principal activities of the Company is that of investment holding and provision "
        "of management services."
    )
    assert [found.code for found in read_activities(pne)] == [HOLDING_CODE]
    ships = "principal activities are the provision of ship management services."
    assert _divisions(ships) == ["52"]


def test_what_a_code_title_excludes_does_not_make_a_text_read_like_it() -> None:
    # "Other health services n.e.c. (excluding online marketplaces)" is the health
    # service; the online marketplace for health services is another code.
    text = "principal activities are investment holding and health related services."
    assert _divisions(text)[0] == "86"


def test_a_leadership_line_is_about_a_person_not_the_business() -> None:
    # Orchid Retail's leadership page once placed it in warehousing (52).
    text = (
        "Our leadership\n[name], Chief Executive Officer\nHead of Supply Chain\n"
        "Orchid Retail Group runs department stores and lifestyle boutiques."
    )
    assert _divisions(text, ("Orchid Retail Group",)) == ["47"]
    assert read_activities("[name], Head of Supply Chain\nWarehouse Supervisor") == []


def test_names_in_the_text_say_nothing_about_the_business() -> None:
    text = "Orchid Florist Supplies runs department stores across the island."
    assert _divisions(text, ("Orchid Florist Supplies",)) == ["47"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("We provide general warehousing and road freight transport", {"52101", "49231"}),
        ("We manufacture metal precision components for the semiconductor industry", {"25997"}),
        ("Straits Law LLP is a Singapore law firm providing legal services", {"69101"}),
        ("we run cafés and coffee shops", {"56112"}),
    ],
)
def test_marketing_prose_reads_as_the_activity_it_names(text: str, codes: set[str]) -> None:
    assert codes <= {found.code for found in read_activities(text)}


def test_a_sentence_about_customers_reads_as_no_activity() -> None:
    assert read_activities("We serve restaurants and cafés across Singapore.") == []


@pytest.mark.parametrize("text", ["", "   ", "The", "精密工程公司", "é" * 5_000])
def test_empty_and_odd_texts_read_as_nothing(text: str) -> None:
    assert read_activities(text) == []
