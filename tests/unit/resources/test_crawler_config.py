"""The crawler's knobs are declared once: the environment and the resource read them
from the same declaration."""

from __future__ import annotations

import pydantic
import pytest

from resources.crawler import CrawlerConfig, CrawlerResource


def test_the_resource_has_an_optional_field_for_every_knob() -> None:
    assert set(CrawlerResource.model_fields) == set(CrawlerConfig.model_fields)
    assert all(field.default is None for field in CrawlerResource.model_fields.values())


def test_the_environment_sets_the_knobs_it_names_and_defaults_fill_the_rest() -> None:
    config = CrawlerConfig.from_environment(
        {"ICP_CRAWL_MAX_PAGES": "4", "ICP_CRAWL_ALLOWED_PORTS": "8080, 8443", "OTHER": "x"}
    )
    assert config.max_pages_per_domain == 4
    assert config.allowed_ports == frozenset({8080, 8443})
    assert config.max_redirects == CrawlerConfig().max_redirects


def test_overrides_by_name_win_over_the_environment() -> None:
    config = CrawlerConfig.from_environment({"ICP_CRAWL_DELAY_S": "2"}, per_host_delay_s=0.0)
    assert config.per_host_delay_s == 0.0


def test_a_knob_out_of_range_is_refused_naming_it() -> None:
    with pytest.raises(pydantic.ValidationError, match="max_pages_per_domain"):
        CrawlerConfig.from_environment({"ICP_CRAWL_MAX_PAGES": "0"})


def test_an_unset_resource_field_takes_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("ICP_CRAWL_RETRIES", "1")
    config = CrawlerResource(host_map="acme.sg=http://127.0.0.1:8001").get_config()
    assert config.retries == 1
    assert config.host_map == {"acme.sg": "http://127.0.0.1:8001"}
