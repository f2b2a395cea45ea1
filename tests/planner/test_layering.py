"""The domain never imports Qt: the GUI and the CLI sit on top of it."""

import subprocess
import sys


def test_importing_planner_loads_no_qt() -> None:
    code = (
        "import sys, planner, planner.core.models, planner.core.db, ui.cli, planner.demo\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(planner.__path__, 'planner.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith('PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
