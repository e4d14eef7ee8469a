"""The engine stays pure: importing it loads no Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_engine_imports_no_django():
    code = (
        "import sys, recovery.engine, recovery.engine.rules;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_every_rule_module_contributes_to_the_registry():
    from recovery.engine import rules

    modules = (
        rules.sleep,
        rules.nutrition,
        rules.load,
        rules.wellness,
        rules.physiology,
        rules.soreness,
        rules.strength,
        rules.fatigue,
    )
    assert [rule.code for module in modules for rule in module.RULES] == list(rules.REGISTRY)
