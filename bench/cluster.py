"""The batch with the local pool and on a two-worker Dask cluster (scheduler and workers started
with the `dask` command on loopback), on the same generated inputs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t0


def cluster_bench(n: int = 300) -> dict:
    from bench.generate import generate

    dask = str(Path(sys.executable).with_name("dask"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        generate(n, src)
        cli = [sys.executable, str(ROOT / "cli.py"), "extract", str(src), "-q"]
        local = _run([*cli, "-o", str(Path(tmp) / "local"), "--workers", "2"])
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                  cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)]  # fmt: skip
        try:
            time.sleep(2)
            for _ in range(2):
                worker = [
                    dask,
                    "worker",
                    f"tcp://127.0.0.1:{port}",
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                ]
                procs.append(subprocess.Popen(worker,
                                              cwd=ROOT, env=env, start_new_session=True,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
            time.sleep(6)
            remote = _run([*cli, "-o", str(Path(tmp) / "cluster"), "--scheduler", f"tcp://127.0.0.1:{port}"])
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    return {
        "documents": n,
        "local_2_workers": {"seconds": round(local, 2), "docs_per_s": round(n / local, 1)},
        "dask_2_workers": {"seconds": round(remote, 2), "docs_per_s": round(n / remote, 1)},
    }


def render(result: dict) -> list[str]:
    lo, da = result["local_2_workers"], result["dask_2_workers"]
    return [
        f"| batch of {result['documents']} documents | seconds | docs/s |",
        "|---|---|---|",
        f"| local pool, 2 workers | {lo['seconds']} | {lo['docs_per_s']} |",
        f"| Dask cluster on loopback, 2 workers | {da['seconds']} | {da['docs_per_s']} |",
    ]
