"""Settings come from their own variables only."""

from __future__ import annotations

from pathlib import Path

from icp_assets.settings import Settings


def test_home_and_database_url_ignore_variables_spelled_like_the_field_names(
    monkeypatch, tmp_path: Path
):
    # Building Settings by field name is allowed (populate_by_name); HOME and DATABASE_URL
    # are another program's variables and must not become ICP_HOME and ICP_DATABASE_URL.
    for name in ("ICP_HOME", "ICP_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@elsewhere/app")
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.home == tmp_path.resolve() / ".icp"
    assert settings.database_url is None


def test_each_setting_is_read_from_its_variable_and_by_name_in_code(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("ICP_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ICP_DATABASE_URL", "postgresql://owner@db/icp")
    monkeypatch.setenv("ENABLE_ICP_INTAKE", "false")
    settings = Settings()
    assert settings.home == tmp_path.resolve() / "state"
    assert settings.database_url == "postgresql://owner@db/icp"
    assert settings.enable_intake is False
    assert Settings(home=tmp_path / "given").home == tmp_path.resolve() / "given"


def test_token_lifetime_cap_defaults_to_a_day_and_is_read_from_its_variable(monkeypatch):
    monkeypatch.delenv("ICP_JWT_MAX_TTL_S", raising=False)
    assert Settings().jwt_max_ttl_s == 86_400
    monkeypatch.setenv("ICP_JWT_MAX_TTL_S", "3600")
    assert Settings().jwt_max_ttl_s == 3600
