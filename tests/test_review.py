"""The review app's storage, concurrency, safety and the way corrections reach the data, without a
browser (tests/test_review_browser.py drives the app in headless Chromium)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from review_helpers import HOSTILE_NAME, IMG, ROOT, SCRIPT, batch, document, entries, post, request
from test_bad_input import run_cli

from budget_perf.corrections import NAME, Stale, Store
from budget_perf.corrections.apply import CELL_CHANGED, NOW_AS_CORRECTED, Reviews, review
from budget_perf.corrections.fields import FIELDS, FieldError, coerce
from budget_perf.review.web import App

NO_UNIT = ROOT / "samples" / "qa" / "quantitative_no_unit.docx"  # one finding: qa_missing_unit, table 0 row 0
HEBEI = ROOT / "samples" / "docx" / "000_hebei_project.docx"
SHA = "ab" * 32


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return batch(tmp_path_factory.mktemp("review"), NO_UNIT, HEBEI, hostile=True)


@pytest.fixture
def out(converted: Path, tmp_path: Path) -> Path:
    """A fresh copy of the batch (its review history empty)."""
    return Path(shutil.copytree(converted, tmp_path / "out"))


def _app(out: Path, **kw) -> App:
    return App(out, hosts={"127.0.0.1:8765", "localhost:8765"}, **kw)


def _correct(app: App, sha: str, table: int, row: int | None, field: str, text: str, version: int = 0, **kw):
    body = {"doc": sha, "table": table, "row": row, "field": field, "text": text, "version": version,
            "reviewer": kw.pop("reviewer", "王审核"), **kw}  # fmt: skip
    return post(app, "/api/correct", body)


# ---- storage --------------------------------------------------------------------------------


def _record(store: Store, version: int, new: str = "≥3次", reviewer: str = "甲", row: int = 0):
    return store.record(sha256=SHA, table=0, row=row, field="value.raw", kind="correction", new=new,
                        version=version, reviewer=reviewer, note="核对原件", extracted="38",
                        anchor={"level3": "培训次数"})  # fmt: skip


def test_history_is_append_only_and_traceable(tmp_path: Path) -> None:
    with Store.at(tmp_path) as store:
        first = _record(store, 0)
        second = _record(store, first.id, new="≥4次", reviewer="乙")
        assert (first.old, first.new, second.old, second.new) == ("38", "≥3次", "≥3次", "≥4次")
        assert second.supersedes == first.id and store.current(SHA, 0, 0, "value.raw") == second
        assert [e.reviewer for e in store.history(SHA)] == ["甲", "乙"]
        assert first.at.endswith("+00:00") and first.note == "核对原件" and len(first.uid) == 32
        for sql in ("UPDATE events SET new = '\"x\"'", "DELETE FROM events"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                store.db.execute(sql)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (tmp_path / NAME).exists()


def test_a_stale_version_is_refused_with_the_current_event(tmp_path: Path) -> None:
    with Store.at(tmp_path) as store:
        first = _record(store, 0)
        with pytest.raises(Stale) as stale:
            _record(store, 0, new="≥5次", reviewer="乙")  # made against the extraction, not against 甲's
        assert stale.value.current == first
        assert len(store.history()) == 1


def test_two_reviewers_at_once_lose_no_update(tmp_path: Path) -> None:
    """Eight writers, each in its own connection and thread, all against version 0: one wins."""
    Store.at(tmp_path).close()
    won, refused = [], []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        with Store.at(tmp_path) as store:
            barrier.wait()
            try:
                won.append(_record(store, 0, new=f"≥{n}次", reviewer=f"审核{n}"))
            except Stale as e:
                refused.append(e.current)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(refused) == 7
    assert all(c == won[0] for c in refused)
    with Store.at(tmp_path) as store:
        assert store.history() == won


def test_reviewer_names_and_notes_are_checked(tmp_path: Path) -> None:
    from budget_perf.corrections.store import ReviewError

    with Store.at(tmp_path) as store:
        for bad in ("", "  ", "a\nb", "x" * 81):
            with pytest.raises(ReviewError):
                _record(store, 0, reviewer=bad)
        assert store.history() == []


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [("budget.total", "1,205.50", 1205.5), ("budget.total", "１２０", 120.0), ("budget.total", "", None),
     ("year", "2025", 2025), ("budget.currency_unit", "万元", "万元"), ("level2", "", None), ("value.raw", "", "")],
)  # fmt: skip
def test_typed_text_becomes_the_fields_value(field: str, text: str, value: object) -> None:
    assert coerce(FIELDS[field], text) == value


@pytest.mark.parametrize(("field", "text"), [("budget.total", "一百万"), ("year", "25"), ("level3", " "),
                                             ("budget.currency_unit", "美元"), ("level1", "x" * 2001)])  # fmt: skip
def test_text_a_field_cannot_hold_is_refused(field: str, text: str) -> None:
    with pytest.raises(FieldError):
        coerce(FIELDS[field], text)


# ---- corrections laid over the extraction ------------------------------------------------------


def _events(out: Path) -> list:
    with Store.at(out) as store:
        return store.history()


def test_a_corrected_raw_is_parsed_again_and_marked(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[NO_UNIT.name]["sha256"]
    status, data = _correct(app, sha, 0, 0, "value.raw", "≥2次")
    assert status == 200, data
    reviewed = review(document(out, NO_UNIT.name), _events(out))
    ind = reviewed.doc["tables"][0]["indicators"][0]
    assert ind["value"]["raw"] == "≥2次" and (ind["value"]["operator"], ind["value"]["number"]) == (">=", 2.0)
    assert ind["value"]["unit"] == "次" and ind["__review"]["by"] == "王审核"
    assert reviewed.doc["tables"][0]["indicators"][1].get("__review") is None


def _shift_rows(out: Path, name: str, change_row: int | None = None) -> None:
    """What converting again with a newer version may do: a row found above the others (every row
    moves down one), and optionally a cell read differently."""
    path = out / entries(out)[name]["output"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    rows = doc["tables"][0]["indicators"]
    new = json.loads(json.dumps(rows[0]))
    new["level3"], new["value"] = "新读出的指标", {"raw": "1", "operator": "=", "number": 1.0}
    rows.insert(0, new)
    if change_row is not None:
        rows[change_row]["value"]["raw"] = "读法变了"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_converting_again_keeps_corrections_whose_cell_exists_and_lists_the_others(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[HEBEI.name]["sha256"]
    assert _correct(app, sha, 0, 1, "value.raw", "≥96%")[0] == 200
    assert _correct(app, sha, 0, 2, "level3", "培训人次（人）")[0] == 200
    assert _correct(app, sha, 0, 5, "value.raw", "≥95%")[0] == 200
    _shift_rows(out, HEBEI.name, change_row=6)  # every row one down, and row 5 (now 6) read differently
    reviewed = Reviews.of_batch(out).review(document(out, HEBEI.name))
    now = reviewed.doc["tables"][0]["indicators"]
    assert now[2]["value"]["raw"] == "≥96%" and now[2]["__review"]["corrected"]  # followed its row
    assert now[3]["level3"] == "培训人次（人）"
    assert [(x.event.row, x.reason, x.now) for x in reviewed.lost] == [(5, CELL_CHANGED, "读法变了")]

    inputs = Path(entries(out)[HEBEI.name]["path"]).parent
    proc = run_cli("extract", str(inputs), "-o", str(out), "--format", "csv")  # done already: nothing converted
    assert proc.returncode == 0, proc.stderr
    assert "review: 2 corrections apply, 1 no longer apply" in proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if "no longer applies" in x]
    assert "table 1 row 6 value.raw" in line and "the cell now reads '读法变了'" in line
    with (out / "indicators.csv").open(encoding="utf-8-sig") as fh:
        got = [r for r in csv.DictReader(fh) if r["sha256"] == sha]
    assert [(r["row_index"], r["value_raw"], r["level3"]) for r in got if r["corrected"] == "True"] == [
        ("2", "≥96%", now[2]["level3"]), ("3", now[3]["value"]["raw"], "培训人次（人）")]  # fmt: skip


def test_a_correction_the_new_reading_made_itself_is_listed_as_such(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[NO_UNIT.name]["sha256"]
    assert _correct(app, sha, 0, 0, "value.raw", "≥2次")[0] == 200
    path = out / entries(out)[NO_UNIT.name]["output"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["tables"][0]["indicators"][0]["value"]["raw"] = "≥2次"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (lost,) = Reviews.of_batch(out).review(document(out, NO_UNIT.name)).lost
    assert lost.reason == NOW_AS_CORRECTED


def test_a_cell_that_moved_is_corrected_again_in_the_same_chain(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[HEBEI.name]["sha256"]
    assert _correct(app, sha, 0, 1, "value.raw", "≥96%")[0] == 200
    _shift_rows(out, HEBEI.name)
    status, data = _correct(app, sha, 0, 2, "value.raw", "≥97%", version=0)  # the page showed the old correction
    assert status == 409 and data["current"]["value"] == "≥96%"
    status, data = _correct(app, sha, 0, 2, "value.raw", "≥97%", version=data["current"]["version"])
    assert status == 200
    status, data = _correct(app, sha, 0, 1, "value.raw", "≥5", version=0)  # the row now at 1 is another one
    assert status == 200, data
    reviewed = Reviews.of_batch(out).review(document(out, HEBEI.name))
    assert [i["value"]["raw"] for i in reviewed.doc["tables"][0]["indicators"][1:3]] == ["≥5", "≥97%"]
    assert reviewed.lost == []


# ---- the data: exports, qa, load -------------------------------------------------------------


def test_a_dismissed_finding_is_not_reported_again(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[NO_UNIT.name]["sha256"]
    before = run_cli("qa", str(out), "--json", "-q")
    lines = {Path(x["path"]).name: x for x in map(json.loads, before.stdout.splitlines())}
    assert [f["code"] for f in lines[NO_UNIT.name]["findings"]] == ["qa_missing_unit"]
    body = {"doc": sha, "table": 0, "row": 0, "code": "qa_missing_unit", "role": "value", "status": "dismissed",
            "version": 0, "reviewer": "王审核"}  # fmt: skip
    status, data = post(app, "/api/finding", body)
    assert status == 400 and "理由" in data["error"]  # a dismissal says why
    status, data = post(app, "/api/finding", {**body, "note": "次数本无单位"})
    assert status == 200, data
    after = run_cli("qa", str(out), "--json", "-q")
    lines = {Path(x["path"]).name: x for x in map(json.loads, after.stdout.splitlines())}
    assert lines[NO_UNIT.name]["findings"] == [] and lines[NO_UNIT.name]["verdict"] == "pass"
    db = out / "r.db"
    assert run_cli("load", str(out), "--db", str(db), "-q").returncode == 0
    with sqlite3.connect(db) as conn:
        codes = conn.execute("SELECT code FROM issues JOIN documents d ON d.id = document_id "
                             "WHERE source = 'qa' AND d.sha256 = ?", (sha,)).fetchall()  # fmt: skip
        history = conn.execute("SELECT kind, new, note, in_effect FROM review_history").fetchall()
    assert codes == []
    assert history == [("finding", '"dismissed"', "次数本无单位", 1)]


def test_corrections_reach_every_flat_format(out: Path) -> None:
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    app = _app(out)
    sha = entries(out)[NO_UNIT.name]["sha256"]
    assert _correct(app, sha, 0, 0, "value.raw", "≥2次")[0] == 200
    assert _correct(app, sha, 0, None, "budget.total", "12.5")[0] == 200
    assert post(app, "/api/verdict", {"doc": sha, "status": "approved", "version": 0, "reviewer": "王审核"})[0] == 200
    proc = run_cli("review", str(out), "--export", "jsonl", "--export", "xlsx", "--export", "parquet", "-q")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in (out / "indicators.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = [r for r in rows if r["sha256"] == sha]
    assert mine[0]["value_raw"] == "≥2次" and mine[0]["unit"] == "次" and mine[0]["corrected"] is True
    assert mine[0]["reviewed_by"] == "王审核" and mine[0]["reviewed_at"].endswith("+00:00")
    assert all(r["budget_total"] == 12.5 and r["table_corrected"] and r["review_status"] == "approved" for r in mine)
    assert not any(r["corrected"] for r in rows if r["sha256"] != sha)
    table = pq.read_table(out / "indicators.parquet").to_pylist()
    assert [r["value_raw"] for r in table if r["corrected"]] == ["≥2次"]
    assert str(pq.read_schema(out / "indicators.parquet").field("reviewed_at").type) == "timestamp[ms, tz=UTC]"
    sheet = load_workbook(out / "indicators.xlsx", read_only=True).active
    head, *values = list(sheet.values)
    assert "经人工更正" in head and "更正人" in head
    assert any("≥2次" in row and "王审核" in row for row in values)


def test_load_carries_the_corrected_value_and_who_made_it(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[NO_UNIT.name]["sha256"]
    extracted = document(out, NO_UNIT.name)["tables"][0]["indicators"][0]["value"]["raw"]
    assert _correct(app, sha, 0, 0, "value.raw", "≥2次", note="按原件")[0] == 200
    db = out / "r.db"
    proc = run_cli("load", str(out), "--db", str(db))
    assert proc.returncode == 0 and "1 reviewer corrections (0 no longer apply)" in proc.stderr
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value_raw, number, unit, corrected, reviewed_by FROM indicators "
                           "WHERE corrected").fetchall()  # fmt: skip
        (hist,) = conn.execute("SELECT old, new, extracted, reviewer, note, in_effect, indicator_id IS NOT NULL "
                               "FROM review_history").fetchall()  # fmt: skip
    assert row == [("≥2次", 2, "次", 1, "王审核")]
    assert hist == (json.dumps(extracted, ensure_ascii=False), '"≥2次"', json.dumps(extracted, ensure_ascii=False),
                    "王审核", "按原件", 1, 1)  # fmt: skip


# ---- the app's safety ------------------------------------------------------------------------


def test_text_from_documents_is_escaped(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[HOSTILE_NAME]["sha256"]
    status, headers, page = request(app, "GET", f"/doc/{sha}")
    html = page.decode()
    assert status == 200
    assert SCRIPT not in html and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert IMG not in html and "<img src=x" not in html and "<img src=y" not in html
    assert "&lt;img src=y onerror=window.__xss=9&gt;" in html  # the file name
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    assert _correct(app, sha, 0, 0, "level3", '<svg onload="window.__xss=3">', note="<b>x</b>")[0] == 200
    html = request(app, "GET", f"/doc/{sha}")[2].decode()
    assert "<svg onload" not in html and "&lt;svg onload=&#34;window.__xss=3&#34;&gt;" in html
    assert "<b>x</b>" not in html
    queue = request(app, "GET", "/")[2].decode()
    assert "<img src=y" not in queue and "&lt;img src=y" in queue


def test_posts_need_the_csrf_token_json_and_the_apps_origin(out: Path) -> None:
    app = _app(out)
    sha = entries(out)[NO_UNIT.name]["sha256"]
    body = {"doc": sha, "status": "approved", "version": 0, "reviewer": "王审核"}
    assert request(app, "POST", "/api/verdict", body=body)[0] == 403  # no token
    assert request(app, "POST", "/api/verdict", body=body, headers={"X-CSRF-Token": "guess"})[0] == 403
    evil = {"Origin": "http://evil.example"}
    assert post(app, "/api/verdict", body, headers=evil)[0] == 403
    form = request(app, "POST", "/api/verdict", body=b"status=approved",
                   headers={"X-CSRF-Token": app.csrf, "Content-Type": "text/plain"})  # fmt: skip
    assert form[0] in (400, 415)
    assert _events(out) == []
    assert post(app, "/api/verdict", body, headers={"Origin": "http://127.0.0.1:8765"})[0] == 200
    page = request(app, "GET", f"/doc/{sha}")[2].decode()
    assert f'<meta name="csrf" content="{app.csrf}">' in page


def test_another_host_name_is_refused(out: Path) -> None:
    app = _app(out)
    assert request(app, "GET", "/", host="rebind.example:8765")[0] == 403
    assert request(app, "GET", "/", host="localhost:8765")[0] == 200


def test_with_a_token_every_request_carries_it(out: Path) -> None:
    app = App(out, hosts=(), token="s3cret-token")
    assert request(app, "GET", "/")[0] == 401
    assert request(app, "GET", "/static/review.js")[0] == 401
    assert request(app, "GET", "/", query="token=wrong")[0] == 401
    status, headers, _ = request(app, "GET", "/", query="token=s3cret-token")
    assert status == 303 and headers["Location"] == "/"
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert request(app, "GET", "/", headers={"Cookie": cookie.split(";")[0]})[0] == 200
    assert request(app, "GET", "/", headers={"Authorization": "Bearer s3cret-token"})[0] == 200


def test_binding_beyond_loopback_needs_a_token(out: Path) -> None:
    proc = run_cli("review", str(out), "--host", "0.0.0.0")
    assert proc.returncode == 2 and "--token" in proc.stderr and "Traceback" not in proc.stderr


def test_nothing_outside_outdir_and_the_manifests_inputs_is_read(out: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(document(out, NO_UNIT.name)), encoding="utf-8")
    (out / "link.json").symlink_to(secret)
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    forged = []
    for n, output in enumerate(["../secret.json", str(secret), "link.json", ".hidden.json"]):
        forged.append({**lines[0], "path": f"/elsewhere/{n}.docx", "sha256": f"{n:064x}", "output": output})
    with (out / "manifest.jsonl").open("a", encoding="utf-8") as fh:
        fh.writelines(json.dumps(e) + "\n" for e in forged)
    app = _app(out)
    listed = set(app.batch.entries())
    assert not listed & {e["sha256"] for e in forged}
    for e in forged:
        assert request(app, "GET", f"/doc/{e['sha256']}")[0] == 404
    for path in ("/doc/../../etc/passwd", "/static/../web.py", "/static/%2e%2e/web.py", "/doc/" + "0" * 64,
                 "/doc/" + entries(out)[NO_UNIT.name]["sha256"] + "/page/1", "/etc/passwd"):  # fmt: skip
        assert request(app, "GET", path)[0] == 404, path


def test_page_images_come_only_from_the_converted_input(tmp_path: Path) -> None:
    scan = ROOT / "samples" / "pdf" / "000_hebei_project.pdf"
    out = batch(tmp_path, scan)
    sha = entries(out)[scan.name]["sha256"]
    app = _app(out)
    status, headers, png = request(app, "GET", f"/doc/{sha}/page/1")
    assert status == 200 and headers["Content-Type"] == "image/png" and png.startswith(b"\x89PNG")
    cached = out / ".review-pages" / sha / "1.png"
    assert cached.read_bytes() == png
    assert request(app, "GET", f"/doc/{sha}/page/99")[0] == 404
    (tmp_path / "in" / scan.name).write_bytes(NO_UNIT.read_bytes())  # the input replaced by other bytes
    fresh = _app(out)
    assert request(fresh, "GET", f"/doc/{sha}/page/2")[0] == 404  # not drawn from another document
    assert request(fresh, "GET", f"/doc/{sha}/page/1")[0] == 200  # seen before: from OUTDIR's cache


def test_the_queue_is_sorted_as_the_qa_index(out: Path) -> None:
    app = _app(out)
    html = request(app, "GET", "/")[2].decode()
    order = re.findall(r'data-verdict="([a-z_]+)"', html)
    ranks = {"not_checked": 0, "findings": 1, "pass": 2}
    assert order == sorted(order, key=ranks.__getitem__) and len(order) == 3
    assert '待审 <b id="left">3</b>' in html


def test_a_long_document_is_shown_a_page_at_a_time(tmp_path: Path) -> None:
    from budget_perf.review import views

    pdf = ROOT / "samples" / "pdf" / "004_tianjin_projects.pdf"
    out = batch(tmp_path, pdf)
    app = _app(out)
    sha = entries(out)[pdf.name]["sha256"]
    rows = [(t, r, i["page"]) for t, table in enumerate(document(out, pdf.name)["tables"])
            for r, i in enumerate(table["indicators"])]  # fmt: skip
    first = next(f.page for f in views.findings(app.batch.checked(sha)) if f.page)
    html = request(app, "GET", f"/doc/{sha}")[2].decode()
    assert f'data-page-no="{first}"' in html  # opens on the first finding's page
    for page in (2, 5):
        html = request(app, "GET", f"/doc/{sha}", query=f"page={page}")[2].decode()
        shown = {(int(t), int(r)) for t, r in re.findall(r'<tr class="row[^"]*" id="r(\d+)-(\d+)"', html)}
        assert shown == {(t, r) for t, r, p in rows if p == page}
        assert html.count('<img src="/doc/') == 1 and f"/doc/{sha}/page/{page}" in html
        assert f"/doc/{sha}/page/{page + 1}" in html  # the next page, fetched ahead by the script
    assert request(app, "GET", f"/doc/{sha}", query="page=99")[0] == 200  # out of range: the first finding's page


def test_a_long_document_without_pages_is_shown_a_table_at_a_time(tmp_path: Path, monkeypatch) -> None:
    from budget_perf.review import views

    docx = ROOT / "samples" / "docx" / "004_tianjin_projects.docx"
    out = batch(tmp_path, docx)
    app = _app(out)
    sha = entries(out)[docx.name]["sha256"]
    everything = request(app, "GET", f"/doc/{sha}")[2].decode()
    assert len(set(re.findall(r'id="r(\d+)-\d+"', everything))) == 8  # every table at once
    monkeypatch.setattr(views, "LARGE", 10)
    html = request(app, "GET", f"/doc/{sha}", query="table=3")[2].decode()
    assert set(re.findall(r'id="r(\d+)-\d+"', html)) == {"3"} and '<a href="?table=4"' in html


def test_a_damaged_output_is_listed_and_the_queue_still_opens(out: Path) -> None:
    (out / entries(out)[HEBEI.name]["output"]).write_text('{"source": ', encoding="utf-8")
    status, _, page = request(_app(out), "GET", "/")
    html = page.decode()
    assert status == 200 and html.count('<tr class="doc') == 2
    assert "000_hebei_project.docx" in html and "cannot be read" in html


def test_every_value_a_table_holds_is_shown_and_corrected_like_the_target(tmp_path: Path) -> None:
    form = ROOT / "samples" / "docx" / "001_shijiazhuang_self_evaluation.docx"  # 年度指标值 and 实际完成值
    out = batch(tmp_path, form)
    app = _app(out)
    sha = entries(out)[form.name]["sha256"]
    html = request(app, "GET", f"/doc/{sha}")[2].decode()
    assert "<th>实际完成值（原文）</th>" in html and 'data-field="actual.raw" data-label="实际完成值（原文）"' in html
    status, data = _correct(app, sha, 0, 0, "actual.raw", "≥95%")
    assert status == 200, data
    reviewed = Reviews.of_batch(out).review(document(out, form.name))
    actual = reviewed.doc["tables"][0]["indicators"][0]["actual"]
    assert {"raw": "≥95%", "operator": ">=", "number": 95.0, "unit": "%"}.items() <= actual.items()
