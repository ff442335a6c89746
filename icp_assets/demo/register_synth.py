"""A synthetic ACRA register: rows shaped like "Information on Corporate Entities".

Used by the demo, the tests and the benchmarks. Pure: everything is derived from a seeded
``random.Random`` and built-in word lists plus the bundled SSIC 2020 codes; writing the CSV file in
:func:`write_register_csv` is the only I/O.

What makes the rows realistic for matching:

* UENs in ACRA's three formats, unique per row (derived from per-format counters through affine
  permutations rather than from random draws): ``YYYYNNNNNX`` for local companies, ``NNNNNNNNX``
  for businesses and ``TYYPQNNNNX`` for the other entity types.
* Upper-case names built from Singapore place names, Chinese/Malay/Indian personal names, English
  words and coined brand words, with the business words agreeing with the primary SSIC code most
  of the time, and the legal form agreeing with the entity type.
* Entity types in realistic shares: local companies ~55% (exempt/private/public companies and
  companies limited by guarantee), sole proprietorships and partnerships ~35%, LLPs ~6%, foreign
  companies ~2%, limited partnerships ~1%, and ~1% of ACRA's other types: variable capital
  companies and public accounting firms.
* Deliberate namesakes: about 3% of rows reuse the base name of an earlier row under another legal
  form, entity type or status ("ACME PTE. LTD." struck off, "ACME (S) PTE. LTD." live), and about
  2% are near-namesakes (a word added or dropped, an abbreviation, one letter changed). Other
  repeats are avoided (a bitmap of the names used so far), and two live entities sharing a
  matching key stay rare (about 0.1% of rows).
* What the company says it does, in upper case as ACRA stores it: a primary user-described
  activity on about 70% of rows and a secondary one on about 20%, from the row's own SSIC
  code's title or activity index entries, with the noise people add (qualifiers dropped, words
  shortened, "& OTHER RELATED ACTIVITIES", "GENERAL TRADING"), and about 10% unrelated to the
  code. They come from a random stream of their own, seeded by the UEN and the seed, so the
  other columns are the same as without them.

Speed: the joint distributions of what a row is (entity type, company type, industry, status,
legal form, officers), of registration dates and of addresses are sampled once into tables, so a
row costs a few table look-ups and the making of its name.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple, TypeVar
from zlib import crc32

from icp_assets.reference.register_rows import LIVE_STATUSES
from icp_assets.reference.ssic import read_ssic_activities, read_ssic_codes

__all__ = [
    "LIVE_STATUSES",
    "REGISTER_COLUMNS",
    "synthesize_register",
    "typed_variant",
    "write_register_csv",
]

REGISTER_COLUMNS: tuple[str, ...] = (
    "uen",
    "issuance_agency_id",
    "uen_status_code",
    "entity_name",
    "entity_type_description",
    "business_constitution_description",
    "company_type_description",
    "entity_status_code",
    "entity_status_description",
    "registration_incorporation_date",
    "uen_issue_date",
    "street_name",
    "building_name",
    "postal_code",
    "primary_ssic_code",
    "primary_ssic_description",
    "secondary_ssic_code",
    "secondary_ssic_description",
    "no_of_officers",
    "primary_user_described_activity",
    "secondary_user_described_activity",
)


T = TypeVar("T")


def _w(text: str) -> tuple[str, ...]:
    """Words of a comma-separated list."""
    return tuple(word.strip() for word in text.split(","))


# --------------------------------------------------------------------------------------------
# Entity types, legal forms, statuses
# --------------------------------------------------------------------------------------------

_CO, _SP, _LLP, _FC, _LP, _VCC, _PAF = range(7)
_KIND_TYPES = _w(
    "Local Company, Sole Proprietorship/ Partnership, Limited Liability Partnership, Foreign "
    "Company, Limited Partnership, Variable Capital Company, Public Accounting Firm"
)
_KIND_WEIGHTS = (55.0, 35.0, 6.0, 2.0, 1.0, 0.5, 0.5)
# Entity-type code of the TYYPQNNNNX UENs, and the registration years each type can have.
_T_CODES = {_LLP: "LL", _FC: "FC", _LP: "LP", _VCC: "VC", _PAF: "PF"}
_T_YEARS = {
    _LLP: (2005, 2025),
    _FC: (2000, 2025),
    _LP: (2009, 2025),
    _VCC: (2020, 2025),
    _PAF: (2004, 2025),
}
_FIRST_YEAR, _LAST_YEAR = 1970, 2025

# Company types of local companies; the guarantee companies are associations and foundations.
_EXEMPT = "Exempt Private Company Limited by Shares"
_PRIVATE = "Private Company Limited by Shares"
_PUBLIC = "Public Company Limited by Shares"
_GUARANTEE = "Public Company Limited by Guarantee"
_COMPANY_TYPES = ((_EXEMPT, 68.0), (_PRIVATE, 27.0), (_PUBLIC, 2.0), (_GUARANTEE, 3.0))

# Legal forms, including the "(S)"/"SINGAPORE" markers written before them.
_PRIVATE_FORMS = (
    ("PTE. LTD.", 78.0),
    ("PTE LTD", 8.0),
    ("PRIVATE LIMITED", 6.0),
    ("PTE. LIMITED", 1.5),
    ("(S) PTE. LTD.", 3.5),
    ("SINGAPORE PTE. LTD.", 2.5),
    ("(S) PTE LTD", 0.5),
    ("(SINGAPORE) PTE. LTD.", 0.5),
)
_PUBLIC_FORMS = (("LIMITED", 85.0), ("LTD.", 10.0), ("(SINGAPORE) LIMITED", 5.0))
_GUARANTEE_FORMS = (("LIMITED", 1.0),)
_FOREIGN_FORMS = (
    ("LIMITED", 30.0),
    ("INC.", 12.0),
    ("CORPORATION", 10.0),
    ("SDN. BHD.", 10.0),
    ("PTY. LTD.", 8.0),
    ("LTD.", 8.0),
    ("CO., LTD.", 8.0),
    ("GMBH", 6.0),
    ("LLC", 4.0),
    ("AG", 2.0),
    ("B.V.", 2.0),
)
_KIND_FORMS = {
    _SP: (("", 1.0),),
    _LLP: (("LLP", 1.0),),
    _FC: _FOREIGN_FORMS,
    _LP: (("LP", 85.0), ("L.P.", 15.0)),
    _VCC: (("VCC", 1.0),),
    _PAF: (("PAC", 55.0), ("& CO.", 25.0), ("PUBLIC ACCOUNTING CORPORATION", 20.0)),
}

_LIVE_COMPANY, _LIVE = "Live Company", "Live"
_STRUCK_OFF, _GAZETTED = "Struck Off", "Gazetted to be Struck Off"
_CANCELLED, _CEASED = "Cancelled", "Ceased Registration"
_DISSOLVED_MVWU = "Dissolved - Members' Voluntary Winding Up"
_DISSOLVED_CVWU = "Dissolved - Creditors' Voluntary Winding Up"
_DISSOLVED_COURT = "Dissolved - Compulsory Winding Up"
_LIQUIDATION_MVWU = "In Liquidation - Members' Voluntary Winding Up"
_LIQUIDATION_CVWU = "In Liquidation - Creditors' Voluntary Winding Up"
_AMALGAMATED, _CONVERTED = "Amalgamated", "Converted"
_STATUS_CODES = {
    _LIVE_COMPANY: "LC",
    _LIVE: "LV",
    _STRUCK_OFF: "SO",
    _GAZETTED: "GZ",
    _CANCELLED: "CN",
    _CEASED: "CR",
    _DISSOLVED_MVWU: "DM",
    _DISSOLVED_CVWU: "DC",
    _DISSOLVED_COURT: "DW",
    _LIQUIDATION_MVWU: "IM",
    _LIQUIDATION_CVWU: "IC",
    _AMALGAMATED: "AM",
    _CONVERTED: "CV",
}
# Not live, but still on the register (uen_status_code "R").
_STILL_REGISTERED = frozenset({_GAZETTED, _LIQUIDATION_MVWU, _LIQUIDATION_CVWU})
_KIND_STATUSES: dict[int, tuple[tuple[str, float], ...]] = {
    _CO: (
        (_LIVE_COMPANY, 63.0),
        (_STRUCK_OFF, 25.8),
        (_GAZETTED, 2.5),
        (_DISSOLVED_MVWU, 3.5),
        (_DISSOLVED_CVWU, 0.8),
        (_DISSOLVED_COURT, 0.8),
        (_LIQUIDATION_MVWU, 0.6),
        (_LIQUIDATION_CVWU, 0.8),
        (_AMALGAMATED, 1.4),
        (_CONVERTED, 0.8),
    ),
    _SP: ((_LIVE, 56.0), (_CEASED, 31.0), (_CANCELLED, 13.0)),
    _LLP: ((_LIVE, 68.0), (_STRUCK_OFF, 24.0), (_GAZETTED, 5.0), (_CONVERTED, 3.0)),
    _FC: ((_LIVE_COMPANY, 60.0), (_CANCELLED, 25.0), (_CEASED, 15.0)),
    _LP: ((_LIVE, 60.0), (_CEASED, 30.0), (_CANCELLED, 10.0)),
    _VCC: ((_LIVE_COMPANY, 86.0), (_STRUCK_OFF, 8.0), (_DISSOLVED_MVWU, 6.0)),
    _PAF: ((_LIVE, 80.0), (_CANCELLED, 20.0)),
}

# Share of rows that reuse an earlier base name, and that are near-namesakes of an earlier one.
_NAMESAKE_SHARE = 0.03
_NEAR_NAMESAKE_SHARE = 0.02
# A row that would be a second live entity with a matching key is made not live with this
# probability.
_AVOID_LIVE_TWIN = 0.93
# Earlier rows namesakes are drawn from: a sample of this share of rows, at most this many.
_POOL_SAMPLE = 0.25
# Attempts at a name not used before; the last one is kept even when it was.
_NAME_ATTEMPTS = 8
_BITMAP_BITS = 1 << 26
# Rows whose primary code is another industry's than the name's, and rows with a secondary code.
_OTHER_INDUSTRY_SHARE = 0.1
_SECONDARY_SHARE = 0.35
_POOL_SIZE = 50_000
# The entity type of a namesake, by the type of the earlier entity.
_NAMESAKE_KINDS = {
    _CO: ((_CO, 72.0), (_SP, 12.0), (_FC, 10.0), (_LLP, 6.0)),
    _SP: ((_CO, 65.0), (_SP, 30.0), (_LLP, 5.0)),
    _LLP: ((_LLP, 40.0), (_CO, 50.0), (_SP, 10.0)),
    _FC: ((_CO, 70.0), (_FC, 30.0)),
    _LP: ((_LP, 60.0), (_CO, 40.0)),
    _VCC: ((_VCC, 60.0), (_CO, 40.0)),
    _PAF: ((_PAF, 50.0), (_LLP, 25.0), (_CO, 25.0)),
}

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_PLACES = _w(
    "ORCHID, MERLION, TANJONG, BUKIT, CHANGI, JURONG, KALLANG, SERANGOON, TAMPINES, BEDOK, "
    "PUNGGOL, SENTOSA, RAFFLES, MARINA, KATONG, GEYLANG, TOA PAYOH, ANG MO KIO, CLEMENTI, "
    "BISHAN, WOODLANDS, YISHUN, SEMBAWANG, PASIR RIS, HOUGANG, QUEENSTOWN, HOLLAND, NOVENA, "
    "TIONG BAHRU, BOON LAY, LAVENDER, BUGIS, TELOK AYER, CHINATOWN, SELETAR, KRANJI, PAYA "
    "LEBAR, ALEXANDRA, DUNEARN, BALESTIER, JOO CHIAT, SIGLAP, THOMSON, CAIRNHILL, TANGLIN, "
    "NEWTON, KENT RIDGE, UBIN, TEMASEK, SINGA, LION CITY, MANDAI, TUAS, PIONEER, LOYANG, "
    "SIMEI, KEMBANGAN, EUNOS, ALJUNIED, MACPHERSON, POTONG PASIR, BRADDELL, KHATIB, "
    "ADMIRALTY, MARSILING, LIM CHU KANG, SUNGEI, PULAU, KAMPONG, ANSON, SHENTON, ROCHOR, "
    "BENCOOLEN, DHOBY, FORT CANNING, SPOTTISWOODE, MOUNT FABER, LABRADOR, KEPPEL, "
    "HARBOURFRONT, CORONATION, MOUNTBATTEN, TAI SENG, KAKI BUKIT, BUONA VISTA, ONE NORTH, "
    "DOVER, GHIM MOH"
)
_CHINESE_SURNAMES = _w(
    "TAN, LIM, LEE, NG, ONG, WONG, GOH, CHUA, CHAN, KOH, TEO, ANG, YEO, TAY, HO, LOW, TOH, "
    "SIM, CHONG, CHIA, SEAH, LAU, CHEW, PHUA, QUEK, LIEW, KWEK, FOO, HENG, LOH, POH, SOH, "
    "YAP, CHOO, TEH, YONG, LAI, HUANG, ZHANG, WANG, LIU, CHEN, OOI, KHOO, NEO, THAM, WEE, "
    "TEE, PANG"
)
_CHINESE_GIVEN = _w(
    "HOCK, SENG, BENG, HUAT, KIM, SOON, CHEE, KEONG, WEE, LIANG, MEI, LING, SIEW, LAN, AH, "
    "BOON, CHENG, HENG, KOK, LEONG, MENG, PENG, TECK, YONG, SIONG, CHOON, HWEE, KHENG, LAY, "
    "HUI, JUN, WEI, XIN, YI, KAI, ENG, GUAN, HIN, KIAT, LEE, POH, SWEE, TIONG, YEW, CHIN, "
    "FOOK, KWANG"
)
_MALAY_INDIAN_GIVEN = _w(
    "SITI, NUR, AHMAD, MUHAMMAD, NORAINI, FARIDAH, ROSLAN, ZAINAL, AZMAN, HALIMAH, ZULKIFLI, "
    "NORHAYATI, RAHIMAH, ISKANDAR, HAFIZ, AMINAH, KUMAR, RAVI, SURESH, GANESH, PRAKASH, DEVI, "
    "LAKSHMI, PRIYA, KAVITHA, ANAND, MURUGAN, RAJESH, SELVI, VIJAY, ARUN, MEENA, SARAVANAN, "
    "BALA"
)
_MALAY_INDIAN_SURNAMES = _w(
    "RAHMAN, ISMAIL, HASSAN, OSMAN, ABDULLAH, SALLEH, HAMID, YUSOF, AHMAD, IBRAHIM, JAMIL, "
    "KASSIM, KUMAR, PILLAI, NAIR, SINGH, MENON, RAMASAMY, KRISHNAN, GOPAL, MUTHU, SUPPIAH, "
    "KANNAN, RAJ, DAS, PATEL, SUBRAMANIAM"
)
_SURNAMES = _CHINESE_SURNAMES + _MALAY_INDIAN_SURNAMES
_ENGLISH_ADJECTIVES = _w(
    "GOLDEN, SILVER, BLUE, RED, GREEN, GRAND, ROYAL, PRIME, SMART, BRIGHT, UNITED, EASTERN, "
    "WESTERN, NORTHERN, SOUTHERN, NEW, TRUE, FIRST, SUPREME, NOBLE, RISING, EVER, HAPPY, "
    "LUCKY, SUNNY, CRYSTAL, IMPERIAL, MODERN, CLASSIC, URBAN, PURE, FRESH, SWIFT, SOLID, "
    "TRUSTY, WISE, BOLD, QUICK"
)
_ENGLISH_NOUNS = _w(
    "DRAGON, PHOENIX, LOTUS, PEARL, JADE, SUMMIT, APEX, PINNACLE, HORIZON, OCEAN, MERIDIAN, "
    "ZENITH, VERTEX, QUANTUM, ELITE, ALPHA, OMEGA, INFINITY, CREST, HARMONY, FORTUNE, "
    "SUNRISE, SUNSHINE, EVERGREEN, RAINBOW, ANCHOR, BEACON, COMPASS, KEYSTONE, CORNERSTONE, "
    "LIGHTHOUSE, TIGER, LION, EAGLE, FALCON, BAMBOO, BANYAN, MANGO, DURIAN, CEDAR, MAPLE, "
    "RIVER, ISLAND, HARBOUR, BRIDGE, GATEWAY, PILLAR, ORBIT, NOVA, STELLAR, ATLAS, TITAN, "
    "ANGEL, STAR, MOON, SKY, WAVE, LEAF, STONE, PEAK, CROWN, TRINITY"
)
# Syllables of coined brand words ("KOVARA", "ZENTRIX", "LUMENA").
_ONSETS = _w(
    "KO, ZEN, LU, VA, NO, SY, QUA, TRI, AX, VE, MI, CAL, DO, RA, SE, TE, VI, XE, FLO, GRA, "
    "BRI, PRO, NEX, OP, EV, AL, OR, IN, MO, NU, PE, SOL, TA, VER, ZY, KAI, LEO, MA, NA, RI, "
    "AU, BE, CO, DE, FE, GE, HA, JA, KE, LI, ME, NI, PA, QUI, RE, SA, TO, WI, YA, ZA, AR, EL, "
    "IX, OM, UL, CYN, DRA, FRE, GLO, KRO, PLA, STRA, TRU, VOL, ZEPH, AVI, ELO, OVA, UNI, ECO"
)
_MIDDLES = _w("RA, LU, VI, TE, NO, MI, LA, RO, SE, DI, KA, NE, TI, VO, ZA, LE, MA, RI, NA, TO")
_ENDINGS = _w(
    "VARA, TRIX, MENA, LIX, NEX, TEC, VIA, RA, ZA, LO, NIS, TIS, RION, LIUM, RAN, ORA, VENZ, "
    "NEON, NIQ, FY, LERA, NELLE, NO, TY, NICA, NE, XIS, TRON, GEN, SYS, VO, VETA, NOVA, LYTE, "
    "DIA, RIS, MAX, VEX, TON, LAND, CORE, NIX, QUEST, ZONE, LINK, SPHERE, WAVE, PATH, STAR, "
    "LEX, RUS, TAR, GO, KO, MI, RAH, VANTA, NTIS, LEGRA, RIAN"
)
_MIDDLE_WORDS = _w(
    "ASIA, PACIFIC, ASIA PACIFIC, GLOBAL, INTERNATIONAL, WORLDWIDE, EAST, ORIENT, SOUTHEAST "
    "ASIA, SG, UNITED, PRIME, ONE, PLUS, GREEN, DIGITAL"
)
_TRAILERS = _w("GROUP, INTERNATIONAL, ASIA, GLOBAL, HOLDINGS, SERVICES, SOLUTIONS")
_INITIALS = "ABCDEGHJKLMNPRSTVWY"
_FORM_INITIALS = frozenset({"AG", "SA", "BV", "LP", "SG", "LLP", "PTE", "PTY", "LTD", "PLC"})
_FAMILY_FIRMS = ("BROTHERS", "& SONS", "& DAUGHTERS", "FAMILY", "& BROTHERS")


@dataclass(frozen=True)
class _Industry:
    """Industry: SSIC prefixes with weights, name words, and weights per entity type.

    A word may name its own SSIC prefix after "=" ("SEAFOOD=46302"); otherwise the industry's
    codes are used. ``weights`` are for local companies, businesses, LLPs and foreign companies.
    """

    name: str
    codes: tuple[tuple[str, float], ...]
    words: tuple[str, ...]
    sole_words: tuple[str, ...]
    weights: tuple[float, float, float, float]


_INDUSTRIES = (
    _Industry(
        "wholesale",
        (("46", 3.0), ("46900", 3.0), ("46100", 1.5), ("4630", 1.0)),
        _w(
            "TRADING, TRADING, INTERNATIONAL TRADING, SUPPLIES, SUPPLY, DISTRIBUTION, "
            "DISTRIBUTORS, IMPORT & EXPORT, COMMODITIES=4622, RESOURCES, ENTERPRISE, "
            "MERCHANTS, AGENCIES=46100, INDUSTRIAL SUPPLIES=4654, HARDWARE=46632, "
            "ELECTRICAL=46544, CHEMICALS=4664, FOODSTUFF=4630, SEAFOOD=46302, METALS=46620, "
            "PACKAGING=46472, ELECTRONICS=4652, FOOD INDUSTRIES=4630, OIL & GAS=46610, "
            "PETROLEUM=46610, TIMBER=46631, TEXTILES=46411"
        ),
        _w(
            "TRADING, TRADING, ENTERPRISE, SUPPLIES, TRADERS, HARDWARE=46632, "
            "SEAFOOD=46302, PROVISIONS=46303, FRUITS=46301, IMPORT & EXPORT"
        ),
        (12.0, 7.0, 0.5, 9.0),
    ),
    _Industry(
        "retail",
        (("47", 4.0), ("47109", 1.0), ("47711", 1.0), ("47102", 1.0), ("47219", 0.5)),
        _w(
            "RETAIL, MART, STORES, BOUTIQUE=4771, FASHION=4771, GIFTS=47742, FLORIST=47743, "
            "OPTICAL=47751, PHARMACY=47722, JEWELLERY=47731, MOBILE=47411, FURNITURE=47531, "
            "BOOKS=47610, PETS=47746, LIFESTYLE, COLLECTIONS=4771, WATCHES=47733, "
            "COSMETICS=47721, HOME=4753, SPORTS=47630"
        ),
        _w(
            "TRADING, MINIMART=47102, PROVISION SHOP=47102, STORE, FLORIST=47743, "
            "OPTICAL=47751, MEDICAL HALL=47723, JEWELLERY=47731, MOBILE=47411, BOUTIQUE=4771, "
            "FASHION=4771, GIFT SHOP=47742, PET SHOP=47746, HARDWARE=47522, FRUIT "
            "STALL=47211, BOOKSTORE=47610, TAILOR=14103, ENTERPRISE, AQUARIUM=47745, FLOWER "
            "SHOP=47743"
        ),
        (9.0, 14.0, 0.3, 1.0),
    ),
    _Industry(
        "food",
        (("56", 3.0), ("56111", 3.0), ("56140", 2.0), ("56122", 1.0), ("56112", 1.0)),
        _w(
            "F&B, KITCHEN, RESTAURANT=56111, CAFE=56112, FOOD, BAKERY=1071, CATERING=56200, "
            "BISTRO=56111, DINING=56111, CONCEPTS, FOOD & BEVERAGE, HOSPITALITY, EATERY, "
            "FOODS, BREWERY=11, COFFEE=56112, TEA HOUSE=56112"
        ),
        _w(
            "KOPI CORNER=56140, EATING HOUSE=56122, FOOD STALL=56140, CHICKEN RICE=56140, "
            "NASI LEMAK=56140, PRATA HOUSE=56111, DRINKS STALL=56140, KITCHEN, CAFE=56112, "
            "BAKERY=1071, CATERING=56200, ZI CHAR=56111, CONFECTIONERY=10712, BBQ "
            "SEAFOOD=56140, NOODLE HOUSE=56111, FISH SOUP=56140, DESSERT=56140, MEE "
            "POK=56140, BAK KUT TEH=56111, CAFE & BAR=56130, FOOD"
        ),
        (9.0, 12.0, 0.5, 0.3),
    ),
    _Industry(
        "construction",
        (("41", 2.0), ("42", 1.0), ("43", 4.0), ("43301", 2.0), ("41001", 1.0)),
        _w(
            "CONSTRUCTION=41, BUILDERS=41001, ENGINEERING, CONTRACTORS, RENOVATION=43301, "
            "INTERIOR=43301, M&E ENGINEERING=432, ELECTRICAL ENGINEERING=43210, BUILDING "
            "SERVICES, CIVIL ENGINEERING=42, INFRASTRUCTURE=42, AIRCON=43220, PLUMBING=43220, "
            "SCAFFOLDING=43905, PILING=43901, DEVELOPMENT=41, BUILD=41, WATERPROOFING=43909, "
            "FIRE PROTECTION=43292, GLASS=43305"
        ),
        _w(
            "RENOVATION=43301, CONTRACTOR, AIRCON SERVICES=43220, ELECTRICAL WORKS=43210, "
            "PAINTING SERVICES=43304, PLUMBING=43220, TILING=43302, CARPENTRY=43303, "
            "INTERIOR=43301, CONSTRUCTION=41, ENGINEERING, BUILDERS=41001"
        ),
        (9.0, 7.0, 0.5, 1.5),
    ),
    _Industry(
        "technology",
        (("62", 4.0), ("62011", 2.0), ("63", 1.0), ("61", 0.3), ("58202", 0.3)),
        _w(
            "TECHNOLOGIES, TECHNOLOGIES, TECH, SOLUTIONS, SYSTEMS, DIGITAL, SOFTWARE=62011, "
            "LABS, DATA=631, AI=62011, CLOUD, NETWORKS, INFOTECH, CYBER=62022, INNOVATIONS, "
            "APPS=62011, COMPUTER, ANALYTICS=63119, TELECOM=61, INTERACTIVE=62011, "
            "GAMES=62012, INFORMATION SYSTEMS"
        ),
        _w(
            "IT SERVICES, COMPUTER SERVICES=95110, WEB DESIGN=62011, TECH, DIGITAL, COMPUTER "
            "REPAIR=95110, SOFTWARE=62011, SOLUTIONS"
        ),
        (8.0, 3.0, 1.0, 6.0),
    ),
    _Industry(
        "consulting",
        (("70", 4.0), ("70201", 2.0), ("69", 1.5), ("82", 1.5)),
        _w(
            "CONSULTANCY, CONSULTING, ADVISORY, MANAGEMENT, CORPORATE SERVICES=82, "
            "ACCOUNTING=69201, PARTNERS, ASSOCIATES, HR CONSULTANCY=70204, BUSINESS "
            "SERVICES=82, SECRETARIAL SERVICES=82191, STRATEGY, CAPITAL ADVISORY, TAX "
            "SERVICES=69201, BOOKKEEPING=69202, PROJECT MANAGEMENT"
        ),
        _w(
            "CONSULTANCY, ACCOUNTING SERVICES=69202, BOOKKEEPING=69202, SERVICES, CORPORATE "
            "SERVICES=82, CONSULTING, MANAGEMENT SERVICES, AGENCY"
        ),
        (7.0, 4.0, 25.0, 3.0),
    ),
    _Industry(
        "creative",
        (("73", 2.0), ("74", 2.0), ("71", 1.5), ("59", 1.0), ("58", 0.5), ("823", 1.0)),
        _w(
            "DESIGN=74, ARCHITECTS=71111, CREATIVE=74192, STUDIO=74, MEDIA=73100, "
            "COMMUNICATIONS=73100, MARKETING=73100, ADVERTISING=73100, PRODUCTIONS=591, "
            "FILMS=59111, PHOTOGRAPHY=74200, PUBLISHING=58, EVENTS=823, BRANDING=70205, "
            "INTERIORS=74191, SURVEYORS=7111, ENGINEERING CONSULTANTS=7112, PICTURES=591"
        ),
        _w(
            "DESIGN=74, STUDIO=74, PHOTOGRAPHY=74200, PRINTING=18113, EVENTS=823, "
            "MEDIA=73100, CREATIVE=74192, PRODUCTION=591, ART STUDIO=74192"
        ),
        (4.0, 5.0, 6.0, 1.0),
    ),
    _Industry(
        "logistics",
        (("52", 2.0), ("52292", 2.0), ("49231", 1.5), ("49", 1.0), ("53", 0.5), ("52101", 1.0)),
        _w(
            "LOGISTICS, LOGISTICS, FREIGHT=52292, EXPRESS=53200, TRANSPORT=49, "
            "SHIPPING=52222, CARGO=52292, MOVERS=49232, SUPPLY CHAIN, WAREHOUSING=5210, "
            "COURIER=53200, TRUCKING=49231, FORWARDING=52292, AIR CARGO=5223, DISTRIBUTION "
            "SERVICES"
        ),
        _w(
            "TRANSPORT=49, MOVERS=49232, DELIVERY=53200, LORRY SERVICES=49231, EXPRESS, "
            "LOGISTICS, TRANSPORT SERVICES=49, CHAUFFEUR SERVICES=49215"
        ),
        (5.0, 5.0, 0.3, 3.0),
    ),
    _Industry(
        "holding",
        (("64202", 6.0), ("64201", 0.3), ("64300", 1.0), ("66", 1.0)),
        _w(
            "HOLDINGS, HOLDINGS, HOLDINGS, GROUP, CAPITAL, INVESTMENTS, VENTURES=66305, "
            "ASSETS, INVESTMENT HOLDINGS, EQUITY, INDUSTRIES"
        ),
        ("INVESTMENT", "HOLDINGS"),
        (6.0, 0.2, 0.5, 4.0),
    ),
    _Industry(
        "finance",
        (("66", 3.0), ("649", 1.0), ("641", 0.2), ("65", 0.5), ("66221", 0.5)),
        _w(
            "CAPITAL, FINANCE=649, ASSET MANAGEMENT=6630, WEALTH=66301, PARTNERS=6630, FUND "
            "MANAGEMENT=66309, CREDIT=64924, INSURANCE AGENCY=66221, SECURITIES=66121, FAMILY "
            "OFFICE=66306, PAYMENTS=66195, REMITTANCE=64993, INSURANCE=65, FINANCIAL, "
            "FINTECH=66195, TRUST=66191"
        ),
        ("MONEY CHANGER=66126", "REMITTANCE=64993", "FINANCIAL SERVICES", "INSURANCE AGENCY=66221"),
        (3.0, 0.6, 2.0, 5.0),
    ),
    _Industry(
        "real estate",
        (("68", 3.0), ("68201", 1.0), ("68101", 1.0)),
        _w(
            "PROPERTIES, REALTY=68201, REAL ESTATE, DEVELOPMENT=68101, LAND=68101, ESTATES, "
            "HOMES=68101, PROPERTY MANAGEMENT=68203, LIVING=68102"
        ),
        ("REALTY=68201", "PROPERTY SERVICES=68203", "PROPERTY AGENCY=68201"),
        (3.0, 1.0, 0.5, 1.5),
    ),
    _Industry(
        "health",
        (("86", 3.0), ("86201", 1.0), ("87", 0.5), ("72", 0.5), ("46461", 0.5)),
        _w(
            "CLINIC=86201, MEDICAL=862, DENTAL=86204, HEALTHCARE=86, TCM=86202, "
            "PHYSIOTHERAPY=86909, SURGERY=86203, PHARMA=46461, LIFE SCIENCES=72, "
            "BIOTECH=72101, MEDICAL CENTRE=862, CARE=87, EYE CENTRE=86203"
        ),
        _w(
            "CLINIC=86201, TCM CLINIC=86202, MEDICAL HALL=47723, DENTAL SURGERY=86204, "
            "PHYSIO=86909, FAMILY CLINIC=86201, HEALTH, CHIROPRACTIC=86909"
        ),
        (2.5, 2.0, 1.0, 1.5),
    ),
    _Industry(
        "beauty",
        (("96", 2.0), ("96022", 3.0), ("96021", 1.5)),
        _w(
            "BEAUTY=96022, SALON=96021, HAIR STUDIO=96021, SPA=96022, NAILS=96023, "
            "WELLNESS=96029, AESTHETICS=96022, BARBER=96021, MASSAGE=96024, BRIDAL=96040, "
            "SKIN CARE=96022, LASH STUDIO=96029"
        ),
        _w(
            "BEAUTY SALON=96022, HAIR SALON=96021, BARBER SHOP=96021, NAIL STUDIO=96023, "
            "SPA=96022, REFLEXOLOGY=96024, BRIDAL STUDIO=96040, BEAUTY=96022, HAIR "
            "DESIGN=96021, BEAUTY HOUSE=96022"
        ),
        (2.0, 6.0, 0.2, 0.2),
    ),
    _Industry(
        "education",
        (("85", 4.0), ("854", 2.0), ("88911", 1.0), ("85509", 1.0)),
        _w(
            "EDUCATION=85, LEARNING CENTRE=85, TUITION=85509, ACADEMY=854, ENRICHMENT=85409, "
            "SCHOOL=85, TRAINING=854, CHILDCARE=88911, PRESCHOOL=85101, LEARNING=85, "
            "INSTITUTE=85, MONTESSORI=85101"
        ),
        _w(
            "TUITION CENTRE=85509, ENRICHMENT=85409, MUSIC SCHOOL=85408, LEARNING HUB=85, ART "
            "STUDIO=85408, DANCE STUDIO=85408, EDUCATION=85, STUDENT CARE=88912"
        ),
        (3.0, 4.0, 0.3, 0.5),
    ),
    _Industry(
        "manufacturing",
        (
            ("1", 1.5),
            ("2", 3.0),
            ("3", 1.0),
            ("25", 1.0),
            ("26", 1.0),
            ("28", 1.0),
            ("10", 1.0),
        ),
        _w(
            "INDUSTRIES, MANUFACTURING, PRECISION=25997, PRECISION ENGINEERING=25997, METAL "
            "WORKS=25, PLASTICS=222, ELECTRONICS=26, SEMICONDUCTOR=261, CHEMICALS=20, FOOD "
            "INDUSTRIES=10, FOODS=10, PRINTING=18, PACKAGING=17, MACHINERY=28, "
            "AUTOMATION=2818, FURNITURE=31, STEEL=24, INSTRUMENTS=265, BIOMEDICAL=32, "
            "TEXTILES=13, PAPER=17, COATINGS=2022"
        ),
        ("WORKSHOP", "PRINTING=18", "METAL WORKS=25", "FOOD PRODUCTS=10", "MANUFACTURER"),
        (4.0, 2.0, 0.1, 4.0),
    ),
    _Industry(
        "marine",
        (("50", 2.0), ("5222", 2.0), ("301", 1.0), ("46661", 0.5), ("46662", 0.5)),
        _w(
            "MARINE, MARINE, SHIPPING=5002, OFFSHORE, SHIPYARD=30110, MARITIME=52229, SHIP "
            "MANAGEMENT=52226, TANKERS=50021, BUNKERING=46662, SHIP SUPPLY=46661, NAVIGATION, "
            "TUG & BARGE=50022, SHIPBROKING=52227"
        ),
        ("MARINE SERVICES", "SHIP CHANDLER=46661", "BOAT SERVICES=30120", "MARINE"),
        (2.0, 0.7, 0.2, 3.0),
    ),
    _Industry(
        "travel",
        (("79", 2.0), ("55", 1.5)),
        _w(
            "TRAVEL=791, TOURS=791, HOLIDAYS=79102, HOTEL=55101, HOSPITALITY=55, "
            "RESORTS=55101, HOSTEL=55900, VACATIONS=791, EXPEDITIONS=791"
        ),
        ("TRAVEL=791", "TOURS=791", "TRAVEL AGENCY=791"),
        (1.5, 1.0, 0.2, 1.5),
    ),
    _Industry(
        "facilities",
        (("81", 3.0), ("80", 1.0), ("38", 0.5), ("81211", 1.0)),
        _w(
            "CLEANING SERVICES=8121, FACILITY MANAGEMENT=81, FACILITY SERVICES=81, "
            "SECURITY=80100, PEST CONTROL=81291, LANDSCAPE=81300, ENVIRONMENTAL=38, "
            "MAINTENANCE, WASTE MANAGEMENT=38, RECYCLING=38"
        ),
        _w(
            "CLEANING SERVICES=8121, PEST CONTROL=81291, LANDSCAPING=81300, GARDENING=81300, "
            "CLEANING=8121, SECURITY SERVICES=80100"
        ),
        (2.5, 3.0, 0.1, 0.5),
    ),
    _Industry(
        "motor",
        (
            ("46561", 1.0),
            ("46563", 1.0),
            ("47311", 1.5),
            ("47314", 1.0),
            ("95301", 2.0),
            ("95302", 0.5),
            ("77101", 1.0),
            ("49214", 0.3),
        ),
        _w(
            "MOTOR=47311, MOTORS=47311, AUTO, AUTOMOBILE=47311, CAR RENTAL=77101, "
            "LEASING=77101, AUTOMOTIVE, AUTO PARTS=46563, CARS=47311"
        ),
        _w(
            "MOTOR WORKSHOP=95301, AUTO SERVICES=95301, CAR GROOMING=95302, MOTOR=47311, TYRE "
            "& BATTERY=47313, CAR WASH=95302, AUTO"
        ),
        (2.0, 3.0, 0.1, 1.0),
    ),
    _Industry(
        "staffing",
        (("78", 3.0), ("78102", 1.0)),
        _w(
            "MANPOWER=78102, EMPLOYMENT AGENCY=78104, STAFFING=78102, RECRUITMENT=78104, HR "
            "SOLUTIONS=78300, MAID AGENCY=78103, TALENT=78104, PEOPLE"
        ),
        ("EMPLOYMENT AGENCY=78104", "MAID AGENCY=78103", "MANPOWER=78102"),
        (1.5, 1.0, 0.3, 0.5),
    ),
    _Industry(
        "leisure",
        (("90", 1.0), ("93", 2.0), ("823", 1.0)),
        _w(
            "EVENTS=823, ENTERTAINMENT=90, FITNESS=93111, SPORTS=93, GYM=93111, MUSIC=90003, "
            "KARAOKE=93203, LIVE=90, ARTS=90, GAMING=93202"
        ),
        ("FITNESS=93111", "EVENTS=823", "KARAOKE=93203", "MUSIC=90003", "YOGA=93111"),
        (1.5, 2.0, 0.1, 0.3),
    ),
    _Industry(
        "agriculture",
        (("01", 1.0), ("03", 1.0)),
        _w(
            "FARM, AGROTECH, AQUACULTURE=03, NURSERY=0114, FISHERY=03, ORCHIDS=01141, "
            "HYDROPONICS=01120, FARMS"
        ),
        ("FARM", "FISH FARM=03201", "NURSERY=0114", "ORCHID FARM=01141"),
        (0.4, 0.4, 0.0, 0.2),
    ),
    _Industry(
        "personal services",
        (("95", 2.0), ("9601", 1.0), ("96030", 0.5), ("9609", 0.5)),
        _w(
            "REPAIR SERVICES=95, LAUNDRY=9601, FUNERAL SERVICES=96030, PET CARE=96095, "
            "WEDDINGS=96040, SERVICES"
        ),
        _w(
            "REPAIR=95, LAUNDRY=9601, FUNERAL SERVICES=96030, PHONE REPAIR=95120, WATCH "
            "REPAIR=95292, PET GROOMING=96095, SHOE REPAIR=95230, LOCKSMITH=95299"
        ),
        (0.8, 3.0, 0.0, 0.1),
    ),
    _Industry(
        "general",
        (("", 1.0),),
        _w(
            "ENTERPRISE, SERVICES, INTERNATIONAL, GLOBAL, ASIA, WORLDWIDE, AGENCY, NETWORK, "
            "PARTNERS, PROJECTS, VENTURES, CONCEPTS"
        ),
        _w("ENTERPRISE, SERVICES, AGENCY, TRADING, STORE, CORNER, ENTERPRISES"),
        (3.0, 4.0, 0.5, 2.0),
    ),
)
_GENERAL = len(_INDUSTRIES) - 1
# Guarantee companies, limited partnerships, VCCs and accounting firms draw their codes here.
_ASSOCIATION_CODES = (("94", 3.0), ("88", 1.0), ("85", 0.5), ("94991", 1.0))
_FUND_CODES = (("64300", 4.0), ("6630", 3.0), ("64202", 1.0), ("66305", 1.0), ("66304", 1.0))
_ACCOUNTING_CODES = (("69201", 9.0), ("69202", 1.0))
_LAW_CODES = (("69101", 9.0), ("69102", 1.0))
_ASSOCIATION_SUBJECTS = _w(
    "LOGISTICS, MARINE, RETAILERS, FURNITURE, BAKERY, ARCHITECTS, DENTAL, HEART, KIDNEY, "
    "CANCER, AUTISM, DYSLEXIA, CHINESE, MALAY, INDIAN, EURASIAN, YOUTH, SENIORS, WOMEN'S, "
    "ENGINEERS, ACCOUNTANTS, BADMINTON, CHESS, ORCHID, ARTS, HERITAGE, NATURE, ANIMAL "
    "WELFARE, HOSPICE, FOOD BANK, MENTAL HEALTH, SPORTS, MUSIC, DRAMA, TECHNOLOGY, FINTECH, "
    "SMALL BUSINESS, TRAVEL AGENTS, EDUCATION"
)
_ASSOCIATION_NOUNS = _w(
    "ASSOCIATION, ASSOCIATION, FOUNDATION, SOCIETY, FEDERATION, COUNCIL, INSTITUTE, CHAMBER "
    "OF COMMERCE, CENTRE, NETWORK, ALLIANCE, GUILD, FUND, CLUB"
)
_LLP_PATTERNS = (
    ("LAW=69101", 3.0),
    ("LEGAL=69101", 1.0),
    ("CHAMBERS=69101", 1.0),
    ("& PARTNERS", 3.0),
    ("& ASSOCIATES", 2.0),
    ("ASSURANCE=69201", 1.5),
    ("CHARTERED ACCOUNTANTS=69201", 1.0),
    ("ARCHITECTS=71111", 1.5),
    ("ADVISORY=70201", 1.0),
    ("CONSULTANTS=70201", 1.0),
)
_FUND_WORDS = _w(
    "CAPITAL, VENTURES, PARTNERS, INVESTMENTS, GROWTH, OPPORTUNITIES, CREDIT, REAL ESTATE, "
    "INFRASTRUCTURE, TECHNOLOGY, SPECIAL SITUATIONS, INCOME"
)
_FUND_TAILS = ("FUND", "FUND", "FUND I", "FUND II", "FUND III", "", "", "I", "II", "FEEDER FUND")
_VCC_WORDS = _w("FUND, CAPITAL, GLOBAL FUND, INCOME FUND, GROWTH FUND, OPPORTUNITIES FUND")
_ROMAN = ("I", "II", "III", "IV", "V")

# Near-namesakes: abbreviations and plurals swapped ("ACME TECH" vs "ACME TECHNOLOGIES").
_WORD_SWAPS = {
    "TECHNOLOGIES": "TECH",
    "TECH": "TECHNOLOGIES",
    "TECHNOLOGY": "TECHNOLOGIES",
    "INTERNATIONAL": "INTL",
    "ENGINEERING": "ENGRG",
    "HOLDINGS": "HOLDING",
    "HOLDING": "HOLDINGS",
    "ENTERPRISE": "ENTERPRISES",
    "SOLUTIONS": "SOLUTION",
    "SERVICES": "SERVICE",
    "SYSTEMS": "SYSTEM",
    "INDUSTRIES": "INDUSTRY",
    "CONSULTANCY": "CONSULTING",
    "CONSULTING": "CONSULTANCY",
    "MANAGEMENT": "MGMT",
    "TRADING": "TRADERS",
    "LOGISTICS": "LOGISTIC",
    "PROPERTIES": "PROPERTY",
    "DEVELOPMENT": "DEVELOPMENTS",
    "INVESTMENTS": "INVESTMENT",
    "MARINE": "MARITIME",
    "DESIGN": "DESIGNS",
    "CONSTRUCTION": "CONSTRUCTIONS",
    "SUPPLIES": "SUPPLY",
    "SUPPLY": "SUPPLIES",
    "MOTOR": "MOTORS",
    "MOTORS": "MOTOR",
    "FOODS": "FOOD",
    "FOOD": "FOODS",
    "KITCHEN": "KITCHENS",
    "GROUP": "GRP",
}
_ADDED_WORDS = _w(
    "GROUP, HOLDINGS, ASIA, INTERNATIONAL, GLOBAL, SERVICES, SOLUTIONS, SG, PACIFIC, "
    "WORLDWIDE, PLUS, ONE, TRADING, ENTERPRISE, & SONS"
)
_VOWELS = "AEIOU"
_CONSONANTS = "BCDFGHKLMNPRSTVWYZ"

# --------------------------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------------------------

_OFFICE, _INDUSTRIAL, _HOUSING, _SHOPHOUSE = range(4)
# (street, postal sectors, kind of street)
_STREETS: tuple[tuple[str, str, int], ...] = (
    ("RAFFLES PLACE", "04", _OFFICE),
    ("ROBINSON ROAD", "06 07", _OFFICE),
    ("CECIL STREET", "06 07", _OFFICE),
    ("SHENTON WAY", "06 07 08", _OFFICE),
    ("ANSON ROAD", "07 08", _OFFICE),
    ("MARINA BOULEVARD", "01", _OFFICE),
    ("MARINA VIEW", "01", _OFFICE),
    ("COLLYER QUAY", "04", _OFFICE),
    ("TEMASEK BOULEVARD", "03", _OFFICE),
    ("ORCHARD ROAD", "22 23 24", _OFFICE),
    ("SCOTTS ROAD", "22", _OFFICE),
    ("TANJONG PAGAR ROAD", "08", _SHOPHOUSE),
    ("TELOK AYER STREET", "06", _SHOPHOUSE),
    ("SOUTH BRIDGE ROAD", "05 06", _SHOPHOUSE),
    ("NEW BRIDGE ROAD", "05 08 16", _SHOPHOUSE),
    ("NORTH BRIDGE ROAD", "17 18 19", _OFFICE),
    ("BEACH ROAD", "18 19", _OFFICE),
    ("HAVELOCK ROAD", "16", _OFFICE),
    ("RIVER VALLEY ROAD", "17 23", _OFFICE),
    ("JALAN BESAR", "20 21", _SHOPHOUSE),
    ("SERANGOON ROAD", "21 32", _SHOPHOUSE),
    ("GEYLANG ROAD", "38 39", _SHOPHOUSE),
    ("JOO CHIAT ROAD", "42", _SHOPHOUSE),
    ("EAST COAST ROAD", "42 43 45", _SHOPHOUSE),
    ("BALESTIER ROAD", "32", _SHOPHOUSE),
    ("UPPER THOMSON ROAD", "57", _SHOPHOUSE),
    ("BUKIT TIMAH ROAD", "25 26 58 59", _OFFICE),
    ("UPPER BUKIT TIMAH ROAD", "58 67", _SHOPHOUSE),
    ("HOLLAND ROAD", "25 27", _SHOPHOUSE),
    ("PAYA LEBAR ROAD", "40 41", _OFFICE),
    ("UBI AVENUE 1", "40", _INDUSTRIAL),
    ("UBI ROAD 1", "40", _INDUSTRIAL),
    ("UBI CRESCENT", "40", _INDUSTRIAL),
    ("KAKI BUKIT ROAD 1", "41", _INDUSTRIAL),
    ("KAKI BUKIT AVENUE 1", "41", _INDUSTRIAL),
    ("TAI SENG STREET", "53", _INDUSTRIAL),
    ("UPPER PAYA LEBAR ROAD", "53", _INDUSTRIAL),
    ("DEFU LANE 10", "53", _INDUSTRIAL),
    ("MACPHERSON ROAD", "36 37", _INDUSTRIAL),
    ("KALLANG BAHRU", "33", _INDUSTRIAL),
    ("LAVENDER STREET", "33", _OFFICE),
    ("KALLANG AVENUE", "33", _INDUSTRIAL),
    ("ALEXANDRA ROAD", "11 15", _OFFICE),
    ("PASIR PANJANG ROAD", "11", _OFFICE),
    ("SCIENCE PARK ROAD", "11", _OFFICE),
    ("INTERNATIONAL BUSINESS PARK", "60", _OFFICE),
    ("TOH GUAN ROAD", "60", _INDUSTRIAL),
    ("PENJURU LANE", "60", _INDUSTRIAL),
    ("JURONG PORT ROAD", "61", _INDUSTRIAL),
    ("PIONEER ROAD", "62", _INDUSTRIAL),
    ("BENOI ROAD", "62", _INDUSTRIAL),
    ("GUL CIRCLE", "62", _INDUSTRIAL),
    ("TUAS AVENUE 8", "63", _INDUSTRIAL),
    ("TUAS SOUTH AVENUE 2", "63", _INDUSTRIAL),
    ("CHANGI BUSINESS PARK CENTRAL 1", "48", _OFFICE),
    ("CHANGI SOUTH LANE", "48", _INDUSTRIAL),
    ("LOYANG WAY", "50", _INDUSTRIAL),
    ("TAMPINES INDUSTRIAL AVENUE 5", "52", _INDUSTRIAL),
    ("WOODLANDS LOOP", "73", _INDUSTRIAL),
    ("WOODLANDS INDUSTRIAL PARK E1", "75", _INDUSTRIAL),
    ("SENOKO ROAD", "75", _INDUSTRIAL),
    ("ADMIRALTY STREET", "75", _INDUSTRIAL),
    ("ANG MO KIO INDUSTRIAL PARK 2", "56", _INDUSTRIAL),
    ("YISHUN INDUSTRIAL STREET 1", "76", _INDUSTRIAL),
    ("BUKIT BATOK CRESCENT", "65", _INDUSTRIAL),
    ("SIN MING LANE", "57", _INDUSTRIAL),
    ("TAGORE LANE", "78", _INDUSTRIAL),
    ("THOMSON ROAD", "30 57", _OFFICE),
    ("NOVENA RISE", "30", _OFFICE),
    ("ONE-NORTH CRESCENT", "13", _OFFICE),
)
_ESTATES = (
    ("ANG MO KIO", "56"),
    ("BEDOK NORTH", "46"),
    ("BEDOK", "46"),
    ("BISHAN", "57"),
    ("BUKIT BATOK", "65"),
    ("BUKIT MERAH", "15"),
    ("BUKIT PANJANG", "67"),
    ("CHOA CHU KANG", "68"),
    ("CLEMENTI", "12"),
    ("HOUGANG", "53"),
    ("JURONG EAST", "60"),
    ("JURONG WEST", "64"),
    ("PASIR RIS", "51"),
    ("PUNGGOL", "82"),
    ("SEMBAWANG", "75"),
    ("SENGKANG EAST", "54"),
    ("SERANGOON NORTH", "55"),
    ("TAMPINES", "52"),
    ("WOODLANDS", "73"),
    ("YISHUN", "76"),
    ("TOA PAYOH", "31"),
    ("MARSILING", "73"),
    ("CANBERRA", "75"),
    ("BUANGKOK", "53"),
    ("TECK WHYE", "68"),
    ("GEYLANG BAHRU", "33"),
    ("ALJUNIED", "38"),
)
_ESTATE_STREETS = _w(
    "{} AVENUE 1, {} AVENUE 3, {} AVENUE 5, {} AVENUE 10, {} STREET 11, {} STREET 21, {} "
    "STREET 32, {} STREET 41, {} STREET 52, {} STREET 71, {} STREET 91, {} CENTRAL, {} DRIVE "
    "1, {} DRIVE 4, {} CRESCENT, {} ROAD"
)
_BUILDING_SUFFIXES = {
    _OFFICE: _w("TOWER, CENTRE, HOUSE, BUILDING, PLAZA, POINT, SQUARE, TOWERS"),
    _INDUSTRIAL: _w(
        "TECHPARK, INDUSTRIAL BUILDING, BIZHUB, LOGISTICS HUB, INDUSTRIAL CENTRE, HI-TECH "
        "PARK, FOOD HUB, INDUSTRIAL ESTATE, WORKSHOP COMPLEX"
    ),
    _HOUSING: ("HUB", "CENTRAL", "SHOPPING CENTRE", "MALL", "COMMUNITY CLUB"),
    _SHOPHOUSE: ("BUILDING", "HOUSE", "CENTRE", "COMPLEX", "MANSION"),
}
_BUILDING_PREFIXES = _w(
    "ONE, ASIA, CAPITAL, REPUBLIC, PACIFIC, SUNTEC, GOLDEN, PEARL, ORCHID, MERLION, JADE, "
    "HONG LEONG, UNITED, PRIME, EVERGREEN, INTERNATIONAL, OCEAN, MARINA, HARBOUR, CITY, "
    "VISION, INNOVATION, ENTERPRISE, GATEWAY, SKY, ALPHA, TECHNO, UNION, KEPPEL, CROWN, "
    "NORTHSTAR, EASTGATE, WESTGATE, SUNSHINE, LUCKY, FORTUNE, PENINSULA, CENTRAL, PARKVIEW, "
    "RIVERSIDE"
)
_BUILDING_SHARE = {_OFFICE: 0.9, _INDUSTRIAL: 0.7, _HOUSING: 0.06, _SHOPHOUSE: 0.15}
_NO_ADDRESS_SHARE = 0.07
_FOUR_DIGITS = tuple(f"{n:04d}" for n in range(10_000))

# --------------------------------------------------------------------------------------------
# Pre-built lookup tables
# --------------------------------------------------------------------------------------------


def _expand(items: Iterable[tuple[T, float]], size: int = 2000) -> tuple[T, ...]:
    """A tuple in which each item appears in proportion to its weight (at least once).

    Indexing it with ``int(random() * len(table))`` is a fast weighted choice.
    """
    items = [(item, weight) for item, weight in items if weight > 0]
    total = sum(weight for _, weight in items)
    table: list[T] = []
    for item, weight in items:
        table.extend([item] * max(1, round(weight / total * size)))
    return tuple(table)


@dataclass(frozen=True, slots=True)
class _Status:
    description: str
    code: str
    uen_status: str
    live: bool


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    codes: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True, slots=True)
class _IndustryTables:
    codes: tuple[tuple[str, str], ...]
    words: tuple[_Word, ...]
    sole_words: tuple[_Word, ...]
    # Primary codes with some of other industries' mixed in; secondary codes with many.
    primary: tuple[tuple[str, str], ...]
    secondary: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class _Address:
    street: str
    sectors: tuple[str, ...]
    buildings: tuple[str, ...]
    building_share: float


class _Profile(NamedTuple):
    """What a row is, apart from its name, codes, UEN, date and address."""

    kind: int
    company_type: str
    industry: int
    status: _Status
    form: str
    constitution: str
    officers: str


@dataclass(frozen=True)
class _Tables:
    all_codes: tuple[tuple[str, str], ...]
    # The industries of _INDUSTRIES, then _ASSOCIATIONS, _FUNDS and _ACCOUNTING.
    industries: tuple[_IndustryTables, ...]
    law_word: _Word
    llp_words: tuple[_Word, ...]
    namesake_kinds: dict[int, tuple[int, ...]]
    forms: dict[str, tuple[str, ...]]
    # By company or entity type and legal form: the type's other legal forms.
    other_forms: dict[tuple[str, str], tuple[str, ...]]
    dead_statuses: dict[int, tuple[_Status, ...]]
    live_status: dict[int, _Status]
    # Samples of the joint distribution of profiles: of all rows, by entity type (without
    # guarantee companies), and of guarantee companies.
    profiles: tuple[_Profile, ...]
    kind_profiles: dict[int, tuple[_Profile, ...]]
    guarantee_profiles: tuple[_Profile, ...]
    # Registration dates by entity type and liveness, at index 2 * kind + live; and by year.
    registration_dates: tuple[tuple[str, ...], ...]
    dates: dict[int, tuple[str, ...]]
    coined: tuple[str, ...]
    # (street, building, postal sector), or three empty strings for no address.
    addresses: tuple[tuple[str, str, str], ...]


def _code_table(
    subclasses: dict[str, str], prefixes: Sequence[tuple[str, float]], size: int = 4000
) -> tuple[tuple[str, str], ...]:
    weighted: list[tuple[tuple[str, str], float]] = []
    for prefix, weight in prefixes:
        matching = [code for code in subclasses if code.startswith(prefix)]
        if not matching:
            raise ValueError(f"no SSIC 2020 subclass starts with {prefix!r}")
        weighted.extend(((code, subclasses[code]), weight / len(matching)) for code in matching)
    return _expand(weighted, size=size)


def _words(
    subclasses: dict[str, str], specs: Iterable[str], others: Sequence[tuple[str, str]] = ()
) -> tuple[_Word, ...]:
    words = []
    for spec in specs:
        text, _, prefix = spec.partition("=")
        if prefix:
            codes = _mixed(_code_table(subclasses, [(prefix, 1.0)], size=200), others)
        else:
            codes = None
        words.append(_Word(text, codes))
    return tuple(words)


def _mixed(
    own: tuple[T, ...], others: Sequence[T], share: float = _OTHER_INDUSTRY_SHARE
) -> tuple[T, ...]:
    """``own`` with ``others`` mixed in so that a pick is one of the others with ``share``."""
    if not others or share <= 0:
        return own
    count = round(len(own) * share / (1 - share))
    step = len(others) / count
    return own + tuple(others[int(i * step)] for i in range(count))


def _year_table(first: int, last: int, growth: float, power: float) -> tuple[int, ...]:
    span = max(1, last - first)
    return _expand(
        (
            (year, 1.0 + growth * ((year - first) / span) ** power)
            for year in range(first, last + 1)
        ),
        size=4000,
    )


def _addresses(rng: random.Random, size: int) -> tuple[tuple[str, str, str], ...]:
    """A sample of (street, building, postal sector) triples, and of rows without an address."""
    streets = [(street, sectors.split(), kind) for street, sectors, kind in _STREETS]
    streets += [
        (pattern.format(estate), [sector], _HOUSING)
        for estate, sector in _ESTATES
        for pattern in _ESTATE_STREETS
    ]
    weighted: list[tuple[_Address, float]] = []
    for index, (street, sectors, kind) in enumerate(streets):
        suffixes = _BUILDING_SUFFIXES[kind]
        buildings = tuple(
            f"{_BUILDING_PREFIXES[(index * 7 + j * 13) % len(_BUILDING_PREFIXES)]} "
            f"{suffixes[(index + j) % len(suffixes)]}"
            for j in range(4)
        )
        address = _Address(street, tuple(sectors), buildings, _BUILDING_SHARE[kind])
        # About half of the entities are at a commercial address, half in a housing estate.
        weighted.append((address, 1.0 if kind == _HOUSING else 6.0))
    table = _expand(weighted, size=5000)
    sample = []
    for _ in range(size):
        if rng.random() < _NO_ADDRESS_SHARE:
            sample.append(("", "", ""))
            continue
        address = _pick(rng, table)
        building = _pick(rng, address.buildings) if rng.random() < address.building_share else ""
        sample.append((address.street, building, _pick(rng, address.sectors)))
    return tuple(sample)


_ASSOCIATIONS = len(_INDUSTRIES)
_FUNDS = _ASSOCIATIONS + 1
_ACCOUNTING = _ASSOCIATIONS + 2
_OFFICERS = {
    _CO: (
        (1, 25.0),
        (2, 30.0),
        (3, 18.0),
        (4, 10.0),
        (5, 6.0),
        (6, 4.0),
        (7, 2.5),
        (8, 1.5),
        (9, 1.0),
        (10, 0.5),
        (11, 0.3),
        (12, 0.2),
    ),
    _LLP: ((2, 50.0), (3, 20.0), (4, 12.0), (5, 8.0), (6, 5.0), (8, 3.0), (10, 1.5), (12, 0.5)),
    _FC: ((1, 30.0), (2, 35.0), (3, 20.0), (4, 10.0), (6, 5.0)),
    _LP: ((2, 60.0), (3, 30.0), (4, 10.0)),
    _VCC: ((3, 40.0), (4, 30.0), (5, 20.0), (6, 10.0)),
    _PAF: ((1, 30.0), (2, 30.0), (3, 20.0), (5, 15.0), (8, 5.0)),
}
# Sizes of the pre-drawn samples.
_PROFILE_SAMPLE = 1 << 15
_KIND_PROFILE_SAMPLE = 1 << 10
_DATE_SAMPLE = 1 << 13
_ADDRESS_SAMPLE = 1 << 14


def _statuses() -> dict[int, list[tuple[_Status, float]]]:
    return {
        kind: [
            (
                _Status(
                    description,
                    _STATUS_CODES[description],
                    "R" if description in LIVE_STATUSES | _STILL_REGISTERED else "D",
                    description in LIVE_STATUSES,
                ),
                weight,
            )
            for description, weight in weighted
        ]
        for kind, weighted in _KIND_STATUSES.items()
    }


@cache
def _tables() -> _Tables:
    """Every lookup table of the generator, built once; deterministic (its own seeded RNG)."""
    rng = random.Random(2020)
    subclasses = {c.code: c.title for c in read_ssic_codes() if c.level == "subclass"}
    all_codes = _code_table(subclasses, [("", 1.0)])
    kind_industries = {
        kind: _expand((i, ind.weights[column]) for i, ind in enumerate(_INDUSTRIES))
        for column, kind in enumerate((_CO, _SP, _LLP, _FC))
    }
    own_codes = [_code_table(subclasses, industry.codes) for industry in _INDUSTRIES]
    # Codes of the industries as common as they are among local companies.
    mixture = tuple(_pick(rng, own_codes[_pick(rng, kind_industries[_CO])]) for _ in range(8000))
    industries = [
        _IndustryTables(
            codes,
            _words(subclasses, industry.words, mixture),
            _words(subclasses, industry.sole_words, mixture),
            _mixed(codes, mixture),
            _mixed(codes, mixture, share=0.45),
        )
        for industry, codes in zip(_INDUSTRIES, own_codes, strict=True)
    ]
    for prefixes in (_ASSOCIATION_CODES, _FUND_CODES, _ACCOUNTING_CODES):
        codes = _code_table(subclasses, prefixes)
        industries.append(_IndustryTables(codes, (), (), codes, _mixed(codes, mixture, 0.45)))

    statuses = _statuses()
    status_tables = {kind: _expand(records) for kind, records in statuses.items()}
    forms = {
        _EXEMPT: _expand(_PRIVATE_FORMS),
        _PRIVATE: _expand(_PRIVATE_FORMS),
        _PUBLIC: _expand(_PUBLIC_FORMS),
        _GUARANTEE: _expand(_GUARANTEE_FORMS),
        **{_KIND_TYPES[kind]: _expand(forms) for kind, forms in _KIND_FORMS.items()},
    }
    company_types = _expand(_COMPANY_TYPES)
    officers = {
        kind: _expand((str(n), w) for n, w in weights) for kind, weights in _OFFICERS.items()
    }

    def profile(kind: int, company_type: str = "") -> _Profile:
        if kind == _CO and not company_type:
            company_type = _pick(rng, company_types)
        if company_type == _GUARANTEE:
            industry = _ASSOCIATIONS
        elif kind in kind_industries:
            industry = _pick(rng, kind_industries[kind])
        else:
            industry = _ACCOUNTING if kind == _PAF else _FUNDS
        constitution = ""
        if kind == _SP:
            if rng.random() < 0.8:
                constitution = "Sole Proprietorship"
                count = "1" if rng.random() < 0.4 else ""
            else:
                constitution = "Partnership"
                count = str(2 + int(rng.random() * 4)) if rng.random() < 0.6 else ""
        else:
            count = _pick(rng, officers[kind])
        return _Profile(
            kind,
            company_type,
            industry,
            _pick(rng, status_tables[kind]),
            _pick(rng, forms[company_type or _KIND_TYPES[kind]]),
            constitution,
            count,
        )

    kinds = _expand(enumerate(_KIND_WEIGHTS), size=4000)
    profiles = tuple(profile(_pick(rng, kinds)) for _ in range(_PROFILE_SAMPLE))
    kind_profiles = {}
    for kind in range(len(_KIND_TYPES)):
        sample = (profile(kind) for _ in range(2 * _KIND_PROFILE_SAMPLE))
        kind_profiles[kind] = tuple(p for p in sample if p.company_type != _GUARANTEE)
    guarantee_profiles = tuple(profile(_CO, _GUARANTEE) for _ in range(_KIND_PROFILE_SAMPLE))

    dates = {}
    for year in range(_FIRST_YEAR, _LAST_YEAR + 1):
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        dates[year] = tuple(date.fromordinal(d).isoformat() for d in range(first, last + 1))
    years: list[tuple[int, ...]] = [(_LAST_YEAR,)] * (2 * len(_KIND_TYPES))
    years[2 * _CO + 1] = _year_table(_FIRST_YEAR, _LAST_YEAR, 12.0, 2.2)
    years[2 * _CO] = _year_table(_FIRST_YEAR, _LAST_YEAR - 1, 5.0, 1.4)
    years[2 * _SP + 1] = _year_table(1975, _LAST_YEAR, 14.0, 2.5)
    years[2 * _SP] = _year_table(1975, _LAST_YEAR - 1, 4.0, 1.2)
    for kind, (first, last) in _T_YEARS.items():
        years[2 * kind + 1] = _year_table(first, last, 1.0, 1.0)
        years[2 * kind] = _year_table(first, last, 0.5, 1.0)
    registration_dates = tuple(
        tuple(_pick(rng, dates[_pick(rng, table)]) for _ in range(_DATE_SAMPLE)) for table in years
    )

    return _Tables(
        all_codes=all_codes,
        industries=tuple(industries),
        law_word=_Word("", _code_table(subclasses, _LAW_CODES)),
        llp_words=_expand(
            zip(
                _words(subclasses, (spec for spec, _ in _LLP_PATTERNS)),
                (weight for _, weight in _LLP_PATTERNS),
                strict=True,
            ),
            size=100,
        ),
        namesake_kinds={kind: _expand(weights) for kind, weights in _NAMESAKE_KINDS.items()},
        forms=forms,
        other_forms={
            (entity, form): tuple(f for f in dict.fromkeys(table) if f != form)
            for entity, table in forms.items()
            for form in table
        },
        dead_statuses={
            kind: _expand((s, w) for s, w in records if not s.live)
            for kind, records in statuses.items()
        },
        live_status={
            kind: next(s for s, _ in records if s.live) for kind, records in statuses.items()
        },
        profiles=profiles,
        kind_profiles=kind_profiles,
        guarantee_profiles=guarantee_profiles,
        registration_dates=registration_dates,
        dates=dates,
        coined=tuple(
            onset + ending
            for onset in _ONSETS
            for ending in _ENDINGS
            if not (onset[-1] in _VOWELS and ending[0] in _VOWELS)
        ),
        addresses=_addresses(rng, _ADDRESS_SAMPLE),
    )


# --------------------------------------------------------------------------------------------
# UENs
# --------------------------------------------------------------------------------------------

_LOCAL_WEIGHTS = (10, 8, 6, 4, 9, 7, 5, 3, 1)
_LOCAL_LETTERS = "ZKCMDNERGWH"
_BUSINESS_WEIGHTS = (10, 4, 9, 3, 8, 2, 7, 1)
_BUSINESS_LETTERS = "XMKECAWLJDB"
_BUSINESS_SERIES = _w("53, 52, 47, 45, 41, 39, 35, 32, 29, 26")
_T_WEIGHTS = (4, 3, 5, 3, 10, 2, 2, 5, 7)
_T_LETTERS = "ABCDEGHJKLMNPRSTUVWXY"
_ALNUM_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
# Multipliers prime to 10 make "counter * multiplier + offset" a permutation of each block.
_LOCAL_STEP, _BUSINESS_STEP, _T_STEP = 38_729, 735_419, 7_919


def _weighted_digit_sums(weights: Sequence[int]) -> tuple[int, ...]:
    """For every number with ``len(weights)`` digits, the sum of its digits times the weights."""
    width = len(weights)
    return tuple(
        sum(int(d) * w for d, w in zip(f"{n:0{width}d}", weights, strict=True))
        for n in range(10**width)
    )


@cache
def _check_sums() -> dict[str, tuple[int, ...]]:
    return {
        "local_hi": _weighted_digit_sums(_LOCAL_WEIGHTS[4:6]),
        "local_lo": _weighted_digit_sums(_LOCAL_WEIGHTS[6:]),
        "business_hi": _weighted_digit_sums(_BUSINESS_WEIGHTS[2:5]),
        "business_lo": _weighted_digit_sums(_BUSINESS_WEIGHTS[5:]),
        "t_number": _weighted_digit_sums(_T_WEIGHTS[5:]),
    }


def _spill(counters: list[int], index: int, capacity: int, entity_type: str) -> int:
    """The next year after ``index`` (cyclically) whose block of numbers is not full."""
    for step in range(1, len(counters)):
        candidate = (index + step) % len(counters)
        if counters[candidate] < capacity:
            return candidate
    raise ValueError(f"more {entity_type} entities than the UEN format allows")


class _Uens:
    """Unique UENs: one counter per format block, permuted so neighbours do not look sequential.

    A block that is full (100,000 local companies in a year, 10,000 entities of one type in a
    year) spills into the next year of the type's range. Check letters are weighted digit sums
    modulo 11 (or 21), in the style of ACRA's, from pre-computed partial sums.
    """

    def __init__(self, rng: random.Random) -> None:
        sums = _check_sums()
        self.local_hi, self.local_lo = sums["local_hi"], sums["local_lo"]
        self.business_hi, self.business_lo = sums["business_hi"], sums["business_lo"]
        self.t_number = sums["t_number"]
        years = range(_FIRST_YEAR, _LAST_YEAR + 1)
        self.local_next = [0] * len(years)
        self.local_offset = [rng.randrange(100_000) for _ in years]
        self.local_year = [
            sum(int(d) * w for d, w in zip(str(year), _LOCAL_WEIGHTS, strict=False))
            for year in years
        ]
        self.business_next = 0
        self.business_offset = rng.randrange(1_000_000)
        self.business_series = [
            sum(int(d) * w for d, w in zip(series, _BUSINESS_WEIGHTS, strict=False))
            for series in _BUSINESS_SERIES
        ]
        self.t_next = {kind: [0] * (last - first + 1) for kind, (first, last) in _T_YEARS.items()}
        self.t_offset = {
            kind: [rng.randrange(10_000) for _ in counters]
            for kind, counters in self.t_next.items()
        }
        self.t_prefix: dict[int, list[tuple[str, int]]] = {}
        for kind, (first, last) in _T_YEARS.items():
            self.t_prefix[kind] = []
            for year in range(first, last + 1):
                prefix = f"T{year % 100:02d}{_T_CODES[kind]}"
                weighted = zip(prefix, _T_WEIGHTS, strict=False)
                self.t_prefix[kind].append((prefix, sum(_ALNUM_VALUE[c] * w for c, w in weighted)))

    def local(self, year: int) -> tuple[str, int]:
        counters = self.local_next
        index = year - _FIRST_YEAR
        if counters[index] >= 100_000:
            index = _spill(counters, index, 100_000, _KIND_TYPES[_CO])
        count = counters[index]
        counters[index] = count + 1
        number = (count * _LOCAL_STEP + self.local_offset[index]) % 100_000
        hi, lo = divmod(number, 1000)
        check = self.local_year[index] + self.local_hi[hi] + self.local_lo[lo]
        year = _FIRST_YEAR + index
        return f"{year}{number:05d}{_LOCAL_LETTERS[check % 11]}", year

    def business(self) -> str:
        count = self.business_next
        series, number = divmod(count, 1_000_000)
        if series >= len(_BUSINESS_SERIES):
            raise ValueError("more businesses than the UEN format allows")
        self.business_next = count + 1
        number = (number * _BUSINESS_STEP + self.business_offset) % 1_000_000
        hi, lo = divmod(number, 1000)
        check = self.business_series[series] + self.business_hi[hi] + self.business_lo[lo]
        return f"{_BUSINESS_SERIES[series]}{number:06d}{_BUSINESS_LETTERS[check % 11]}"

    def other(self, kind: int, year: int) -> tuple[str, int]:
        first = _T_YEARS[kind][0]
        counters = self.t_next[kind]
        index = year - first
        if counters[index] >= 10_000:
            index = _spill(counters, index, 10_000, _KIND_TYPES[kind])
        count = counters[index]
        counters[index] = count + 1
        number = (count * _T_STEP + self.t_offset[kind][index]) % 10_000
        prefix, check = self.t_prefix[kind][index]
        check += self.t_number[number]
        return f"{prefix}{number:04d}{_T_LETTERS[check % len(_T_LETTERS)]}", first + index


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def _pick(rng: random.Random, table: Sequence[T]) -> T:
    return table[int(rng.random() * len(table))]


def _coined(rng: random.Random, coined: Sequence[str]) -> str:
    if rng.random() < 0.7:
        return _pick(rng, coined)
    onset = _pick(rng, _ONSETS)
    middle = _pick(rng, _MIDDLES)
    if onset[-1] in _VOWELS and middle[0] in _VOWELS:
        middle = middle[1:] or "N"
    return onset + middle + _pick(rng, _ENDINGS)


def _brand(rng: random.Random, coined: Sequence[str]) -> str:
    r = rng.random()
    if r < 0.45:
        return _coined(rng, coined)
    if r < 0.60:
        return _pick(rng, _ENGLISH_NOUNS)
    if r < 0.70:
        return f"{_pick(rng, _ENGLISH_ADJECTIVES)} {_pick(rng, _ENGLISH_NOUNS)}"
    if r < 0.82:
        return _pick(rng, _PLACES)
    if r < 0.89:
        return _pick(rng, _CHINESE_SURNAMES)
    if r < 0.94:
        initials = "".join(_pick(rng, _INITIALS) for _ in range(2 + int(rng.random() * 2)))
        # Not initials that read as a legal form or marker ("AG", "LP", "SG").
        return initials + "K" if initials in _FORM_INITIALS else initials
    if r < 0.97:
        return f"{_pick(rng, _PLACES)} {_pick(rng, _ENGLISH_NOUNS)}"
    return f"{_coined(rng, coined)} {_pick(rng, _ENGLISH_NOUNS)}"


def _company_base(
    rng: random.Random, industry: _IndustryTables, coined: Sequence[str]
) -> tuple[str, _Word | None]:
    """A company's name without its legal form, and the business word it used."""
    parts = [_brand(rng, coined)]
    if rng.random() < 0.22:
        parts.append(_pick(rng, _MIDDLE_WORDS))
    word: _Word | None = None
    if rng.random() < 0.94 or len(parts) == 1 and rng.random() < 0.5:
        word = _pick(rng, industry.words)
        parts.append(word.text)
    if rng.random() < 0.07:
        trailer = _pick(rng, _TRAILERS)
        if trailer not in parts:
            parts.append(trailer)
    return " ".join(parts), word


def _sole_base(
    rng: random.Random, industry: _IndustryTables, coined: Sequence[str]
) -> tuple[str, _Word | None]:
    word = _pick(rng, industry.sole_words)
    r = rng.random()
    if r < 0.22:
        given = f"{_pick(rng, _CHINESE_GIVEN)} {_pick(rng, _CHINESE_GIVEN)}"
        owner = f"{_pick(rng, _CHINESE_SURNAMES)} {given}"
    elif r < 0.30:
        owner = _pick(rng, _MALAY_INDIAN_GIVEN)
        if rng.random() < 0.5:
            owner = f"{owner} {_pick(rng, _MALAY_INDIAN_SURNAMES)}"
    elif r < 0.36:
        owner = f"{_pick(rng, _CHINESE_SURNAMES)} {_pick(rng, _FAMILY_FIRMS)}"
        if rng.random() < 0.4:
            return owner, None
    elif r < 0.51:
        owner = _pick(rng, _PLACES)
    elif r < 0.70:
        owner = _pick(rng, _ENGLISH_NOUNS)
        if rng.random() < 0.4:
            owner = f"{_pick(rng, _ENGLISH_ADJECTIVES)} {owner}"
    else:
        owner = _brand(rng, coined)
    return f"{owner} {word.text}", word


def _association_base(rng: random.Random, coined: Sequence[str]) -> str:
    r = rng.random()
    subject = _pick(rng, _ASSOCIATION_SUBJECTS)
    noun = _pick(rng, _ASSOCIATION_NOUNS)
    if r < 0.12:
        return f"SINGAPORE {subject} {noun}"
    if r < 0.17:
        return f"{subject} {noun} OF SINGAPORE"
    if r < 0.7:
        return f"{_brand(rng, coined)} {noun}"
    return f"{_pick(rng, _PLACES)} {subject} {noun}"


def _partners(rng: random.Random) -> str:
    """Partners' surnames, as law and accounting firms are named: "TAN & LIM", "TAN, LIM & NG"."""
    names = [_pick(rng, _SURNAMES) for _ in range(2 if rng.random() < 0.6 else 3)]
    if len(set(names)) < len(names):
        names = [_pick(rng, _SURNAMES) for _ in names]
    return f"{', '.join(names[:-1])} & {names[-1]}"


def _change_letter(rng: random.Random, word: str) -> str:
    position = 1 + int(rng.random() * (len(word) - 1))
    old = word[position]
    pool = _VOWELS if old in _VOWELS else _CONSONANTS
    new = _pick(rng, pool)
    if new == old:
        new = pool[(pool.index(old) + 1) % len(pool)]
    return word[:position] + new + word[position + 1 :]


def _near_base(rng: random.Random, base: str) -> str:
    """A near-namesake of ``base``: one word added, dropped or swapped, or one letter changed."""
    words = base.split()
    swappable = [i for i, w in enumerate(words) if w in _WORD_SWAPS]
    r = rng.random()
    if r < 0.35 and swappable:
        i = _pick(rng, swappable)
        words[i] = _WORD_SWAPS[words[i]]
    elif r < 0.6 or len(words) < 2 and r < 0.8:
        added = _pick(rng, _ADDED_WORDS)
        if added in words:
            added = "INTERNATIONAL" if added != "INTERNATIONAL" else "GROUP"
        words.append(added)
    elif r < 0.8:
        droppable = [i for i in range(1, len(words)) if words[i] != "&" and words[i - 1] != "&"]
        if droppable:
            del words[_pick(rng, droppable)]
        else:
            words.append(_pick(rng, _TRAILERS))
    else:
        long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if long:
            i = _pick(rng, long)
            words[i] = _change_letter(rng, words[i])
        else:
            words.append(_pick(rng, _TRAILERS))
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# What companies say they do (ACRA's user-described activities)
# --------------------------------------------------------------------------------------------

# Drawn from a random stream of their own, seeded by the row's UEN and the run's seed, so
# that every other value of a row is what it would be without them.
_PRIMARY_ACTIVITY_SHARE = 0.70
# Of the rows with a primary activity text: with a secondary SSIC code, and without one
# (then a second description of the primary code). About 20% of all rows.
_SECONDARY_ACTIVITY_SHARE = 0.75
_SECONDARY_ACTIVITY_SHARE_WITHOUT_CODE = 0.035
_UNRELATED_ACTIVITY_SHARE = 0.10
_GENERIC_ACTIVITIES = _w(
    "GENERAL TRADING, GENERAL TRADING, GENERAL TRADING, INVESTMENT HOLDING, INVESTMENT HOLDING, "
    "IMPORT AND EXPORT, IMPORT & EXPORT OF GENERAL GOODS, TRADING, CONSULTANCY SERVICES, "
    "BUSINESS CONSULTANCY, E-COMMERCE, ONLINE RETAIL, SERVICES, GENERAL CONTRACTOR, "
    "MARKETING SERVICES, PROJECT MANAGEMENT, SUPPLY OF MANPOWER, DORMANT"
)
_RELATED_SUFFIXES = (
    (" & OTHER RELATED ACTIVITIES", 5.0),
    (" AND OTHER RELATED ACTIVITIES", 2.0),
    (" AND RELATED SERVICES", 2.0),
    (" & RELATED PRODUCTS", 1.0),
    (" ETC", 1.0),
)
# How people shorten the words of a title.
_ABBREVIATIONS = {
    "AND": "&",
    "SERVICES": "SVCS",
    "SERVICE": "SVC",
    "MANUFACTURE": "MFG",
    "MANUFACTURING": "MFG",
    "ENGINEERING": "ENGRG",
    "INTERNATIONAL": "INT'L",
    "MANAGEMENT": "MGMT",
    "DEVELOPMENT": "DEV",
    "EQUIPMENT": "EQPT",
    "PRODUCTS": "PDTS",
    "TECHNOLOGY": "TECH",
    "INFORMATION": "INFO",
    "TRANSPORT": "TPT",
    "COMPANIES": "COS",
    "MAINTENANCE": "MAINT",
    "CONSTRUCTION": "CONSTRN",
    "INSTALLATION": "INSTALLN",
    "ACCESSORIES": "ACCESS.",
    "WHOLESALE": "W/SALE",
}
_BRACKETS_RE = re.compile(r"\s*\([^)]*\)")
_WORD_TOKEN_RE = re.compile(r"[A-Z']+")


@dataclass(frozen=True, slots=True)
class _Descriptions:
    """What a company may type for one SSIC code: its title and its activity index
    entries, in upper case, each with and without its bracketed qualifiers, and what a
    wholesaler trades in (for "GENERAL TRADING OF ...")."""

    titles: tuple[str, ...]
    activities: tuple[str, ...]
    goods: str


def _activity_variants(text: str) -> tuple[str, ...]:
    text = " ".join(text.upper().split())
    head, comma, tail = text.partition(", ")
    if comma and "," not in tail and len(tail.split()) <= 2 and len(head.split()) <= 3:
        text = f"{tail} {head}"  # the index's "CONSULTANCY, BUSINESS" as people say it
    bare = " ".join(_BRACKETS_RE.sub("", text).split())
    # Most people leave out the qualifiers in brackets.
    return (text, bare, bare) if bare and bare != text else (text,)


@cache
def _descriptions() -> dict[str, _Descriptions]:
    index: dict[str, list[str]] = {}
    for code, activity in read_ssic_activities():
        index.setdefault(code, []).extend(_activity_variants(activity))
    descriptions = {}
    for ssic in read_ssic_codes():
        if ssic.level != "subclass":
            continue
        titles = _activity_variants(ssic.title)
        goods = titles[-1]
        for prefix in ("WHOLESALE TRADE OF ", "WHOLESALE OF "):
            goods = goods.removeprefix(prefix)
        descriptions[ssic.code] = _Descriptions(titles, tuple(index.get(ssic.code, ())), goods)
    return descriptions


def _abbreviated(text: str) -> str:
    return _WORD_TOKEN_RE.sub(lambda m: _ABBREVIATIONS.get(m[0], m[0]), text)


_SUFFIXES = _expand(_RELATED_SUFFIXES, size=100)


def _described(rng: random.Random, code: str, all_codes: Sequence[tuple[str, str]]) -> str:
    """What a company with SSIC ``code`` types as its activity: the code's title or one of
    its activity index entries, with the usual noise (qualifiers dropped, words shortened,
    "& OTHER RELATED ACTIVITIES", "GENERAL TRADING" for a wholesaler), and now and then a
    text that has nothing to do with the code."""
    descriptions = _descriptions()
    if rng.random() < _UNRELATED_ACTIVITY_SHARE:
        if rng.random() < 0.5:
            return _pick(rng, _GENERIC_ACTIVITIES)
        code = _pick(rng, all_codes)[0]
    description = descriptions[code]
    r = rng.random()
    if code.startswith("46") and r < 0.25:
        text = "GENERAL TRADING" if r < 0.1 else f"GENERAL TRADING OF {description.goods}"
    elif description.activities and r < 0.6:
        text = _pick(rng, description.activities)
    else:
        text = _pick(rng, description.titles)
    r = rng.random()
    if r < 0.2:
        text = _abbreviated(text)
    if rng.random() < 0.12 and not text.endswith(("ACTIVITIES", "N.E.C.", "ETC")):
        text += _pick(rng, _SUFFIXES)
    return text


def _activity_texts(
    rng: random.Random,
    seed: int,
    uen: str,
    primary: str,
    secondary: str,
    all_codes: Sequence[tuple[str, str]],
) -> tuple[str, str]:
    """A row's primary and secondary user-described activity ('' for none), from ``rng``
    seeded for this row alone."""
    rng.seed((seed << 32) | crc32(uen.encode()))
    if rng.random() >= _PRIMARY_ACTIVITY_SHARE:
        return "", ""
    first = _described(rng, primary, all_codes)
    share = _SECONDARY_ACTIVITY_SHARE if secondary else _SECONDARY_ACTIVITY_SHARE_WITHOUT_CODE
    if rng.random() >= share:
        return first, ""
    return first, _described(rng, secondary or primary, all_codes)


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


# Trailing words that normalization removes as legal forms or Singapore markers.
_FORM_WORDS = (" CORPORATION", " COMPANY", " CO", " SG", " SINGAPORE", " LIMITED", " INC")


def _name_key(base: str) -> str:
    """``base`` without "&" and the trailing words that normalization would remove too."""
    while base.endswith(_FORM_WORDS):
        base = base.rsplit(" ", 1)[0].removesuffix(" &")
    return base.replace(" & ", " ")


def _fresh_base(
    rng: random.Random, t: _Tables, kind: int, industry: int
) -> tuple[str, _Word | None]:
    """A new name without its legal form, and the business word it used (if any)."""
    coined = t.coined
    if industry == _ASSOCIATIONS:
        return _association_base(rng, coined), None
    if kind == _SP:
        return _sole_base(rng, t.industries[industry], coined)
    if kind == _LLP and rng.random() < 0.45:
        word = _pick(rng, t.llp_words)
        if rng.random() < 0.6:
            base = _partners(rng)
            if not word.text.startswith("&"):
                base = f"{base} {word.text}"
            return base, word if word.codes is not None else t.law_word
        return f"{_brand(rng, coined)} {word.text}", word
    if kind == _LP:
        tail = _pick(rng, _FUND_TAILS)
        return f"{_brand(rng, coined)} {_pick(rng, _FUND_WORDS)} {tail}".rstrip(), None
    if kind == _VCC:
        base = f"{_brand(rng, coined)} {_pick(rng, _VCC_WORDS)}"
        if rng.random() < 0.3:
            base = f"{base} {_pick(rng, _ROMAN)}"
        return base, None
    if kind == _PAF:
        r = rng.random()
        if r < 0.5:
            return _partners(rng), None
        if r < 0.8:
            return f"{_brand(rng, coined)} ASSURANCE", None
        given = f"{_pick(rng, _CHINESE_GIVEN)} {_pick(rng, _CHINESE_GIVEN)}"
        return f"{_pick(rng, _CHINESE_SURNAMES)} {given}", None
    return _company_base(rng, t.industries[industry], coined)


class _Earlier(NamedTuple):
    """What a namesake needs to know about an earlier row."""

    base: str
    kind: int
    status: _Status
    form: str
    industry: int
    code: tuple[str, str]


def _dead(rnd: Callable[[], float], t: _Tables, kind: int, avoid: _Status) -> _Status:
    """A status of an entity that is not live, other than ``avoid`` when there is a choice."""
    dead = t.dead_statuses[kind]
    status = dead[int(rnd() * len(dead))]
    if status == avoid:
        status = dead[int(rnd() * len(dead))]
    return status


def _generate(rows: int, seed: int) -> Iterator[list[str]]:
    """Register rows as lists of strings in ``REGISTER_COLUMNS`` order."""
    if rows < 0:
        raise ValueError(f"rows must not be negative, got {rows}")
    return _generate_rows(rows, seed)


def _generate_rows(rows: int, seed: int) -> Iterator[list[str]]:
    t = _tables()
    rng = random.Random(seed)
    rnd = rng.random
    uens = _Uens(rng)
    pool: list[_Earlier] = []
    # Bitmaps of the names used so far and of those of live entities (by CRC-32), to keep
    # accidental namesakes rare. Their size does not depend on ``rows``, so that a shorter run
    # gives the first rows of a longer one.
    seen = bytearray(_BITMAP_BITS >> 3)
    live_seen = bytearray(_BITMAP_BITS >> 3)
    mask = _BITMAP_BITS - 1
    industries, all_codes, profiles = t.industries, t.all_codes, t.profiles
    registration_dates, addresses, four_digits = t.registration_dates, t.addresses, _FOUR_DIGITS
    activity_rng = random.Random()
    for _ in range(rows):
        r = rnd()
        if pool and r < _NAMESAKE_SHARE + _NEAR_NAMESAKE_SHARE:
            earlier: _Earlier | None = pool[int(rnd() * len(pool))]
            namesake = r < _NAMESAKE_SHARE
            industry = earlier.industry
            if industry == _ASSOCIATIONS:
                table = t.guarantee_profiles
            else:
                kinds = t.namesake_kinds[earlier.kind]
                table = t.kind_profiles[kinds[int(rnd() * len(kinds))]]
            profile = table[int(rnd() * len(table))]
            kind, company_type, _, status, form, constitution, officers = profile
            if rnd() < 0.15 and industry < _ASSOCIATIONS and profile.industry < _ASSOCIATIONS:
                industry = profile.industry  # the same name in another industry
        else:
            earlier = None
            namesake = False
            profile = profiles[int(rnd() * len(profiles))]
            kind, company_type, industry, status, form, constitution, officers = profile

        # Name.
        word: _Word | None = None
        if earlier is not None and namesake:
            base = earlier.base
            if kind == earlier.kind and form == earlier.form and rnd() < 0.8:
                # Mostly another spelling of the legal form, or a "(S)" or "SINGAPORE" in it.
                forms = t.other_forms[(company_type or _KIND_TYPES[kind], form)]
                if forms:
                    form = forms[int(rnd() * len(forms))]
            if kind == earlier.kind and form == earlier.form and status == earlier.status:
                # The very same name again: then at least the status differs.
                status = t.live_status[kind] if not status.live else _dead(rnd, t, kind, status)
            bit = crc32(_name_key(base).encode()) & mask
        else:
            for _attempt in range(_NAME_ATTEMPTS):
                if earlier is not None:
                    base = _near_base(rng, earlier.base)
                else:
                    base, word = _fresh_base(rng, t, kind, industry)
                bit = crc32(_name_key(base).encode()) & mask
                if not seen[bit >> 3] & (1 << (bit & 7)):
                    break
            seen[bit >> 3] |= 1 << (bit & 7)
        if status.live:
            # Two live entities with the same matching key are rare.
            if live_seen[bit >> 3] & (1 << (bit & 7)) and rnd() < _AVOID_LIVE_TWIN:
                avoid = earlier.status if earlier is not None and namesake else status
                status = _dead(rnd, t, kind, avoid)
            else:
                live_seen[bit >> 3] |= 1 << (bit & 7)
        if form == "& CO." and "&" in base:
            form = "PAC"  # not "TAN & LIM & CO."
        name = f"{base} {form}" if form else base

        # Industry codes: mostly the name's business word's or the industry's.
        if earlier is not None and namesake and rnd() < 0.5:
            primary = earlier.code
        else:
            codes = word.codes if word is not None and word.codes else industries[industry].primary
            primary = codes[int(rnd() * len(codes))]
        secondary = ("", "")
        if rnd() < _SECONDARY_SHARE:
            codes = industries[industry].secondary
            secondary = codes[int(rnd() * len(codes))]
            while secondary == primary:
                secondary = all_codes[int(rnd() * len(all_codes))]

        # UEN and registration date.
        dates = registration_dates[2 * kind + status.live]
        registered = dates[int(rnd() * len(dates))]
        if kind == _SP:
            uen = uens.business()
        else:
            year = int(registered[:4])
            if kind == _CO:
                uen, uen_year = uens.local(year)
            else:
                uen, uen_year = uens.other(kind, year)
            if uen_year != year:  # that year's numbers were all taken
                dates = t.dates[uen_year]
                registered = dates[int(rnd() * len(dates))]

        street, building, sector = addresses[int(rnd() * len(addresses))]
        postal = sector + four_digits[int(rnd() * 10_000)] if sector else ""

        if (earlier is None or not namesake) and rnd() < _POOL_SAMPLE:
            entry = _Earlier(base, kind, status, form, industry, primary)
            if len(pool) < _POOL_SIZE:
                pool.append(entry)
            else:
                pool[int(rnd() * _POOL_SIZE)] = entry

        primary_activity, secondary_activity = _activity_texts(
            activity_rng, seed, uen, primary[0], secondary[0], all_codes
        )
        yield [
            uen,
            "ACRA",
            status.uen_status,
            name,
            _KIND_TYPES[kind],
            constitution,
            company_type,
            status.code,
            status.description,
            registered,
            registered,
            street,
            building,
            postal,
            primary[0],
            primary[1],
            secondary[0],
            secondary[1],
            officers,
            primary_activity,
            secondary_activity,
        ]


def synthesize_register(rows: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """Yield `rows` register rows (every value a string, '' for empty), deterministic for a seed.

    Keys are :data:`REGISTER_COLUMNS`. The same ``(rows, seed)`` always give the same rows, and
    the first ``n`` rows of a longer run are the rows of a run of ``n``.

    Raises:
        ValueError: ``rows`` is negative, or so large that a UEN format runs out of numbers
            (LLP numbers run out first, at about 3,400,000 rows).
    """
    for values in _generate(rows, seed):
        yield dict(zip(REGISTER_COLUMNS, values, strict=True))


def write_register_csv(path: Path, rows: int, seed: int = 0) -> int:
    """Write the header and rows to path (UTF-8, csv module, \\n line ends); return rows written."""
    generated = _generate(rows, seed)  # checks rows before the file is touched
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REGISTER_COLUMNS)
        writer.writerows(generated)
    return rows


# --------------------------------------------------------------------------------------------
# Names as people type them
# --------------------------------------------------------------------------------------------

_TYPED_FORM_RE = re.compile(
    r"(?:\s+(?:\(S\)|\(SINGAPORE\)|SINGAPORE))?\s+(?:PTE\.?\s*LTD\.?|PTE\.?\s+LIMITED|"
    r"PRIVATE\s+LIMITED|\(PTE\.?\)\s*LTD\.?|PTY\.?\s*LTD\.?|SDN\.?\s*BHD\.?|CO\.,?\s*LTD\.?|"
    r"LIMITED|LTD\.?|LLP|L\.P\.|LP|INC\.?|CORPORATION|CORP\.?|GMBH|LLC|AG|B\.V\.|VCC|PAC|"
    r"PUBLIC\s+ACCOUNTING\s+CORPORATION|&\s*CO\.?)\s*$",
    re.IGNORECASE,
)
_PTE_LTD_RE = re.compile(r"\b(PTE\.)\s+(?=LTD\b)", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_AND_WORD_RE = re.compile(r"\band\b", re.IGNORECASE)


def _split_form(name: str) -> tuple[str, str]:
    """(core, legal form with its leading space), or (name, '') when there is no legal form."""
    match = _TYPED_FORM_RE.search(name)
    if match and name[: match.start()].strip():
        return name[: match.start()], name[match.start() :]
    return name, ""


def _drop_form(name: str, rng: random.Random) -> str | None:
    core, form = _split_form(name)
    return core.rstrip() if form else None


def _lower(name: str, rng: random.Random) -> str | None:
    return name.lower() if name != name.lower() else None


def _title(name: str, rng: random.Random) -> str | None:
    titled = _WORD_RE.sub(lambda m: m[0].capitalize(), name)
    return titled if titled != name else None


def _swap_and(name: str, rng: random.Random) -> str | None:
    if "&" in name:
        word = "AND" if name.isupper() else "and"
        return re.sub(r"\s*&\s*", f" {word} ", name, count=1)
    if _AND_WORD_RE.search(name):
        return _AND_WORD_RE.sub("&", name, count=1)
    return None


def _typo(name: str, rng: random.Random) -> str | None:
    words = list(re.finditer(r"[A-Za-z]{5,}", name))
    if not words:
        return None
    match = _pick(rng, words)
    word = match[0]
    r = rng.random()
    position = 1 + int(rng.random() * (len(word) - 2))  # never the first letter
    if r < 0.4 and word[position] != word[position + 1]:
        typed = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    elif r < 0.7:
        typed = word[:position] + word[position + 1 :]
    else:
        typed = word[: position + 1] + word[position:]
    return name[: match.start()] + typed + name[match.end() :]


def _drop_word(name: str, rng: random.Random) -> str | None:
    core, form = _split_form(name)
    words = core.split()
    if len(words) < 3:
        return None
    joiners = ("&", "and")
    droppable = [
        i
        for i in range(1, len(words))
        if any(c.isalnum() for c in words[i])
        and words[i].lower() not in joiners
        and words[i - 1].lower() not in joiners
        and (i + 1 == len(words) or words[i + 1].lower() not in joiners)
    ]
    if not droppable:
        return None
    del words[_pick(rng, droppable)]
    return " ".join(words) + form


def _append_singapore(name: str, rng: random.Random) -> str | None:
    if "singapore" in name.lower():
        return None
    core, form = _split_form(name)
    if form and rng.random() < 0.4:
        return f"{core.rstrip()} Singapore{form}"  # "Acme Singapore Pte Ltd"
    return f"{name.rstrip()} Singapore"


def _dots(name: str, rng: random.Random) -> str | None:
    if "." not in name:
        return None
    if _PTE_LTD_RE.search(name) and rng.random() < 0.5:
        return _PTE_LTD_RE.sub(r"\1", name)
    return name.replace(".", "")


# Ways of typing a name, with their weights; the changes of case come last.
_STRUCTURAL = (
    (_drop_form, 3.0),
    (_swap_and, 1.0),
    (_typo, 2.0),
    (_drop_word, 1.0),
    (_append_singapore, 1.0),
    (_dots, 1.5),
)
_CASE = ((_lower, 2.0), (_title, 2.0))
_PROBE = random.Random(0)


def _weighted_sample(
    rng: random.Random,
    items: list[tuple[Callable[[str, random.Random], str | None], float]],
    k: int,
) -> list[Callable[[str, random.Random], str | None]]:
    chosen = []
    items = list(items)
    for _ in range(min(k, len(items))):
        point = rng.random() * sum(weight for _, weight in items)
        for index, (item, weight) in enumerate(items):
            point -= weight
            if point < 0 or index == len(items) - 1:
                chosen.append(item)
                del items[index]
                break
    return chosen


def typed_variant(name: str, rng: random.Random) -> str:
    """The entity's name the way a person types it in a form.

    Applies one or two of: legal form dropped, lower case, "&" for "and" (or the reverse), one typo
    (letters swapped, dropped or doubled, in a word of 5+ letters), a word dropped (not the first,
    only when the name has 3+ words besides its legal form), "Singapore" appended (or put before
    the legal form), dots or the space of "Pte. Ltd." missing, title case. The result is never
    empty and, whenever any of these applies to the name, differs from it.

    Raises:
        ValueError: ``name`` is blank.
    """
    name = " ".join(name.split())
    if not name:
        raise ValueError("cannot vary a blank name")
    applicable = [(f, w) for f, w in _STRUCTURAL + _CASE if f(name, _PROBE) is not None]
    if not applicable:
        return name
    count = 2 if rng.random() < 0.4 else 1
    chosen = _weighted_sample(rng, applicable, count)
    if _lower in chosen and _title in chosen:
        chosen.remove(_title)
    # Structural changes first, the change of case last.
    chosen.sort(key=lambda f: f in (_lower, _title))
    typed = name
    for transform in chosen:
        changed = transform(typed, rng)
        if changed is not None and changed.strip():
            typed = " ".join(changed.split())
    if typed == name:
        for transform, _ in applicable:
            changed = transform(name, rng)
            if changed is not None and " ".join(changed.split()) not in ("", name):
                return " ".join(changed.split())
    return typed
