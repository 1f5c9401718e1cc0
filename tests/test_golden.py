"""Every sample document against its hand-checked golden JSON, field by field."""

from __future__ import annotations

import json

import pytest
from golden import diff, golden_path, sample_files

from budget_perf.pipeline import convert
from extract.office import INSTALL_HINT, soffice
from extract.registry import READERS, sniff_format

SAMPLES = sample_files()


def test_samples_exist() -> None:
    assert len([p for p in SAMPLES if p.suffix == ".docx"]) >= 5


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_matches_golden(sample, update_golden) -> None:
    if READERS[sniff_format(sample)].startswith("extract.office:") and soffice() is None:
        pytest.skip(f"reading {sample.suffix} needs LibreOffice, not installed here: {INSTALL_HINT}")
    doc = json.loads(convert(sample).model_dump_json())
    golden = golden_path(sample)
    if update_golden:
        golden.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"{golden.name} missing: check the output by hand, then run pytest --update-golden"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    problems = diff(expected, doc)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:40])
