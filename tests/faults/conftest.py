"""Fixtures for the fault campaign: the command line in-process, small disks, read-only
folders. A tiny disk is a tmpfs (needs root and ``mount``); without it those tests skip."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ui.cli.conftest import Result, cli, demo_now, digest  # noqa: F401  (shared)


def _mount(folder: Path, size: str, read_only: bool = False) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill the disk holding ``folder`` until about ``leave`` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    (folder / f"filler-{uuid.uuid4().hex}").write_bytes(b"\0" * max(0, free - leave))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB disk (tmpfs) of its own; the test fills it as it needs."""
    folder = tmp_path / "disk"
    if not _mount(folder, "4m"):
        pytest.skip("mounting a small tmpfs needs root and mount")
    try:
        yield folder
    finally:
        _unmount(folder)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Callable[[dict[str, bytes]], Path]]:
    """A folder on a read-only disk holding the given files (name -> content)."""
    folder = tmp_path / "ro"
    mounted: list[Path] = []

    def make(files: dict[str, bytes]) -> Path:
        if not _mount(folder, "8m"):
            pytest.skip("mounting a read-only tmpfs needs root and mount")
        mounted.append(folder)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        done = subprocess.run(
            ["mount", "-o", "remount,ro", str(folder)], capture_output=True, check=False
        )
        if done.returncode != 0:
            pytest.skip("remounting the tmpfs read-only failed")
        return folder

    yield make
    for m in mounted:
        _unmount(m)
