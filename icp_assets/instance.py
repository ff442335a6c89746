"""The Dagster instance the CLI uses: dagster-postgres on the warehouse's server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

from icp_assets.settings import PROJECT_ROOT, Settings
from resources.database import DatabaseUrls

DAGSTER_PG_URL_ENV = "ICP_DAGSTER_PG_URL"


def prepare_dagster_environment(settings: Settings, urls: DatabaseUrls) -> Path:
    """Point DAGSTER_HOME and ICP_DAGSTER_PG_URL at this project's instance.

    A DAGSTER_HOME set by the operator is kept; otherwise the instance lives under
    ``ICP_HOME/dagster`` with the project's ``dagster.yaml``.
    """
    os.environ.setdefault(DAGSTER_PG_URL_ENV, urls.dagster.render_as_string(hide_password=False))
    if os.environ.get("DAGSTER_HOME"):
        return Path(os.environ["DAGSTER_HOME"])
    home = settings.home / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    source = PROJECT_ROOT / "dagster.yaml"
    target = home / "dagster.yaml"
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def dagster_instance(settings: Settings, urls: DatabaseUrls) -> dg.DagsterInstance:
    prepare_dagster_environment(settings, urls)
    return dg.DagsterInstance.get()
