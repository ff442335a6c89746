"""Sites that make a crawler's life hard, each ending a crawl in a known outcome.

Two of them are demo seeds (``changiclinic.sg`` blocks bots, ``sentosasolo.sg``
disallows everything in robots.txt); the rest exist for the crawler's tests.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from icp_assets.demo.fixture_sites.markup import (
    contact_card,
    gtag,
    hero,
    link_list,
    local_business_ld,
    organization_ld,
    paragraphs,
    postal_address,
    site_footer,
    team_grid,
    wordpress,
)
from icp_assets.demo.fixture_sites.page_kits import simple_page
from icp_assets.demo.fixture_sites.site_model import (
    HTML_TYPE,
    TEXT_TYPE,
    CompanySite,
    FixtureRequest,
    FixtureResponse,
    FixtureSite,
    Page,
    not_found,
    redirect,
)

HUGE_PAGE_BYTES = 10 * 1024 * 1024
HUGE_PAGE_CHUNK_BYTES = 64 * 1024
PRIVATE_REDIRECT_TARGET = "http://10.0.0.5/"
METADATA_REDIRECT_TARGET = "http://169.254.169.254/latest/meta-data/"
ALLOW_ALL_ROBOTS = b"User-agent: *\nAllow: /\n"


class AllowAllSite(FixtureSite):
    """A hostile site whose robots.txt allows everything; ``answer`` serves the rest."""

    kind = "hostile"

    def respond(self, request: FixtureRequest) -> FixtureResponse:
        if request.path == "/robots.txt":
            return FixtureResponse(
                200, content_type=TEXT_TYPE, body=ALLOW_ALL_ROBOTS, cacheable=True
            )
        return self.answer(request)

    def answer(self, request: FixtureRequest) -> FixtureResponse:
        raise NotImplementedError


class BotBlockingSite(CompanySite):
    """A normal site for browsers that answers 403 to any User-Agent containing "bot"."""

    def respond(self, request: FixtureRequest) -> FixtureResponse:
        if "bot" in request.user_agent.lower():
            body = b"<html><head><title>403 Forbidden</title></head><body><h1>Access denied</h1>"
            return FixtureResponse(403, body=body)
        return super().respond(request)


def changi_clinic() -> BotBlockingSite:
    name, url = "Changi Clinic Partners", "https://changiclinic.sg"
    street, postal = "5 Changi Business Park Central 1, #01-30", "486038"
    pages = [
        Page(
            "/",
            "home",
            "Family and corporate health clinics",
            "\n".join(
                [
                    hero(
                        "Family clinics in the east",
                        "Changi Clinic Partners runs four GP clinics in Changi, Tampines, "
                        "Bedok and "
                        "Pasir Ris, with corporate health screening for employers.",
                    ),
                    link_list(
                        [
                            ("Corporate health", "/solutions/corporate-health"),
                            ("Our doctors", "/about/team"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Changi Clinic Partners Pte. Ltd.",
                    address=postal_address(street, postal),
                    employees=(11, 50),
                    org_type="MedicalOrganization",
                ),
            ),
        ),
        simple_page(
            "/solutions/corporate-health",
            "industries",
            "Corporate health",
            paragraphs(
                "Pre-employment checks and annual screening for logistics, aviation and hotel "
                "staff."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Corporate clients",
            paragraphs("We look after employees of 60 companies in the east."),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Insurance partners",
            paragraphs("We accept AIA, Great Eastern and Prudential panel cards."),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("Hiring a Clinic Manager and two Clinic Assistants."),
        ),
        simple_page(
            "/about",
            "about",
            "About us",
            paragraphs("Four clinics, nine doctors, on-premise records only."),
        ),
        simple_page(
            "/about/team",
            "about",
            "Our doctors",
            team_grid(
                [("Dr. Tan Wei Ming", "Medical Director"), ("Dr. Aisha Rahman", "Family Physician")]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                [name, street, f"Singapore {postal}"],
                ["appointments@changiclinic.sg"],
                ["+65 6546 1122"],
            ),
            json_ld=(
                local_business_ld(name, url, street, postal, "+65 6546 1122", "MedicalClinic"),
            ),
        ),
    ]
    return BotBlockingSite(
        domain="changiclinic.sg",
        name=name,
        description="Demo seed (lost): a clinic group whose server answers 403 to bots.",
        pages=pages,
        nav=[
            ("Corporate health", "/solutions/corporate-health"),
            ("About", "/about"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Changi Clinic Partners Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [("Careers", "/careers")],
        ),
        disallowed_paths=["/patient-portal/"],
        head_extra=gtag("G-CHANGI3"),
        kind="hostile",
        expected_outcome="http_403",
    )


def sentosa_solo() -> CompanySite:
    name, url = "Sentosa Solo Consulting", "https://sentosasolo.sg"
    pages = [
        Page(
            "/",
            "home",
            "Independent supply-chain consulting",
            hero(
                "One consultant, twenty years of supply chain",
                "Sentosa Solo Consulting is a one-person practice advising SMEs on warehouse "
                "layout and inventory planning.",
            ),
            json_ld=(organization_ld(name, url, employees=1),),
        ),
        simple_page(
            "/services",
            "industries",
            "Services",
            paragraphs("Warehouse audits, S&amp;OP set-up and ERP selection."),
        ),
        simple_page(
            "/about",
            "about",
            "About",
            paragraphs("I spent twenty years running warehouses before going independent."),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card([name], ["hello@sentosasolo.sg"], ["+65 9001 2345"]),
        ),
    ]
    return CompanySite(
        domain="sentosasolo.sg",
        name=name,
        description="Demo seed (lost): real pages behind a robots.txt that disallows everything.",
        pages=pages,
        nav=[("Services", "/services"), ("About", "/about"), ("Contact", "/contact")],
        footer=site_footer(name, "Singapore", []),
        disallowed_paths=["/"],
        robots_override="User-agent: *\nDisallow: /\n",
        kind="hostile",
        expected_outcome="robots_disallowed",
    )


class SlowSite(CompanySite):
    """A normal small site whose every answer the server holds for ``slow_seconds``.

    Its crawl ends in ``timeout`` when the crawler's timeout is shorter than that hold.
    """

    waits = True


def slow_lane() -> SlowSite:
    name = "Slowlane Couriers"
    pages = [
        Page("/", "home", "Couriers", hero(name, "Same-day courier service across Singapore.")),
        simple_page("/about", "about", "About", paragraphs("A team of 12 riders.")),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card([name], ["ops@slowlane.sg"], ["+65 6011 2233"]),
        ),
    ]
    return SlowSite(
        domain="slowlane.sg",
        name=name,
        description="Answers every request only after the server's slow_seconds.",
        pages=pages,
        nav=[("About", "/about"), ("Contact", "/contact")],
        footer=site_footer("Slowlane Couriers Pte. Ltd.", "Singapore", []),
        disallowed_paths=[],
        kind="hostile",
        expected_outcome="timeout",
    )


class RedirectToPrivateSite(AllowAllSite):
    """Home redirects to a private address; ``/status`` to the cloud metadata address."""

    domain = "intranetjump.sg"
    name = "Intranet Jump"
    expected_outcome = "refused_address"
    description = f"/ redirects to {PRIVATE_REDIRECT_TARGET}, /status to the metadata address."

    def answer(self, request: FixtureRequest) -> FixtureResponse:
        if request.path == "/":
            return redirect(302, PRIVATE_REDIRECT_TARGET)
        if request.path == "/status":
            return redirect(302, METADATA_REDIRECT_TARGET)
        return not_found(request.path)


class EndlessRedirectSite(AllowAllSite):
    """``/`` redirects to ``/r/1``, ``/r/1`` to ``/r/2``, and so on forever."""

    domain = "loopredirect.sg"
    name = "Loop Redirect"
    expected_outcome = "too_many_redirects"
    description = "An endless redirect chain: / -> /r/1 -> /r/2 -> ..."

    def answer(self, request: FixtureRequest) -> FixtureResponse:
        if request.path == "/":
            return redirect(302, "/r/1")
        step = request.path.removeprefix("/r/")
        if request.path.startswith("/r/") and step.isdigit():
            return redirect(302, f"/r/{int(step) + 1}")
        return not_found(request.path)


def huge_page_chunks(total_bytes: int = HUGE_PAGE_BYTES) -> Iterator[bytes]:
    """An HTML page of exactly ``total_bytes``, generated chunk by chunk."""
    head = (
        b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Product catalogue</title>'
        b"</head><body><h1>Complete product catalogue</h1>\n"
    )
    tail = b"</body></html>\n"
    rows = (
        f"<p>Item {n:07d}: stainless steel hex bolt M{6 + n % 10} x {20 + n % 80} mm, "
        f"box of {50 + n % 200}, S${1 + n % 90}.{n % 100:02d}</p>\n".encode()
        for n in itertools.count()
    )
    remaining = total_bytes - len(head) - len(tail)
    yield head
    buffer = bytearray()
    for row in rows:
        if remaining <= 0:
            break
        piece = row[:remaining]
        buffer += piece
        remaining -= len(piece)
        if len(buffer) >= HUGE_PAGE_CHUNK_BYTES:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)
    yield tail


class HugePageSite(AllowAllSite):
    """A 10 MB HTML home page, streamed in chunks without Content-Length."""

    domain = "hugepage.sg"
    name = "Huge Page Hardware"
    expected_outcome = "too_large"
    description = "A 10 MB home page, streamed chunked without Content-Length."

    def answer(self, request: FixtureRequest) -> FixtureResponse:
        if request.path == "/":
            return FixtureResponse(200, content_type=HTML_TYPE, stream=huge_page_chunks())
        return not_found(request.path)


def small_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text``, with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    document = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(document)
    document += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    document += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    document += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(document)


class PdfSite(AllowAllSite):
    """The home page is a PDF brochure."""

    domain = "pdfonly.sg"
    name = "PDF Only Holdings"
    expected_outcome = "not_html"
    description = "The home page is served as application/pdf."

    def __init__(self) -> None:
        self.pdf = small_pdf("PDF Only Holdings - company brochure 2024")

    def answer(self, request: FixtureRequest) -> FixtureResponse:
        if request.path == "/":
            return FixtureResponse(
                200, content_type="application/pdf", body=self.pdf, cacheable=True
            )
        return not_found(request.path)


# Unclosed tags, a <meta> charset that contradicts the header, bytes that are not UTF-8
# (Latin-1 "é", a stray 0xFF 0xFE 0x81), a script left open; real sentences in between.
BROKEN_HOME = (
    b'<html><head><meta charset="shift_jis"><title>Bedok Biscuit Works</title>\n'
    b"<body>\n<div class=main><h1>Bedok Biscuit Works\n"
    b"<p>Bedok Biscuit Works bakes butter cookies and kueh bangkit for supermarkets and "
    b"caf\xe9s across Singapore, and has done so since 1965.\n"
    b"<p>We supply hotels, airlines and corporate gifting companies <b>in Singapore and "
    b"Malaysia\n<table><tr><td>Our halal-certified factory is at 20 Bedok North Street 3, "
    b"Singapore 469633 \xff\xfe\x81<td>Trade enquiries welcome\n"
    b'<div><span>Read <i>more <a href="/about">about our bakery\n'
    b"<p>Every tin is packed by hand by a team of 40 bakers.\n"
    b"<script>var broken = '<div>';\n"
)
BROKEN_ABOUT = (
    b"<html><title>About Bedok Biscuit Works</title><body><h1>About us<p>Three generations "
    b"of the Goh family have run the bakery.<p>We export to Hong Kong and Brunei. \x80\x81\n"
)


class BrokenHtmlSite(AllowAllSite):
    """Malformed HTML with a wrong charset and stray bytes, but real text a parser can use."""

    domain = "brokenmarkup.sg"
    name = "Bedok Biscuit Works"
    expected_outcome = "ok"
    description = "Unclosed tags, invalid UTF-8 under a UTF-8 header, a contradicting <meta>."

    def answer(self, request: FixtureRequest) -> FixtureResponse:
        pages = {"/": BROKEN_HOME, "/about": BROKEN_ABOUT}
        body = pages.get(request.path.rstrip("/") or "/")
        if body is None:
            return not_found(request.path)
        return FixtureResponse(200, content_type=HTML_TYPE, body=body, cacheable=True)


_FIRST_NAMES = (
    "Alvin",
    "Beatrice",
    "Chong",
    "Deepa",
    "Edwin",
    "Fiona",
    "Gurmit",
    "Hui Ling",
    "Irfan",
    "Joanne",
)
_LAST_NAMES = ("Tan", "Lim", "Ng", "Wong", "Rahman", "Pillai", "Chua", "Goh")
_ROLES = (
    "Sales Executive",
    "Accounts Assistant",
    "Warehouse Supervisor",
    "Purchasing Officer",
    "Customer Service Officer",
)


def staff_directory_rows(count: int = 60) -> list[tuple[str, str, str, str, str]]:
    """(name, role, e-mail, office phone, mobile) for a made-up staff list."""
    rows = []
    for n in range(count):
        first = _FIRST_NAMES[n % len(_FIRST_NAMES)]
        last = _LAST_NAMES[(n * 3) % len(_LAST_NAMES)]
        email = f"{first.lower().replace(' ', '')}.{last.lower()}{n}@geylangtrading.sg"
        office = f"+65 6{(740 + n * 7) % 1000:03d} {(1000 + n * 37) % 10000:04d}"
        mobile = f"+65 9{(120 + n * 13) % 1000:03d} {(2000 + n * 53) % 10000:04d}"
        rows.append((f"{first} {last}", _ROLES[n % len(_ROLES)], email, office, mobile))
    return rows


# E-mail addresses and phone numbers written the way people hide them, each with the
# made-up person it belongs to: none of them may be stored.
HIDDEN_CONTACTS = (
    "Jane Tan: jane [at] geylangtrading [dot] sg",
    "Ahmad Ismail, ahmad(at)geylangtrading.sg",
    "write to weiling at gmail dot com",
    "or WEILING AT GMAIL DOT COM",
    "siti\uff20gmail\uff0ecom",
    "kumar {at} geylangtrading {dot} sg",
    "priya [@] gmail.com",
    "lim/at/gmail.com",
    "joanne%40gmail.com",
    "Call Marcus Lee on +65 6 1 2 3 4 5 1 1",
    "Mobile +65 61 23 45 12",
    "Desk (+65) 6123\u20134567",
)
# The phrases around them that are ordinary words, not addresses: all of them are kept.
HIDDEN_CONTACTS_PROSE = (
    "Our warehouse is at Jurong and we deliver daily.",
    "We still service dot matrix printers.",
    "Order online at geylangtrading.sg any time.",
)
# Pages whose URL holds an address: stored with that part redacted.
ADDRESS_IN_PATH = "/team/jane.tan@gmail.com"
ADDRESS_IN_QUERY = "/contact?email=jane.tan%40gmail.com"


def _people_pages(name: str, url: str) -> list[Page]:
    people = simple_page(
        "/people",
        "about",
        "Our people",
        paragraphs(*HIDDEN_CONTACTS, *HIDDEN_CONTACTS_PROSE),
        link_list([("Jane's page", ADDRESS_IN_PATH), ("Write to Jane", ADDRESS_IN_QUERY)]),
        json_ld=(
            {
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": name,
                "url": url,
                "description": "Buyers: purchasing [at] gmail [dot] com, +65 6123.45.67",
                "sameAs": [url + ADDRESS_IN_PATH],
            },
        ),
    )
    profile = simple_page(
        ADDRESS_IN_PATH,
        "about",
        "Jane's page",
        paragraphs("Purchasing for hardware and building supplies."),
    )
    return [people, profile]


def geylang_trading() -> CompanySite:
    name, url = "Geylang Trading Co.", "https://geylangtrading.sg"
    street, postal = "12 Geylang East Avenue 2, #03-04", "389757"
    table_rows = "\n".join(
        f'      <tr><td>{person}</td><td>{role}</td><td><a href="mailto:{email}">{email}</a></td>'
        f"<td>{office}</td><td>{mobile}</td></tr>"
        for person, role, email, office, mobile in staff_directory_rows()
    )
    directory = Page(
        "/staff-directory",
        "contact",
        "Staff directory",
        '  <h1>Staff directory</h1>\n    <table class="directory">\n'
        "      <tr><th>Name</th><th>Role</th><th>E-mail</th><th>Office</th><th>Mobile</th></tr>\n"
        f"{table_rows}\n    </table>",
    )
    pages = [
        Page(
            "/",
            "home",
            "Hardware and building supplies wholesaler",
            "\n".join(
                [
                    hero(
                        "Building supplies, wholesale",
                        "Geylang Trading Co. distributes hardware, fasteners and building supplies "
                        "to contractors and renovation firms across Singapore.",
                    ),
                    link_list(
                        [
                            ("Products", "/products"),
                            ("Staff directory", "/staff-directory"),
                            ("Our people", "/people"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(name, url, address=postal_address(street, postal), employees=60),
            ),
        ),
        simple_page(
            "/products",
            "other",
            "Products",
            paragraphs("Fasteners, adhesives, power tools and safety equipment."),
        ),
        simple_page(
            "/about", "about", "About", paragraphs("A team of 60 serving contractors since 1972.")
        ),
        directory,
        *_people_pages(name, url),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                [name, street, f"Singapore {postal}"],
                ["sales@geylangtrading.sg"],
                ["+65 6745 0000"],
            ),
        ),
    ]
    return CompanySite(
        domain="geylangtrading.sg",
        name=name,
        description="A small normal site with a staff directory of e-mail addresses and phones.",
        pages=pages,
        nav=[
            ("Products", "/products"),
            ("About", "/about"),
            ("Staff", "/staff-directory"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Geylang Trading Co. Pte Ltd",
            f"{street}, Singapore {postal}",
            [("Staff directory", "/staff-directory")],
        ),
        disallowed_paths=["/wp-admin/"],
        head_extra=wordpress("6.3.1", "trading"),
        kind="hostile",
        expected_outcome="ok",
    )


def hostile_sites() -> list[FixtureSite]:
    return [
        changi_clinic(),
        sentosa_solo(),
        slow_lane(),
        RedirectToPrivateSite(),
        EndlessRedirectSite(),
        HugePageSite(),
        PdfSite(),
        BrokenHtmlSite(),
        geylang_trading(),
    ]
