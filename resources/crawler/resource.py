"""The crawler as a Dagster resource. Its fields are the crawler's knobs, derived from
``CrawlerConfig``: a field left unset takes the environment's value (``ICP_CRAWL_*``),
else the knob's default. ``allowed_ports`` and ``host_map`` take their environment
forms ("8080,8443"; "acme.sg=http://127.0.0.1:8001,...")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
import pydantic

from resources.crawler.config import CrawlerConfig
from resources.crawler.model import NO_VALIDATORS, DomainCrawl, PageValidators
from resources.crawler.session import crawl_domains_sync

_CONFIG_TYPES = (str, int, float, bool)


class _CrawlerResourceBase(dg.ConfigurableResource):
    def get_config(self) -> CrawlerConfig:
        overrides = {
            name: value
            for name in CrawlerConfig.model_fields
            if (value := getattr(self, name)) is not None
        }
        return CrawlerConfig.from_environment(**overrides)

    def crawl(
        self,
        domains: Sequence[str],
        validators: Mapping[str, PageValidators] = NO_VALIDATORS,
    ) -> list[DomainCrawl]:
        return crawl_domains_sync(self.get_config(), domains, validators)


def _resource_fields() -> dict[str, Any]:
    """Every knob as an optional field; knobs that are not plain values in the config
    take their environment's string form."""
    fields: dict[str, Any] = {}
    for name, info in CrawlerConfig.model_fields.items():
        annotation = info.annotation if info.annotation in _CONFIG_TYPES else str
        fields[name] = (
            annotation | None,
            pydantic.Field(default=None, description=info.description),
        )
    return fields


CrawlerResource = pydantic.create_model(
    "CrawlerResource",
    __base__=_CrawlerResourceBase,
    __module__=__name__,
    __doc__=__doc__,
    **_resource_fields(),
)
