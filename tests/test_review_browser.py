"""The review app in a real browser: Debian's headless Chromium driven by Selenium through Debian's
chromium-driver (nothing downloaded: Selenium is pointed at /usr/bin/chromedriver and told to stay
offline). One reviewer goes from the queue to a flagged cell of a scanned submission, corrects it
(the parsed value shown before saving), approves the document, reloads and sees the correction; a
second reviewer's stale edit of the same cell is refused with the current value shown; the corrected
value is then in the CSV and, after `load`, in SQLite and PostgreSQL; a document whose cells hold
markup shows it as text. Screenshots are kept under out/test-artefacts/review/ (or
$TEST_ARTEFACTS/review/), one per step."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from review_helpers import HOSTILE_NAME, ROOT, batch, document, entries
from sqlalchemy import create_engine, select
from test_db import db  # noqa: F401 - the database fixture: an empty SQLite file, or PostgreSQL

from budget_perf.db.load import load
from budget_perf.db.schema import documents, indicators, review_history
from budget_perf.db.url import resolve

SCAN = ROOT / "samples" / "qa" / "ocr_low_confidence.pdf"  # scanned; its one target row is flagged
ARTEFACTS = Path(os.environ.get("TEST_ARTEFACTS") or ROOT / "out" / "test-artefacts") / "review"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1500,950")  # fmt: skip
CORRECTED = "≥2次"  # what the page prints (samples/build_samples.py smudges it); the scan was read "38"


def _driver(profile: Path):
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not look anything up
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(DRIVER))


@pytest.fixture(scope="module")
def browsers() -> Iterator[tuple]:
    if not (shutil.which("chromium") and Path(DRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("CI must provide chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("no headless Chromium: apt-get install chromium chromium-driver")
    pytest.importorskip("selenium", reason="pip install -e '.[dev]' brings Selenium")
    profiles = Path(tempfile.mkdtemp(prefix="review-browsers-"))
    first = _driver(profiles / "a")
    second = _driver(profiles / "b")
    try:
        yield first, second
    finally:
        first.quit()
        second.quit()
        shutil.rmtree(profiles, ignore_errors=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    from budget_perf.review.server import create

    out = batch(tmp_path_factory.mktemp("browser"), SCAN, hostile=True)
    server, _app, url = create(out, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield out, url.rstrip("/")
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Seen:
    """What the browsers showed, step by step (the tests below hold it to the story)."""

    out: Path
    steps: dict = field(default_factory=dict)


def _shot(driver, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTEFACTS / f"{name}.png"))


def _wait(driver, condition, seconds: float = 10):
    """Until `condition` holds; a page reloading under it (a save reloads the page) is waited out."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # a missing or stale element, or Chromium's inspector error while a page changes: not yet
    return WebDriverWait(driver, seconds, ignored_exceptions=(WebDriverException,)).until(condition)


def _reloading(driver, act) -> None:
    """Do `act`, which saves and reloads the page, and wait until the new page has loaded.

    The old page is marked with a script variable that the new one does not have. Waiting on an
    element of the old page to go stale asked Chromium about a node during the reload, which it
    sometimes answered with an "unhandled inspector error"; a driver error while the page is
    changing is therefore waited out too."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__beforeReload = true;")
    act()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !window.__beforeReload;")
    )


@pytest.fixture(scope="module")
def session(browsers: tuple, served: tuple[Path, str]) -> Seen:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    a, b = browsers
    out, url = served
    seen = Seen(out)
    css = By.CSS_SELECTOR

    a.get(url + "/")
    seen.steps["queue"] = [r.get_attribute("data-verdict") for r in a.find_elements(css, "tr.doc")]
    seen.steps["queue_names"] = [r.text for r in a.find_elements(css, "tr.doc td:nth-child(2)")]
    _shot(a, "1-queue")
    body = a.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    body.send_keys(Keys.ENTER)  # the first document: the scan, with its warnings
    _wait(a, lambda d: d.find_elements(css, "li.finding"))
    doc_url = a.current_url
    b.get(doc_url)  # the second reviewer opens the same document before the first saves
    seen.steps["b_version"] = b.find_element(css, '#r0-0 td.cell[data-field="value.raw"]').get_attribute("data-version")

    name = a.find_element(By.ID, "reviewer")
    name.clear()
    name.send_keys("审核员甲", Keys.TAB)
    a.find_element(By.TAG_NAME, "body").send_keys("n")  # the first flagged cell
    _wait(a, lambda d: d.find_elements(css, "rect.flag.selected"))
    _wait(a, lambda d: d.execute_script("const i = document.querySelector('.sheet:not([hidden]) img');"
                                        "return i && i.complete && i.naturalWidth > 0;"))  # fmt: skip
    seen.steps["flag"] = {
        "finding": a.find_element(css, "li.finding.selected").get_attribute("data-code"),
        "row": a.find_element(css, "tr.row.selected").get_attribute("id"),
        "image": a.execute_script("return document.querySelector('.sheet:not([hidden]) img').naturalWidth"),
    }
    _shot(a, "2-flagged-cell")
    a.find_element(By.TAG_NAME, "body").send_keys("e")
    editor = _wait(a, lambda d: d.find_element(By.ID, "ed-text"))
    seen.steps["editing"] = editor.get_attribute("value")
    editor.clear()
    editor.send_keys(CORRECTED)
    _wait(a, lambda d: "单位 次" in d.find_element(By.ID, "ed-preview").text)
    seen.steps["preview"] = a.find_element(By.ID, "ed-preview").text
    _shot(a, "3-correction-previewed")
    _reloading(a, lambda: editor.send_keys(Keys.ENTER))
    _wait(a, lambda d: d.find_elements(css, "td.cell.corrected"))
    _reloading(a, lambda: a.find_element(By.TAG_NAME, "body").send_keys("a"))  # approve
    _wait(a, lambda d: d.find_element(css, "#verdict .status").text == "已通过")
    a.refresh()
    seen.steps["reloaded"] = {
        "cell": a.find_element(css, '#r0-0 td.cell[data-field="value.raw"]').text,
        "parsed": a.find_element(css, "#r0-0 td.parsed").text,
        "corrected": bool(a.find_elements(css, '#r0-0 td.cell.corrected[data-field="value.raw"]')),
        "status": a.find_element(css, "#verdict .status").text,
        "history": a.find_element(css, "details.history summary").text,
    }
    _shot(a, "4-reloaded")

    other = b.find_element(By.ID, "reviewer")
    other.send_keys("审核员乙", Keys.TAB)
    cell = b.find_element(css, '#r0-0 td.cell[data-field="value.raw"]')
    cell.click()
    b.find_element(By.TAG_NAME, "body").send_keys("e")
    stale = _wait(b, lambda d: d.find_element(By.ID, "ed-text"))
    stale.clear()
    stale.send_keys("≥20次", Keys.ENTER)
    _wait(b, lambda d: d.find_element(By.ID, "ed-error").text)
    seen.steps["stale"] = {"error": b.find_element(By.ID, "ed-error").text, "cell": cell.text}
    _shot(b, "5-stale-edit-refused")

    a.get(url + "/")
    seen.steps["progress"] = a.find_element(By.ID, "reviewed").text
    hostile = next(r for r in a.find_elements(css, "tr.doc a") if "onerror" in r.text)
    hostile.click()
    _wait(a, lambda d: d.find_elements(css, "table.rows"))
    seen.steps["hostile"] = {
        "xss": a.execute_script("return window.__xss === undefined ? null : window.__xss"),
        "title": a.find_element(By.TAG_NAME, "h1").text,
        "level3": a.find_element(css, '#r0-0 td.cell[data-field="level3"]').text,
        "value": a.find_element(css, '#r0-0 td.cell[data-field="value.raw"]').text,
        "scripts": a.execute_script("return document.scripts.length"),
        "console": [e["message"] for e in a.get_log("browser") if "__xss" in e["message"] or "SEVERE" in e["level"]],
    }
    _shot(a, "6-markup-shown-as-text")
    return seen


def test_a_reviewer_goes_from_the_queue_to_a_corrected_approved_document(session: Seen) -> None:
    s = session.steps
    assert s["queue"] == ["findings", "pass"] or s["queue"] == ["findings", "findings"]
    assert s["queue_names"][0] == SCAN.name  # warnings first
    assert s["flag"]["finding"].startswith("ocr_") and s["flag"]["row"] == "r0-0" and s["flag"]["image"] > 500
    assert s["editing"] == "38"
    assert s["preview"] == "解析：运算符 >= · 数值 2 · 单位 次"
    assert s["reloaded"]["cell"] == CORRECTED and s["reloaded"]["corrected"]
    assert s["reloaded"]["parsed"] == ">= 2 次"
    assert s["reloaded"]["status"] == "已通过" and s["reloaded"]["history"] == "审核记录（2）"
    assert s["progress"] == "1"


def test_a_second_sessions_stale_edit_is_refused_with_the_current_value(session: Seen) -> None:
    s = session.steps
    assert s["b_version"] == "0"
    assert "审核员甲" in s["stale"]["error"] and CORRECTED in s["stale"]["error"] and "未保存" in s["stale"]["error"]
    assert s["stale"]["cell"] == CORRECTED  # the current value, shown in place of the stale one
    from budget_perf.corrections import Store

    with Store.at(session.out) as store:
        corrections = [e for e in store.history() if e.kind == "correction"]
    assert [(e.reviewer, e.old, e.new) for e in corrections] == [("审核员甲", "38", CORRECTED)]


def test_markup_in_cells_and_names_is_shown_as_text(session: Seen) -> None:
    h = session.steps["hostile"]
    assert h["xss"] is None and h["scripts"] == 1  # only the app's own script
    assert h["title"] == HOSTILE_NAME
    assert h["level3"] == "<script>window.__xss=1</script>"
    assert h["value"] == '"><img src=x onerror="window.__xss=2">'
    assert h["console"] == []


def test_the_correction_is_in_the_csv(session: Seen) -> None:
    from cli import main

    assert main(["review", str(session.out), "--export", "csv", "-q"]) == 0
    with (session.out / "indicators.csv").open(encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_path"].endswith(SCAN.name)]
    first = rows[0]
    assert (first["value_raw"], first["operator"], first["number"], first["unit"]) == (CORRECTED, ">=", "2.0", "次")
    assert (first["corrected"], first["reviewed_by"], first["review_status"]) == ("True", "审核员甲", "approved")
    assert all(r["corrected"] == "False" for r in rows[1:])


def test_the_correction_is_in_the_database_after_load(session: Seen, db: str) -> None:  # noqa: F811
    load(session.out, db)
    engine = create_engine(resolve(db))
    with engine.connect() as conn:
        row = conn.execute(
            select(indicators.c.value_raw, indicators.c.number, indicators.c.corrected, indicators.c.reviewed_by,
                   indicators.c.reviewed_at).where(indicators.c.corrected.is_(True))
        ).one()  # fmt: skip
        status = conn.execute(
            select(documents.c.review_status, documents.c.reviewed_by).where(documents.c.review_status.is_not(None))
        ).one()
        history = conn.execute(select(review_history.c.kind, review_history.c.old, review_history.c.new,
                                      review_history.c.extracted, review_history.c.reviewer)).all()  # fmt: skip
    engine.dispose()
    assert (row.value_raw, row.number, row.corrected, row.reviewed_by) == (CORRECTED, 2, True, "审核员甲")
    assert row.reviewed_at is not None
    assert tuple(status) == ("approved", "审核员甲")
    extracted = document(session.out, SCAN.name)["tables"][0]["indicators"][0]["value"]["raw"]
    assert ("correction", json.dumps(extracted), json.dumps(CORRECTED, ensure_ascii=False),
            json.dumps(extracted), "审核员甲") in [tuple(h) for h in history]  # fmt: skip
    assert entries(session.out)[SCAN.name]["sha256"]
