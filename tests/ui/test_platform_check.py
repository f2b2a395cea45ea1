"""``make run`` names the libraries Qt's xcb plugin lacks (from ``ldd``), not Qt's
misleading "libxcb-cursor0 is needed" when that package is installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui import platform_check

# What ldd printed for PySide6 6.11's libqxcb.so on a slim Debian 12 (two lines trimmed).
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd6b1f0000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0c1c000000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f0c1bf00000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f0c1be00000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0c1b000000)
"""


def test_the_missing_libraries_are_read_from_ldd_and_named_with_their_packages() -> None:
    missing = platform_check.missing_libraries(Path("/x/libqxcb.so"), run=lambda args: LDD)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    text = platform_check.message(missing)
    assert "libxcb-icccm.so.4 (Debian package libxcb-icccm4)" in text
    assert "libxcb-keysyms.so.1 (Debian package libxcb-keysyms1)" in text
    assert text.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "libxcb-cursor" not in text  # present: not blamed, unlike Qt's own message


def test_make_run_stops_with_the_names_before_starting_the_app(monkeypatch, capsys) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(platform_check, "missing_libraries", lambda: ["libxcb-icccm.so.4"])
    assert platform_check.main() == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm4" in err and "apt-get install" in err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # another platform: nothing to check
    assert platform_check.main() == 0


SYSTEM = ("libQt6", "libc.", "libm.", "libstdc++", "libgcc_s", "libpthread", "libdl.")


def _makefile_packages() -> set[str]:
    """The packages of the Makefile's QT_XCB_PACKAGES, when DEB_PACKAGES installs them."""
    text = (Path(__file__).parents[2] / "Makefile").read_text()
    assert "DEB_PACKAGES := $(QT_XCB_PACKAGES)" in text
    block = text.split("QT_XCB_PACKAGES :=", 1)[1].split("\nDEB_PACKAGES", 1)[0]
    return set(block.replace("\\", " ").split())


@pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump is not installed")
def test_the_makefile_installs_the_package_of_every_library_the_real_plugin_links() -> None:
    plugin = platform_check.xcb_plugin()
    if plugin is None:
        pytest.skip("PySide6 has no xcb plugin here")
    dump = subprocess.run(["objdump", "-p", str(plugin)], capture_output=True, text=True).stdout
    needed = [line.split()[1] for line in dump.splitlines() if "NEEDED" in line]
    libraries = [n for n in needed if not n.startswith(SYSTEM)]
    assert "libxcb-icccm.so.4" in libraries  # the one Qt's message never named
    unmapped = [n for n in libraries if n not in platform_check.SONAME_PACKAGES]
    assert unmapped == []
    packages = {platform_check.SONAME_PACKAGES[n] for n in libraries}
    assert packages - _makefile_packages() == set()
