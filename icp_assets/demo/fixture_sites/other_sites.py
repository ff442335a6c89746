"""More Singapore companies beyond the demo intake: an HR SaaS, a law firm, a food
manufacturer, an engineering firm, a B2B marketplace and an IT services company."""

from __future__ import annotations

from icp_assets.demo.fixture_sites.markup import (
    LINKEDIN_INSIGHT,
    STRIPE_JS,
    bullets,
    contact_card,
    contact_form,
    freshdesk,
    gtag,
    hero,
    hotjar,
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
    segment,
    site_footer,
    squarespace,
    team_grid,
    testimonial,
    wix,
    wordpress,
    zendesk,
)
from icp_assets.demo.fixture_sites.page_kits import (
    case_study_page,
    job_page,
    login_page,
    post_page,
    simple_page,
)
from icp_assets.demo.fixture_sites.site_model import CompanySite, Page


def people_pulse() -> CompanySite:
    name, url = "PeoplePulse", "https://peoplepulse.sg"
    street, postal = "1 Fusionopolis Way, #10-05", "138632"
    jobs = {
        "organization": "PeoplePulse Pte. Ltd.",
        "organization_url": url,
        "date_posted": "2024-05-24",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "HR and payroll software for Singapore SMEs",
            "\n".join(
                [
                    hero(
                        "Payroll, leave and claims in one place",
                        "PeoplePulse is HR and payroll software for companies with 10 to 1,000 "
                        "employees: CPF, IRAS AIS submissions, leave and expense claims, done.",
                        "Start a free trial",
                        "/pricing",
                    ),
                    section(
                        "Works with your stack",
                        paragraphs(
                            "PeoplePulse connects to Xero, QuickBooks Online and Lumen Ledger for "
                            "payroll journals, and syncs with Slack, Microsoft Teams and Google "
                            'Workspace. <a href="/integrations">All integrations</a>'
                        ),
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="PeoplePulse Pte. Ltd.",
                    address=postal_address(street, postal),
                    same_as=["https://www.linkedin.com/company/peoplepulse-sg"],
                    employees=(51, 200),
                    org_type="Corporation",
                ),
            ),
        ),
        simple_page(
            "/solutions/payroll",
            "industries",
            "Payroll",
            paragraphs(
                "Run payroll in ten minutes, with CPF contributions and SDL calculated for you."
            ),
        ),
        simple_page(
            "/solutions/leave-and-claims",
            "industries",
            "Leave and claims",
            paragraphs("Mobile leave applications and receipt-scanning expense claims."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "Shift-heavy businesses rely on PeoplePulse: F&amp;B chains, retail, logistics "
                "and healthcare clinics, as well as professional services firms."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            logo_wall(
                ["Kopi Corner", "Harbourline Logistics", "Tiong Bahru Law", "Kallang IT Services"]
            ),
            testimonial(
                "Payroll for 180 shift workers used to take two days. Now it takes an hour.",
                "Michelle Teo",
                "HR Director",
                "Kopi Corner",
            ),
            link_list(
                [
                    (
                        "Harbourline Logistics: payroll for 230 staff",
                        "/case-studies/harbourline-payroll",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/harbourline-payroll",
            "Harbourline Logistics",
            "overtime and shift allowances without spreadsheets",
            [
                "Drivers' overtime and shift allowances now flow from the rostering app into "
                "payroll."
            ],
            ("Payroll queries from drivers fell by 80%.", "Jane Tan", "Head of Finance"),
        ),
        simple_page(
            "/integrations",
            "integrations",
            "Integrations",
            paragraphs(
                "PeoplePulse integrates with Xero, QuickBooks Online, NetSuite and Lumen Ledger "
                "for accounting; Slack, Microsoft Teams and Google Workspace for approvals; and "
                "submits directly to CPF Board and IRAS."
            ),
            bullets(
                [
                    "Xero",
                    "QuickBooks Online",
                    "NetSuite",
                    "Slack",
                    "Microsoft Teams",
                    "Google Workspace",
                    "Okta",
                ]
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Pricing",
            plan_cards(
                [
                    ("Payroll", "S$6 per employee / month", ["CPF and IRAS submissions"]),
                    ("HR Suite", "S$10 per employee / month", ["Payroll, leave, claims"]),
                    ("Enterprise", "Contact sales", ["500+ employees", "SSO"]),
                ]
            ),
            paragraphs("Regional plan for Malaysia: US$8 per employee per month."),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("We're 70 people in Singapore and growing. Open roles:"),
            job_openings(
                [
                    ("VP Sales", "/jobs/vp-sales", "Full-time · Singapore"),
                    ("Payroll Specialist", "/jobs/payroll-specialist", "Full-time · Singapore"),
                    ("Frontend Engineer", None, "Full-time · Singapore"),
                ]
            ),
        ),
        job_page(
            "/jobs/vp-sales",
            "VP Sales",
            employment_type="FULL_TIME",
            intro="Build and lead a sales team of 12 selling to SME owners and HR Managers.",
            duties=["Own the revenue number", "Hire Account Executives"],
            requirements=["8 years of SaaS sales", "Built a team before"],
            reports_to="Chief Executive Officer",
            **jobs,
        ),
        job_page(
            "/jobs/payroll-specialist",
            "Payroll Specialist",
            employment_type="FULL_TIME",
            intro="Help customers run their first payroll on PeoplePulse.",
            duties=["Onboard customers", "Answer CPF questions"],
            requirements=["3 years of Singapore payroll"],
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About",
            paragraphs(
                "Founded in 2020 at one-north. Customers across Singapore and Malaysia.",
                '<a href="/about/team">Team</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Team",
            team_grid(
                [
                    ("Amanda Seah", "Chief Executive Officer"),
                    ("Hannah Yeo", "People Operations Manager"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["PeoplePulse Pte. Ltd.", street, f"Singapore {postal}"],
                ["sales@peoplepulse.sg", "support@peoplepulse.sg"],
                ["+65 6904 5577"],
            ),
            contact_form(),
        ),
        post_page(
            "/blog/cpf-changes-2024",
            "CPF contribution changes in 2024",
            "2024-01-08",
            "Amanda Seah",
            name,
            "The CPF ordinary wage ceiling rose to S$6,800 in January 2024.",
        ),
        login_page("/app/", "Log in", name),
    ]
    return CompanySite(
        domain="peoplepulse.sg",
        name=name,
        description="HR and payroll SaaS (Intercom, Segment, Stripe).",
        pages=pages,
        nav=[
            ("Payroll", "/solutions/payroll"),
            ("Industries", "/industries"),
            ("Customers", "/customers"),
            ("Integrations", "/integrations"),
            ("Pricing", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Log in", "/app/"),
        ],
        footer=site_footer(
            "PeoplePulse Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [
                ("Log in", "/app/"),
                ("Leave and claims", "/solutions/leave-and-claims"),
                ("Blog", "/blog/cpf-changes-2024"),
            ],
            [
                "https://www.linkedin.com/company/peoplepulse-sg",
                "https://apps.apple.com/sg/app/peoplepulse/id1555123456",
                "https://play.google.com/store/apps/details?id=sg.peoplepulse",
            ],
        ),
        disallowed_paths=["/app/"],
        head_extra=intercom("pp4x9k2z") + segment("Pp8sEgKey1") + STRIPE_JS + gtag("G-PPULSE7"),
    )


def tiong_bahru_law() -> CompanySite:
    name, url = "Tiong Bahru Law", "https://tiongbahrulaw.sg"
    street, postal = "55 Market Street, #09-02", "048941"
    jobs = {
        "organization": "Tiong Bahru Law LLC",
        "organization_url": url,
        "date_posted": "2024-04-30",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Corporate and employment lawyers",
            "\n".join(
                [
                    hero(
                        "Practical legal advice for growing companies",
                        "Tiong Bahru Law LLC is a Singapore law practice advising founders, SMEs "
                        "and regional groups on corporate, commercial and employment matters.",
                        "Speak to a lawyer",
                        "/contact",
                    ),
                    link_list(
                        [
                            ("Corporate and M&amp;A", "/practice-areas/corporate"),
                            ("Employment", "/practice-areas/employment"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    "Tiong Bahru Law LLC",
                    url,
                    address=postal_address(street, postal),
                    same_as=["https://www.linkedin.com/company/tiong-bahru-law"],
                    org_type="LegalService",
                ),
            ),
        ),
        simple_page(
            "/practice-areas/corporate",
            "industries",
            "Corporate and M&amp;A",
            paragraphs("Incorporations, fundraising, shareholder agreements and acquisitions."),
        ),
        simple_page(
            "/practice-areas/employment",
            "industries",
            "Employment",
            paragraphs("Employment contracts, handbooks, terminations and MOM disputes."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Sectors",
            paragraphs(
                "We act for technology start-ups, logistics companies, F&amp;B operators and "
                "family offices."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Clients",
            paragraphs("Clients who have allowed us to name them:"),
            logo_wall(["Lumen Ledger", "PeoplePulse", "Kopi Corner", "TradeBridge Asia"]),
            testimonial(
                "They read our term sheet on a Sunday night and had comments by Monday breakfast.",
                "Rachel Goh",
                "Chief Executive Officer",
                "Lumen Ledger",
            ),
            link_list([("TradeBridge Asia: Series A", "/case-studies/tradebridge-series-a")]),
        ),
        case_study_page(
            "/case-studies/tradebridge-series-a",
            "TradeBridge Asia",
            "a US$8 million Series A",
            ["We advised TradeBridge Asia on its Series A led by a regional venture fund."],
            ("Clear advice, fixed fees, no surprises.", "Vincent Chia", "Chief Financial Officer"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Alliance firms",
            paragraphs(
                "We work with alliance firms in Kuala Lumpur, Jakarta and Ho Chi Minh City. "
                "Clients sign with DocuSign, and matters are run on Clio."
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Fixed fees",
            bullets(
                [
                    "Company incorporation package: S$1,800",
                    "Employment contract review: S$650",
                    "Shareholders' agreement: from S$4,500",
                ]
            ),
            paragraphs("Transactions and disputes are quoted per matter."),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("Over 40 lawyers and staff. We are recruiting:"),
            job_openings(
                [
                    (
                        "Associate, Corporate (2-4 PQE)",
                        "/jobs/associate-corporate",
                        "Full-time · Singapore",
                    ),
                    ("Legal Secretary", None, "Full-time · Singapore"),
                ]
            ),
        ),
        job_page(
            "/jobs/associate-corporate",
            "Associate, Corporate (2-4 PQE)",
            employment_type="FULL_TIME",
            intro="Work on venture financings and M&amp;A for regional clients.",
            duties=["Draft transaction documents", "Run due diligence"],
            requirements=["Admitted in Singapore", "2-4 years' post-qualification experience"],
            reports_to="Managing Director",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About the firm",
            paragraphs(
                "Founded in 2012 in Tiong Bahru; now in the CBD.",
                '<a href="/about/team">Our lawyers</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Our lawyers",
            team_grid(
                [
                    ("Evelyn Koh", "Managing Director"),
                    ("Samuel Ng", "Director, Employment"),
                    ("Farhan Ismail", "Senior Associate"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Tiong Bahru Law LLC", street, f"Singapore {postal}"],
                ["enquiries@tiongbahrulaw.sg", "evelyn.koh@tiongbahrulaw.sg"],
                ["+65 6222 8181"],
            ),
        ),
        post_page(
            "/insights/tripartite-guidelines-flexible-work",
            "The tripartite guidelines on flexible work requests",
            "2024-04-16",
            "Samuel Ng",
            name,
            "From 1 December 2024 employers must consider flexible work requests properly.",
        ),
        login_page("/wp-admin/", "Log in", "WordPress"),
    ]
    return CompanySite(
        domain="tiongbahrulaw.sg",
        name=name,
        description="Law firm (WordPress; sitemap not in robots.txt).",
        pages=pages,
        nav=[
            ("Practice areas", "/practice-areas/corporate"),
            ("Sectors", "/industries"),
            ("Clients", "/customers"),
            ("Fees", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Tiong Bahru Law LLC",
            f"{street}, Singapore {postal}",
            [
                ("Staff login", "/wp-admin/"),
                ("Alliance firms", "/partners"),
                ("Insights", "/insights/tripartite-guidelines-flexible-work"),
            ],
            ["https://www.linkedin.com/company/tiong-bahru-law"],
        ),
        disallowed_paths=["/wp-admin/"],
        head_extra=wordpress("6.5.2", "lawfirm") + gtag("G-TBLAW22"),
        sitemap_style="no_robots_line",
    )


def serangoon_spice() -> CompanySite:
    name, url = "Serangoon Spice Foods", "https://serangoonspice.com.sg"
    street, postal = "31 Senoko Way", "758046"
    jobs = {
        "organization": "Serangoon Spice Foods Pte Ltd",
        "organization_url": url,
        "date_posted": "2024-05-15",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Sauces and spice pastes",
            "\n".join(
                [
                    hero(
                        "Laksa, rendang and sambal, made in Singapore",
                        "Serangoon Spice Foods manufactures sauces, spice pastes and ready-to-cook "
                        "mixes in its HACCP and halal-certified factory in Senoko, and exports to "
                        "Malaysia, Brunei, Hong Kong and Australia.",
                        "Trade enquiries",
                        "/contact",
                    ),
                    link_list(
                        [("Sauces", "/products/sauces"), ("Spice pastes", "/products/spice-pastes")]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Serangoon Spice Foods Pte Ltd",
                    address=postal_address(street, postal),
                    employees=85,
                    same_as=["https://www.facebook.com/serangoonspice"],
                ),
            ),
        ),
        simple_page(
            "/products/sauces",
            "other",
            "Sauces",
            bullets(["Chilli crab sauce", "Satay peanut sauce", "Black pepper sauce"]),
        ),
        simple_page(
            "/products/spice-pastes",
            "other",
            "Spice pastes",
            bullets(["Laksa paste", "Rendang paste", "Sambal belacan"]),
        ),
        simple_page(
            "/solutions/food-service",
            "industries",
            "Food service",
            paragraphs(
                "1 kg and 5 kg packs for restaurants, hotels, airline caterers and central "
                "kitchens."
            ),
        ),
        simple_page(
            "/solutions/private-label",
            "industries",
            "Private label",
            paragraphs("Your recipe, our factory: minimum runs of 2,000 units."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Who we supply",
            paragraphs(
                "We supply supermarkets, F&amp;B chains, hotels, airline caterers and "
                "importers in Southeast Asia."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            logo_wall(["Kopi Corner", "FairPrice", "SATS", "Orchid Retail Group"]),
            testimonial(
                "Consistent taste batch after batch, which is everything for a chain.",
                "Chef Ahmad Yusof",
                "Executive Chef",
                "Kopi Corner",
            ),
            link_list(
                [
                    (
                        "Kopi Corner: a nasi lemak sambal for 14 outlets",
                        "/case-studies/kopi-corner-sambal",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/kopi-corner-sambal",
            "Kopi Corner",
            "one sambal for 14 outlets",
            ["We reformulated Kopi Corner's sambal for central production, in 5 kg packs."],
            ("Our outlets stopped making sambal by hand.", "Farah Aziz", "Operations Director"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Distributors and partners",
            paragraphs(
                "Retail orders come through Lazada, Shopee and Amazon. Our production runs on "
                "SAP Business One; we export with Merlion Freight &amp; Forwarding and store "
                "stock at Tanjong Cold Chain."
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("Join our team of 85 in Senoko."),
            job_openings(
                [
                    ("Food Technologist", "/jobs/food-technologist", "Full-time · Senoko"),
                    ("Production Supervisor", "/jobs/production-supervisor", "Full-time · Senoko"),
                    ("Export Sales Executive", None, "Full-time · Senoko"),
                ]
            ),
        ),
        job_page(
            "/jobs/food-technologist",
            "Food Technologist",
            employment_type="FULL_TIME",
            intro="Develop new sauces and scale recipes for production.",
            duties=["Run shelf-life trials", "Write specifications"],
            requirements=["Degree in food science"],
            reports_to="Head of R&amp;D",
            **jobs,
        ),
        job_page(
            "/jobs/production-supervisor",
            "Production Supervisor",
            employment_type="FULL_TIME",
            intro="Supervise two production lines and a team of 20.",
            duties=["Keep HACCP records", "Plan daily production"],
            requirements=["3 years in food manufacturing"],
            reports_to="Plant Manager",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "Our story",
            paragraphs(
                "Started by the Rahman family in 1979 at a Serangoon Road stall.",
                '<a href="/about/team">Our people</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Our people",
            team_grid(
                [
                    ("Abdul Rahman", "Managing Director"),
                    ("Nur Aisyah", "Export Manager"),
                    ("Joyce Lee", "Finance Manager"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Serangoon Spice Foods Pte Ltd", street, f"Singapore {postal}"],
                ["trade@serangoonspice.com.sg"],
                ["+65 6755 3311"],
            ),
        ),
        post_page(
            "/news/australia-launch",
            "Our pastes are now in Australian supermarkets",
            "2024-03-04",
            "Serangoon Spice",
            name,
            "Laksa and rendang pastes launched in 120 stores in Sydney and Melbourne.",
        ),
        login_page("/trade-portal/", "Trade portal", "the trade portal"),
    ]
    return CompanySite(
        domain="serangoonspice.com.sg",
        name=name,
        description="Food manufacturer (Wix).",
        pages=pages,
        nav=[
            ("Products", "/products/sauces"),
            ("Food service", "/solutions/food-service"),
            ("Who we supply", "/industries"),
            ("Customers", "/customers"),
            ("Partners", "/partners"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Serangoon Spice Foods Pte Ltd",
            f"{street}, Singapore {postal}",
            [
                ("Trade portal", "/trade-portal/"),
                ("Private label", "/solutions/private-label"),
                ("News", "/news/australia-launch"),
            ],
            ["https://www.facebook.com/serangoonspice", "https://www.instagram.com/serangoonspice"],
        ),
        disallowed_paths=["/trade-portal/"],
        head_extra=wix(),
    )


def jurong_fabrication() -> CompanySite:
    name, url = "Jurong Fabrication Works", "https://jurongfab.sg"
    street, postal = "25 Tuas Avenue 4", "639378"
    jobs = {
        "organization": "Jurong Fabrication Works Pte Ltd",
        "organization_url": url,
        "date_posted": "2024-05-08",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Structural steel and process piping",
            "\n".join(
                [
                    hero(
                        "Steel structures and piping for Singapore's industry",
                        "Jurong Fabrication Works designs, fabricates and installs structural "
                        "steelwork, pressure vessels and process piping for petrochemical, marine "
                        "and pharmaceutical plants.",
                        "Send an enquiry",
                        "/contact",
                    ),
                    link_list(
                        [
                            ("Structural steel", "/solutions/structural-steel"),
                            ("Process piping", "/solutions/process-piping"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Jurong Fabrication Works Pte Ltd",
                    address=postal_address(street, postal),
                    employees=320,
                    same_as=["https://www.linkedin.com/company/jurong-fabrication-works"],
                    area_served=["Singapore", "Malaysia", "Indonesia", "Brunei"],
                ),
            ),
        ),
        simple_page(
            "/solutions/structural-steel",
            "industries",
            "Structural steel",
            paragraphs(
                "Pipe racks, platforms and modules up to 400 tonnes, fabricated in our 30,000 "
                "m² yard."
            ),
        ),
        simple_page(
            "/solutions/process-piping",
            "industries",
            "Process piping",
            paragraphs("Carbon steel, stainless and duplex piping to ASME B31.3."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "Petrochemical plants on Jurong Island, shipyards, pharmaceutical plants in "
                "Tuas, and data centres."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Clients",
            logo_wall(["Straits Precision Engineering", "Keppel Offshore", "Tuas Biomedical Park"]),
            testimonial(
                "Delivered a 300-tonne pipe rack module two weeks early.",
                "Kenneth Loh",
                "Project Director",
                "Jurong Island Chemicals",
            ),
            link_list(
                [
                    (
                        "Jurong Island Chemicals: pipe rack modules",
                        "/case-studies/jurong-island-pipe-racks",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/jurong-island-pipe-racks",
            "Jurong Island Chemicals",
            "six pipe rack modules",
            ["Six modules fabricated, painted and lifted into place during a planned shutdown."],
            ("No lost-time incidents over 180,000 man-hours.", "Kenneth Loh", "Project Director"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Partners",
            paragraphs(
                "We model in Tekla Structures and AutoCAD Plant 3D, and plan projects in "
                "Oracle Primavera. Accounts run on SAP Business One."
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs(
                "Over 300 employees in engineering, fabrication and site teams. Open roles:"
            ),
            job_openings(
                [
                    ("Project Engineer", "/jobs/project-engineer", "Full-time · Tuas"),
                    ("Safety Officer", "/jobs/safety-officer", "Full-time · Jurong Island"),
                    ("Welder (6G)", None, "Full-time · Tuas"),
                ]
            ),
        ),
        job_page(
            "/jobs/project-engineer",
            "Project Engineer",
            employment_type="FULL_TIME",
            intro="Manage fabrication projects from drawings to handover.",
            duties=["Coordinate with clients", "Track schedule and cost"],
            requirements=["Degree in mechanical or civil engineering"],
            reports_to="Project Director",
            **jobs,
        ),
        job_page(
            "/jobs/safety-officer",
            "Safety Officer",
            employment_type="FULL_TIME",
            intro="Keep our Jurong Island sites safe.",
            duties=["Run toolbox meetings", "Inspect work at height"],
            requirements=["Registered WSH Officer"],
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About",
            paragraphs(
                "Since 1982. bizSAFE Star, ISO 9001, ISO 45001.",
                '<a href="/about/team">Management</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Management",
            team_grid(
                [
                    ("Goh Chee Keong", "Managing Director"),
                    ("Kenneth Loh", "Project Director"),
                    ("Mary Lim", "Finance Director"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Jurong Fabrication Works Pte Ltd", street, f"Singapore {postal}"],
                ["projects@jurongfab.sg"],
                ["+65 6861 7020"],
            ),
        ),
        post_page(
            "/news/iso-45001",
            "ISO 45001 certification renewed",
            "2024-02-20",
            "Jurong Fabrication Works",
            name,
            "Our safety management system passed its recertification audit.",
        ),
        login_page("/intranet/", "Intranet", "the intranet"),
    ]
    return CompanySite(
        domain="jurongfab.sg",
        name=name,
        description="Engineering and fabrication firm (Squarespace).",
        pages=pages,
        nav=[
            ("Solutions", "/solutions/structural-steel"),
            ("Industries", "/industries"),
            ("Clients", "/customers"),
            ("Partners", "/partners"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Jurong Fabrication Works Pte Ltd",
            f"{street}, Singapore {postal}",
            [("Intranet", "/intranet/"), ("News", "/news/iso-45001")],
            ["https://www.linkedin.com/company/jurong-fabrication-works"],
        ),
        disallowed_paths=["/intranet/"],
        head_extra=squarespace(),
    )


def tradebridge() -> CompanySite:
    name, url = "TradeBridge Asia", "https://tradebridge.sg"
    street, postal = "8 Marina View, #15-04", "018960"
    jobs = {
        "organization": "TradeBridge Asia Pte. Ltd.",
        "organization_url": url,
        "date_posted": "2024-05-21",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "The B2B marketplace for Southeast Asian suppliers",
            "\n".join(
                [
                    hero(
                        "Buy wholesale from 8,000 verified suppliers",
                        "TradeBridge Asia is a B2B marketplace where restaurants, retailers and "
                        "offices buy packaging, food ingredients and supplies from verified "
                        "suppliers in Singapore, Malaysia, Indonesia and Vietnam.",
                        "Start buying",
                        "/pricing",
                    ),
                    paragraphs(
                        "Get the app: <a "
                        'href="https://apps.apple.com/sg/app/tradebridge/id1612345678">iOS</a> and '
                        '<a href="https://play.google.com/store/apps/details?id=asia.tradebridge">Android</a>.'
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="TradeBridge Asia Pte. Ltd.",
                    address=postal_address(street, postal),
                    employees=(201, 500),
                    same_as=[
                        "https://www.linkedin.com/company/tradebridge-asia",
                        "https://x.com/tradebridgeasia",
                    ],
                ),
            ),
        ),
        simple_page(
            "/solutions/buyers",
            "industries",
            "For buyers",
            paragraphs(
                "Restaurants, cafés, retailers and facilities managers order on 30-day terms."
            ),
        ),
        simple_page(
            "/solutions/suppliers",
            "industries",
            "For suppliers",
            paragraphs("Manufacturers and distributors reach 60,000 business buyers."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs("Food service, hospitality, retail, healthcare and facilities management."),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            logo_wall(
                [
                    "Kopi Corner",
                    "Orchid Retail Group",
                    "Serangoon Spice Foods",
                    "Harbourline Logistics",
                ]
            ),
            testimonial(
                "We buy all our takeaway packaging on TradeBridge and pay once a month.",
                "Farah Aziz",
                "Operations Director",
                "Kopi Corner",
            ),
            link_list(
                [
                    (
                        "Serangoon Spice Foods: 400 new trade buyers",
                        "/case-studies/serangoon-spice-suppliers",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/serangoon-spice-suppliers",
            "Serangoon Spice Foods",
            "400 new trade buyers in a year",
            ["Serangoon Spice listed its food-service range and now sells to 400 restaurants."],
            ("TradeBridge is now our second-largest channel.", "Nur Aisyah", "Export Manager"),
        ),
        simple_page(
            "/integrations",
            "integrations",
            "Integrations",
            paragraphs(
                "Suppliers connect their catalogues from Shopify, WooCommerce or SAP Business "
                "One; buyers' invoices sync with Xero, QuickBooks Online and Lumen Ledger. "
                "Payments run on Stripe and Adyen."
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Seller plans",
            plan_cards(
                [
                    ("Basic", "Free", ["5% commission"]),
                    ("Pro", "S$99 / month", ["3% commission", "Featured listings"]),
                    ("Pro annual", "US$1,200 per year", ["3% commission"]),
                    ("Enterprise", "Contact sales", ["API and EDI"]),
                ]
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("A team of 250 across four countries. We're hiring for 6 roles, including:"),
            job_openings(
                [
                    (
                        "Head of Sales, Vietnam",
                        "/jobs/head-of-sales-vietnam",
                        "Full-time · Ho Chi Minh City",
                    ),
                    ("Data Analyst", "/jobs/data-analyst", "Full-time · Singapore"),
                    ("Category Manager, Packaging", None, "Full-time · Singapore"),
                ]
            ),
        ),
        job_page(
            "/jobs/head-of-sales-vietnam",
            "Head of Sales, Vietnam",
            employment_type="FULL_TIME",
            intro="Launch TradeBridge in Vietnam and build its sales team.",
            duties=["Sign the first 200 suppliers", "Hire a team of six"],
            requirements=["B2B sales leadership in Vietnam"],
            reports_to="Chief Commercial Officer",
            locality="Ho Chi Minh City",
            **{**jobs, "street": "Bitexco Financial Tower, 2 Hai Trieu", "postal_code": "700000"},
        ),
        job_page(
            "/jobs/data-analyst",
            "Data Analyst",
            employment_type="CONTRACTOR",
            intro="Analyse marketplace liquidity and pricing.",
            duties=["Build dashboards", "Run experiments"],
            requirements=["SQL and Python"],
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About",
            paragraphs(
                "Founded in 2019; offices in Singapore, Kuala Lumpur, Jakarta and Ho Chi Minh "
                "City.",
                '<a href="/about/team">Team</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Team",
            team_grid(
                [
                    ("Derek Wong", "Chief Executive Officer"),
                    ("Vincent Chia", "Chief Financial Officer"),
                    ("Linh Nguyen", "Chief Commercial Officer"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["TradeBridge Asia Pte. Ltd.", street, f"Singapore {postal}"],
                ["support@tradebridge.sg", "sellers@tradebridge.sg"],
                ["+65 3165 4000"],
            ),
        ),
        post_page(
            "/blog/series-a",
            "TradeBridge raises US$8 million",
            "2023-10-10",
            "Derek Wong",
            name,
            "The round funds our launch in Vietnam.",
        ),
        login_page("/account/", "Sign in", name),
    ]
    return CompanySite(
        domain="tradebridge.sg",
        name=name,
        description="B2B marketplace (Stripe, Zendesk, Segment, Hotjar).",
        pages=pages,
        nav=[
            ("Buyers", "/solutions/buyers"),
            ("Suppliers", "/solutions/suppliers"),
            ("Customers", "/customers"),
            ("Integrations", "/integrations"),
            ("Pricing", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Sign in", "/account/"),
        ],
        footer=site_footer(
            "TradeBridge Asia Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [("Sign in", "/account/"), ("Industries", "/industries"), ("Blog", "/blog/series-a")],
            [
                "https://www.linkedin.com/company/tradebridge-asia",
                "https://apps.apple.com/sg/app/tradebridge/id1612345678",
            ],
        ),
        disallowed_paths=["/account/", "/search"],
        head_extra=STRIPE_JS + zendesk("tb-7d1e-4a2b") + segment("TbSeg99") + hotjar(3456789),
    )


def kallang_it() -> CompanySite:
    name, url = "Kallang IT Services", "https://kallangit.sg"
    street, postal = "3 Kallang Junction, #05-02", "339265"
    jobs = {
        "organization": "Kallang IT Services Pte. Ltd.",
        "organization_url": url,
        "date_posted": "2024-05-13",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Managed IT services for SMEs",
            "\n".join(
                [
                    hero(
                        "IT that just works, for offices of 10 to 300",
                        "Kallang IT Services provides managed IT support, Microsoft 365 and "
                        "cybersecurity services to SMEs in Singapore.",
                        "Get an IT health check",
                        "/contact",
                    ),
                    link_list(
                        [
                            ("Managed IT", "/solutions/managed-it"),
                            ("Cybersecurity", "/solutions/cybersecurity"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Kallang IT Services Pte. Ltd.",
                    address=postal_address(street, postal),
                    employees=(11, 50),
                    same_as=["https://www.linkedin.com/company/kallang-it"],
                ),
            ),
        ),
        simple_page(
            "/solutions/managed-it",
            "industries",
            "Managed IT",
            paragraphs("Helpdesk, device management and network support for a fixed monthly fee."),
        ),
        simple_page(
            "/solutions/cybersecurity",
            "industries",
            "Cybersecurity",
            paragraphs(
                "Endpoint protection, phishing training and CSA Cyber Essentials readiness."
            ),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "We support law firms, clinics, logistics offices, manufacturers and "
                "accounting practices."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Clients",
            logo_wall(
                [
                    "Tiong Bahru Law",
                    "Straits Precision Engineering",
                    "Changi Clinic Partners",
                    "Kopi Corner",
                ]
            ),
            testimonial(
                "Our ransomware scare was contained in an hour.",
                "Evelyn Koh",
                "Managing Director",
                "Tiong Bahru Law",
            ),
            link_list(
                [
                    (
                        "Tiong Bahru Law: a secure move to Microsoft 365",
                        "/case-studies/tiong-bahru-law-m365",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/tiong-bahru-law-m365",
            "Tiong Bahru Law",
            "a secure move to Microsoft 365",
            [
                "We migrated 40 mailboxes and document archives to Microsoft 365 with "
                "conditional access."
            ],
            (
                "The lawyers noticed nothing except that things got faster.",
                "Samuel Ng",
                "Director, Employment",
            ),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Partners",
            paragraphs(
                "We are a Microsoft Solutions Partner, an AWS Select partner and a Fortinet "
                "partner; we deploy Google Workspace, Cisco Meraki, Sophos and Acronis backup."
            ),
            logo_wall(
                ["Microsoft", "AWS", "Fortinet", "Google Workspace", "Cisco Meraki", "Sophos"]
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Pricing",
            plan_cards(
                [
                    ("Essentials", "S$45 per user / month", ["Helpdesk", "Patching"]),
                    ("Secure", "S$85 per user / month", ["Essentials + EDR + backup"]),
                    ("Co-managed", "Contact sales", ["For companies with their own IT team"]),
                ]
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("A team of 35 engineers and account managers. Openings:"),
            job_openings(
                [
                    ("Service Desk Engineer", "/jobs/service-desk-engineer", "Full-time · Kallang"),
                    ("IT Operations Director", None, "Full-time · Kallang"),
                ]
            ),
        ),
        job_page(
            "/jobs/service-desk-engineer",
            "Service Desk Engineer",
            employment_type="FULL_TIME",
            intro="Solve our clients' IT problems, remotely and on site.",
            duties=["Resolve tickets in Freshdesk", "Set up laptops with Intune"],
            requirements=["Microsoft 365 administration", "CCNA a plus"],
            reports_to="IT Operations Director",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About",
            paragraphs(
                "Kallang IT Services has looked after Singapore offices since 2011.",
                '<a href="/about/team">Team</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Team",
            team_grid(
                [
                    ("Benjamin Tay", "Founder & Managing Director"),
                    ("Kumar Pillai", "Head of Service Delivery"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Kallang IT Services Pte. Ltd.", street, f"Singapore {postal}"],
                ["help@kallangit.sg", "ben.tay@kallangit.sg"],
                ["+65 6100 2233"],
            ),
            contact_form(),
        ),
        post_page(
            "/blog/cyber-essentials",
            "Is your SME ready for Cyber Essentials?",
            "2024-03-28",
            "Kumar Pillai",
            name,
            "The CSA Cyber Essentials mark covers five areas; most SMEs already meet three.",
        ),
        login_page("/client-portal/", "Client portal", "the client portal"),
    ]
    return CompanySite(
        domain="kallangit.sg",
        name=name,
        description="Managed IT services (Freshdesk, HubSpot).",
        pages=pages,
        nav=[
            ("Solutions", "/solutions/managed-it"),
            ("Industries", "/industries"),
            ("Clients", "/customers"),
            ("Partners", "/partners"),
            ("Pricing", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Kallang IT Services Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [
                ("Client portal", "/client-portal/"),
                ("Cybersecurity", "/solutions/cybersecurity"),
                ("Blog", "/blog/cyber-essentials"),
            ],
            ["https://www.linkedin.com/company/kallang-it"],
        ),
        disallowed_paths=["/client-portal/"],
        head_extra=freshdesk(72000012345) + hubspot(5512093) + LINKEDIN_INSIGHT,
        sitemap_style="no_robots_line",
    )


OTHER_SITES = (
    people_pulse,
    tiong_bahru_law,
    serangoon_spice,
    jurong_fabrication,
    tradebridge,
    kallang_it,
)
