"""HTML building blocks and JSON-LD of the fixture company sites.

Text passed to these functions is trusted markup written in this package (it may hold
``<a>`` or ``<strong>``); names and titles are escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

# Third-party tags as sites really embed them: the crawler sees their script hosts,
# link hosts and meta generators.


def gtag(measurement_id: str) -> str:
    return f"""
  <script async src="https://www.googletagmanager.com/gtag/js?id={measurement_id}"></script>
  <script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}
  gtag('js', new Date()); gtag('config', '{measurement_id}');</script>"""


def hubspot(portal_id: int) -> str:
    return (
        '\n  <script type="text/javascript" id="hs-script-loader" async defer '
        f'src="https://js.hs-scripts.com/{portal_id}.js"></script>'
    )


def intercom(app_id: str) -> str:
    return f"""
  <script>window.intercomSettings = {{ app_id: "{app_id}" }};</script>
  <script async src="https://widget.intercom.io/widget/{app_id}"></script>"""


def zendesk(key: str) -> str:
    return (
        '\n  <script id="ze-snippet" '
        f'src="https://static.zdassets.com/ekr/snippet.js?key={key}"></script>'
    )


def wordpress(version: str, theme: str) -> str:
    return f"""
  <meta name="generator" content="WordPress {version}">
  <link rel="stylesheet" href="/wp-content/themes/{theme}/style.css?ver={version}">
  <script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"></script>"""


def shopify(shop: str) -> str:
    return f"""
  <link rel="preconnect" href="https://cdn.shopify.com" crossorigin>
  <script>var Shopify = Shopify || {{}}; Shopify.shop = "{shop}.myshopify.com";</script>
  <script src="https://cdn.shopify.com/s/trekkie.storefront.4f2e3a.min.js" defer></script>
  <script src="https://cdn.shopify.com/shopifycloud/storefront/features.js" defer></script>"""


STRIPE_JS = '\n  <script src="https://js.stripe.com/v3/"></script>'
CALENDLY = '\n  <script src="https://assets.calendly.com/assets/external/widget.js" async></script>'
LINKEDIN_INSIGHT = (
    '\n  <script async src="https://snap.licdn.com/li.lms-analytics/insight.min.js"></script>'
)
META_PIXEL = '\n  <script async src="https://connect.facebook.net/en_US/fbevents.js"></script>'
RECAPTCHA = '\n  <script src="https://www.google.com/recaptcha/api.js" async defer></script>'


def klaviyo(company_id: str) -> str:
    return (
        "\n  <script async "
        f'src="https://static.klaviyo.com/onsite/js/klaviyo.js?company_id={company_id}"></script>'
    )


def segment(write_key: str) -> str:
    return (
        f'\n  <script src="https://cdn.segment.com/analytics.js/v1/{write_key}/analytics.min.js">'
        "</script>"
    )


def hotjar(site_id: int) -> str:
    return f'\n  <script async src="https://static.hotjar.com/c/hotjar-{site_id}.js?sv=6"></script>'


def freshdesk(widget_id: int) -> str:
    return (
        f'\n  <script src="https://widget.freshworks.com/widgets/{widget_id}.js" '
        "async defer></script>"
    )


def wix() -> str:
    return """
  <meta name="generator" content="Wix.com Website Builder">
  <script src="https://static.parastorage.com/unpkg/core-js-bundle@3.2.1/minified.js"></script>"""


def squarespace() -> str:
    return """
  <!-- This is Squarespace. -->
  <script src="https://static1.squarespace.com/static/vta/5c5a5197/scripts/site-bundle.js"
    defer></script>"""


# Page parts.


def paragraphs(*texts: str) -> str:
    return "\n".join(f"    <p>{text}</p>" for text in texts)


def section(heading: str, *blocks: str, level: int = 2, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    inner = "\n".join(blocks)
    return (
        f"  <section{attribute}>\n    <h{level}>{html.escape(heading)}</h{level}>\n"
        f"{inner}\n  </section>"
    )


def hero(heading: str, lead: str, cta_label: str = "", cta_href: str = "") -> str:
    cta = (
        f'\n    <a class="button" href="{cta_href}">{html.escape(cta_label)}</a>'
        if cta_label
        else ""
    )
    return (
        f'  <section class="hero">\n    <h1>{html.escape(heading)}</h1>\n'
        f'    <p class="lead">{lead}</p>{cta}\n  </section>'
    )


def bullets(items: Iterable[str]) -> str:
    rows = "\n".join(f"      <li>{item}</li>" for item in items)
    return f"    <ul>\n{rows}\n    </ul>"


def link_list(links: Iterable[tuple[str, str]]) -> str:
    return bullets(f'<a href="{href}">{html.escape(label)}</a>' for label, href in links)


def testimonial(quote: str, person: str, title: str, company: str) -> str:
    """A quote signed the way sites sign them: "— Name, Title, Company"."""
    # The attribution is a <p>, not a <footer>: main-text extraction drops footers.
    signature = ", ".join(html.escape(part) for part in (person, title, company))
    return f"""    <blockquote class="testimonial">
      <p>\u201c{quote}\u201d</p>
      <p class="attribution">\u2014 {signature}</p>
    </blockquote>"""


def logo_wall(companies: Iterable[str]) -> str:
    rows = "\n".join(
        f'      <li><img src="/assets/logos/{_slug(name)}.svg" alt="{html.escape(name)} logo" '
        'width="160" height="64" loading="lazy"></li>'
        for name in companies
    )
    return f'    <ul class="logo-wall">\n{rows}\n    </ul>'


def team_grid(people: Iterable[tuple[str, str]]) -> str:
    rows = "\n".join(
        f'      <li class="person"><img src="/assets/team/{_slug(name)}.jpg" '
        f'alt="{html.escape(name)}"><h3>{html.escape(name)}</h3>'
        f"<p>{html.escape(title)}</p></li>"
        for name, title in people
    )
    return f'    <ul class="team">\n{rows}\n    </ul>'


def plan_cards(plans: Iterable[tuple[str, str, Sequence[str]]]) -> str:
    """Pricing plans: (name, price text, features)."""
    cards = []
    for name, price, features in plans:
        items = "".join(f"<li>{feature}</li>" for feature in features)
        cards.append(
            f'      <div class="plan"><h3>{html.escape(name)}</h3>'
            f'<p class="price">{price}</p><ul>{items}</ul></div>'
        )
    return '    <div class="plans">\n' + "\n".join(cards) + "\n    </div>"


def job_openings(openings: Iterable[tuple[str, str | None, str]]) -> str:
    """Open roles: (title, detail page path or None, "Full-time · Singapore")."""
    rows = []
    for title, href, terms in openings:
        label = html.escape(title)
        linked = f'<a href="{href}">{label}</a>' if href else label
        rows.append(f'      <li class="opening">{linked} <span>{html.escape(terms)}</span></li>')
    return '    <ul class="openings">\n' + "\n".join(rows) + "\n    </ul>"


def contact_card(
    address_lines: Sequence[str], emails: Iterable[str], phones: Iterable[str], hours: str = ""
) -> str:
    address = "<br>".join(html.escape(line) for line in address_lines)
    mails = "".join(f'<li><a href="mailto:{e}">{e}</a></li>' for e in emails)
    calls = "".join(
        f'<li><a href="tel:{phone.replace(" ", "")}">{phone}</a></li>' for phone in phones
    )
    opening = f"\n      <p>{html.escape(hours)}</p>" if hours else ""
    return f"""    <div class="contact-card">
      <address>{address}</address>
      <ul class="emails">{mails}</ul>
      <ul class="phones">{calls}</ul>{opening}
    </div>"""


def contact_form(action: str = "/contact/send") -> str:
    return f"""    <form class="contact-form" method="post" action="{action}">
      <label>Name <input name="name" required></label>
      <label>Work e-mail <input name="email" type="email" required></label>
      <label>Company <input name="company"></label>
      <label>Message <textarea name="message"></textarea></label>
      <button type="submit">Send</button>
    </form>"""


def site_footer(
    legal_name: str,
    address: str,
    links: Iterable[tuple[str, str]],
    social: Iterable[str] = (),
    extra: str = "",
) -> str:
    """The footer every page of a site shares: address, links (one of them usually a
    robots-disallowed path, as real footers link a login or a cart) and social links."""
    link_items = "".join(
        f'<li><a href="{href}">{html.escape(label)}</a></li>' for label, href in links
    )
    social_items = "".join(
        f'<li><a href="{href}" rel="noopener">{html.escape(_social_label(href))}</a></li>'
        for href in social
    )
    extra_block = f"\n    {extra}" if extra else ""
    legal = f"&copy; 2024 {html.escape(legal_name)}. {html.escape(address)}"
    return f"""    <p class="legal">{legal}</p>
    <ul class="footer-links">{link_items}</ul>
    <ul class="social">{social_items}</ul>{extra_block}"""


def _social_label(href: str) -> str:
    for host, label in (
        ("linkedin.com", "LinkedIn"),
        ("facebook.com", "Facebook"),
        ("instagram.com", "Instagram"),
        ("youtube.com", "YouTube"),
        ("x.com", "X"),
        ("twitter.com", "X"),
        ("apps.apple.com", "Download on the App Store"),
        ("play.google.com", "Get it on Google Play"),
        ("tiktok.com", "TikTok"),
        ("github.com", "GitHub"),
    ):
        if host in href:
            return label
    return href


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


# JSON-LD.


_COUNTRY_OF_CITY = {
    "Singapore": "SG",
    "Jakarta": "ID",
    "Kuala Lumpur": "MY",
    "Ho Chi Minh City": "VN",
}


def postal_address(street: str, postal_code: str, locality: str = "Singapore") -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": locality,
        "postalCode": postal_code,
        "addressCountry": _COUNTRY_OF_CITY[locality],
    }


def organization_ld(
    name: str,
    url: str,
    *,
    legal_name: str | None = None,
    address: dict[str, Any] | None = None,
    same_as: Sequence[str] = (),
    employees: int | tuple[int, int] | None = None,
    founding_date: str | None = None,
    description: str | None = None,
    area_served: Sequence[str] = (),
    org_type: str = "Organization",
) -> dict[str, Any]:
    """A schema.org Organization; ``employees`` is a value or a (min, max) range."""
    block: dict[str, Any] = {"@context": "https://schema.org", "@type": org_type, "name": name}
    block["url"] = url
    block["logo"] = f"{url}/assets/logo.png"
    if legal_name:
        block["legalName"] = legal_name
    if description:
        block["description"] = description
    if founding_date:
        block["foundingDate"] = founding_date
    if address:
        block["address"] = address
    if area_served:
        block["areaServed"] = [{"@type": "Country", "name": c} for c in area_served]
    if isinstance(employees, int):
        block["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": employees}
    elif employees is not None:
        low, high = employees
        block["numberOfEmployees"] = {
            "@type": "QuantitativeValue",
            "minValue": low,
            "maxValue": high,
        }
    if same_as:
        block["sameAs"] = list(same_as)
    return block


def job_posting_ld(
    title: str,
    *,
    employment_type: str,
    date_posted: str,
    organization: str,
    organization_url: str,
    street: str,
    postal_code: str,
    description: str,
    salary: tuple[int, int] | None = None,
    locality: str = "Singapore",
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": description,
        "datePosted": date_posted,
        "validThrough": "2024-09-30",
        "employmentType": employment_type,
        "hiringOrganization": {
            "@type": "Organization",
            "name": organization,
            "sameAs": organization_url,
        },
        "jobLocation": {
            "@type": "Place",
            "address": postal_address(street, postal_code, locality),
        },
    }
    if salary:
        low, high = salary
        block["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "SGD",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": low,
                "maxValue": high,
                "unitText": "MONTH",
            },
        }
    return block


def article_ld(headline: str, date: str, author: str, publisher: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": headline,
        "datePublished": date,
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": publisher},
    }


def local_business_ld(
    name: str, url: str, street: str, postal_code: str, telephone: str, business_type: str
) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": business_type,
        "name": name,
        "url": url,
        "telephone": telephone,
        "address": postal_address(street, postal_code),
    }
