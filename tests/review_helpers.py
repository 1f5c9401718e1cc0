"""Shared by the review tests: batches to review, hostile documents, and requests to the WSGI app
without a socket."""

from __future__ import annotations

import io
import json
from pathlib import Path

from budget_perf.batch import manifest
from budget_perf.batch.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
# Untrusted text that survives extraction: the text repair strips tags but unescapes entities, so a
# cell typed with entities (as some budget systems export) reaches the JSON as live markup.
SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=2">'
HOSTILE_NAME = 'x"><img src=y onerror=window.__xss=9>.docx'


def hostile_docx(path: Path) -> Path:
    """An indicator table whose cells hold markup (as entities in the DOCX, markup after extraction)."""
    import docx

    d = docx.Document()
    d.add_paragraph("2025年度项目支出绩效目标表")
    t = d.add_table(rows=1, cols=4)
    for c, h in zip(t.rows[0].cells, ["一级指标", "二级指标", "三级指标", "指标值"], strict=True):
        c.text = h
    rows = [
        ("产出指标", "数量指标", "&lt;script&gt;window.__xss=1&lt;/script&gt;",
         '"&gt;&lt;img src=x onerror="window.__xss=2"&gt;'),
        ("产出指标", "质量指标", "合格率", "≥95%"),
        ("效益指标", "社会效益指标", "群众知晓率", "≥90%"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
    ]  # fmt: skip
    for row in rows:
        for c, v in zip(t.add_row().cells, row, strict=True):
            c.text = v
    d.save(path)
    return path


def batch(tmp: Path, *inputs: Path, hostile: bool = False) -> Path:
    """OUTDIR of a batch over copies of `inputs` (and the hostile DOCX)."""
    src, out = tmp / "in", tmp / "out"
    src.mkdir(parents=True, exist_ok=True)
    for p in inputs:
        (src / p.name).write_bytes(p.read_bytes())
    if hostile:
        hostile_docx(src / HOSTILE_NAME)
    summary = run_batch([str(src)], out, workers=2, timeout=120, progress=False)
    assert summary.exit_code == 0, summary.failed
    return out


def entries(out: Path) -> dict[str, dict]:
    """input file name -> its manifest entry."""
    return {Path(e["path"]).name: e for e in manifest.done(out).values()}


def document(out: Path, name: str) -> dict:
    return json.loads((out / entries(out)[name]["output"]).read_text(encoding="utf-8"))


def request(
    app,
    method: str,
    path: str,
    *,
    query: str = "",
    body: dict | bytes | None = None,
    headers: dict[str, str] | None = None,
    host: str = "127.0.0.1:8765",
) -> tuple[int, dict[str, str], bytes]:
    """One request to the WSGI app: (status, headers, body)."""
    data = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": host,
               "wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data)),
               "CONTENT_TYPE": "application/json" if body is not None else ""}  # fmt: skip
    for key, value in (headers or {}).items():
        environ["HTTP_" + key.upper().replace("-", "_")] = value
    got: dict = {}

    def start(status: str, hdrs: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = int(status.split()[0]), dict(hdrs)

    out = b"".join(app(environ, start))
    return got["status"], got["headers"], out


def post(app, path: str, body: dict, **kw) -> tuple[int, dict]:
    headers = {"X-CSRF-Token": app.csrf, **kw.pop("headers", {})}
    status, _, out = request(app, "POST", path, body=body, headers=headers, **kw)
    return status, json.loads(out) if out else {}
