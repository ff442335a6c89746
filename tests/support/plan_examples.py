"""The plan's own example payloads, as its clients (the host application's chat and its
front end) send them, and the response fields the plan documents.

The plan's document is not in this repository: these are rebuilt from the field names
and values its readers quoted (issue 16), spelled as the plan spells them. Tests send
them verbatim and never edit them; a change here is a change of the contract.
"""

from __future__ import annotations

from typing import Any

# -- intake ------------------------------------------------------------------------------

#: The appendix's intake: every field, in the plan's names.
APPENDIX_INTAKE: dict[str, Any] = {
    "website": "https://www.lumenledger.sg",
    "best_customers": [
        {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"},
        {"name": "Kopi Corner F&B", "website": "https://www.kopicorner.com.sg"},
        {"name": "Straits Precision Engineering", "website": "straitsprecision.com.sg"},
        {"name": "Merlion Freight", "website": "merlionfreight.sg"},
        {"name": "Orchid Retail Group", "website": "orchidretail.sg"},
    ],
    "lost_or_churned": [
        {
            "name": "Pasir Panjang Print Shop",
            "website": "ppprint.sg",
            "reason": "budget under $5k a year",
        },
        {
            "name": "Changi Clinic Partners",
            "website": "changiclinic.sg",
            "reason": "needed on-prem deployment only",
        },
        {
            "name": "Sentosa Solo Consulting",
            "website": "sentosasolo.sg",
            "reason": "one-person firm, too small to need it",
        },
    ],
    "geo_language_tz": {"geo": "SG", "language": "en", "tz": "SGT"},
    "must_have_integrations": ["Xero", "HubSpot"],
    "deal": {"acv_usd": 18000, "cycle_days": 45, "price_floor_usd": 6000},
    "employee_band": "50–200",
    "champion_titles": ["Head of Finance", "Operations Director"],
    "triggers": ["new warehouse opening", "moving off spreadsheets"],
    "advanced": {"A_to_H": "..."},
}

#: What the appendix's intake is in the project's names (the normalized form stored).
APPENDIX_INTAKE_NORMALIZED: dict[str, Any] = {
    "website": "https://www.lumenledger.sg",
    "best_customers": APPENDIX_INTAKE["best_customers"],
    "lost_customers": APPENDIX_INTAKE["lost_or_churned"],
    "employee_band": "51-200",
    "geos": ["SG"],
    "languages": ["en"],
    "timezones": ["Asia/Singapore"],
    "integrations_required": ["Xero", "HubSpot"],
    "deal": {"acv_usd": 18000.0, "sales_cycle_days": 45, "price_floor_usd": 6000.0},
    "champion_titles": ["Head of Finance", "Operations Director"],
    "triggers": ["new warehouse opening", "moving off spreadsheets"],
    "advanced": {},
}

#: The fast-start journey: the website and the best customers, nothing else.
FAST_START_INTAKE: dict[str, Any] = {
    "website": "https://www.lumenledger.sg",
    "best_customers": [
        {"name": "Harbourline Logistics Pte. Ltd.", "website": "harbourline-logistics.sg"},
        {"name": "Merlion Freight", "website": "merlionfreight.sg"},
        {"name": "Orchid Retail Group", "website": "orchidretail.sg"},
    ],
}

#: The fast-start journey as the chat sends it: the website and the seeds.
FAST_START_SEEDS: dict[str, Any] = {
    "website": "https://www.lumenledger.sg",
    "seeds": [
        {"seed_name": "Harbourline Logistics Pte. Ltd.", "domain": "harbourline-logistics.sg"},
        {"seed_name": "Merlion Freight", "domain": "merlionfreight.sg"},
        {"seed_name": "Orchid Retail Group", "domain": "orchidretail.sg"},
    ],
}

#: The intake the chat composes: seeds by ``seed_name`` and ``domain``, lost customers
#: and the optional answers in the answers.
CHAT_INTAKE: dict[str, Any] = {
    "answers": {
        "website": "https://www.lumenledger.sg",
        "lost": [
            {
                "name": "Pasir Panjang Print Shop",
                "url": "https://ppprint.sg",
                "reason": "budget under $5k a year",
            },
            {
                "name": "Changi Clinic Partners",
                "url": "https://changiclinic.sg",
                "reason": "needed on-prem deployment only",
            },
        ],
        "optional": {
            "geos": ["SG", "MY"],
            "integrations": ["Xero"],
            "acv": 18000,
            "cycle": 45,
            "price_floor": 6000,
            "champions": ["Head of Finance"],
            "triggers": ["moving off spreadsheets"],
        },
    },
    "seeds": [
        {"seed_name": "Harbourline Logistics Pte. Ltd.", "domain": "harbourline-logistics.sg"},
        {"seed_name": "Kopi Corner F&B", "domain": "kopicorner.com.sg"},
        {"seed_name": "Straits Precision Engineering", "domain": "straitsprecision.com.sg"},
        {"seed_name": "Merlion Freight", "domain": "merlionfreight.sg"},
        {"seed_name": "Orchid Retail Group", "domain": "orchidretail.sg"},
    ],
}

#: The answer to an intake: a run is queued.
INTAKE_RESPONSE_FIELDS = {"status": "queued", "fields": ("response_id", "queued_job_id")}

# -- suggestions and adoption ------------------------------------------------------------

#: The SSIC codes of the plan's journey card, as its clients read ``ssic_cluster``.
JOURNEY_SSIC_CLUSTER = ["62012", "62019"]
#: The id of the card the plan adopts by id.
JOURNEY_SUGGESTION_ID = "s-62-7c1e0b"

#: Adopting by id.
ACCEPT_BY_ID: dict[str, Any] = {"suggestion_id": JOURNEY_SUGGESTION_ID}

#: The plan's journey example: the suggestion given by its fields.
ACCEPT_SUGGESTION: dict[str, Any] = {
    "suggestion": {
        "ssic_cluster": ["62012", "62019"],
        "integrations": ["xero", "hubspot"],
        "champions": ["Head of Finance"],
    }
}

#: Adopting a normalized rule, as ``icp_rules`` stores one.
ACCEPT_RULE_PAYLOAD: dict[str, Any] = {
    "suggestion_payload": {
        "title": "Software firms, 51-200 staff, on Xero",
        "ssic_filters": ["62012", "62019"],
        "exclude_ssic": [],
        "technographic_filters": ["xero"],
        "headcount_band": "51-200",
        "min_headcount": None,
        "champions": ["Head of Finance"],
    }
}

#: The fields of a suggestion card the plan's clients read, and their JSON types.
CARD_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "title": str,
    "ssic_cluster": list,
    "headcount_band": (str, type(None)),
    "integrations": list,
    "champions": list,
    "evidence_count": int,
    "evidence_ids": list,
    "seeds_covered": str,
    "rationale": str,
    "confidence": float,
    "negative_flags": list,
    "acra_total": (int, type(None)),
    "acra_samples": list,
    "targeting_pack": dict,
}

#: ``GET /icp/patterns``: the plan's three lists under ``patterns``.
PATTERN_KEYS = ("top_ssics", "common_integrations", "frequent_buyer_titles")

#: The answer to an accept.
ACCEPT_RESPONSE_FIELDS = ("ok", "rule_id", "queued_now", "queued_nightly")
