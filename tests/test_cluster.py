"""The batch on a real Dask cluster on loopback: a scheduler and two worker processes started
with the `dask` command (no LocalCluster), a worker killed mid-run, a file that kills every
worker, the client killed and restarted; the results equal a local run's."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from golden import ROOT

pytest.importorskip("distributed")
DASK = str(Path(sys.executable).with_name("dask"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, tmp: Path) -> None:
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
            "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
        }
        self.tmp = tmp
        self.procs: dict[str, subprocess.Popen] = {}
        self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"])
        for name in ("w1", "w2"):
            self.add_worker(name)
        self.wait_for_workers(2)

    def _start(self, name: str, cmd: list[str]) -> None:
        log = (self.tmp / f"{name}.log").open("w")
        self.procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)

    def add_worker(self, name: str) -> None:
        cmd = [DASK, "worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--name", name]
        self._start(name, cmd)

    def wait_for_workers(self, n: int, timeout: float = 60) -> None:
        from distributed import Client

        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with Client(self.address, timeout="5s") as client:
                    if len(client.scheduler_info()["workers"]) >= n:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{n} workers did not join; see {self.tmp}")

    def kill(self, name: str) -> None:
        """kill -9 the worker and its nanny: the machine is gone."""
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    yield c
    c.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate

    src = tmp_path_factory.mktemp("inputs")
    generate(60, src)
    return src


def _cli(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "cli.py"), "extract", *args]


def _manifest(out: Path) -> list[dict]:
    lines = (
        (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if (out / "manifest.jsonl").exists() else []
    )
    entries = []
    for line in lines:
        with contextlib.suppress(json.JSONDecodeError):  # the line a killed client was writing
            entries.append(json.loads(line))
    return entries


def _outputs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.json")}


@pytest.fixture(scope="module")
def local_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    assert subprocess.run(_cli(str(inputs), "-o", str(out), "-q", "--format", "csv"), cwd=ROOT).returncode == 0
    return out


def test_client_killed_and_restarted_resumes(cluster: Cluster, inputs: Path, local_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = _cli(str(inputs), "-o", str(out), "-q", "--format", "csv", "--scheduler", cluster.address)
    client = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(_manifest(out)) < 10:
        time.sleep(0.05)
    os.killpg(client.pid, signal.SIGKILL)
    client.wait()
    done_before = len([e for e in _manifest(out) if e["status"] == "ok"])
    assert 0 < done_before < 60
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert len({e["sha256"] for e in _manifest(out) if e["status"] == "ok"}) == 60
    assert _outputs(out) == _outputs(local_run)
    assert (out / "indicators.csv").read_bytes() == (local_run / "indicators.csv").read_bytes()


def test_worker_killed_mid_run_loses_nothing(cluster: Cluster, inputs: Path, local_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = _cli(str(inputs), "-o", str(out), "-q", "--scheduler", cluster.address)
    client = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(_manifest(out)) < 5:
        time.sleep(0.05)
    cluster.kill("w1")
    _, err = client.communicate(timeout=300)
    assert client.returncode == 0, err
    entries = _manifest(out)
    assert len(entries) == 60 and all(e["status"] == "ok" for e in entries)
    assert _outputs(out) == _outputs(local_run)
    cluster.add_worker("w3")  # for the tests after this one
    cluster.wait_for_workers(2)


def test_a_file_that_kills_every_worker_is_recorded_as_failed(cluster: Cluster, tmp_path: Path) -> None:
    from cluster_helpers import kills_its_worker

    from budget_perf.batch.runner import run_batch

    src = tmp_path / "in"
    src.mkdir()
    sample = (ROOT / "samples" / "docx" / "000_hebei_project.docx").read_bytes()
    (src / "good.docx").write_bytes(sample)
    (src / "poison.docx").write_bytes(sample + b"\0")  # other bytes, so not a duplicate
    out = tmp_path / "out"
    summary = run_batch(
        [str(src)], out, workers=1, timeout=120, progress=False, convert=kills_its_worker, scheduler=cluster.address
    )
    status = {Path(e["path"]).name: e for e in _manifest(out)}
    assert status["good.docx"]["status"] == "ok"
    assert status["poison.docx"]["status"] == "failed" and "worker" in status["poison.docx"]["error"]
    assert summary.exit_code == 1
    cluster.wait_for_workers(2)  # the nannies brought their workers back


def test_per_file_timeout_on_the_cluster(cluster: Cluster, tmp_path: Path) -> None:
    from cluster_helpers import hangs_on_slow

    from budget_perf.batch.runner import run_batch

    src = tmp_path / "in"
    src.mkdir()
    sample = (ROOT / "samples" / "docx" / "000_hebei_project.docx").read_bytes()
    for i, name in enumerate(["a.docx", "slow.docx", "b.docx"]):
        (src / name).write_bytes(sample + b"\0" * i)
    out = tmp_path / "out"
    t0 = time.time()
    summary = run_batch([str(src)], out, workers=1, timeout=3, progress=False, convert=hangs_on_slow,
                        scheduler=cluster.address)  # fmt: skip
    status = {Path(e["path"]).name: e["status"] for e in _manifest(out)}
    assert status == {"a.docx": "ok", "slow.docx": "timeout", "b.docx": "ok"}
    assert summary.exit_code == 1 and time.time() - t0 < 60
