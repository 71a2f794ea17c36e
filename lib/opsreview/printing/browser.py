"""Finding a Chromium-family browser on this machine for the PDF (never downloading one).

OPSREVIEW_BROWSER names one explicitly; otherwise the usual command names on PATH, then the
usual install paths of Chromium, Google Chrome and Microsoft Edge on Linux, macOS and Windows.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV = "OPSREVIEW_BROWSER"
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "microsoft-edge", "microsoft-edge-stable", "msedge")
INSTALL_PATHS = (
    "/usr/bin/chromium", "/usr/lib/chromium/chromium", "/snap/bin/chromium",
    "/opt/google/chrome/chrome", "/opt/microsoft/msedge/msedge",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
)
HOW_TO_INSTALL = (
    "no Chromium, Google Chrome or Microsoft Edge was found to print the PDF. Install one "
    "(Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk; macOS or Windows: Google "
    f"Chrome or Microsoft Edge), or set {ENV}=/path/to/the/browser"
)


class BrowserNotFound(RuntimeError):
    """No usable browser: the message says how to install one."""


def _runnable(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def find_browser() -> str:
    """The browser executable to use; BrowserNotFound when there is none."""
    given = os.environ.get(ENV, "").strip()
    if given:
        found = given if _runnable(given) else shutil.which(given)
        if not found:
            raise BrowserNotFound(f"{ENV}={given} is not an executable browser; "
                                  + HOW_TO_INSTALL.split(". ", 1)[1])
        return found
    for name in COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    for path in INSTALL_PATHS:
        if _runnable(path):
            return path
    raise BrowserNotFound(HOW_TO_INSTALL)


def launch_args() -> list[str]:
    """Chromium refuses to start as root with its sandbox on (containers, CI, servers)."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return ["--disable-gpu", *(["--no-sandbox"] if root else [])]
