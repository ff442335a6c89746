"""Page builders the company sites share: a job advert, a blog post, a login page."""

from __future__ import annotations

import html
from collections.abc import Sequence

from icp_assets.demo.fixture_sites.markup import (
    article_ld,
    bullets,
    job_posting_ld,
    paragraphs,
    section,
    testimonial,
)
from icp_assets.demo.fixture_sites.site_model import Page


def job_page(
    path: str,
    title: str,
    *,
    organization: str,
    organization_url: str,
    employment_type: str,
    date_posted: str,
    street: str,
    postal_code: str,
    intro: str,
    duties: Sequence[str],
    requirements: Sequence[str],
    reports_to: str = "",
    salary: tuple[int, int] | None = None,
    locality: str = "Singapore",
) -> Page:
    """A job advert with its JobPosting JSON-LD."""
    terms = employment_type.replace("_", "-").lower()
    reporting = f" You will report to our {reports_to}." if reports_to else ""
    body = "\n".join(
        [
            f"  <h1>{title}</h1>",
            f'  <p class="job-meta">{terms.capitalize()} &middot; {locality}</p>',
            paragraphs(intro + reporting),
            section("What you will do", bullets(duties)),
            section("What we are looking for", bullets(requirements)),
            paragraphs('Apply with your CV through our <a href="/careers">careers page</a>.'),
        ]
    )
    posting = job_posting_ld(
        title,
        employment_type=employment_type,
        date_posted=date_posted,
        organization=organization,
        organization_url=organization_url,
        street=street,
        postal_code=postal_code,
        description=intro,
        salary=salary,
        locality=locality,
    )
    return Page(path, "careers", title, body, json_ld=(posting,))


def post_page(
    path: str,
    title: str,
    date: str,
    author: str,
    publisher: str,
    *texts: str,
    sitemap_part: str = "posts",
) -> Page:
    """A blog or news post, signed by its author."""
    body = "\n".join(
        [
            "  <article>",
            f"  <h1>{title}</h1>",
            f'  <p class="byline">{date} &middot; {author}</p>',
            paragraphs(*texts),
            "  </article>",
        ]
    )
    return Page(
        path,
        "other",
        title,
        body,
        json_ld=(article_ld(title, date, author, publisher),),
        sitemap_part=sitemap_part,
    )


def login_page(path: str, title: str, service: str) -> Page:
    """A page behind a robots ``Disallow:``: linked from the site, absent from the sitemap."""
    body = f"""  <h1>{title}</h1>
  <form method="post" action="{path}login">
    <label>E-mail <input name="email" type="email"></label>
    <label>Password <input name="password" type="password"></label>
    <button type="submit">Sign in to {service}</button>
  </form>"""
    return Page(path, "other", title, body, in_sitemap=False)


def simple_page(path: str, page_type: str, title: str, *blocks: str, json_ld: tuple = ()) -> Page:
    """A page whose ``<main>`` is an ``<h1>`` with ``title`` and the given blocks."""
    body = "\n".join([f"  <h1>{title}</h1>", *blocks])
    return Page(path, page_type, title, body, json_ld=json_ld)


def case_study_page(
    path: str, customer: str, headline: str, texts: Sequence[str], quote: tuple[str, str, str]
) -> Page:
    """A customer story: the customer's logo and name, the story, a signed quote.

    ``quote`` is (text, person, title); the customer is the quote's company.
    """
    name = html.escape(customer)
    logo = "-".join("".join(c if c.isalnum() else " " for c in customer.lower()).split())
    body = "\n".join(
        [
            f"  <h1>{name}: {headline}</h1>",
            f'  <img class="customer-logo" src="/assets/logos/{logo}.svg" alt="{name} logo">',
            paragraphs(*texts),
            testimonial(quote[0], quote[1], quote[2], customer),
            paragraphs('<a href="/customers">More customer stories</a>'),
        ]
    )
    return Page(path, "customers", f"Case study: {customer}", body)
