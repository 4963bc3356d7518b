"""Measuring a local Dask cluster from the client: worker processes, CPU, memory, machine load."""
from __future__ import annotations

import os
import threading
import time
from typing import Optional

import psutil


def worker_processes(client) -> dict[str, psutil.Process]:
    """Worker address → its process (local clusters only: the pids are on this machine)."""
    return {addr: psutil.Process(pid) for addr, pid in client.run(os.getpid).items()}


def cpu_seconds(procs) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def peak_rss_kernel(proc: psutil.Process) -> Optional[int]:
    """The kernel's high-water mark of resident memory (VmHWM, Linux), in bytes."""
    try:
        with open(f"/proc/{proc.pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class RssSampler:
    """Polls the RSS of worker processes in a thread and keeps each one's maximum."""

    def __init__(self, procs: dict[str, psutil.Process], interval: float = 0.2) -> None:
        self.procs = procs
        self.interval = interval
        self.peak = {addr: 0 for addr in procs}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        for addr, proc in self.procs.items():
            try:
                self.peak[addr] = max(self.peak[addr], proc.memory_info().rss)
            except psutil.NoSuchProcess:
                pass

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


class MachineLoad:
    """CPU the rest of the machine used while we ran: the honest context of a timing."""

    def __enter__(self) -> "MachineLoad":
        self.load_before = os.getloadavg()
        self._busy0 = _busy_seconds()
        self._wall0 = time.perf_counter()
        return self

    def stop(self, our_cpu_seconds: float) -> dict[str, float]:
        wall = time.perf_counter() - self._wall0
        busy = _busy_seconds() - self._busy0
        others = max(0.0, busy - our_cpu_seconds)
        return {"load_1min_before": round(self.load_before[0], 2),
                "load_1min_after": round(os.getloadavg()[0], 2),
                "cores": psutil.cpu_count(),
                "other_processes_cores": round(others / wall, 2) if wall else 0.0}

    def __exit__(self, *exc) -> None:
        pass


def _busy_seconds() -> float:
    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)
