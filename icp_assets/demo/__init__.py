"""Demo support, apart from the pipeline: the bundled fixture websites, the synthetic
register, the sample intake and register entities of the demo tenant, and the demo's
steps and report (``icp demo``)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"
#: The demo's intake, also the API's schema example.
DEMO_INTAKE = SAMPLES / "demo_intake.json"
#: The register entities of the demo's customers, loaded beside the synthetic register.
DEMO_REGISTER = SAMPLES / "demo_register.csv"
DEMO_REGISTER_ROWS = 50_000
DEMO_TENANT = 1
DEMO_USER = "demo@icp-finder.local"
