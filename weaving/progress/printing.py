"""The report as PDF or PNG, printed by the headless Debian Chromium (Playwright,
JavaScript off, every request except ``data:`` aborted)."""
from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("WEAVING_CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
               "--disable-sync", "--no-first-run"]



def browser_available() -> bool:
    """True when the Debian chromium and Playwright are installed (PDF/PNG possible)."""
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _print(html: str, fmt: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        try:
            # A4 at 96 dpi; no JavaScript; nothing but data: URLs may load
            ctx = browser.new_context(viewport={"width": 794, "height": 1123}, java_script_enabled=False,
                                      device_scale_factor=2 if fmt == "png" else 1, offline=True)
            page = ctx.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("data:", "about:"))
                       else route.abort())
            page.set_content(html, wait_until="load")
            if fmt == "pdf":
                page.emulate_media(media="print")
                height = page.locator(".sheet").bounding_box()["height"] if page.locator(".sheet").count() else 1123
                scale = max(0.5, min(1.0, 1122 / max(height, 1)))
                fits = height * scale <= 1123
                return page.pdf(format="A4", print_background=True, scale=scale, page_ranges="1" if fits else "",
                                margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
            page.emulate_media(media="print")
            sheet = page.locator(".sheet")
            if sheet.count():
                return sheet.screenshot(type="png")
            return page.screenshot(type="png", full_page=True)
        finally:
            browser.close()


def render_report_bytes(html: str, fmt: str) -> bytes:
    """PDF (A4, one page) or PNG of the report HTML via headless Chromium.  Runs in a
    worker thread, so it also works where an asyncio loop is running."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in ("pdf", "png"):
        from weaving.core.errors import ValidationError
        raise ValidationError("error.bad_value", field="format", value=fmt[:20])
    if not browser_available():
        from weaving.core.errors import WeavingError
        raise WeavingError("prog.error.no_browser")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, fmt).result(timeout=120)


def render_report_file(html: str, path: str | Path) -> Path:
    """Write the report to ``path``: .html as is, .pdf / .png printed by Chromium."""
    path = Path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".html", ".htm"):
        path.write_text(html, encoding="utf-8")
    else:
        path.write_bytes(render_report_bytes(html, suffix))
    return path
