"""The layout holds: stages are packages named as their Dagster groups, and the lower
layer (resources) imports nothing of the code location but its settings."""

from __future__ import annotations

import ast
from pathlib import Path

import dagster as dg

from icp_assets.definitions import defs

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_resources_import_only_the_settings_of_the_code_location() -> None:
    offending = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "resources").rglob("*.py")
        for module in _imports(path)
        if module.startswith("icp_assets") and module != "icp_assets.settings"
    }
    assert not offending


def test_every_asset_is_grouped_by_the_stage_folder_that_defines_it() -> None:
    repository = defs.get_repository_def()
    for key in repository.asset_graph.get_all_asset_keys():
        node = repository.asset_graph.get(key)
        assets_def = repository.assets_defs_by_key[key]
        module = assets_def.op.compute_fn.decorated_fn.__module__
        folder = module.split(".")[1]
        assert node.group_name == folder, (key.to_user_string(), module)
        assert module.endswith(".assets"), module


def test_the_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)
