"""`cli.py qa` on faulty samples (one per rule), on clean samples, and its review report."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run_main
from test_bad_input import ROOT, run_cli

from budget_perf.pipeline import convert
from budget_perf.qa.run import check, run_rules

FAULTY = sorted(p for p in (ROOT / "samples" / "qa").iterdir() if p.suffix in (".docx", ".pdf"))
CLEAN = sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
# True errors on the samples: seed 004 breaks off inside its eighth table; sample 007 is an
# extraction regression sample whose tables have no 效益 block (see samples/builders/hebei.py).
KNOWN_ERRORS = {
    "004_tianjin_projects": {("qa_missing_benefit", 7)},
    "007_hebei_two_projects": {("qa_missing_benefit", 0), ("qa_missing_benefit", 1)},
}


@pytest.mark.parametrize("path", FAULTY, ids=[p.stem for p in FAULTY])
def test_every_planted_fault_is_found(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())["must_find"]
    findings, extraction = check(convert(path))
    found = [i.code for i in findings]
    assert set(expected) <= {*found, *(i.code for i in extraction)}  # OCR doubt: the reader's note, shown beside
    if path.suffix == ".docx":
        assert sorted(set(found)) == sorted(expected)  # and no false alarm beside it


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_no_error_finding_on_clean_documents(path: Path) -> None:
    errors = {(i.code, i.table) for i in run_rules(convert(path)) if i.severity == "error"}
    assert errors == KNOWN_ERRORS.get(path.stem, set())


def test_exit_codes(tmp_path: Path) -> None:
    assert run_main("qa", str(ROOT / "samples" / "docx" / "000_hebei_project.docx"), "-q").returncode == 0
    faulty = run_main("qa", str(ROOT / "samples" / "qa" / "budget_sum.docx"), "-q")
    assert faulty.returncode == 1 and "qa_budget_sum_mismatch" in faulty.stdout
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing")
    bad = run_main("qa", str(broken), "-q")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert run_main("qa", str(ROOT / "samples" / "docx"), "--rules", "nonsense", "-q").returncode == 2


def test_rules_option_chooses_rules() -> None:
    path = str(ROOT / "samples" / "qa" / "budget_sum.docx")
    proc = run_main("qa", path, "--rules", "content,satisfaction", "--json", "-q")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["findings"] == []


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI must provide chromium (.ci/run installs it)")
        pytest.skip("no headless Chromium: apt-get install chromium")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000"]  # fmt: skip
    return subprocess.run([chromium, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


def test_review_report_is_drawn(tmp_path: Path) -> None:
    """The report in headless Chromium: screenshots kept in the test's directory (looked at by
    hand), assertions on the rendered DOM."""
    out = tmp_path / "report"
    pdf = ROOT / "samples" / "pdf" / "004_tianjin_projects.pdf"
    proc = run_cli("qa", str(pdf), str(ROOT / "samples" / "qa" / "budget_sum.docx"), "--html", str(out), "-q")
    assert proc.returncode == 1
    page_file = out / "0001-004_tianjin_projects.html"
    page = page_file.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 6 and "http" not in page and "<script" not in page

    dom = _chromium(tmp_path, "--dump-dom", page_file.as_uri()).stdout
    assert dom.count('class="sheet"') == 6  # every page, with its image and overlay
    assert re.search(r'<rect class="flag warning" data-code="qa_missing_number"', dom)  # the cell, outlined
    assert "缺少量化目标值" in dom and "qa_missing_number" in dom  # the rule's Chinese name beside its code
    assert re.search(r'<tr class="flagged" data-row="1">', dom)
    assert "<th>运算符</th>" in dom and "<th>置信度</th>" in dom  # parsed values per row
    for number in range(1, 7):  # each page lists the findings and rows of that page: multi-page tables too
        assert f'id="page-{number}"' in dom and f"第 {number} 页" in dom
    index = _chromium(tmp_path, "--dump-dom", (out / "index.html").as_uri()).stdout
    verdicts = re.findall(r'<tr class="verdict-[a-z_]+" data-verdict="([a-z_]+)"', index)
    assert verdicts == ["findings", "findings"]
    assert "预算总额与分项之和不符" in index and "qa_budget_sum_mismatch" in index

    shot = tmp_path / "page.png"
    _chromium(tmp_path, "--window-size=1500,1800", f"--screenshot={shot}", page_file.as_uri())
    _chromium(
        tmp_path, "--window-size=1200,800", f"--screenshot={tmp_path / 'index.png'}", (out / "index.html").as_uri()
    )
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert pixels.std() > 20  # not a blank page
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    orange = (r > 180) & (g > 100) & (g < 170) & (b < 60)
    assert orange.sum() > 50  # the warning's outline drawn on the page image


# ---- verdicts, placeholders, batch output ------------------------------------------------


def _json_lines(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def test_verdicts_and_exit_codes(tmp_path: Path) -> None:
    import docx

    empty = tmp_path / "no_table.docx"
    d = docx.Document()
    d.add_paragraph("本文件没有绩效指标表。")
    d.save(empty)
    clean = ROOT / "samples" / "docx" / "000_hebei_project.docx"
    proc = run_main("qa", str(empty), "--json", "-q")
    assert proc.returncode == 1 and _json_lines(proc)[0]["verdict"] == "not_checked"
    proc = run_main("qa", str(clean), "--json", "-q")
    (line,) = _json_lines(proc)
    assert line["verdict"] in ("pass", "findings") and proc.returncode == 0
    text = run_main("qa", str(empty))
    assert f"{empty}: verdict not_checked" in text.stdout
    assert "not_checked" in text.stderr.splitlines()[-1]


def test_real_template_is_not_noisy() -> None:
    proc = run_main("qa", str(ROOT / "samples" / "spreadsheets" / "songgang_02.xlsx"), "--json", "-q")
    (line,) = _json_lines(proc)
    codes = [f["code"] for f in line["findings"]]
    assert "qa_level2_mismatch" not in codes  # 其他满意度 belongs under 满意度
    assert codes.count("qa_not_applicable_rows") == 20  # once per table, not per '不适用' row
    assert codes.count("qa_value_repeats_name") <= 1
    # The one error is true: table 4 (政府购买服务（档案管理类+城中村整治经费）) has every 效益 row '不适用'.
    errors = [(f["code"], f["table"]) for f in line["findings"] if f["severity"] == "error"]
    assert errors == [("qa_missing_benefit", 3)]
    assert any(i["code"] == "budget_unit_suspect" for i in line["extraction_issues"])


def test_qa_of_a_batch_output_reads_no_input_again(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.docx").write_bytes((ROOT / "samples" / "docx" / "000_hebei_project.docx").read_bytes())
    out = tmp_path / "out"
    assert run_cli("extract", str(src), "-o", str(out), "-q").returncode == 0
    src.rename(tmp_path / "moved")  # the inputs are gone: qa must use the converted JSON
    proc = run_cli("qa", str(out), "--json", "-q", "--html", str(tmp_path / "html"))
    assert proc.returncode in (0, 1), proc.stderr
    (line,) = _json_lines(proc)
    assert line["path"].endswith("a.docx") and line["verdict"] in ("pass", "findings")
    assert (tmp_path / "html" / "0001-a.html").exists()


def test_index_lists_unreadable_documents_and_verdicts(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    good = ROOT / "samples" / "docx" / "000_hebei_project.docx"
    proc = run_cli("qa", str(good), str(bad), "--html", str(tmp_path / "html"), "-q")
    assert proc.returncode == 2
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "broken.pdf" in index and "无法读取" in index
    assert ("通过" in index) or ("有问题" in index)


def test_qa_reads_in_parallel_and_reports_in_input_order() -> None:
    proc = run_cli("qa", str(ROOT / "samples" / "docx"), "--workers", "2", "-q")
    verdict_lines = [line for line in proc.stdout.splitlines() if ": verdict " in line]
    names = [Path(line.split(": verdict ")[0]).name for line in verdict_lines]
    assert names == sorted(p.name for p in (ROOT / "samples" / "docx").glob("*.docx"))
    assert proc.stderr == ""  # -q, and no progress bar when stderr is not a terminal


# Every error finding on the five real Shenzhen workbooks, with the reason it is true: in each of
# these tables every 效益 row reads '不适用', so the table states no benefit target at all.
REAL_ERRORS = {
    "songgang_00.xlsx": [],
    "songgang_01.xlsx": [],
    "songgang_02.xlsx": [("qa_missing_benefit", 3)],  # 政府购买服务（档案管理类+城中村整治经费）
    "songgang_03.xlsx": [("qa_missing_benefit", 19)],  # 政府购买服务（专业技术服务类+财政管理事务经费）
    "songgang_04.xlsx": [("qa_missing_benefit", 13)],  # 政府购买服务（档案服务类）
}


@pytest.mark.parametrize("name", sorted(REAL_ERRORS))
def test_real_workbooks_have_only_true_error_findings(name: str) -> None:
    proc = run_main("qa", str(ROOT / "samples" / "spreadsheets" / name), "--json", "-q")
    (line,) = _json_lines(proc)
    assert [(f["code"], f["table"]) for f in line["findings"] if f["severity"] == "error"] == REAL_ERRORS[name]


def test_session_checks_in_input_order_tallies_and_writes_the_report(tmp_path: Path) -> None:
    from budget_perf.qa.session import Checked, Session, Unreadable, check_paths, write_report

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    good = ROOT / "samples" / "docx" / "000_hebei_project.docx"
    with pytest.raises(ValueError, match="nonsense"):  # before anything is read
        check_paths([str(good)], ["nonsense"])
    results = list(check_paths([str(good), str(bad)]))
    assert [type(r) for r in results] == [Checked, Unreadable]
    assert results[0].verdict in ("pass", "findings") and results[0].as_json()["path"] == str(good)
    assert results[0].text_lines()[-1] == f"{good}: verdict {results[0].verdict}"
    assert "broken.pdf" in results[1].reason
    session = Session(html_dir=tmp_path)
    for result in results:
        session.add(result)
    assert session.exit_code == 2 and session.summary().endswith("1 unreadable")
    assert write_report(session) == tmp_path / "index.html"
    assert (tmp_path / "0001-000_hebei_project.html").exists()


def test_the_configurations_ocr_threshold_is_the_one_a_scan_is_read_with() -> None:
    """`[ocr] min_confidence` reaches the reader (the one place OCR doubt is decided): a stricter
    threshold notes more rows of the same scan."""
    from budget_perf.qa import config as qa_config
    from budget_perf.qa.session import check_paths

    def low(threshold: float) -> int:
        cfg = qa_config.defaults()
        cfg["ocr"]["min_confidence"] = threshold
        (checked,) = check_paths([str(ROOT / "samples" / "qa" / "ocr_low_confidence.pdf")], config=cfg)
        return sum(i.code == "ocr_low_confidence" for i in checked.extraction)

    assert low(0.97) > low(0.80) >= 1
