"""The Dagster instance: the project's ``dagster.yaml``, read where it is, on the
warehouse's server.

``dagster.yaml`` names the three classes below instead of URLs and folders, so it needs
no environment variable: ``dagster dev``, ``dagster definitions validate`` and ``dg``,
run in the checkout with no ``DAGSTER_HOME`` (Dagster then reads ``./dagster.yaml``),
and the ``icp`` command, which reads the same file in place, all get the same
instance from the project's settings:

- runs, events and schedules in the Dagster database of the warehouse's server
  (``ICP_DAGSTER_DATABASE_URL``, else ``<warehouse>_dagster`` beside ``ICP_DATABASE_URL``,
  else the embedded server under ``ICP_HOME``, started on first use);
- step outputs and compute logs under ``ICP_HOME/dagster`` (``DAGSTER_HOME`` when set).

A value given in the file's ``config:`` wins over the settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._config.config_schema import UserConfigSchema
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.local_compute_log_manager import LocalComputeLogManager
from dagster._core.storage.root import LocalArtifactStorage
from dagster._serdes import ConfigurableClassData
from dagster_postgres import DagsterPostgresStorage

from icp_assets.settings import PROJECT_ROOT, Settings, get_settings
from resources.database import DatabaseUrls, dagster_storage_url

#: A URL of the Dagster database that a process hands the processes it starts (``icp``
#: sets it from the URLs it resolved); when set, it wins over the settings.
DAGSTER_PG_URL_ENV = "ICP_DAGSTER_PG_URL"


def dagster_home(settings: Settings) -> Path:
    """Where the instance keeps files (step outputs, compute logs): ``DAGSTER_HOME`` when
    an operator set one, as Dagster's own default does, else ``ICP_HOME/dagster``."""
    configured = os.environ.get("DAGSTER_HOME")
    return Path(configured) if configured else settings.home / "dagster"


def dagster_storage_postgres_url(configured: str | None = None) -> str:
    """The Dagster database's URL: ``configured``, else ``ICP_DAGSTER_PG_URL``, else the
    settings' (which starts the embedded server when no server is configured)."""
    value = configured or os.environ.get(DAGSTER_PG_URL_ENV)
    if value:
        url = dagster_storage_url(value)
    else:
        from resources.warehouse import warehouse_from_settings

        url = warehouse_from_settings().urls.dagster
    return url.render_as_string(hide_password=False)


class ProjectPostgresStorage(DagsterPostgresStorage):
    """dagster-postgres storage on the Dagster database of the project's settings."""

    @classmethod
    def config_type(cls) -> UserConfigSchema:
        return {
            "postgres_url": dg.Field(dg.StringSource, is_required=False),
            "should_autocreate_tables": dg.Field(bool, is_required=False, default_value=True),
        }

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, Any]
    ) -> ProjectPostgresStorage:
        return cls(
            postgres_url=dagster_storage_postgres_url(config_value.get("postgres_url")),
            should_autocreate_tables=config_value.get("should_autocreate_tables", True),
            inst_data=inst_data,
        )


class ProjectArtifactStorage(LocalArtifactStorage):
    """Step outputs and run files under :func:`dagster_home`."""

    @classmethod
    def config_type(cls) -> UserConfigSchema:
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, Any]
    ) -> ProjectArtifactStorage:
        base_dir = config_value.get("base_dir") or str(dagster_home(get_settings()))
        return cls(base_dir=base_dir, inst_data=inst_data)


class ProjectComputeLogManager(LocalComputeLogManager):
    """Steps' stdout and stderr in ``storage/`` of :func:`dagster_home`, where Dagster's
    own layout puts them."""

    @classmethod
    def config_type(cls) -> UserConfigSchema:
        return {
            "base_dir": dg.Field(dg.StringSource, is_required=False),
            "polling_timeout": dg.Field(float, is_required=False),
        }

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, Any]
    ) -> ProjectComputeLogManager:
        base_dir = config_value.get("base_dir") or str(dagster_home(get_settings()) / "storage")
        return cls(
            base_dir=base_dir,
            polling_timeout=config_value.get("polling_timeout"),
            inst_data=inst_data,
        )


def prepare_dagster_environment(settings: Settings, urls: DatabaseUrls) -> None:
    """Hand this process's resolved instance to the processes it starts.

    ``ICP_DAGSTER_PG_URL`` and an absolute ``ICP_HOME`` make the webserver, the daemon
    and run workers use the Dagster database and folder this process resolved, whatever
    their working directory. ``DAGSTER_HOME`` is left as it is: unset, Dagster reads the
    checkout's ``dagster.yaml``; set by an operator, theirs.
    """
    os.environ.setdefault(DAGSTER_PG_URL_ENV, urls.dagster.render_as_string(hide_password=False))
    os.environ.setdefault("ICP_HOME", str(settings.home))


def dagster_instance(settings: Settings, urls: DatabaseUrls) -> dg.DagsterInstance:
    """The instance of ``DAGSTER_HOME`` when an operator set one, else the checkout's
    ``dagster.yaml``, read in place, with its files under ``ICP_HOME/dagster``: the
    instance ``dagster dev`` gets in the checkout."""
    prepare_dagster_environment(settings, urls)
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    home = dagster_home(settings)
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_ref(
        InstanceRef.from_dir(str(home), config_dir=str(PROJECT_ROOT))
    )
