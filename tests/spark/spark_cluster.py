"""A standalone Spark cluster on loopback, and a packed environment to submit to it.

The cluster is started with pyspark's own launchers (``bin/spark-class``): a
master (``org.apache.spark.deploy.master.Master``) and workers
(``org.apache.spark.deploy.worker.Worker``), each a process of its own, in a
session of its own, so that killing a worker kills its executor and the
executor's Python workers with it, as a lost machine would. The
environment is packed as the README says: a fresh virtual environment with
wikilint installed from the checkout (not editable), packed by venv-pack.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def java_available() -> bool:
    try:
        return subprocess.run(["java", "-version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def pack_environment(folder: Path) -> tuple[Path, Path]:
    """The README's recipe: a venv with wikilint and venv-pack, packed. Returns
    (the environment, its archive)."""
    env = folder / "wikilint-env"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
    subprocess.run([str(env / "bin" / "pip"), "install", "-q", str(ROOT), "venv-pack"],
                   check=True, timeout=600, cwd=folder)
    archive = folder / "wikilint-env.tar.gz"
    subprocess.run([str(env / "bin" / "venv-pack"), "-q", "-p", str(env), "-o", str(archive)],
                   check=True, timeout=600)
    return env, archive


@dataclass
class StandaloneCluster:
    """A master and ``workers`` workers of one core each, on 127.0.0.1."""

    root: Path
    workers: int = 2
    port: int = field(default_factory=free_port)
    ui_port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"spark://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYSPARK", "SPARK", "PYTHONPATH"))}
        env.update(SPARK_HOME=str(spark_home()), SPARK_LOCAL_IP="127.0.0.1",
                   SPARK_LOG_DIR=str(self.root / "logs"), SPARK_NO_DAEMONIZE="1")
        return env

    def _launch(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.root / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [str(spark_home() / "bin" / "spark-class"), *args], env=self.env(), cwd=self.root,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        self.processes.append(process)
        return process

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self._launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                     "--port", str(self.port), "--webui-port", str(self.ui_port))
        for n in range(self.workers):
            work = self.root / f"worker-{n}"
            work.mkdir(exist_ok=True)
            self._launch(f"worker-{n}", "org.apache.spark.deploy.worker.Worker", self.url,
                         "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                         "--webui-port", str(free_port()), "--work-dir", str(work))
        self.wait_for_workers(self.workers)

    def state(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=5) as answer:
            return json.load(answer)

    def alive_workers(self) -> int:
        try:
            return int(self.state().get("aliveworkers", 0))
        except OSError:
            return 0

    def wait_for_workers(self, count: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while self.alive_workers() < count:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a Spark process ended at start:\n{self.logs()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the workers did not register in time:\n{self.logs()}")
            time.sleep(0.5)

    def kill_worker(self, n: int) -> None:
        """Kill worker ``n``, its executor and their Python workers at once."""
        process = self.processes[1 + n]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}"
                         for path in sorted(self.root.glob("*.log")))

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
        shutil.rmtree(self.root / "worker-0", ignore_errors=True)
        shutil.rmtree(self.root / "worker-1", ignore_errors=True)


def submit_command(env: Path, archive: Path, cluster: StandaloneCluster, *args: str
                   ) -> tuple[list[str], dict[str, str]]:
    """``spark-submit`` as the README writes it: the packed environment as an archive,
    wikilint's entry point from the environment as the application."""
    app = subprocess.run(
        [str(env / "bin" / "python"), "-c",
         "import wikilint.bot.spark.__main__ as m; print(m.__file__)"],
        check=True, capture_output=True, text=True).stdout.strip()
    command = [str(spark_home() / "bin" / "spark-submit"), "--master", cluster.url,
               "--deploy-mode", "client", "--archives", f"{archive}#environment",
               "--total-executor-cores", str(cluster.workers), "--executor-cores", "1",
               "--executor-memory", "512m",
               "--conf", "spark.ui.enabled=false", "--conf", "spark.log.level=WARN",
               "--conf", f"spark.local.dir={cluster.root / 'driver-local'}",
               app, *args]
    environment = cluster.env()
    environment.update(PYSPARK_DRIVER_PYTHON=str(env / "bin" / "python"),
                       PYSPARK_PYTHON="./environment/bin/python")
    return command, environment
