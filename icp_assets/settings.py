"""Every setting the project reads from the environment, in one typed place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

#: The checkout: ``workspace.yaml`` and ``dagster.yaml`` are read from here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class _VariablesOnly(EnvSettingsSource):
    """The environment, each field read from its own variable and nothing else.

    ``populate_by_name`` lets code build ``Settings(home=...)``; pydantic-settings would
    then also read a field from a variable spelled like its name, so ``HOME`` became
    ``home`` and ``DATABASE_URL`` ``database_url``.
    """

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.config = {**self.config, "populate_by_name": False, "validate_by_name": False}


class Settings(BaseSettings):
    """Settings of the warehouse, the pipeline and the API.

    Each field is read from the environment variable named in its alias; secrets are
    never read from anywhere else. The crawler's knobs (``ICP_CRAWL_*``) are declared
    with the crawler, in ``resources.crawler.config``.
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

    llm_model: str | None = Field(default=None, validation_alias="ICP_LLM_MODEL")
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
    jwt_max_ttl_s: int = Field(
        default=86_400,
        ge=1,
        validation_alias="ICP_JWT_MAX_TTL_S",
        description="The longest lifetime of an accepted token, in seconds: 'exp' at most "
        "this after 'iat' and after now.",
    )
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

    run_now_limit: int = Field(default=10, ge=0, validation_alias="RUN_NOW_LIMIT")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _VariablesOnly(settings_cls), dotenv_settings, file_secret_settings

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
