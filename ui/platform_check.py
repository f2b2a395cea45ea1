"""Before the desktop app starts on Linux: are the libraries of Qt's xcb (X11) platform
plugin all present? Qt's own message when one is missing names the plugin ("could not
load the Qt platform plugin xcb … libxcb-cursor0 is needed"), not the library that is
actually absent, so ``make run`` asks ``ldd`` instead and names the Debian packages.

Run as ``python -m ui.platform_check``: exit 0 when nothing is missing (or the check does
not apply: not Linux, no ``ldd``, another platform chosen), 1 with one line per missing
library and the ``apt-get install`` line that fixes it. Imports no Qt module.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

# Libraries libqxcb.so links to (Qt 6) and the Debian package of each (bookworm/trixie).
SONAME_PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def xcb_plugin() -> Path | None:
    """PySide6's libqxcb.so, found without importing Qt (None when absent)."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if path.exists():
            return path
    return None


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, once each, in its order."""
    found: list[str] = []
    for line in ldd_output.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if rest.strip() == "not found" and name not in found:
            found.append(name)
    return found


def missing_libraries(
    plugin: Path | None = None,
    run: Callable[[list[str]], str] | None = None,
) -> list[str]:
    """The plugin's libraries that the dynamic loader cannot find ([] when it cannot tell)."""
    plugin = plugin or xcb_plugin()
    if plugin is None or (run is None and shutil.which("ldd") is None):
        return []

    def ldd(args: list[str]) -> str:
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        return done.stdout

    return not_found((run or ldd)(["ldd", str(plugin)]))


def message(missing: list[str]) -> str:
    """What to tell the person: each missing library, its package, the command to run."""
    packages = sorted({SONAME_PACKAGES.get(name, "") for name in missing} - {""})
    lines = [
        "The desktop app cannot start: Qt's X11 platform plugin (xcb) needs "
        f"{len(missing)} librar{'y' if len(missing) == 1 else 'ies'} this computer lacks:"
    ]
    for name in missing:
        package = SONAME_PACKAGES.get(name)
        lines.append(f"  {name}" + (f" (Debian package {package})" if package else ""))
    if packages:
        lines.append(f"Install them with: sudo apt-get install {' '.join(packages)}")
    return "\n".join(lines)


def main() -> int:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb"):
        return 0
    missing = missing_libraries()
    if missing:
        print(message(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
