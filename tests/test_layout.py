"""The package shows the pipeline: planning stays pure and light."""

from __future__ import annotations

import subprocess
import sys


def test_planning_loads_neither_numpy_nor_typer():
    code = (
        "import sys\n"
        "import coach.plan.scheduler, coach.plan.joiner, coach.routine.builtin\n"
        "print(sorted(m for m in ('numpy', 'typer', 'soxr', 'av') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
