"""Archives as they really are (issue 37, items 1, 2, 6, 7): odd folder entries, bundles, two
runs at once, a full or read-only OUTDIR, and a batch over all of it killed midway. Inputs are
made at test time; CLI runs are subprocesses under a 4 GB address-space cap, measured on their
own (archive_helpers: exit code, the one stderr line, peak RSS, time)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from archive_helpers import (
    DOCX,
    MAX_RSS_MB,
    MAX_SECONDS,
    PDF,
    check,
    forms_drawing_each_other,
    manifest,
    measured,
    with_boxes,
)
from golden import ROOT

from budget_perf.batch.pool import Task
from budget_perf.batch.runner import run_batch
from budget_perf.batch.worker import convert_one
from extract.options import ReadOptions
from schemas import Document

# ---- 1: every entry of a folder gets one line -------------------------------------------------


def _deep(root: Path, levels: int, name: str = "d") -> Path:
    """`levels` nested directories, made relative to each other (the path may exceed PATH_MAX)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with os.fdopen(os.open("deep.docx", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as fh:
            fh.write(DOCX.read_bytes())
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)
    return root / "/".join([name] * levels) / "deep.docx"


def _odd_folder(src: Path) -> dict[str, str]:
    """A folder of odd entries; name -> the status its line must have."""
    (src / "sub").mkdir(parents=True)
    (src / "good.docx").write_bytes(DOCX.read_bytes())
    (src / "sub" / "good.pdf").write_bytes(PDF.read_bytes())
    os.symlink("loop_b.pdf", src / "loop_a.pdf")
    os.symlink("loop_a.pdf", src / "loop_b.pdf")
    os.symlink("missing.pdf", src / "dangling.pdf")
    os.symlink("sub", src / "sub_link")  # the same directory again
    os.symlink("..", src / "sub" / "up")  # a cycle back up the tree
    os.symlink("good.docx", src / "link_to_good.docx")  # the same bytes under another path
    os.mkfifo(src / "pipe.pdf")  # a reader would block on it
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "socket.docx"))
    sock.close()
    expected = {
        "good.docx": "ok", "good.pdf": "ok", "loop_a.pdf": "failed", "loop_b.pdf": "failed",
        "dangling.pdf": "failed", "sub_link": "skipped", "up": "skipped", "link_to_good.docx": "duplicate",
        "pipe.pdf": "unsupported", "socket.docx": "unsupported",
    }  # fmt: skip
    if os.geteuid() == 0:
        os.mknod(src / "device.pdf", 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers
        expected["device.pdf"] = "unsupported"
    gbk = os.fsdecode("中文名".encode("gbk") + b".docx")  # not valid UTF-8
    (src / gbk).write_bytes((ROOT / "samples" / "docx" / "003_yunnan_department.docx").read_bytes())
    expected["\\xd6\\xd0\\xce\\xc4\\xc3\\xfb.docx"] = "ok"
    (src / "tree").mkdir()
    _deep(src / "tree", 40)
    expected["deep.docx"] = "duplicate"  # 40 levels down: found, the same bytes as good.docx
    _deep(src / "tree", 21, "d" * 200)  # 4,221 bytes of path: beyond PATH_MAX (few levels: rmtree recurses)
    return expected


def test_every_entry_of_an_odd_folder_gets_exactly_one_line(tmp_path: Path) -> None:
    """The issue: one symlink loop ended the whole batch ("internal error (RuntimeError: Symlink
    loop …)", nothing converted, no manifest)."""
    src, out = tmp_path / "in", tmp_path / "out"
    expected = _odd_folder(src)
    r = measured("extract", str(src), "-o", str(out), "-q", "--workers", "2")
    assert r.code == 1 and "Traceback" not in r.stderr and r.seconds < MAX_SECONDS
    entries = manifest(out)
    paths = [e["path"] for e in entries]
    assert len(paths) == len(set(paths))  # one line each
    by_name = {Path(e["path"]).name: e for e in entries}
    for name, status in expected.items():
        assert by_name[name]["status"] == status, (name, by_name[name])
    assert "symbolic link loop" in by_name["loop_a.pdf"]["error"]
    assert "broken symbolic link" in by_name["dangling.pdf"]["error"]
    assert "already searched" in by_name["up"]["error"]
    assert "fifo" in by_name["pipe.pdf"]["error"]
    (too_deep,) = [e for e in entries if "File name too long" in (e.get("error") or "")]
    assert too_deep["status"] == "failed"
    stderr = r.stderr.strip().splitlines()
    assert len(stderr) == len([e for e in entries if e["status"] == "failed"])
    assert all(Document.model_validate_json((out / e["output"]).read_text()) for e in entries if e.get("output"))
    loaded = json.loads((out / by_name["\\xd6\\xd0\\xce\\xc4\\xc3\\xfb.docx"]["output"]).read_text(encoding="utf-8"))
    assert loaded["source"]["path"].endswith("\\xd6\\xd0\\xce\\xc4\\xc3\\xfb.docx")


def _vanishes_or_changes(task: Task, outdir: Path, options: ReadOptions) -> dict:
    """As if the files changed under the batch between the walk and their conversion."""
    if task.path.name == "vanishes.docx":
        task.path.unlink()
    if task.path.name == "changes.docx":
        task.path.write_bytes(PDF.read_bytes()[:100] + b"edited")
    return convert_one(task, outdir, options)


def test_files_that_vanish_or_change_during_the_batch_cost_one_line_each(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, sample in (("good.docx", DOCX), ("vanishes.docx", PDF), ("changes.docx", ROOT / "samples" / "docx"
                                                                       / "002_shanghai_department.docx")):  # fmt: skip
        (src / name).write_bytes(sample.read_bytes())
    (src / "vanishes.docx").write_bytes((ROOT / "samples" / "docx" / "004_tianjin_projects.docx").read_bytes())
    summary = run_batch([str(src)], tmp_path / "out", workers=1, timeout=60, progress=False,
                        convert=_vanishes_or_changes)  # fmt: skip
    status = {Path(e["path"]).name: (e["status"], e.get("error", "")) for e in manifest(tmp_path / "out")}
    assert status["good.docx"][0] == "ok"
    assert status["vanishes.docx"][0] == "failed" and "no such file" in status["vanishes.docx"][1].lower()
    assert status["changes.docx"][0] == "failed"
    assert summary.converted == 1 and len(summary.failed) == 2


def test_an_unreadable_file_gets_a_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.docx").write_bytes(DOCX.read_bytes())
    (src / "locked.docx").write_bytes(DOCX.read_bytes())
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):  # as without read permission (root reads anyway)
        if str(path).endswith("locked.docx"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    run_batch([str(src)], tmp_path / "out", workers=1, timeout=60, progress=False)
    status = {Path(e["path"]).name: e for e in manifest(tmp_path / "out")}
    assert status["locked.docx"]["status"] == "failed" and "Permission denied" in status["locked.docx"]["error"]
    assert status["a.docx"]["status"] == "ok"


def test_a_named_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    r = measured("extract", str(fifo), timeout=60)
    check(r, {1}, "not a regular file")


# ---- 2: bundles ---------------------------------------------------------------------------


class _GbkName(zipfile.ZipInfo):
    """A member name as Chinese Windows writes it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _zip(path: Path, members: dict, gbk: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(_GbkName(name) if gbk else name, data)
    return path


def _encrypt_flag(path: Path, member: str) -> None:
    """Mark a member encrypted (flag bit 0) in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at != -1:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + flag_at] |= 1
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))


def _bundles(src: Path) -> None:
    docx = DOCX.read_bytes()
    pdf = PDF.read_bytes()
    other = (ROOT / "samples" / "docx" / "002_shanghai_department.docx").read_bytes()
    inner = _zip(src / "inner.tmp", {"内层/附件3.docx": other})
    level3 = _zip(src / "l3.tmp", {"deep.zip": _zip(src / "l4.tmp", {"x.docx": docx}).read_bytes()})
    level2 = _zip(src / "l2.tmp", {"level3.zip": level3.read_bytes()})
    with zipfile.ZipFile(src / "附件.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_GbkName("附件1.docx"), docx)  # as Chinese Windows writes names
        zf.writestr(_GbkName("资料/附件2.pdf"), pdf)
        zf.writestr("说明.txt", "not a document")  # UTF-8 with the flag, as Python writes names
        zf.writestr("__MACOSX/._附件1.docx", "resource fork")
        zf.writestr("坏的.pdf", b"%PDF-1.4 garbage")
        zf.writestr("nested.zip", inner.read_bytes())
        zf.writestr("level2.zip", level2.read_bytes())
        zf.writestr("bomb.docx", b"\0" * (3 << 20))  # 3 MB of zeros: ~3 kB compressed
        zf.writestr("locked.docx", docx)
    _encrypt_flag(src / "附件.zip", "locked.docx")
    for tmp in src.glob("*.tmp"):
        tmp.unlink()
    damaged = _zip(src / "damaged.zip", {"good.pdf": pdf, "broken.docx": other})
    data = bytearray(damaged.read_bytes())
    at = data.find(b"broken.docx") + 400
    data[at : at + 64] = b"\xff" * 64
    damaged.write_bytes(bytes(data))
    import py7zr

    with py7zr.SevenZipFile(src / "附件.7z", "w") as z:
        z.writestr(other, "七/附件1.docx")
    (src / "archive.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\0" * 64)
    named = (ROOT / "samples" / "docx" / "001_shijiazhuang_self_evaluation.docx").read_bytes()
    (src / "document_named.zip").write_bytes(named)  # a DOCX named .zip: content decides


def test_bundle_members_get_lines_of_their_own(tmp_path: Path) -> None:
    """The issue: 附件.zip was recorded `unsupported` and the batch exited 0."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _bundles(src)
    r = measured("extract", str(src), "-o", str(out), "-q", "--workers", "2")
    assert r.code == 1 and "Traceback" not in r.stderr and r.rss_mb < MAX_RSS_MB and r.seconds < MAX_SECONDS
    entries = manifest(out)
    by_path = {e["path"].removeprefix(str(src) + "/"): e for e in entries}
    assert len(by_path) == len(entries)
    statuses = {p: e["status"] for p, e in by_path.items()}
    assert statuses["附件.zip"] == "unpacked"
    assert statuses["附件.zip!/附件1.docx"] == "ok"  # GBK name without the UTF-8 flag, decoded right
    assert statuses["附件.zip!/资料/附件2.pdf"] in ("ok", "duplicate")  # the same bytes as damaged.zip!/good.pdf
    assert statuses["附件.zip!/说明.txt"] == "unsupported"
    assert statuses["附件.zip!/__MACOSX"] == "skipped"
    assert statuses["附件.zip!/坏的.pdf"] == "failed"  # the member's failure, not the bundle's
    assert statuses["附件.zip!/nested.zip"] == "unpacked"
    assert statuses["附件.zip!/nested.zip!/内层/附件3.docx"] == "ok"
    assert statuses["附件.zip!/level2.zip!/level3.zip"] == "unpacked"
    deep = by_path["附件.zip!/level2.zip!/level3.zip!/deep.zip"]
    assert deep["status"] == "failed" and "nested deeper than 3" in deep["error"]
    assert statuses["附件.zip!/bomb.docx"] == "failed" and "ZIP bomb" in by_path["附件.zip!/bomb.docx"]["error"]
    assert "encrypted" in by_path["附件.zip!/locked.docx"]["error"]
    assert statuses["damaged.zip!/good.pdf"] in ("ok", "duplicate")
    assert statuses["damaged.zip!/broken.docx"] == "failed"
    assert statuses["附件.7z"] == "unpacked" and statuses["附件.7z!/七/附件1.docx"] in ("ok", "duplicate")
    assert statuses["archive.rar"] == "unsupported" and "unrar" in by_path["archive.rar"]["error"]
    assert statuses["document_named.zip"] == "ok"
    member = by_path["附件.zip!/附件1.docx"]
    doc = json.loads((out / member["output"]).read_text(encoding="utf-8"))
    assert doc["source"]["path"] == member["path"] and doc["source"]["sha256"] == member["sha256"]
    assert member["output"].startswith("附件1-")
    assert not list((out / ".work").glob("**/*")) if (out / ".work").exists() else True
    # Run again: every member already done is skipped, none converted twice.
    again = measured("extract", str(src), "-o", str(out), "--workers", "2")
    assert again.code == 1 and "0 converted" in again.stderr.strip().splitlines()[-1]
    ok = [e["path"] for e in manifest(out) if e["status"] == "ok"]
    assert len(ok) == len(set(ok))


def test_bundle_limits(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _zip(src / "many.zip", {f"{i}.docx": b"x" for i in range(5)})
    r = measured("extract", str(src), "-o", str(out), "--max-members", "3", "-q")
    check(r, {1}, "--max-members")
    (line,) = manifest(out)
    assert line["status"] == "failed" and line["path"].endswith("many.zip")


# ---- 6: two runs at once, a full or read-only OUTDIR -------------------------------------------


def _generated(tmp_path: Path, n: int) -> Path:
    from bench.generate import generate

    src = tmp_path / "gen"
    generate(n, src)
    return src


def test_a_second_batch_on_the_same_outdir_refuses(tmp_path: Path) -> None:
    """The issue: two batches on one OUTDIR both converted everything and recorded every path twice."""
    from budget_perf.batch.outdir import locked

    src, out = _generated(tmp_path, 6), tmp_path / "out"
    with locked(out):  # a batch running on OUTDIR (this process holds the lock)
        r = measured("extract", str(src), "-o", str(out), "-q")
    check(r, {3}, "in use by another batch")
    assert f"pid {os.getpid()}" in r.stderr and not (out / "manifest.jsonl").exists()
    # Two real batches started together: one converts, the other refuses (or, started after the
    # first ended, finds everything done); never a path twice.
    cmd = [sys.executable, str(ROOT / "cli.py"), "extract", str(src), "-o", str(out), "--workers", "1", "-q"]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = sorted(p.wait(timeout=300) for p in procs)
    assert codes in ([0, 0], [0, 3]), [p.stderr.read() for p in procs]
    paths = [e["path"] for e in manifest(out)]
    assert len(paths) == len(set(paths)) == 6


@pytest.fixture
def outdir_mount(tmp_path: Path):
    """A tmpfs of 200 kB at OUTDIR, or a skip naming why (mounting needs CAP_SYS_ADMIN)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True,
                           text=True)  # fmt: skip
    if tried.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({tried.stderr.strip()}); test_full_outdir_simulated covers it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_outdir_stops_in_one_line_and_leaves_nothing_partial(tmp_path: Path, outdir_mount: Path) -> None:
    src = _generated(tmp_path, 16)  # 16 x ~20 kB of JSON and the manifest: more than 200 kB
    out = outdir_mount / "out"
    r = measured("extract", str(src), "-o", str(out), "-q", "--workers", "2")
    check(r, {1}, "No space left on device")
    assert "run the same command again" in r.stderr
    lines = (out / "manifest.jsonl").read_bytes()
    assert not lines or lines.endswith(b"\n")
    done = [json.loads(line) for line in lines.splitlines()]
    assert done and all(e["status"] == "ok" for e in done)
    for f in out.glob("*.json"):
        Document.model_validate_json(f.read_text(encoding="utf-8"))  # every output whole
    assert not list(out.glob(".*.tmp"))
    subprocess.run(["mount", "-o", "remount,size=8m", str(outdir_mount)], check=True)
    again = measured("extract", str(src), "-o", str(out), "-q", "--workers", "2")
    check(again, {0})
    ok = [e["path"] for e in manifest(out) if e["status"] == "ok"]
    assert len(ok) == len(set(ok)) == 16


def test_a_read_only_outdir_is_one_line(tmp_path: Path, outdir_mount: Path) -> None:
    src = _generated(tmp_path, 3)
    (outdir_mount / "out").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(outdir_mount)], check=True)
    r = measured("extract", str(src), "-o", str(outdir_mount / "out"), "-q")
    check(r, {1}, "Read-only file system")
    assert not list((outdir_mount / "out").iterdir())


def test_full_outdir_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as on a real full tmpfs, where one cannot be mounted: the third output's write
    fails with ENOSPC."""
    import errno

    from budget_perf.batch import worker
    from budget_perf.batch.outdir import OutdirUnwritable

    src = _generated(tmp_path, 6)
    out = tmp_path / "out"
    real = worker.write_atomically
    written = []

    def filling(target: Path, data: str) -> None:
        if len(written) >= 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        written.append(target)
        real(target, data)

    monkeypatch.setattr(worker, "write_atomically", filling)
    with pytest.raises(OutdirUnwritable, match="No space left on device"):
        run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    assert [e["status"] for e in manifest(out)] == ["ok", "ok"]
    monkeypatch.setattr(worker, "write_atomically", real)
    summary = run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    assert (summary.converted, summary.skipped) == (4, 2)


def test_a_partial_manifest_line_is_cut_off_before_the_next_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.docx").write_bytes(DOCX.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.jsonl").write_text('{"path": "half a line", "sta', encoding="utf-8")  # a killed write
    run_batch([str(src)], out, workers=1, timeout=60, progress=False)
    assert [e["status"] for e in manifest(out)] == ["ok"]


# ---- 7: a batch over all of it, killed midway ----------------------------------------------------


def test_a_mixed_batch_killed_midway_loses_no_good_document(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    good = [*sorted((ROOT / "samples" / "docx").glob("*.docx")), *sorted((ROOT / "samples" / "pdf").glob("*.pdf")),
            *sorted(p for p in (ROOT / "samples" / "spreadsheets").glob("*.xls*") if p.suffix != ".json")]  # fmt: skip
    src.mkdir()
    hostile = src / "hostile"
    _odd_folder(hostile)
    (hostile / "forms.pdf").write_bytes(forms_drawing_each_other())
    with_boxes(PDF, hostile / "flipped.pdf", MediaBox=[595.3, 841.9, 0, 0])
    bundles = src / "bundles"
    bundles.mkdir()
    _zip(bundles / "附件.zip", {f"附件{i}{g.suffix}": g.read_bytes() for i, g in enumerate(good[:4])}, gbk=True)
    for g in good[4:]:
        (src / g.name).write_bytes(g.read_bytes())
    expected = {str(src / g.name) for g in good[4:]} | {f"{bundles / '附件.zip'}!/附件{i}{g.suffix}"
                                                         for i, g in enumerate(good[:4])}  # fmt: skip
    assert len(expected) == len(good) >= 20
    cmd = [sys.executable, str(ROOT / "cli.py"), "extract", str(src), "-o", str(out), "--workers", "2", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(_oks(out)) < 6:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, mid-flight
    proc.wait()
    before = _oks(out)
    assert 0 < len(before & expected) < len(expected)
    rerun = measured(*cmd[2:])
    assert rerun.code == 1 and "Traceback" not in rerun.stderr  # the hostile entries fail, one line each
    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    converted = [e["path"] for e in entries if e["status"] == "ok"]
    assert len(converted) == len(set(converted))  # every document converted once
    held = {e["path"] for e in entries if e["status"] in ("ok", "duplicate")}
    assert expected <= held  # nothing lost
    for e in entries:
        if e.get("output"):
            Document.model_validate_json((out / e["output"]).read_text(encoding="utf-8"))
    assert not list(out.glob(".*.tmp")) and not (out / ".work").exists()


def _oks(out: Path) -> set[str]:
    path = out / "manifest.jsonl"
    found = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                entry = json.loads(line)
                if entry.get("status") == "ok":
                    found.add(entry["path"])
    return found
