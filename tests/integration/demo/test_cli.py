"""The `icp` command line, run as a user runs it: a separate process on a real database
(and, for the many small refusals, in this process)."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import text
from typer.testing import CliRunner

ICP = str(Path(sys.executable).with_name("icp"))


def icp(*args: str, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([ICP, *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli(test_settings, monkeypatch) -> Iterator[Callable[..., Result]]:
    """``icp`` in this process, on the run's warehouse: for the many small refusals,
    where a process of its own would only add its start-up time."""
    from icp_assets.cli import app
    from icp_assets.settings import get_settings

    monkeypatch.setenv("ICP_JWT_SECRET", "cli-test-secret-0123456789abcdef-0123456789")
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


@pytest.fixture
def intake_file(tmp_path: Path, sample_intake: dict) -> Path:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(sample_intake))
    return path


def test_submit_run_and_status_take_a_tenant_to_suggestions_ready(cli_env, intake_file):
    assert icp("db", "upgrade", env=cli_env).returncode == 0

    submitted = icp(
        "intake",
        "submit",
        str(intake_file),
        "--tenant",
        "21",
        "--user",
        "ops@x",
        "--json",
        env=cli_env,
    )
    assert submitted.returncode == 0, submitted.stderr
    receipt = json.loads(submitted.stdout)
    assert receipt["status"] == "queued" and isinstance(receipt["response_id"], int)
    assert receipt["queued_job_id"] == f"intake-{receipt['response_id']}"
    assert receipt["warnings"] == []

    before = json.loads(icp("status", "--tenant", "21", "--json", env=cli_env).stdout)
    assert before["state"] == "intake_saved"

    run = icp("run", "--tenant", "21", "--fixture-sites", env=cli_env)
    assert run.returncode == 0, run.stderr
    assert "fixture websites on http://127.0.0.1:" in run.stdout

    after = json.loads(icp("status", "--tenant", "21", "--json", env=cli_env).stdout)
    assert after["state"] == "suggestions_ready"
    assert after["assets_done"] == [
        "seeds",
        "company_map",
        "acra_matches",
        "crawled_pages",
        "site_register_matches",
        "icp_evidence",
        "icp_patterns",
        "suggestions",
    ]
    assert after["intake_id"] == receipt["response_id"]


def test_an_invalid_intake_file_is_refused_with_its_fields(cli_env, tmp_path, sample_intake):
    sample_intake["best_customers"][0]["website"] = "localhost"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(sample_intake))

    result = icp("intake", "submit", str(path), "--tenant", "22", "--user", "ops", env=cli_env)
    assert result.returncode == 2
    assert "best_customers[0].website" in result.stderr

    as_json = icp(
        "intake", "submit", str(path), "--tenant", "22", "--user", "ops", "--json", env=cli_env
    )
    assert json.loads(as_json.stdout)["errors"][0]["field"] == "best_customers[0].website"
    assert (
        json.loads(icp("status", "--tenant", "22", "--json", env=cli_env).stdout)["state"]
        == "no_intake"
    )


def test_a_file_that_is_not_json_is_refused_with_its_position(cli_env, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"website": ')
    result = icp("intake", "submit", str(path), "--tenant", "22", "--user", "ops", env=cli_env)
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr and "line 1" in result.stderr


def test_run_refuses_an_unknown_asset_name(cli_env):
    result = icp("run", "--tenant", "23", "--select", "seeds,nonsense", env=cli_env)
    assert result.returncode == 2
    assert "unknown asset nonsense" in result.stderr


def test_registry_load_reports_bad_rows_and_size_counts_live_companies(cli_env, tmp_path):
    from support.registers import SAMPLE_REGISTER, write_register

    path = write_register(
        tmp_path / "acra.csv", [*SAMPLE_REGISTER, ("x", "", "", "", "", "", "", "")]
    )
    loaded = icp("registry", "load", str(path), "--json", env=cli_env)
    assert loaded.returncode == 0, loaded.stderr
    report = json.loads(loaded.stdout)
    assert (report["inserted"], report["rejected"]) == (9, 1)
    assert report["bad_rows"][0]["line"] == 11

    synthetic = tmp_path / "synthetic.csv"
    made = icp(
        "registry", "synth", "--rows", "500", "--out", str(synthetic), "--seed", "3", env=cli_env
    )
    assert made.returncode == 0 and len(synthetic.read_text().splitlines()) == 501

    missing = icp("registry", "load", str(tmp_path / "nope.csv"), env=cli_env)
    assert missing.returncode == 1 and "nope.csv" in missing.stderr

    size = json.loads(icp("registry", "size", "--ssic", "52", "--json", env=cli_env).stdout)
    assert size["live_companies"] == 2
    bad = icp("registry", "size", "--ssic", "5x", env=cli_env)
    assert bad.returncode == 2 and "'5x'" in bad.stderr


def test_a_failing_run_exits_non_zero_and_names_the_step(cli_env):
    # Tenant 25 has no intake, so its seeds step fails.
    result = icp("run", "--tenant", "25", "--select", "seeds", env=cli_env)
    assert result.returncode == 1
    assert "step seeds failed" in result.stderr
    assert (
        json.loads(icp("status", "--tenant", "25", "--json", env=cli_env).stdout)["state"]
        == "no_intake"
    )


# -- refusals: exit 2 with one line, never a traceback ----------------------------------

AN_INTAKE_FILE = "<intake file>"
EMPTY_USER = "--user is empty: give who does this, such as ops@example.sg"


@pytest.mark.parametrize("user", ["", "   "], ids=["empty", "blank"])
@pytest.mark.parametrize(
    "command",
    [
        ("intake", "submit", AN_INTAKE_FILE, "--tenant", "24"),
        ("token", "--tenant", "24", "--role", "ops"),
        ("accept", "--tenant", "24", "--suggestion", "logistics-521"),
        ("exclude", "--tenant", "24", "--ssic", "46"),
        ("enrich", "--tenant", "24", "--uen", "201912345K"),
    ],
    ids=lambda command: command[0],
)
def test_an_empty_or_blank_user_exits_2_with_one_line(cli, intake_file, command, user):
    args = [str(intake_file) if arg == AN_INTAKE_FILE else arg for arg in command]
    result = cli(*args, "--user", user)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [EMPTY_USER]


def test_an_empty_user_exits_the_real_process_with_one_line_and_no_traceback(cli_env, intake_file):
    result = icp("intake", "submit", str(intake_file), "--tenant", "24", "--user", "", env=cli_env)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", EMPTY_USER + "\n")


def _with_bom(mark: bytes, codec: str) -> Callable[[str], bytes]:
    return lambda document: mark + document.encode(codec)


@pytest.mark.parametrize(
    "encode",
    [
        _with_bom(codecs.BOM_UTF8, "utf-8"),
        _with_bom(codecs.BOM_UTF16_LE, "utf-16-le"),
        _with_bom(codecs.BOM_UTF16_BE, "utf-16-be"),
        _with_bom(codecs.BOM_UTF32_LE, "utf-32-le"),
        _with_bom(codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
    ids=["utf-8-sig", "utf-16le", "utf-16be", "utf-32le", "utf-32be"],
)
def test_an_intake_file_with_a_byte_order_mark_is_read_in_its_encoding(
    cli, warehouse, tmp_path, sample_intake, encode
):
    sample_intake["best_customers"][0]["name"] = "Zürich Präzision AG"
    path = tmp_path / "intake.json"
    path.write_bytes(encode(json.dumps(sample_intake, ensure_ascii=False)))
    result = cli("intake", "submit", str(path), "--tenant", "25", "--user", "ops")
    assert result.exit_code == 0, result.output
    with warehouse.tenant_transaction(25) as conn:
        names = conn.execute(
            text("SELECT name FROM customer_seeds WHERE kind = 'best' ORDER BY position")
        ).scalars()
        assert next(iter(names)) == "Zürich Präzision AG"


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (
            '{"website": "café.sg"}'.encode("latin-1"),
            "not UTF-8 (invalid continuation byte at byte 16), perhaps Latin-1 or "
            "Windows-1252; save it as UTF-8",
        ),
        (
            '{"website": "café.sg"}'.encode("cp1252"),
            "not UTF-8 (invalid continuation byte at byte 16), perhaps Latin-1 or "
            "Windows-1252; save it as UTF-8",
        ),
        (
            '{"website": "café.sg"}'.encode("utf-16-le"),
            "not UTF-8: it has zero bytes, as UTF-16 or UTF-32 without a byte order mark "
            "has; save it as UTF-8",
        ),
        (
            codecs.BOM_UTF16_LE + '{"website": "café.sg"}'.encode("utf-16-le")[:-1],
            "starts with a UTF-16LE byte order mark but is not UTF-16LE: truncated data at byte 44",
        ),
    ],
    ids=["latin-1", "windows-1252", "utf-16-without-bom", "utf-16-truncated"],
)
def test_an_intake_file_in_another_encoding_exits_2_naming_it(cli, tmp_path, content, line):
    path = tmp_path / "intake.json"
    path.write_bytes(content)
    result = cli("intake", "submit", str(path), "--tenant", "25", "--user", "ops")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"{path}: {line}"]


def test_a_latin_1_file_exits_the_real_process_with_one_line(cli_env, tmp_path):
    path = tmp_path / "intake.json"
    path.write_bytes('{"website": "café.sg"}'.encode("latin-1"))
    result = icp("intake", "submit", str(path), "--tenant", "25", "--user", "ops", env=cli_env)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{path}: not UTF-8 (invalid continuation byte at byte 16), perhaps Latin-1 or "
        "Windows-1252; save it as UTF-8"
    ]


def test_an_intake_file_with_a_nul_or_a_ten_megabyte_answer_is_refused_by_field(
    cli_env, tmp_path, sample_intake
):
    sample_intake["best_customers"][0]["name"] = "Harbour\u0000line"
    sample_intake["advanced"] = {"C": {"who": "x" * 10_000_000}}
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(sample_intake))
    result = icp("intake", "submit", str(path), "--tenant", "26", "--user", "ops", env=cli_env)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr[-2000:]
    [line] = result.stderr.splitlines()
    assert "best_customers[0].name: Best customer 1's name is not valid: contains a NUL" in line
    assert (
        "advanced.C.who: The answer to 'who' in advanced section C is not valid: the answer "
        "is 10,000,000 characters: at most 2,000" in line
    )
    status = json.loads(icp("status", "--tenant", "26", "--json", env=cli_env).stdout)
    assert status["state"] == "no_intake"
