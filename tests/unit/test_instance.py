"""The checkout's dagster.yaml is the one instance configuration: it names the project's
classes rather than variables, and they resolve URL and folders from the settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from dagster._core.instance.ref import InstanceRef
from sqlalchemy.engine import make_url

from icp_assets.instance import (
    DAGSTER_PG_URL_ENV,
    ProjectArtifactStorage,
    ProjectComputeLogManager,
    dagster_storage_postgres_url,
    prepare_dagster_environment,
)
from icp_assets.settings import PROJECT_ROOT, Settings, get_settings
from resources.database import DatabaseUrls


@pytest.fixture
def settings_env(monkeypatch, tmp_path: Path):
    """An environment with nothing of the project's set but ICP_HOME; whatever a test
    sets in it is undone afterwards."""
    for name in ("DAGSTER_HOME", DAGSTER_PG_URL_ENV, "ICP_DATABASE_URL"):
        monkeypatch.setenv(name, "")  # recorded, so that the teardown restores the original
        monkeypatch.delenv(name)
    monkeypatch.setenv("ICP_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


def _env_sources(node: object) -> list[object]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "env"] + [
            found for value in node.values() for found in _env_sources(value)
        ]
    if isinstance(node, list):
        return [found for value in node for found in _env_sources(value)]
    return []


def test_dagster_yaml_names_the_projects_classes_and_needs_no_variable(tmp_path: Path):
    config = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())
    assert _env_sources(config) == []
    ref = InstanceRef.from_dir(str(tmp_path), config_dir=str(PROJECT_ROOT))
    assert (ref.storage_data.module_name, ref.storage_data.class_name) == (
        "icp_assets.instance",
        "ProjectPostgresStorage",
    )
    assert ref.local_artifact_storage_data.class_name == "ProjectArtifactStorage"
    assert ref.compute_logs_data.class_name == "ProjectComputeLogManager"


def test_a_configured_url_wins_and_is_given_psycopg2s_driver(settings_env, monkeypatch):
    monkeypatch.setenv(DAGSTER_PG_URL_ENV, "postgresql://handed@db.internal/icp_dagster")
    configured = dagster_storage_postgres_url("postgresql://ops:pw@db.internal:5432/dagster")
    assert configured == "postgresql+psycopg2://ops:pw@db.internal:5432/dagster"
    handed_over = make_url(dagster_storage_postgres_url())
    assert (handed_over.drivername, handed_over.username) == ("postgresql+psycopg2", "handed")


def test_files_live_under_icp_home_unless_an_operator_set_dagster_home(
    settings_env: Path, monkeypatch, tmp_path: Path
):
    assert ProjectArtifactStorage.from_config_value(None, {}).base_dir == str(
        settings_env / "dagster"
    )
    logs = ProjectComputeLogManager.from_config_value(None, {})
    assert logs._base_dir == str(settings_env / "dagster" / "storage")

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "operator"))
    assert ProjectArtifactStorage.from_config_value(None, {}).base_dir == str(tmp_path / "operator")
    explicit = ProjectArtifactStorage.from_config_value(None, {"base_dir": "/srv/dagster"})
    assert explicit.base_dir == "/srv/dagster"


def test_icp_hands_its_instance_to_child_processes_without_setting_dagster_home(
    settings_env: Path, monkeypatch
):
    # dagster dev warns that ./dagster.yaml "will not be used" whenever DAGSTER_HOME
    # names another folder; icp reads ./dagster.yaml in place and never sets it.
    dagster = make_url("postgresql+psycopg2://postgres@/icp_dagster?host=/tmp/sock")
    urls = DatabaseUrls(owner=dagster, app=dagster, dagster=dagster)
    settings = Settings(home=settings_env)
    monkeypatch.delenv("ICP_HOME")
    prepare_dagster_environment(settings, urls)
    assert "DAGSTER_HOME" not in os.environ
    assert os.environ[DAGSTER_PG_URL_ENV] == dagster.render_as_string(hide_password=False)
    assert os.environ["ICP_HOME"] == str(settings_env)
