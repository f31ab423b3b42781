"""Redraw docs/img/event-page.png: the Vyshkoriv event page that `make demo` builds.

    make demo && .venv/bin/python docs/screenshot.py

Needs Debian's Chromium (/usr/bin/chromium) and the playwright package (requirements/test.txt).
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "demo" / "report" / "events"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    pages = sorted(PAGES.glob("vyshkoriv-*.html"))
    if not pages:
        print("docs/screenshot.py: run `make demo` first (no demo/report/events/vyshkoriv-*.html)")
        return 1
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1440}, device_scale_factor=1.5)
        page.goto(pages[0].as_uri())
        page.screenshot(path=str(ROOT / "docs" / "img" / "event-page.png"))
        browser.close()
    print("wrote docs/img/event-page.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
