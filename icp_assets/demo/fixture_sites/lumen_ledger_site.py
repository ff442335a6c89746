"""lumenledger.sg: the demo tenant, a cloud accounting and invoice-reconciliation SaaS."""

from __future__ import annotations

from icp_assets.demo.fixture_sites.markup import (
    LINKEDIN_INSIGHT,
    STRIPE_JS,
    bullets,
    contact_card,
    contact_form,
    gtag,
    hero,
    hubspot,
    intercom,
    job_openings,
    link_list,
    logo_wall,
    organization_ld,
    paragraphs,
    plan_cards,
    postal_address,
    section,
    site_footer,
    team_grid,
    testimonial,
)
from icp_assets.demo.fixture_sites.page_kits import job_page, login_page, post_page
from icp_assets.demo.fixture_sites.site_model import CompanySite, Page

NAME = "Lumen Ledger"
URL = "https://www.lumenledger.sg"
STREET = "71 Ayer Rajah Crescent, #02-18"
POSTAL = "139951"


def _home() -> Page:
    body = "\n".join(
        [
            hero(
                "Close the month in days, not weeks",
                "Lumen Ledger is cloud accounting and invoice reconciliation software for "
                "small and mid-sized businesses in Singapore and Southeast Asia. It matches "
                "invoices, bank lines and payouts automatically, so your finance team stops "
                "ticking spreadsheets.",
                "Book a demo",
                "/contact",
            ),
            section(
                "Built for businesses that move goods and money every day",
                paragraphs(
                    "We serve logistics, retail, food &amp; beverage and manufacturing "
                    "businesses with 20 to 500 employees: companies that raise hundreds of "
                    "invoices a month and reconcile them against several bank accounts.",
                    'See how it works for <a href="/solutions/logistics">logistics</a>, '
                    '<a href="/solutions/retail">retail and e-commerce</a> and '
                    '<a href="/solutions/food-and-beverage">food &amp; beverage</a>.',
                ),
            ),
            section(
                "Connects to the tools you already run",
                paragraphs(
                    "Lumen Ledger syncs with Xero and QuickBooks Online, pulls payouts from "
                    "Shopify and Stripe, and reads DBS and OCBC bank feeds directly. "
                    '<a href="/integrations">See all integrations</a>.'
                ),
            ),
            section(
                "Trusted by finance teams across Singapore",
                logo_wall(
                    [
                        "Harbourline Logistics",
                        "Kopi Corner",
                        "Straits Precision Engineering",
                        "Tanjong Cold Chain",
                        "Orchid Retail Group",
                    ]
                ),
                testimonial(
                    "We used to spend four days on month-end. With Lumen Ledger our close takes "
                    "a day and a half, and the auditors love the trail.",
                    "Jane Tan",
                    "Head of Finance",
                    "Harbourline Logistics",
                ),
            ),
        ]
    )
    org = organization_ld(
        NAME,
        URL,
        legal_name="Lumen Ledger Pte. Ltd.",
        address=postal_address(STREET, POSTAL),
        same_as=[
            "https://www.linkedin.com/company/lumen-ledger",
            "https://www.facebook.com/lumenledger",
            "https://x.com/lumenledger",
        ],
        employees=(51, 200),
        founding_date="2018",
        description="Cloud accounting and invoice reconciliation for SMEs.",
        area_served=["Singapore", "Malaysia", "Indonesia", "Vietnam", "Philippines"],
    )
    return Page(
        "/", "home", "Invoice reconciliation and cloud accounting for SMEs", body, json_ld=(org,)
    )


def _solution(slug: str, title: str, lead: str, points: list[str], quote: tuple[str, ...]) -> Page:
    body = "\n".join(
        [
            hero(title, lead, "Talk to sales", "/contact"),
            section("What changes for your finance team", bullets(points)),
            testimonial(*quote),
        ]
    )
    return Page(f"/solutions/{slug}", "industries", title, body)


def _industries() -> Page:
    body = "\n".join(
        [
            "  <h1>Industries we serve</h1>",
            paragraphs(
                "Lumen Ledger was built with operators, not just accountants. Most of our "
                "customers are logistics and warehousing companies, retailers and e-commerce "
                "brands, F&amp;B groups, and precision manufacturers. Professional services "
                "firms such as analytics consultancies use it for project billing."
            ),
            link_list(
                [
                    ("Logistics and freight", "/solutions/logistics"),
                    ("Retail and e-commerce", "/solutions/retail"),
                    ("Food and beverage", "/solutions/food-and-beverage"),
                ]
            ),
            paragraphs(
                "We do not offer on-premise deployment; Lumen Ledger runs in AWS Singapore "
                "(ap-southeast-1).",
                "Lumen Ledger is not built for clinics or hospitals: patient billing needs "
                "a system of its own.",
            ),
        ]
    )
    return Page("/industries", "industries", "Industries", body)


def _customers() -> Page:
    body = "\n".join(
        [
            "  <h1>Customers</h1>",
            paragraphs(
                "More than 600 companies in Singapore, Malaysia and Indonesia reconcile their "
                "invoices with Lumen Ledger."
            ),
            logo_wall(
                [
                    "Harbourline Logistics",
                    "Kopi Corner",
                    "Straits Precision Engineering",
                    "Merlion Freight & Forwarding",
                    "Orchid Retail Group",
                    "Tanjong Cold Chain",
                    "Bukit Analytics",
                    "Serangoon Spice Foods",
                    "TradeBridge Asia",
                ]
            ),
            section(
                "Case studies",
                link_list(
                    [
                        (
                            "Harbourline Logistics closes the month 60% faster",
                            "/case-studies/harbourline-logistics",
                        ),
                        (
                            "Kopi Corner reconciles 14 outlets' Shopify payouts",
                            "/case-studies/kopi-corner",
                        ),
                        (
                            "Straits Precision Engineering automates supplier invoices",
                            "/case-studies/straits-precision",
                        ),
                    ]
                ),
            ),
            testimonial(
                "Our store payouts, GrabFood settlements and bank lines finally agree without "
                "anyone touching Excel.",
                "Daniel Lim",
                "Finance Manager",
                "Kopi Corner",
            ),
            testimonial(
                "Freight invoices come in from twelve carriers in three currencies. Lumen "
                "Ledger matches them before I have finished my coffee.",
                "Priya Nair",
                "Chief Financial Officer",
                "Merlion Freight & Forwarding",
            ),
        ]
    )
    return Page("/customers", "customers", "Customers", body)


def _case_study(
    slug: str, company: str, heading: str, texts: list[str], quote: tuple[str, ...]
) -> Page:
    body = "\n".join(
        [
            f"  <h1>{company}: {heading}</h1>",
            f'  <img src="/assets/logos/{slug}.svg" alt="{company} logo">',
            paragraphs(*texts),
            testimonial(*quote),
            paragraphs('<a href="/customers">More customer stories</a>'),
        ]
    )
    return Page(f"/case-studies/{slug}", "customers", f"{company} case study", body)


def _integrations() -> Page:
    body = "\n".join(
        [
            "  <h1>Integrations</h1>",
            paragraphs(
                "Lumen Ledger integrates with Xero, QuickBooks Online, Shopify, Stripe, "
                "HubSpot, Salesforce and NetSuite, and connects to DBS IDEAL and OCBC "
                "Velocity bank feeds. Everything syncs both ways every 15 minutes."
            ),
            section(
                "Accounting",
                bullets(
                    [
                        "<strong>Xero</strong>: two-way sync of contacts, invoices and payments",
                        "<strong>QuickBooks Online</strong>: pushes reconciled journals",
                        "<strong>NetSuite</strong>: for groups with several entities",
                    ]
                ),
            ),
            section(
                "Payments and commerce",
                bullets(
                    [
                        "<strong>Stripe</strong> and <strong>PayPal</strong> payouts, fees "
                        "split out",
                        "<strong>Shopify</strong> orders and payouts per store",
                        "<strong>Lazada</strong> and <strong>Shopee</strong> seller settlements",
                        "<strong>GrabFood</strong> and foodpanda merchant statements (CSV)",
                    ]
                ),
            ),
            section(
                "Banks",
                bullets(
                    ["DBS IDEAL", "OCBC Velocity", "UOB Infinity", "Wise Business", "Airwallex"]
                ),
            ),
            section(
                "CRM and workflow",
                bullets(
                    [
                        "HubSpot and Salesforce: invoice status on every deal",
                        "Slack: approval requests and exception alerts",
                        "Zapier for everything else",
                    ]
                ),
            ),
        ]
    )
    return Page("/integrations", "integrations", "Integrations", body)


def _partners() -> Page:
    body = "\n".join(
        [
            "  <h1>Partners</h1>",
            paragraphs(
                "We work with accounting firms and implementation partners who set up Lumen "
                "Ledger for their clients. Lumen Ledger is a Xero App Partner and listed on "
                "the Shopify App Store."
            ),
            logo_wall(
                ["Xero", "Shopify", "Stripe", "DBS Bank", "OCBC Bank", "Amazon Web Services"]
            ),
            paragraphs(
                'Become a partner: write to <a href="mailto:partners@lumenledger.sg">'
                "partners@lumenledger.sg</a>."
            ),
        ]
    )
    return Page("/partners", "integrations", "Partners", body)


def _pricing() -> Page:
    body = "\n".join(
        [
            "  <h1>Pricing</h1>",
            paragraphs("Simple plans in Singapore dollars. Prices exclude 9% GST."),
            plan_cards(
                [
                    (
                        "Starter",
                        "S$49 / month",
                        ["1 entity", "2 bank feeds", "500 invoices a month"],
                    ),
                    (
                        "Growth",
                        "S$149 / month",
                        ["3 entities", "Unlimited bank feeds", "Xero or QuickBooks sync"],
                    ),
                    (
                        "Scale",
                        "S$399 / month",
                        ["10 entities", "Approval workflows", "NetSuite connector"],
                    ),
                    (
                        "Enterprise",
                        "Contact sales",
                        [
                            "Unlimited entities",
                            "SSO and audit exports",
                            "Dedicated success manager",
                        ],
                    ),
                ]
            ),
            paragraphs(
                "Billed annually? Growth is S$1,490 per year (two months free). Regional "
                "customers can pay in US dollars: Growth at US$1,100 per year.",
                'Need more than 10 entities? <a href="/contact">Contact sales</a>.',
            ),
        ]
    )
    return Page("/pricing", "pricing", "Pricing", body, head_extra=STRIPE_JS)


def _careers() -> Page:
    body = "\n".join(
        [
            "  <h1>Careers at Lumen Ledger</h1>",
            paragraphs(
                "We are a team of 80+ people in Singapore and Kuala Lumpur, and we're hiring "
                "for 6 roles across sales, engineering and customer success."
            ),
            job_openings(
                [
                    ("Account Executive, SME", "/jobs/account-executive", "Full-time · Singapore"),
                    (
                        "Senior Backend Engineer",
                        "/jobs/senior-backend-engineer",
                        "Full-time · Singapore",
                    ),
                    (
                        "Customer Success Manager",
                        "/jobs/customer-success-manager",
                        "Full-time · Kuala Lumpur",
                    ),
                    ("Head of Sales, Malaysia", None, "Full-time · Kuala Lumpur"),
                    ("Product Designer", None, "Full-time · Singapore"),
                    ("Finance Operations Intern", None, "Internship · Singapore"),
                ]
            ),
        ]
    )
    return Page("/careers", "careers", "Careers", body)


def _jobs() -> list[Page]:
    common = {
        "organization": NAME,
        "organization_url": URL,
        "date_posted": "2024-05-20",
        "street": STREET,
        "postal_code": POSTAL,
    }
    return [
        job_page(
            "/jobs/account-executive",
            "Account Executive, SME",
            employment_type="FULL_TIME",
            intro="You will sell Lumen Ledger to finance leaders at logistics, retail and "
            "F&B companies with 50 to 300 employees.",
            duties=[
                "Run discovery calls with Finance Managers and CFOs",
                "Demo the product and build business cases",
                "Close new business of S$10k-S$60k ACV",
            ],
            requirements=["2+ years of B2B SaaS sales", "Comfort talking to accountants"],
            reports_to="VP Sales",
            salary=(5500, 8000),
            **common,
        ),
        job_page(
            "/jobs/senior-backend-engineer",
            "Senior Backend Engineer",
            employment_type="FULL_TIME",
            intro="Build the matching engine that reconciles millions of bank lines a month.",
            duties=["Design Python services on AWS", "Own bank-feed connectors"],
            requirements=["5+ years building backends", "PostgreSQL in production"],
            reports_to="CTO",
            **common,
        ),
        job_page(
            "/jobs/customer-success-manager",
            "Customer Success Manager",
            employment_type="FULL_TIME",
            intro="Help finance teams in Malaysia get live in their first 30 days.",
            duties=["Onboard new customers", "Run quarterly reviews with Finance Directors"],
            requirements=[
                "Accounting background (ACCA or CPA a plus)",
                "Bahasa Melayu and English",
            ],
            reports_to="Head of Customer Success",
            **common,
        ),
    ]


def _about() -> Page:
    body = "\n".join(
        [
            "  <h1>About Lumen Ledger</h1>",
            paragraphs(
                "Lumen Ledger was founded in Singapore in 2018 by two former auditors who were "
                "tired of watching finance teams reconcile invoices by hand. Lumen Ledger "
                "develops cloud accounting and invoice-reconciliation software for SMEs.",
                "Today we have offices in Singapore and Kuala Lumpur, Malaysia, and customers "
                "across Indonesia, Vietnam and the Philippines.",
                'Meet the <a href="/about/team">leadership team</a>.',
            ),
        ]
    )
    return Page("/about", "about", "About us", body)


def _team() -> Page:
    body = "\n".join(
        [
            "  <h1>Our team</h1>",
            team_grid(
                [
                    ("Rachel Goh", "Co-founder & Chief Executive Officer"),
                    ("Arjun Menon", "Co-founder & Chief Technology Officer"),
                    ("Marcus Lee", "VP Sales"),
                    ("Siti Rahman", "Head of Customer Success"),
                    ("Wei Ling Chua", "Finance Director"),
                ]
            ),
        ]
    )
    return Page("/about/team", "about", "Leadership team", body)


def _contact() -> Page:
    body = "\n".join(
        [
            "  <h1>Contact us</h1>",
            contact_card(
                ["Lumen Ledger Pte. Ltd.", STREET, f"Singapore {POSTAL}"],
                ["hello@lumenledger.sg", "sales@lumenledger.sg", "rachel.goh@lumenledger.sg"],
                ["+65 6812 3456", "+60 3 2785 1122"],
                "Mon-Fri, 9am-6pm SGT",
            ),
            paragraphs(
                "Kuala Lumpur office: Level 12, Menara Kencana, Jalan Sultan Ismail, 50250 "
                "Kuala Lumpur, Malaysia."
            ),
            contact_form(),
        ]
    )
    return Page("/contact", "contact", "Contact", body)


def _security() -> Page:
    body = "\n".join(
        [
            "  <h1>Security</h1>",
            paragraphs(
                "Data is hosted in AWS Singapore, encrypted at rest and in transit. We are "
                "SOC 2 Type II audited and follow the PDPA."
            ),
        ]
    )
    return Page("/security", "other", "Security", body)


def lumen_ledger() -> CompanySite:
    pages = [
        _home(),
        _industries(),
        _solution(
            "logistics",
            "Invoice reconciliation for logistics companies",
            "Match carrier invoices, fuel surcharges and customer billing against your "
            "DBS and OCBC accounts.",
            [
                "Carrier invoices matched to shipments automatically",
                "Multi-currency freight charges in SGD, MYR and USD",
                "Month-end close cut from days to hours",
            ],
            (
                "We run warehousing for forty clients. Lumen Ledger tells us which ones have "
                "paid before my team has opened the bank portal.",
                "Kelvin Ong",
                "Operations Director",
                "Tanjong Cold Chain",
            ),
        ),
        _solution(
            "retail",
            "Reconciliation for retail and e-commerce",
            "Shopify, Lazada and Shopee payouts reconciled against orders, refunds and fees.",
            ["Every payout split into sales, fees and refunds", "Store-level P&amp;L daily"],
            (
                "Eleven stores and two marketplaces, one reconciled ledger.",
                "Melissa Wong",
                "Head of Finance",
                "Orchid Retail Group",
            ),
        ),
        _solution(
            "food-and-beverage",
            "Accounting for F&B groups",
            "Outlet sales, delivery-platform settlements and supplier invoices in one place.",
            ["GrabFood and foodpanda statements imported", "Supplier invoices OCR'd and matched"],
            (
                "Our outlet managers no longer send me photos of receipts.",
                "Daniel Lim",
                "Finance Manager",
                "Kopi Corner",
            ),
        ),
        _customers(),
        _case_study(
            "harbourline-logistics",
            "Harbourline Logistics",
            "a month-end close 60% faster",
            [
                "Harbourline Logistics runs warehousing and road freight for 300 clients. Its "
                "finance team of six reconciled 4,000 invoices a month in Excel.",
                "After moving to Lumen Ledger with Xero and DBS bank feeds, 92% of lines match "
                "automatically and month-end closes in a day and a half.",
            ],
            (
                "The first month we went live we found S$38,000 of unbilled storage.",
                "Jane Tan",
                "Head of Finance",
                "Harbourline Logistics",
            ),
        ),
        _case_study(
            "kopi-corner",
            "Kopi Corner",
            "14 outlets, one reconciled ledger",
            [
                "Kopi Corner sells through 14 cafés, its Shopify online store and delivery "
                "platforms. Lumen Ledger pulls Shopify payouts and GrabFood statements daily.",
            ],
            (
                "Reconciliation went from a weekly chore to a dashboard I check on Mondays.",
                "Daniel Lim",
                "Finance Manager",
                "Kopi Corner",
            ),
        ),
        _case_study(
            "straits-precision",
            "Straits Precision Engineering",
            "supplier invoices on autopilot",
            [
                "Straits Precision Engineering buys from 180 suppliers. Three-way matching of "
                "purchase orders, delivery orders and invoices now runs without anyone keying "
                "data into QuickBooks Online.",
            ],
            (
                "Our accounts payable clerk now spends her time on exceptions only.",
                "Ravi Shankar",
                "Chief Financial Officer",
                "Straits Precision Engineering",
            ),
        ),
        _integrations(),
        _partners(),
        _pricing(),
        _careers(),
        *_jobs(),
        _about(),
        _team(),
        _contact(),
        _security(),
        post_page(
            "/blog/gst-9-percent-invoicing",
            "Invoicing at 9% GST: what changed in 2024",
            "2024-01-15",
            "Wei Ling Chua",
            NAME,
            "From 1 January 2024 GST in Singapore is 9%. Invoices that straddle the change "
            "need the old rate for goods delivered in 2023.",
            "Lumen Ledger flags those invoices automatically when it syncs with Xero.",
        ),
        post_page(
            "/blog/month-end-close-checklist",
            "A month-end close checklist for SME finance teams",
            "2024-04-02",
            "Siti Rahman",
            NAME,
            "Reconcile bank accounts first, then payment gateways, then accruals. Our "
            "checklist walks through the twelve steps most finance managers follow.",
        ),
        login_page("/app/", "Sign in", NAME),
    ]
    footer = site_footer(
        "Lumen Ledger Pte. Ltd.",
        f"{STREET}, Singapore {POSTAL}",
        [
            ("Log in", "/app/"),
            ("Pricing", "/pricing"),
            ("Security", "/security"),
            ("Careers", "/careers"),
            ("Blog", "/blog/month-end-close-checklist"),
        ],
        [
            "https://www.linkedin.com/company/lumen-ledger",
            "https://www.facebook.com/lumenledger",
            "https://apps.apple.com/sg/app/lumen-ledger/id1587654321",
            "https://play.google.com/store/apps/details?id=sg.lumenledger.app",
        ],
    )
    return CompanySite(
        domain="lumenledger.sg",
        name=NAME,
        description="The demo tenant: cloud accounting and invoice reconciliation SaaS.",
        pages=pages,
        nav=[
            ("Industries", "/industries"),
            ("Customers", "/customers"),
            ("Integrations", "/integrations"),
            ("Pricing", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Log in", "/app/"),
        ],
        footer=footer,
        disallowed_paths=["/app/", "/search"],
        head_extra=gtag("G-LL7Q2K9X1M")
        + hubspot(21453678)
        + intercom("lmn8x2qa")
        + LINKEDIN_INSIGHT,
        canonical_host="www.lumenledger.sg",
        robots_extra="User-agent: GPTBot\nDisallow: /",
    )
