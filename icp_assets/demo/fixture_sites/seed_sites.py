"""The demo intake's seed companies: eight best and lost customers of Lumen Ledger."""

from __future__ import annotations

from icp_assets.demo.fixture_sites.markup import (
    CALENDLY,
    LINKEDIN_INSIGHT,
    META_PIXEL,
    RECAPTCHA,
    STRIPE_JS,
    bullets,
    contact_card,
    contact_form,
    gtag,
    hero,
    hubspot,
    job_openings,
    klaviyo,
    link_list,
    local_business_ld,
    logo_wall,
    organization_ld,
    paragraphs,
    plan_cards,
    postal_address,
    section,
    shopify,
    site_footer,
    team_grid,
    testimonial,
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


def harbourline_logistics() -> CompanySite:
    name, url = "Harbourline Logistics", "https://harbourline-logistics.sg"
    street, postal = "1 Harbourfront Avenue, #05-01", "098632"
    jobs = {
        "organization": name,
        "organization_url": url,
        "date_posted": "2024-05-06",
        "street": "15 Tuas South Avenue 3",
        "postal_code": "637373",
    }
    home = Page(
        "/",
        "home",
        "Warehousing and road freight in Singapore",
        "\n".join(
            [
                hero(
                    "Warehousing and road freight, done properly",
                    "Harbourline provides general warehousing and road freight transport "
                    "across Singapore, with daily cross-border trucking to Johor Bahru and "
                    "Kuala Lumpur.",
                    "Request a quote",
                    "/contact",
                ),
                section(
                    "What we do",
                    link_list(
                        [
                            ("Warehousing and fulfilment", "/services/warehousing"),
                            ("Road freight and cross-border trucking", "/services/road-freight"),
                            ("Industries we serve", "/industries"),
                        ]
                    ),
                ),
                section(
                    "Trusted by Singapore brands",
                    logo_wall(["Orchid Retail Group", "Kopi Corner", "Serangoon Spice Foods"]),
                ),
                paragraphs('Already a client? <a href="/track/">Track a shipment</a>.'),
            ]
        ),
        json_ld=(
            organization_ld(
                name,
                url,
                legal_name="Harbourline Logistics Pte. Ltd.",
                address=postal_address(street, postal),
                same_as=["https://www.linkedin.com/company/harbourline-logistics"],
                employees=230,
                founding_date="2006",
                area_served=["Singapore", "Malaysia"],
            ),
        ),
    )
    pages = [
        home,
        simple_page(
            "/services/warehousing",
            "industries",
            "Warehousing and fulfilment",
            paragraphs(
                "Our 420,000 sq ft of bonded and general warehouse space in Tuas and Jurong "
                "handles pallet storage, pick-and-pack and returns for retail and e-commerce "
                "clients. Our WMS syncs with Shopify, Lazada and Shopee, so orders flow in "
                "without manual entry."
            ),
            bullets(["Racked pallet storage", "E-commerce fulfilment", "Kitting and labelling"]),
        ),
        simple_page(
            "/services/road-freight",
            "industries",
            "Road freight",
            paragraphs(
                "A fleet of 85 prime movers and 40 box trucks runs scheduled deliveries across "
                "Singapore and daily cross-border trucking to Malaysia."
            ),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries we serve",
            paragraphs(
                "We serve retail, e-commerce, food &amp; beverage and healthcare businesses. "
                "Retailers use us for store replenishment, F&amp;B groups for ambient and "
                "chilled distribution to outlets, and pharmaceutical distributors for GDP-"
                "compliant storage."
            ),
            bullets(
                [
                    "Retail and e-commerce",
                    "Food and beverage",
                    "Healthcare and pharma",
                    "Electronics",
                ]
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Our clients",
            paragraphs("Some of the 300 companies that trust Harbourline with their goods:"),
            logo_wall(
                [
                    "Orchid Retail Group",
                    "Kopi Corner",
                    "Serangoon Spice Foods",
                    "TradeBridge Asia",
                    "Straits Precision Engineering",
                ]
            ),
            testimonial(
                "Harbourline moved our entire DC over a weekend without a single missed store "
                "delivery.",
                "Jason Koh",
                "Head of Supply Chain",
                "Orchid Retail Group",
            ),
            link_list(
                [
                    (
                        "Orchid Retail Group: fulfilment for 11 stores",
                        "/case-studies/orchid-retail-fulfilment",
                    ),
                    (
                        "Kopi Corner: twice-daily outlet deliveries",
                        "/case-studies/kopi-corner-distribution",
                    ),
                ]
            ),
        ),
        case_study_page(
            "/case-studies/orchid-retail-fulfilment",
            "Orchid Retail Group",
            "fulfilment for 11 stores and an online shop",
            [
                "Orchid Retail Group needed one warehouse for store replenishment and online "
                "orders. Harbourline runs both out of Tuas, with orders from Shopify picked "
                "within four hours."
            ],
            ("Our online orders now ship the same day.", "Jason Koh", "Head of Supply Chain"),
        ),
        case_study_page(
            "/case-studies/kopi-corner-distribution",
            "Kopi Corner",
            "twice-daily deliveries to 14 cafés",
            [
                "We deliver coffee beans, dry goods and chilled pastries to every Kopi Corner "
                "outlet."
            ],
            ("Our outlets never run out of beans.", "Farah Aziz", "Operations Director"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Partners and technology",
            paragraphs(
                "Our warehouse management system integrates with Shopify, Lazada, Shopee and "
                "SAP Business One. Billing runs on Xero, and we reconcile invoices with Lumen "
                "Ledger. Clients can connect to our API or exchange EDI files."
            ),
            logo_wall(["Shopify", "Lazada", "Shopee", "SAP Business One", "Xero", "Lumen Ledger"]),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Rates",
            paragraphs(
                "Pallet storage from S$18 per pallet per week. Pick-and-pack from S$1.20 per "
                "order. Road freight is quoted per trip; cross-border trucking to Kuala Lumpur "
                "from S$850 per 40-ft load.",
                'For contract logistics, <a href="/contact">contact sales</a> for a quote.',
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs(
                "Join over 200 employees who keep Singapore's shelves stocked. We are hiring:"
            ),
            job_openings(
                [
                    ("Warehouse Supervisor", "/jobs/warehouse-supervisor", "Full-time · Tuas"),
                    ("Finance Manager", "/jobs/finance-manager", "Full-time · HarbourFront"),
                    ("Class 4 Driver", None, "Full-time · Tuas"),
                    ("Forklift Operator", None, "Shift work · Jurong"),
                ]
            ),
        ),
        job_page(
            "/jobs/warehouse-supervisor",
            "Warehouse Supervisor",
            employment_type="FULL_TIME",
            intro="Lead a shift of 25 pickers and packers at our Tuas fulfilment centre.",
            duties=["Plan shift labour", "Hit same-day dispatch targets", "Run safety briefings"],
            requirements=["3 years in warehousing", "Forklift licence a plus"],
            reports_to="Operations Director",
            salary=(3200, 4200),
            **jobs,
        ),
        job_page(
            "/jobs/finance-manager",
            "Finance Manager",
            employment_type="FULL_TIME",
            intro="Own month-end close, billing and cash collection for a S$60m business.",
            duties=["Lead a team of five", "Run monthly billing for 300 clients"],
            requirements=["CA or ACCA", "Experience with Xero and invoice reconciliation tools"],
            reports_to="Chief Financial Officer",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About Harbourline",
            paragraphs(
                "Founded in 2006 with three trucks, Harbourline Logistics today employs over "
                "200 people across two warehouses in Tuas and Jurong and our head office at "
                "HarbourFront.",
                'Meet our <a href="/about/team">management team</a>.',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Management team",
            team_grid(
                [
                    ("Ronald Teo", "Managing Director"),
                    ("Farah Aziz", "Operations Director"),
                    ("Jane Tan", "Head of Finance"),
                    ("Suresh Kumar", "Head of Sales"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact us",
            contact_card(
                ["Harbourline Logistics Pte. Ltd.", street, f"Singapore {postal}"],
                ["enquiry@harbourline-logistics.sg", "suresh.kumar@harbourline-logistics.sg"],
                ["+65 6271 8800", "+65 9123 4567"],
            ),
            paragraphs("Warehouse: 15 Tuas South Avenue 3, Singapore 637373."),
            contact_form(),
        ),
        post_page(
            "/news/new-tuas-warehouse",
            "Harbourline opens a second Tuas warehouse",
            "2024-03-11",
            "Harbourline Logistics",
            name,
            "Our new 180,000 sq ft facility adds 22,000 pallet positions for retail and "
            "e-commerce clients.",
        ),
        post_page(
            "/news/electric-trucks",
            "Ten electric trucks join the fleet",
            "2024-05-28",
            "Harbourline Logistics",
            name,
            "We are replacing diesel box trucks on our Jurong routes with electric ones.",
        ),
        login_page("/wp-admin/", "Staff portal", "WordPress"),
        login_page("/track/", "Track a shipment", "Harbourline tracking"),
    ]
    return CompanySite(
        domain="harbourline-logistics.sg",
        name=name,
        description="Demo seed: warehousing and road freight (WordPress).",
        pages=pages,
        nav=[
            ("Services", "/services/warehousing"),
            ("Industries", "/industries"),
            ("Clients", "/customers"),
            ("Partners", "/partners"),
            ("Rates", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Harbourline Logistics Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [
                ("Track a shipment", "/track/"),
                ("Staff portal", "/wp-admin/"),
                ("News", "/news/new-tuas-warehouse"),
            ],
            [
                "https://www.linkedin.com/company/harbourline-logistics",
                "https://www.facebook.com/harbourlinesg",
            ],
        ),
        disallowed_paths=["/wp-admin/", "/track/"],
        head_extra=wordpress("6.5", "harbourline") + gtag("G-HBL2024SG"),
    )


def kopi_corner() -> CompanySite:
    name, url = "Kopi Corner", "https://www.kopicorner.com.sg"
    street, postal = "10 Paya Lebar Road, #01-23", "409057"
    jobs = {
        "organization": "Kopi Corner F&B Pte Ltd",
        "organization_url": url,
        "date_posted": "2024-05-14",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Kopi, kaya toast and more",
            "\n".join(
                [
                    hero(
                        "Singapore kopi, brewed the old way",
                        "Kopi Corner runs 14 cafés across Singapore serving traditional kopi, "
                        "kaya toast and local breakfasts, and delivers office catering islandwide.",
                        "Order online",
                        "/collections/all",
                    ),
                    section(
                        "Catering for offices",
                        paragraphs(
                            "Breakfast meetings for 10 to 500 people. <a "
                            'href="/solutions/corporate-catering">'
                            "Corporate catering</a>."
                        ),
                    ),
                    paragraphs(
                        'Get the Kopi Corner app on the <a href="https://apps.apple.com/sg/app/kopi-corner/id1498765432">'
                        "App Store</a> and collect stamps."
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Kopi Corner F&B Pte Ltd",
                    address=postal_address(street, postal),
                    same_as=[
                        "https://www.instagram.com/kopicornersg",
                        "https://www.facebook.com/kopicornersg",
                    ],
                    org_type="Restaurant",
                ),
            ),
        ),
        simple_page(
            "/collections/all",
            "other",
            "Shop beans and merchandise",
            paragraphs(
                "Kopi powder, kaya jars and gift sets, shipped islandwide. Free delivery over S$60."
            ),
            bullets(
                ["Kopi-O blend 500g: S$14.90", "Homemade kaya 300g: S$8.50", "Gift box: S$38.00"]
            ),
            paragraphs('<a href="/cart/">View cart</a>'),
        ),
        simple_page(
            "/locations",
            "contact",
            "Our outlets",
            bullets(
                [
                    "Paya Lebar Quarter: 10 Paya Lebar Road, #01-23, Singapore 409057",
                    "Tanjong Pagar: 7 Wallich Street, #B1-12, Singapore 078884",
                    "Jurong East: 50 Jurong Gateway Road, #01-05, Singapore 608549",
                ]
            ),
        ),
        simple_page(
            "/solutions/corporate-catering",
            "industries",
            "Corporate catering",
            paragraphs(
                "We cater for offices, co-working spaces, schools and hospitals: local "
                "breakfast spreads, kopi and teh urns, and bento lunches delivered by 8am."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Who we cater for",
            paragraphs("Offices that start the day with Kopi Corner:"),
            logo_wall(
                ["Harbourline Logistics", "Lumen Ledger", "Kallang IT Services", "Tiong Bahru Law"]
            ),
            testimonial(
                "Our Friday team breakfast is the best-attended meeting of the week.",
                "Grace Lim",
                "Office Manager",
                "Lumen Ledger",
            ),
            link_list(
                [("Harbourline Logistics: a pantry for 200", "/case-studies/harbourline-pantry")]
            ),
        ),
        case_study_page(
            "/case-studies/harbourline-pantry",
            "Harbourline Logistics",
            "a kopi pantry for 200 staff",
            [
                "Harbourline's Tuas warehouse staff get kopi and kaya toast at shift change, "
                "every day."
            ],
            ("The night shift asked for it by name.", "Farah Aziz", "Operations Director"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Delivery and technology partners",
            paragraphs(
                "Order Kopi Corner on GrabFood, foodpanda and Deliveroo. Our online shop runs on "
                "Shopify, payments by Stripe, and our books are kept in Xero and reconciled with "
                "Lumen Ledger."
            ),
            logo_wall(["GrabFood", "foodpanda", "Deliveroo", "Shopify", "Xero"]),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Catering packages",
            plan_cards(
                [
                    ("Kopi Break", "S$8.90 per pax", ["Kopi and teh", "Kaya toast"]),
                    ("Local Breakfast", "S$14.90 per pax", ["Nasi lemak or mee siam", "Drinks"]),
                    ("Events over 300 pax", "Contact sales", ["Live kopi station"]),
                ]
            ),
            paragraphs("Minimum order S$150. Prices include GST."),
        ),
        simple_page(
            "/careers",
            "careers",
            "Work with us",
            paragraphs("We're hiring for 5 roles across our outlets and central kitchen."),
            job_openings(
                [
                    ("Outlet Manager", "/jobs/outlet-manager", "Full-time · Various outlets"),
                    ("Barista", "/jobs/barista", "Part-time · Various outlets"),
                    ("Central Kitchen Cook", None, "Full-time · Kaki Bukit"),
                    ("Finance Executive", None, "Full-time · Paya Lebar"),
                    ("Delivery Driver", None, "Full-time · Kaki Bukit"),
                ]
            ),
        ),
        job_page(
            "/jobs/outlet-manager",
            "Outlet Manager",
            employment_type="FULL_TIME",
            intro="Run one of our busiest cafés, its team of 12 and its P&L.",
            duties=["Roster staff", "Manage stock orders", "Keep food safety standards"],
            requirements=["3 years in F&B", "WSQ Food Safety certificate"],
            reports_to="Operations Director",
            **jobs,
        ),
        job_page(
            "/jobs/barista",
            "Barista",
            employment_type="PART_TIME",
            intro="Pull kopi the traditional way, with a sock filter and a lot of patience.",
            duties=["Brew kopi and teh", "Serve customers"],
            requirements=["Friendly", "Weekend availability"],
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "Our story",
            paragraphs(
                "Kopi Corner started as a single coffeeshop stall in Tiong Bahru in 1998. Today "
                "a team of 180 runs 14 cafés, a central kitchen in Kaki Bukit and an online shop.",
                '<a href="/about/team">The people behind the kopi</a>.',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Our people",
            team_grid(
                [
                    ("Lim Ah Huat", "Founder"),
                    ("Farah Aziz", "Operations Director"),
                    ("Daniel Lim", "Finance Manager"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Kopi Corner F&B Pte Ltd", street, f"Singapore {postal}"],
                ["hello@kopicorner.com.sg", "catering@kopicorner.com.sg"],
                ["+65 6345 7788", "+65 8765 4321"],
            ),
            contact_form(),
            json_ld=(
                local_business_ld(name, url, street, postal, "+65 6345 7788", "CafeOrCoffeeShop"),
            ),
        ),
        post_page(
            "/blogs/news/new-outlet-paya-lebar",
            "Our 14th outlet opens at Paya Lebar",
            "2024-02-19",
            "Kopi Corner",
            name,
            "Come by for a free kopi-o on opening week.",
        ),
        post_page(
            "/blogs/news/kopi-order-guide",
            "How to order kopi like a local",
            "2023-11-02",
            "Kopi Corner",
            name,
            "Kopi-O is black with sugar, kopi-C comes with evaporated milk, and kosong means no "
            "sugar at all.",
        ),
        Page(
            "/cart/",
            "other",
            "Your cart",
            "  <h1>Your cart</h1>\n  <p>Your cart is empty.</p>",
            in_sitemap=False,
        ),
        login_page("/account/", "Log in", "your Kopi Corner account"),
    ]
    return CompanySite(
        domain="kopicorner.com.sg",
        name=name,
        description="Demo seed: a café chain with a Shopify online shop.",
        pages=pages,
        nav=[
            ("Shop", "/collections/all"),
            ("Outlets", "/locations"),
            ("Catering", "/solutions/corporate-catering"),
            ("Clients", "/customers"),
            ("Partners", "/partners"),
            ("Packages", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Cart", "/cart/"),
        ],
        footer=site_footer(
            "Kopi Corner F&B Pte Ltd",
            f"{street}, Singapore {postal}",
            [
                ("Account", "/account/"),
                ("Cart", "/cart/"),
                ("News", "/blogs/news/new-outlet-paya-lebar"),
            ],
            [
                "https://www.instagram.com/kopicornersg",
                "https://www.facebook.com/kopicornersg",
                "https://apps.apple.com/sg/app/kopi-corner/id1498765432",
            ],
        ),
        disallowed_paths=["/cart/", "/checkout/", "/account/"],
        head_extra=shopify("kopicorner") + gtag("G-KOPI88SG") + META_PIXEL,
        canonical_host="www.kopicorner.com.sg",
    )


def straits_precision() -> CompanySite:
    name, url = "Straits Precision Engineering", "https://straitsprecision.com.sg"
    street, postal = "21 Woodlands Loop", "738283"
    jobs = {
        "organization": "Straits Precision Engineering Pte. Ltd.",
        "organization_url": url,
        "date_posted": "2024-04-22",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Precision machining and sheet metal",
            "\n".join(
                [
                    hero(
                        "Tolerances of ±2 microns, delivered on time",
                        "Straits Precision Engineering manufactures precision-machined "
                        "components and sheet-metal assemblies for semiconductor, aerospace and "
                        "medical-device makers, from our plants in Woodlands, Singapore and "
                        "Batam, Indonesia.",
                        "Request a quote",
                        "/contact",
                    ),
                    link_list(
                        [
                            ("CNC machining", "/capabilities/cnc-machining"),
                            ("Sheet metal fabrication", "/capabilities/sheet-metal"),
                            ("Quality and certifications", "/quality"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Straits Precision Engineering Pte. Ltd.",
                    address=postal_address(street, postal),
                    same_as=["https://www.linkedin.com/company/straits-precision"],
                    founding_date="1994",
                ),
            ),
        ),
        simple_page(
            "/capabilities/cnc-machining",
            "industries",
            "CNC machining",
            paragraphs(
                "42 five-axis and mill-turn centres machine aluminium, stainless steel, "
                "titanium and PEEK, from prototypes to runs of 10,000 parts."
            ),
        ),
        simple_page(
            "/capabilities/sheet-metal",
            "industries",
            "Sheet metal fabrication",
            paragraphs("Laser cutting, CNC bending, welding and powder coating under one roof."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "Our customers are semiconductor equipment makers, aerospace MRO companies, "
                "medical-device manufacturers and oil &amp; gas service firms."
            ),
            link_list([("Semiconductor equipment", "/industries/semiconductor")]),
        ),
        simple_page(
            "/industries/semiconductor",
            "industries",
            "Semiconductor equipment",
            paragraphs(
                "Wafer-handling end effectors, vacuum chamber parts and frames, cleaned and "
                "packed to Class 100 standards."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            paragraphs(
                "Straits Precision supplies OEMs in Singapore, Malaysia, Germany and the "
                "United States."
            ),
            logo_wall(
                [
                    "Jurong Fabrication Works",
                    "Meridian Semicon",
                    "AeroServe MRO",
                    "Kallang IT Services",
                ]
            ),
            link_list(
                [
                    (
                        "Wafer-handling fixtures for Meridian Semicon",
                        "/case-studies/wafer-handling-fixtures",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/wafer-handling-fixtures",
            "Meridian Semicon",
            "wafer-handling fixtures in three weeks",
            [
                "Meridian Semicon needed 600 fixtures for a new 300 mm line. We machined, "
                "anodised and cleaned them in 21 days."
            ],
            (
                "Straits Precision is our first call for urgent parts.",
                "Alan Chew",
                "Procurement Manager",
            ),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Partners and suppliers",
            paragraphs(
                "We run SAP Business One for production planning and QuickBooks Online for "
                "accounts; supplier invoices are matched with Lumen Ledger. Our CAM software is "
                "Siemens NX and Mastercam."
            ),
            logo_wall(["SAP Business One", "QuickBooks", "Siemens", "Mastercam", "DMG MORI"]),
        ),
        simple_page(
            "/quality",
            "other",
            "Quality",
            paragraphs(
                "ISO 9001:2015, AS9100D and ISO 13485 certified. CMM inspection on every lot."
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs(
                "We have a team of 120 machinists, engineers and quality inspectors. Open "
                "positions:"
            ),
            job_openings(
                [
                    ("CNC Machinist", "/jobs/cnc-machinist", "Full-time · Woodlands"),
                    ("Production Planner", "/jobs/production-planner", "Full-time · Woodlands"),
                    ("Quality Engineer", None, "Full-time · Batam"),
                ]
            ),
        ),
        job_page(
            "/jobs/cnc-machinist",
            "CNC Machinist",
            employment_type="FULL_TIME",
            intro="Set up and run five-axis machining centres.",
            duties=["Program and set up Fanuc and Heidenhain controls", "Inspect first articles"],
            requirements=["NITEC in Precision Engineering", "3 years of five-axis experience"],
            reports_to="Production Manager",
            **jobs,
        ),
        job_page(
            "/jobs/production-planner",
            "Production Planner",
            employment_type="FULL_TIME",
            intro="Schedule 42 machines so that every order ships on time.",
            duties=["Plan capacity in SAP Business One", "Work with Sales on delivery dates"],
            requirements=["Diploma in engineering", "SAP experience"],
            reports_to="Operations Director",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About us",
            paragraphs(
                "Founded in 1994, Straits Precision Engineering has grown from a job shop in "
                "Kallang to two plants. We export to Malaysia, Germany and the United States.",
                '<a href="/about/team">Our management</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Management",
            team_grid(
                [
                    ("Ong Boon Keat", "Managing Director"),
                    ("Ravi Shankar", "Chief Financial Officer"),
                    ("Lisa Ng", "Head of Sales"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Straits Precision Engineering Pte. Ltd.", street, f"Singapore {postal}"],
                ["rfq@straitsprecision.com.sg", "lisa.ng@straitsprecision.com.sg"],
                ["+65 6368 2210"],
            ),
            paragraphs('Upload drawings through our <a href="/rfq-upload/">RFQ portal</a>.'),
        ),
        post_page(
            "/news/batam-plant-expansion",
            "Our Batam plant doubles in size",
            "2024-01-30",
            "Straits Precision Engineering",
            name,
            "The expansion adds 12 machining centres and a clean room.",
        ),
        login_page("/wp-admin/", "Log in", "WordPress"),
        login_page("/rfq-upload/", "RFQ portal", "the RFQ portal"),
    ]
    return CompanySite(
        domain="straitsprecision.com.sg",
        name=name,
        description="Demo seed: precision machining (WordPress; sitemap not in robots.txt).",
        pages=pages,
        nav=[
            ("Capabilities", "/capabilities/cnc-machining"),
            ("Industries", "/industries"),
            ("Customers", "/customers"),
            ("Partners", "/partners"),
            ("Quality", "/quality"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Straits Precision Engineering Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [("RFQ portal", "/rfq-upload/"), ("News", "/news/batam-plant-expansion")],
            ["https://www.linkedin.com/company/straits-precision"],
        ),
        disallowed_paths=["/wp-admin/", "/rfq-upload/"],
        head_extra=wordpress("6.5", "precision-pro") + gtag("G-SPE9931"),
        sitemap_style="no_robots_line",
    )


def merlion_freight() -> CompanySite:
    name, url = "Merlion Freight & Forwarding", "https://merlionfreight.sg"
    street, postal = "9 Changi South Street 3, #04-01", "486361"
    jobs = {
        "organization": "Merlion Freight & Forwarding Pte. Ltd.",
        "organization_url": url,
        "date_posted": "2024-05-02",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Freight forwarding across Southeast Asia",
            "\n".join(
                [
                    hero(
                        "Your freight forwarder for Southeast Asia",
                        "Merlion Freight &amp; Forwarding arranges ocean, air and cross-border "
                        "freight and customs brokerage for importers and exporters in Singapore, "
                        "with offices in Jakarta and Ho Chi Minh City.",
                        "Get a quote",
                        "/pricing",
                    ),
                    link_list(
                        [
                            ("Ocean freight", "/services/ocean-freight"),
                            ("Air freight", "/services/air-freight"),
                            ("Customs brokerage", "/services/customs-brokerage"),
                        ]
                    ),
                    paragraphs(
                        'Existing customers: <a href="/portal/">log in to the customer portal</a>.'
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Merlion Freight & Forwarding Pte. Ltd.",
                    address=postal_address(street, postal),
                    same_as=["https://www.linkedin.com/company/merlion-freight"],
                    employees=(51, 200),
                    area_served=["Singapore", "Indonesia", "Vietnam", "Thailand"],
                ),
            ),
        ),
        simple_page(
            "/services/ocean-freight",
            "industries",
            "Ocean freight",
            paragraphs(
                "FCL and LCL consolidation from Singapore to 40 ports, weekly sailings to "
                "Jakarta and Haiphong."
            ),
        ),
        simple_page(
            "/services/air-freight",
            "industries",
            "Air freight",
            paragraphs(
                "Consolidated and charter air freight out of Changi, including dangerous goods."
            ),
        ),
        simple_page(
            "/services/customs-brokerage",
            "industries",
            "Customs brokerage",
            paragraphs(
                "TradeNet permits, GST suspension under the Major Exporter Scheme, and HS "
                "classification."
            ),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "We move cargo for electronics manufacturers, food exporters, e-commerce sellers "
                "and project cargo for engineering firms. Our customers ship across Indonesia, "
                "Vietnam, Thailand and the Philippines."
            ),
            link_list([("E-commerce logistics", "/solutions/ecommerce-logistics")]),
        ),
        simple_page(
            "/solutions/ecommerce-logistics",
            "industries",
            "E-commerce logistics",
            paragraphs(
                "Cross-border parcels consolidated into weekly containers; our portal "
                "connects to Shopify and WooCommerce."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            logo_wall(
                [
                    "Serangoon Spice Foods",
                    "Straits Precision Engineering",
                    "Jurong Fabrication Works",
                    "TradeBridge Asia",
                ]
            ),
            testimonial(
                "Merlion cleared our halal-certified sauces into Jakarta in two days flat.",
                "Nur Aisyah",
                "Export Manager",
                "Serangoon Spice Foods",
            ),
            link_list(
                [
                    (
                        "Serangoon Spice Foods: weekly reefers to Jakarta",
                        "/case-studies/serangoon-spice-exports",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/serangoon-spice-exports",
            "Serangoon Spice Foods",
            "weekly reefer containers to Jakarta",
            ["We consolidate Serangoon Spice's sauces and pastes into a weekly 20-ft reefer."],
            ("Our Indonesian distributor gets stock every Monday.", "Nur Aisyah", "Export Manager"),
        ),
        simple_page(
            "/integrations",
            "integrations",
            "Integrations",
            paragraphs(
                "Our customer portal connects to Shopify and WooCommerce for order data, syncs "
                "with Xero and QuickBooks Online for invoices, and exchanges EDI with CargoWise. "
                "Freight invoices are reconciled in Lumen Ledger."
            ),
            bullets(
                [
                    "CargoWise One (EDI)",
                    "Shopify",
                    "WooCommerce",
                    "Xero",
                    "QuickBooks Online",
                    "Lumen Ledger",
                ]
            ),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Network partners",
            paragraphs("Merlion is a member of the WCA network and IATA-accredited."),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Indicative rates",
            bullets(
                [
                    "LCL Singapore to Jakarta: from US$45 per cbm",
                    "FCL 20' Singapore to Ho Chi Minh City: from US$380",
                    "Air freight Singapore to Bangkok: from S$3.20 per kg",
                ]
            ),
            paragraphs(
                'Contracted rates for regular shippers: <a href="/contact">contact sales</a>.'
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("A team of 90 in three countries, and growing."),
            job_openings(
                [
                    ("Sales Manager, Indonesia", "/jobs/sales-manager", "Full-time · Jakarta"),
                    ("Customs Executive", "/jobs/customs-executive", "Full-time · Singapore"),
                ]
            ),
        ),
        job_page(
            "/jobs/sales-manager",
            "Sales Manager, Indonesia",
            employment_type="FULL_TIME",
            intro="Grow our Jakarta office's book of shippers.",
            duties=["Win new importers and exporters", "Manage key accounts"],
            requirements=["5 years of forwarding sales", "Bahasa Indonesia"],
            reports_to="VP Sales",
            **{
                **jobs,
                "street": "Jl. Jend. Sudirman Kav. 52-53",
                "postal_code": "12190",
                "locality": "Jakarta",
            },
        ),
        job_page(
            "/jobs/customs-executive",
            "Customs Executive",
            employment_type="FULL_TIME",
            intro="Prepare TradeNet permits and keep our customers compliant.",
            duties=["Declare imports and exports", "Classify goods by HS code"],
            requirements=["Customs competency course", "Attention to detail"],
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About us",
            paragraphs(
                "Merlion Freight &amp; Forwarding was set up in 2009. We have offices in "
                "Singapore, Jakarta (Indonesia) and Ho Chi Minh City (Vietnam).",
                '<a href="/about/team">Our team</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Our team",
            team_grid(
                [
                    ("Henry Sim", "Managing Director"),
                    ("Priya Nair", "Chief Financial Officer"),
                    ("Budi Santoso", "Country Manager, Indonesia"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Merlion Freight & Forwarding Pte. Ltd.", street, f"Singapore {postal}"],
                ["quotes@merlionfreight.sg", "henry.sim@merlionfreight.sg"],
                ["+65 6542 9001", "+62 21 5790 1234"],
            ),
            contact_form(),
        ),
        post_page(
            "/news/haiphong-service",
            "New weekly LCL service to Haiphong",
            "2024-04-15",
            "Merlion Freight",
            name,
            "Our direct consolidation to northern Vietnam cuts transit to six days.",
        ),
        login_page("/portal/", "Customer portal", "the Merlion portal"),
    ]
    return CompanySite(
        domain="merlionfreight.sg",
        name=name,
        description="Demo seed: freight forwarding (Zendesk support widget).",
        pages=pages,
        nav=[
            ("Services", "/services/ocean-freight"),
            ("Industries", "/industries"),
            ("Customers", "/customers"),
            ("Integrations", "/integrations"),
            ("Rates", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Portal", "/portal/"),
        ],
        footer=site_footer(
            "Merlion Freight & Forwarding Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [
                ("Customer portal", "/portal/"),
                ("Partners", "/partners"),
                ("News", "/news/haiphong-service"),
            ],
            ["https://www.linkedin.com/company/merlion-freight"],
        ),
        disallowed_paths=["/portal/", "/quote/"],
        head_extra=zendesk("4c1d2e3f-merl-4b5a-9c8d-0e1f2a3b4c5d") + gtag("G-MFF5521"),
    )


def orchid_retail() -> CompanySite:
    name, url = "Orchid Retail Group", "https://orchidretail.sg"
    street, postal = "391 Orchard Road, #12-01", "238872"
    jobs = {
        "organization": "Orchid Retail Group Pte. Ltd.",
        "organization_url": url,
        "date_posted": "2024-05-18",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Home and lifestyle stores",
            "\n".join(
                [
                    hero(
                        "Homeware and gifts, made for Singapore homes",
                        "Orchid Retail Group runs 11 home-and-lifestyle stores and an online shop, "
                        "and supplies corporate gifts to companies across Singapore and Malaysia.",
                        "Shop now",
                        "/shop",
                    ),
                    link_list(
                        [
                            ("Corporate gifting", "/solutions/corporate-gifting"),
                            ("Our stores", "/stores"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Orchid Retail Group Pte. Ltd.",
                    address=postal_address(street, postal),
                    same_as=[
                        "https://www.instagram.com/orchidretailsg",
                        "https://www.linkedin.com/company/orchid-retail-group",
                    ],
                    employees=(201, 500),
                ),
            ),
        ),
        simple_page(
            "/shop",
            "other",
            "Shop",
            link_list([("Home and living", "/shop/home-living")]),
            paragraphs('Free delivery over S$80. <a href="/cart/">Your cart</a>'),
        ),
        simple_page(
            "/shop/home-living",
            "other",
            "Home and living",
            bullets(
                ["Rattan basket set: S$49", "Batik cushion cover: S$29", "Teak serving board: S$65"]
            ),
        ),
        simple_page(
            "/stores",
            "contact",
            "Our stores",
            bullets(
                [
                    "Orchard: 391 Orchard Road, #B1-05, Singapore 238872",
                    "Tampines: 4 Tampines Central 5, #02-11, Singapore 529510",
                    "Johor Bahru: Mid Valley Southkey, 81100 Johor Bahru, Malaysia",
                ]
            ),
        ),
        simple_page(
            "/solutions/corporate-gifting",
            "industries",
            "Corporate gifting",
            paragraphs(
                "We put together onboarding kits, festive hampers and client gifts for banks, "
                "law firms, tech companies and consultancies. 10% off orders of 50 units or more."
            ),
        ),
        simple_page(
            "/solutions/wholesale",
            "industries",
            "Wholesale",
            paragraphs(
                "Hotels, serviced apartments and interior designers buy our homeware at trade "
                "prices."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Corporate clients",
            logo_wall(["Bukit Analytics", "Tiong Bahru Law", "PeoplePulse", "Lumen Ledger"]),
            testimonial(
                "Our new-joiner kits from Orchid are the first thing people post about.",
                "Hannah Yeo",
                "People Operations Manager",
                "PeoplePulse",
            ),
            link_list(
                [
                    (
                        "Bukit Analytics: onboarding kits",
                        "/case-studies/bukit-analytics-onboarding-kits",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/bukit-analytics-onboarding-kits",
            "Bukit Analytics",
            "onboarding kits for every new analyst",
            ["A desk plant, a notebook and a rattan tray, branded and delivered on day one."],
            ("It feels like a welcome, not a pile of swag.", "Chloe Tan", "Head of People"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Partners",
            paragraphs(
                "Our online store runs on Shopify Plus, with payments by Stripe and Adyen, "
                "e-mail by Klaviyo, and fulfilment by Harbourline Logistics. We also sell on "
                "Lazada and Shopee. Accounts are kept in Xero."
            ),
            logo_wall(
                [
                    "Shopify Plus",
                    "Stripe",
                    "Adyen",
                    "Klaviyo",
                    "Harbourline Logistics",
                    "Lazada",
                    "Shopee",
                ]
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs(
                "Over 300 employees across stores, our warehouse and our Orchard Road office."
            ),
            job_openings(
                [
                    ("Store Manager", "/jobs/store-manager", "Full-time · Tampines"),
                    ("E-commerce Executive", "/jobs/ecommerce-executive", "Full-time · Orchard"),
                    ("Head of Finance", None, "Full-time · Orchard"),
                ]
            ),
        ),
        job_page(
            "/jobs/store-manager",
            "Store Manager",
            employment_type="FULL_TIME",
            intro="Lead our Tampines store of 9 staff.",
            duties=["Hit sales targets", "Visual merchandising"],
            requirements=["3 years of retail management"],
            reports_to="Retail Operations Director",
            **jobs,
        ),
        job_page(
            "/jobs/ecommerce-executive",
            "E-commerce Executive",
            employment_type="FULL_TIME",
            intro="Run our Shopify store and marketplace listings.",
            duties=["Manage product listings", "Run Klaviyo campaigns"],
            requirements=["Shopify experience"],
            reports_to="Head of E-commerce",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About us",
            paragraphs(
                "Orchid Retail Group began in 2004 with one store at Far East Plaza. We now "
                "have 10 stores in Singapore and one in Johor Bahru, Malaysia.",
                '<a href="/about/team">Leadership</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Leadership",
            team_grid(
                [
                    ("Catherine Ho", "Chief Executive Officer"),
                    ("Melissa Wong", "Head of Finance"),
                    ("Jason Koh", "Head of Supply Chain"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact us",
            contact_card(
                ["Orchid Retail Group Pte. Ltd.", street, f"Singapore {postal}"],
                ["care@orchidretail.sg", "gifting@orchidretail.sg"],
                ["+65 6733 1200"],
            ),
            contact_form(),
        ),
        post_page(
            "/blog/mid-autumn-gift-guide",
            "Mid-Autumn gift guide",
            "2023-09-01",
            "Orchid Retail",
            name,
            "Lanterns, tea sets and mooncake boxes for clients and family.",
        ),
        post_page(
            "/blog/sustainable-packaging",
            "All our packaging is now plastic-free",
            "2024-04-22",
            "Orchid Retail",
            name,
            "From Earth Day 2024, every online order ships in recycled paper.",
        ),
        Page(
            "/cart/",
            "other",
            "Cart",
            "  <h1>Cart</h1>\n  <p>Your cart is empty.</p>",
            in_sitemap=False,
        ),
        login_page("/account/", "Sign in", "your Orchid account"),
    ]
    return CompanySite(
        domain="orchidretail.sg",
        name=name,
        description="Demo seed: retail chain and Shopify shop (sitemap index of two sitemaps).",
        pages=pages,
        nav=[
            ("Shop", "/shop"),
            ("Stores", "/stores"),
            ("Corporate gifting", "/solutions/corporate-gifting"),
            ("Clients", "/customers"),
            ("Partners", "/partners"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Account", "/account/"),
            ("Cart", "/cart/"),
        ],
        footer=site_footer(
            "Orchid Retail Group Pte. Ltd.",
            f"{street}, Singapore {postal}",
            [
                ("Cart", "/cart/"),
                ("Wholesale", "/solutions/wholesale"),
                ("Blog", "/blog/sustainable-packaging"),
            ],
            [
                "https://www.instagram.com/orchidretailsg",
                "https://www.facebook.com/orchidretailsg",
                "https://www.tiktok.com/@orchidretailsg",
            ],
        ),
        disallowed_paths=["/cart/", "/checkout/", "/account/"],
        head_extra=shopify("orchid-retail") + klaviyo("OrC7hd") + META_PIXEL + gtag("G-ORCH11"),
        sitemap_style="index",
    )


def tanjong_cold_chain() -> CompanySite:
    name, url = "Tanjong Cold Chain", "https://tanjongcoldchain.sg"
    street, postal = "8 Fishery Port Road", "619742"
    jobs = {
        "organization": "Tanjong Cold Chain Pte Ltd",
        "organization_url": url,
        "date_posted": "2024-05-10",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Cold storage and temperature-controlled logistics",
            "\n".join(
                [
                    hero(
                        "From -28°C to +18°C, every pallet accounted for",
                        "Tanjong Cold Chain operates cold storage warehousing, blast freezing and "
                        "refrigerated distribution in Singapore for food and pharmaceutical "
                        "companies.",
                        "Talk to us",
                        "/contact",
                    ),
                    link_list(
                        [
                            ("Cold storage", "/solutions/cold-storage"),
                            ("Blast freezing", "/solutions/blast-freezing"),
                            ("Pharma and GDP", "/solutions/pharma-gdp"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    name,
                    url,
                    legal_name="Tanjong Cold Chain Pte Ltd",
                    address=postal_address(street, postal),
                    same_as=["https://www.linkedin.com/company/tanjong-cold-chain"],
                    employees=(51, 200),
                ),
            ),
        ),
        simple_page(
            "/solutions/cold-storage",
            "industries",
            "Cold storage",
            paragraphs(
                "18,000 pallet positions across frozen, chilled and air-conditioned chambers."
            ),
        ),
        simple_page(
            "/solutions/blast-freezing",
            "industries",
            "Blast freezing",
            paragraphs(
                "Core temperature to -18°C in under 8 hours for seafood and bakery products."
            ),
        ),
        simple_page(
            "/solutions/pharma-gdp",
            "industries",
            "Pharmaceutical storage",
            paragraphs("GDP-certified +2°C to +8°C rooms with continuous temperature mapping."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "We serve seafood importers, meat processors, bakeries and F&amp;B chains, "
                "ice-cream makers, and pharmaceutical distributors."
            ),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            logo_wall(
                [
                    "Kopi Corner",
                    "Serangoon Spice Foods",
                    "Ocean Harvest Seafood",
                    "MediPharm Distribution",
                ]
            ),
            testimonial(
                "Tanjong's temperature logs passed our HSA audit without a single query.",
                "Dr. Lee Mei",
                "Quality Assurance Director",
                "MediPharm Distribution",
            ),
            link_list(
                [
                    (
                        "Kopi Corner: frozen pastries for 14 outlets",
                        "/case-studies/kopi-corner-frozen-pastries",
                    )
                ]
            ),
        ),
        case_study_page(
            "/case-studies/kopi-corner-frozen-pastries",
            "Kopi Corner",
            "frozen pastries for 14 outlets",
            [
                "We blast-freeze Kopi Corner's curry puffs and deliver them to outlets three "
                "times a week."
            ],
            ("Waste from unsold pastries is down by a third.", "Farah Aziz", "Operations Director"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Technology and partners",
            paragraphs(
                "Clients see stock in real time: our WMS syncs with SAP Business One and "
                "Microsoft Dynamics 365, and exchanges EDI with supermarket chains. Invoices are "
                "issued from Xero and reconciled with Lumen Ledger. Temperature sensors report "
                "to our dashboard every five minutes."
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Storage rates",
            plan_cards(
                [
                    ("Chilled", "S$28 per pallet per week", ["0°C to +4°C"]),
                    ("Frozen", "S$32 per pallet per week", ["-18°C to -28°C"]),
                    ("Dedicated chamber", "Contact sales", ["Your own room, your own temperature"]),
                ]
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("We're hiring for 4 roles at our Jurong facility."),
            job_openings(
                [
                    ("Warehouse Supervisor", "/jobs/warehouse-supervisor", "Full-time · Jurong"),
                    ("Fleet Coordinator", "/jobs/fleet-coordinator", "Full-time · Jurong"),
                    ("Reach Truck Operator", None, "Shift work · Jurong"),
                    ("Accounts Executive", None, "Full-time · Jurong"),
                ]
            ),
        ),
        job_page(
            "/jobs/warehouse-supervisor",
            "Warehouse Supervisor (Cold Room)",
            employment_type="FULL_TIME",
            intro="Supervise inbound and outbound operations in our frozen chambers.",
            duties=["Lead a team of 15", "Keep HACCP and GDP records"],
            requirements=["Cold-chain experience", "Forklift licence"],
            reports_to="Operations Director",
            **jobs,
        ),
        job_page(
            "/jobs/fleet-coordinator",
            "Fleet Coordinator",
            employment_type="FULL_TIME",
            intro="Plan routes for 30 refrigerated trucks.",
            duties=["Plan daily routes", "Track on-time delivery"],
            requirements=["Logistics diploma"],
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About us",
            paragraphs(
                "Tanjong Cold Chain has run cold stores at Jurong Fishery Port since 1989. A team "
                "of 140 handles 2,000 pallets a day.",
                '<a href="/about/team">Management</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Management",
            team_grid(
                [
                    ("Tan Kok Wah", "Managing Director"),
                    ("Kelvin Ong", "Operations Director"),
                    ("Angela Lau", "Finance Manager"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Tanjong Cold Chain Pte Ltd", street, f"Singapore {postal}"],
                ["sales@tanjongcoldchain.sg", "kelvin.ong@tanjongcoldchain.sg"],
                ["+65 6265 4400"],
            ),
            contact_form(),
        ),
        post_page(
            "/news/solar-roof",
            "Our rooftop solar array goes live",
            "2024-02-05",
            "Tanjong Cold Chain",
            name,
            "1.2 MWp of panels now cover a fifth of our refrigeration load.",
        ),
        login_page("/client-portal/", "Client portal", "the stock portal"),
    ]
    return CompanySite(
        domain="tanjongcoldchain.sg",
        name=name,
        description="Demo seed: cold storage warehousing (HubSpot).",
        pages=pages,
        nav=[
            ("Solutions", "/solutions/cold-storage"),
            ("Industries", "/industries"),
            ("Customers", "/customers"),
            ("Partners", "/partners"),
            ("Rates", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
            ("Client portal", "/client-portal/"),
        ],
        footer=site_footer(
            "Tanjong Cold Chain Pte Ltd",
            f"{street}, Singapore {postal}",
            [("Client portal", "/client-portal/"), ("News", "/news/solar-roof")],
            ["https://www.linkedin.com/company/tanjong-cold-chain"],
        ),
        disallowed_paths=["/client-portal/"],
        head_extra=hubspot(8836121) + gtag("G-TCC4410"),
    )


def bukit_analytics() -> CompanySite:
    name, url = "Bukit Analytics", "https://bukitanalytics.io"
    street, postal = "137 Telok Ayer Street, #08-01", "068602"
    jobs = {
        "organization": "Bukit Analytics LLP",
        "organization_url": url,
        "date_posted": "2024-05-27",
        "street": street,
        "postal_code": postal,
    }
    pages = [
        Page(
            "/",
            "home",
            "Data analytics consultancy",
            "\n".join(
                [
                    hero(
                        "Turn your operational data into decisions",
                        "Bukit Analytics LLP is a data analytics consultancy: we build data "
                        "warehouses, dashboards and forecasting models for mid-sized companies in "
                        "Singapore and the region.",
                        "Book a call",
                        "/contact",
                    ),
                    link_list(
                        [
                            ("Data engineering", "/services/data-engineering"),
                            ("BI dashboards", "/services/bi-dashboards"),
                        ]
                    ),
                ]
            ),
            json_ld=(
                organization_ld(
                    "Bukit Analytics LLP",
                    url,
                    address=postal_address(street, postal),
                    same_as=[
                        "https://www.linkedin.com/company/bukit-analytics",
                        "https://github.com/bukitanalytics",
                    ],
                    employees=18,
                ),
            ),
        ),
        simple_page(
            "/services/data-engineering",
            "industries",
            "Data engineering",
            paragraphs(
                "Snowflake or BigQuery warehouses, modelled with dbt, loaded with Fivetran or "
                "Airbyte."
            ),
        ),
        simple_page(
            "/services/bi-dashboards",
            "industries",
            "BI dashboards",
            paragraphs("Power BI, Tableau and Looker dashboards your managers actually open."),
        ),
        simple_page(
            "/industries",
            "industries",
            "Industries",
            paragraphs(
                "Most of our clients are in logistics, retail and e-commerce, and financial "
                "services; we also work with healthcare groups."
            ),
            link_list([("Logistics analytics", "/industries/logistics")]),
        ),
        simple_page(
            "/industries/logistics",
            "industries",
            "Analytics for logistics",
            paragraphs("Lane profitability, warehouse productivity and carrier scorecards."),
        ),
        simple_page(
            "/customers",
            "customers",
            "Clients",
            logo_wall(
                [
                    "Merlion Freight & Forwarding",
                    "Orchid Retail Group",
                    "Lumen Ledger",
                    "TradeBridge Asia",
                ]
            ),
            link_list(
                [
                    (
                        "Merlion Freight: a margin dashboard per lane",
                        "/case-studies/merlion-freight-margin-dashboard",
                    ),
                    (
                        "Orchid Retail: store demand forecasting",
                        "/case-studies/orchid-retail-demand-forecast",
                    ),
                ]
            ),
        ),
        case_study_page(
            "/case-studies/merlion-freight-margin-dashboard",
            "Merlion Freight & Forwarding",
            "margin per lane, every morning",
            [
                "We joined CargoWise shipments with Xero invoices in Snowflake and built a "
                "Power BI margin dashboard."
            ],
            (
                "We dropped two loss-making lanes within a month.",
                "Priya Nair",
                "Chief Financial Officer",
            ),
        ),
        case_study_page(
            "/case-studies/orchid-retail-demand-forecast",
            "Orchid Retail Group",
            "store-level demand forecasting",
            ["A weekly forecast per SKU and store, fed from Shopify POS data."],
            (
                "Stock-outs fell by 18% in the first quarter.",
                "Catherine Ho",
                "Chief Executive Officer",
            ),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Technology partners",
            paragraphs(
                "We are a Snowflake Select partner and a dbt Labs consulting partner, and we "
                "build on Microsoft Power BI, Tableau, Google Cloud and AWS. Our pipelines "
                "connect to Xero, Shopify, HubSpot, Salesforce and NetSuite."
            ),
            logo_wall(
                ["Snowflake", "dbt Labs", "Microsoft Power BI", "Tableau", "Google Cloud", "AWS"]
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Engagements",
            plan_cards(
                [
                    ("Data audit", "S$6,500 fixed fee", ["Two weeks", "Roadmap and quick wins"]),
                    ("Warehouse build", "From S$35,000", ["8-12 weeks"]),
                    ("Analytics retainer", "S$4,800 / month", ["Two days a week of an analyst"]),
                ]
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Careers",
            paragraphs("A team of 18 analysts and engineers. One open role:"),
            job_openings(
                [
                    (
                        "Analytics Engineer",
                        "/jobs/analytics-engineer",
                        "Full-time · Singapore (hybrid)",
                    )
                ]
            ),
        ),
        job_page(
            "/jobs/analytics-engineer",
            "Analytics Engineer",
            employment_type="FULL_TIME",
            intro="Model client data in dbt and ship dashboards people trust.",
            duties=["Build dbt models", "Work with client finance and operations teams"],
            requirements=["SQL", "dbt", "Two years in analytics"],
            reports_to="Head of Data Engineering",
            **jobs,
        ),
        simple_page(
            "/about",
            "about",
            "About",
            paragraphs(
                "Bukit Analytics was founded in 2019 by three former consultants. We work with "
                "clients in Singapore, Malaysia and Indonesia.",
                '<a href="/about/team">Partners and team</a>',
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Team",
            team_grid(
                [
                    ("Nicholas Foo", "Managing Partner"),
                    ("Chloe Tan", "Head of People"),
                    ("Aditya Rao", "Head of Data Engineering"),
                ]
            ),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                ["Bukit Analytics LLP", street, f"Singapore {postal}"],
                ["hello@bukitanalytics.io", "nicholas@bukitanalytics.io"],
                ["+65 6920 1188"],
            ),
            paragraphs(
                'Or <a href="https://calendly.com/bukitanalytics/intro">book 30 minutes with '
                "us</a>."
            ),
        ),
        post_page(
            "/insights/dbt-for-smes",
            "Does an SME need dbt?",
            "2024-03-20",
            "Aditya Rao",
            name,
            "If more than two people edit the same spreadsheet every month, probably yes.",
        ),
        login_page("/client-area/", "Client area", "the client area"),
    ]
    return CompanySite(
        domain="bukitanalytics.io",
        name=name,
        description="Demo seed: data analytics consultancy (LLP).",
        pages=pages,
        nav=[
            ("Services", "/services/data-engineering"),
            ("Industries", "/industries"),
            ("Clients", "/customers"),
            ("Partners", "/partners"),
            ("Pricing", "/pricing"),
            ("About", "/about"),
            ("Careers", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            "Bukit Analytics LLP",
            f"{street}, Singapore {postal}",
            [("Client area", "/client-area/"), ("Insights", "/insights/dbt-for-smes")],
            [
                "https://www.linkedin.com/company/bukit-analytics",
                "https://github.com/bukitanalytics",
            ],
        ),
        disallowed_paths=["/client-area/"],
        head_extra=gtag("G-BUKIT01") + CALENDLY + LINKEDIN_INSIGHT,
    )


def pasir_panjang_print() -> CompanySite:
    name, url = "Pasir Panjang Print Shop", "https://ppprint.sg"
    street, postal = "Blk 115 Pasir Panjang Road, #01-08", "118537"
    pages = [
        Page(
            "/",
            "home",
            "Printing in Pasir Panjang",
            "\n".join(
                [
                    hero(
                        "Name cards tomorrow, banners by Friday",
                        "A neighbourhood print shop: business cards, flyers, banners and menus for "
                        "small businesses in the west of Singapore.",
                        "Get a price",
                        "/pricing",
                    ),
                    paragraphs(
                        '<a href="/cart/">Cart</a> &middot; <a href="/my-account/">My account</a>'
                    ),
                ]
            ),
            json_ld=(
                local_business_ld(name, url, street, postal, "+65 6473 2290", "LocalBusiness"),
            ),
        ),
        simple_page(
            "/services/business-cards",
            "industries",
            "Business cards",
            paragraphs("Matte, gloss or textured, ready the next working day."),
        ),
        simple_page(
            "/services/banners-and-signage",
            "industries",
            "Banners and signage",
            paragraphs("Pull-up banners, PVC banners and shop signs."),
        ),
        simple_page(
            "/solutions/small-business-printing",
            "industries",
            "Printing for small businesses",
            paragraphs("We print for cafés, clinics, tuition centres, hawkers and small offices."),
        ),
        simple_page(
            "/customers",
            "customers",
            "Customers",
            logo_wall(["Kopi Corner", "West Coast Tuition Centre", "Changi Clinic Partners"]),
            testimonial(
                "Menus reprinted overnight when our prices changed.",
                "Mr. Tan",
                "Owner",
                "Kopi Corner Pasir Panjang",
            ),
            link_list([("Kopi Corner: menus for every outlet", "/case-studies/kopi-corner-menus")]),
        ),
        case_study_page(
            "/case-studies/kopi-corner-menus",
            "Kopi Corner",
            "laminated menus for 14 outlets",
            ["We print and laminate Kopi Corner's menus whenever prices change."],
            ("Fast and cheap, that's all we need.", "Farah Aziz", "Operations Director"),
        ),
        simple_page(
            "/partners",
            "integrations",
            "Partners",
            paragraphs(
                "Pay online with PayNow or by card through Stripe. Send us your Canva designs "
                "directly."
            ),
        ),
        simple_page(
            "/pricing",
            "pricing",
            "Prices",
            bullets(
                [
                    "Business cards: S$25 per 100",
                    "A5 flyers: S$60 per 500",
                    "Pull-up banner: S$85 each",
                ]
            ),
        ),
        simple_page(
            "/careers",
            "careers",
            "Join us",
            paragraphs("We are a team of 5. Looking for one more pair of hands:"),
            job_openings(
                [
                    (
                        "Print Production Assistant",
                        "/jobs/print-production-assistant",
                        "Part-time · Pasir Panjang",
                    )
                ]
            ),
        ),
        job_page(
            "/jobs/print-production-assistant",
            "Print Production Assistant",
            employment_type="PART_TIME",
            intro="Run the digital press and finish orders.",
            duties=["Operate the printer and laminator", "Pack orders"],
            requirements=["Careful with details"],
            organization=name,
            organization_url=url,
            date_posted="2024-05-30",
            street=street,
            postal_code=postal,
        ),
        simple_page(
            "/about",
            "about",
            "About us",
            paragraphs(
                "Family-run since 1987. Our budget for software is small, and so is our shop."
            ),
        ),
        simple_page(
            "/about/team",
            "about",
            "Who we are",
            team_grid([("Lim Teck Seng", "Owner"), ("Lim Hui Min", "Manager")]),
        ),
        simple_page(
            "/contact",
            "contact",
            "Contact",
            contact_card(
                [name, street, f"Singapore {postal}"],
                ["orders@ppprint.sg"],
                ["+65 6473 2290", "+65 9876 5432"],
                "Mon-Sat 9am-7pm",
            ),
        ),
        Page("/cart/", "other", "Cart", "  <h1>Cart</h1>\n  <p>No items.</p>", in_sitemap=False),
        login_page("/my-account/", "My account", "WooCommerce"),
    ]
    return CompanySite(
        domain="ppprint.sg",
        name=name,
        description="Demo seed (lost): a small print shop; Crawl-delay: 1.",
        pages=pages,
        nav=[
            ("Services", "/services/business-cards"),
            ("For businesses", "/solutions/small-business-printing"),
            ("Customers", "/customers"),
            ("Prices", "/pricing"),
            ("About", "/about"),
            ("Jobs", "/careers"),
            ("Contact", "/contact"),
        ],
        footer=site_footer(
            name,
            f"{street}, Singapore {postal}",
            [("Cart", "/cart/"), ("My account", "/my-account/"), ("Partners", "/partners")],
            ["https://www.facebook.com/ppprintsg"],
        ),
        disallowed_paths=["/cart/", "/my-account/"],
        head_extra=wordpress("6.4.3", "storefront") + STRIPE_JS + RECAPTCHA,
        crawl_delay=1,
    )


SEED_SITES = (
    harbourline_logistics,
    kopi_corner,
    straits_precision,
    merlion_freight,
    orchid_retail,
    tanjong_cold_chain,
    bukit_analytics,
    pasir_panjang_print,
)
