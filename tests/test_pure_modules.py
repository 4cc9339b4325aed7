"""The calculators and rule checks are pure Python: importing them loads no Django (the guide:
plain data in, plain data out, reusable from the CLI, the API, PDFs and dashboards)."""

import subprocess
import sys

import pytest

PURE = [
    "stportal.timeline.served",
    "stportal.timeline.milestones",
    "stportal.timeline.findings",
    "stportal.timeline.inputs",
    "stportal.timeline.result",
    "stportal.timeline.chart",
    "stportal.rules.plan_content",
    "stportal.rules.drafting",
    "stportal.rules.rotation_checks",
    "stportal.rules.followup",
    "stportal.rules.study_time",
    "stportal.rules.supervision",
    "stportal.rules.followup_input",
    "stportal.rules.followup_records",
    "stportal.rules.curriculum",
    "stportal.rules.clinical_work",
    "stportal.routines.loader",
    "stportal.routines.vocabulary",
    "stportal.cli",
]


@pytest.mark.parametrize("module", PURE)
def test_the_module_imports_without_django(module):
    code = f"import sys, {module}; assert not any(m.startswith('django') for m in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
