"""Map the repository's top-level ``alembic/`` and ``resources/`` into the distribution.

The repository keeps them at the top (alembic.ini and the tools expect that); a built
wheel carries them as package data under ``planner/_data/``, where
``planner.core.paths.bundled`` finds them. Everything else about the
package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("alembic", "resources")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


class BuildPyWithData(build_py):
    """build_py that also copies the bundled folders into ``planner/_data``."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "planner" / "_data"
        for name in BUNDLED:
            dest = target / name
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(HERE / name, dest, ignore=SKIP)


setup(cmdclass={"build_py": BuildPyWithData})
