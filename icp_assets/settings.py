"""Every setting the project reads from the environment, in one typed place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
#: The demo's intake, its register entities, and the API's schema examples.
DEMO_INTAKE = Path(__file__).resolve().parent / "samples" / "demo_intake.json"
SQL_DIR = PROJECT_ROOT / "sql"


class Settings(BaseSettings):
    """Settings of the warehouse, the pipeline and the API.

    Each field is read from the environment variable named in its alias; secrets are
    never read from anywhere else.
    """

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    database_url: str | None = Field(
        default=None,
        validation_alias="ICP_DATABASE_URL",
        description="Warehouse database, as its owner. Unset: an embedded PostgreSQL.",
    )
    app_database_url: str | None = Field(
        default=None,
        validation_alias="ICP_APP_DATABASE_URL",
        description="The application role's connection. Unset: the warehouse URL as icp_app.",
    )
    app_database_password: str | None = Field(
        default=None, validation_alias="ICP_APP_DATABASE_PASSWORD"
    )
    dagster_database_url: str | None = Field(
        default=None,
        validation_alias="ICP_DAGSTER_DATABASE_URL",
        description="Dagster's run, event and schedule storage. Unset: '<warehouse>_dagster'.",
    )
    home: Path = Field(default=Path(".icp"), validation_alias="ICP_HOME")

    enable_intake: bool = Field(default=True, validation_alias="ENABLE_ICP_INTAKE")
    wizard_fast_start_only: bool = Field(
        default=False, validation_alias="ICP_WIZARD_FAST_START_ONLY"
    )

    crawl_max_pages_per_domain: int = Field(
        default=12, ge=1, validation_alias="ICP_CRAWL_MAX_PAGES"
    )
    crawl_max_bytes_per_page: int = Field(
        default=2_000_000, ge=1_000, validation_alias="ICP_CRAWL_MAX_BYTES"
    )
    crawl_delay_s: float = Field(default=1.0, ge=0, validation_alias="ICP_CRAWL_DELAY_S")
    crawl_timeout_s: float = Field(default=15.0, gt=0, validation_alias="ICP_CRAWL_TIMEOUT_S")
    crawl_concurrency: int = Field(default=8, ge=1, validation_alias="ICP_CRAWL_CONCURRENCY")
    crawl_per_host_concurrency: int = Field(
        default=2, ge=1, validation_alias="ICP_CRAWL_PER_HOST_CONCURRENCY"
    )
    crawl_connect_timeout_s: float = Field(
        default=5.0, gt=0, validation_alias="ICP_CRAWL_CONNECT_TIMEOUT_S"
    )
    crawl_max_redirects: int = Field(default=5, ge=0, validation_alias="ICP_CRAWL_MAX_REDIRECTS")
    crawl_retries: int = Field(default=3, ge=0, validation_alias="ICP_CRAWL_RETRIES")
    crawl_user_agent: str = Field(
        default="ICPFinderBot/0.1 (+https://icp-finder.example/bot)",
        validation_alias="ICP_CRAWL_USER_AGENT",
        description="Names the product and a page that explains the crawler.",
    )
    crawl_allowed_ports: str = Field(
        default="",
        validation_alias="ICP_CRAWL_ALLOWED_PORTS",
        description="Ports allowed besides 80 and 443, comma-separated.",
    )
    crawl_host_map: str = Field(
        default="",
        validation_alias="ICP_CRAWL_HOST_MAP",
        description=(
            "Tests and the demo: 'acme.com=http://127.0.0.1:8001,...' sends a listed "
            "domain's requests to a local origin; only listed domains reach local addresses."
        ),
    )

    llm_model: str | None = Field(default=None, validation_alias="ICP_LLM_MODEL")
    llm_small_model: str | None = Field(default=None, validation_alias="ICP_LLM_SMALL_MODEL")
    openai_api_key: str | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    llm_max_pages_per_domain: int = Field(
        default=6, ge=0, validation_alias="ICP_LLM_MAX_PAGES_PER_DOMAIN"
    )
    llm_max_tokens_per_domain: int = Field(
        default=12_000, ge=0, validation_alias="ICP_LLM_MAX_TOKENS_PER_DOMAIN"
    )

    nightly_cron: str = Field(
        default="0 2 * * *",
        validation_alias="ICP_NIGHTLY_CRON",
        description="When the nightly refresh of every tenant runs, in nightly_timezone.",
    )
    nightly_timezone: str = Field(default="Asia/Singapore", validation_alias="ICP_NIGHTLY_TIMEZONE")
    nightly_batch_size: int = Field(
        default=200,
        ge=1,
        validation_alias="ICP_NIGHTLY_BATCH_SIZE",
        description="Tenants per run of the nightly refresh.",
    )

    jwt_secret: str | None = Field(
        default=None,
        validation_alias="ICP_JWT_SECRET",
        description="HS256 key that signs and verifies API tokens.",
    )
    jwt_public_key: str | None = Field(
        default=None,
        validation_alias="ICP_JWT_PUBLIC_KEY",
        description="PEM public key verifying RS256 or ES256 tokens (instead of the secret).",
    )
    jwt_private_key: str | None = Field(
        default=None,
        validation_alias="ICP_JWT_PRIVATE_KEY",
        description="PEM private key with which `icp token` signs RS256/ES256 tokens.",
    )
    jwt_algorithm: Literal["HS256", "RS256", "ES256"] = Field(
        default="HS256",
        validation_alias="ICP_JWT_ALGORITHM",
        description="The only algorithm tokens are accepted with.",
    )
    jwt_audience: str | None = Field(default=None, validation_alias="ICP_JWT_AUDIENCE")
    jwt_issuer: str | None = Field(default=None, validation_alias="ICP_JWT_ISSUER")
    api_max_body_bytes: int = Field(
        default=262_144, ge=1_024, validation_alias="ICP_API_MAX_BODY_BYTES"
    )
    api_intake_rate_limit: str = Field(
        default="20/minute",
        validation_alias="ICP_API_INTAKE_RATE_LIMIT",
        description="Intakes (and parse requests) a tenant may send, as '<count>/<period>'.",
    )
    api_rate_limit_storage: str = Field(
        default="memory://",
        validation_alias="ICP_API_RATE_LIMIT_STORAGE",
        description="Where rate-limit counters live: memory:// (one process) or redis://...",
    )

    chat_enrich_limit: int = Field(default=10, ge=0, validation_alias="CHAT_ENRICH_LIMIT")
    run_now_limit: int = Field(default=10, ge=0, validation_alias="RUN_NOW_LIMIT")

    @field_validator("home")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def uses_embedded_database(self) -> bool:
        return not self.database_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
