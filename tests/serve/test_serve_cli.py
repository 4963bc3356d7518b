"""`eventwire serve`: options, errors, and a real server process on a loopback port."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner
from serve_data import free_port, synthetic_extraction

from eventwire.cli import main


def test_help_has_an_example_and_safe_defaults():
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0
    assert "Example: eventwire serve --db eventwire.db" in r.output
    assert "127.0.0.1" in r.output and "--writable" in r.output


def test_missing_database_is_one_line_and_exit_4(tmp_path):
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nothing.db")])
    assert r.exit_code == 4
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: [E401]")


def test_serve_answers_on_loopback_and_only_to_local_host_names(tmp_path):
    from eventwire.store import Store
    db = str(tmp_path / "small.db")
    with Store(db) as store:
        for i in range(3):
            store.add_extraction(synthetic_extraction(i, 2))
        store.fuse()
    port = free_port()
    exe = Path(sys.executable).with_name("eventwire")
    proc = subprocess.Popen([str(exe), "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError("server did not come up: " + (proc.stderr.read() if proc.poll() is not None else ""))
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["events"] == 6
        assert httpx.get(base + "/api/stats", headers={"Host": "rebind.example"}).status_code == 400
        assert httpx.post(base + "/api/articles", json={"text": "x"}).status_code == 403
        page = httpx.get(base + "/")
        assert page.status_code == 200 and "content-security-policy" in page.headers
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert "read-only" in err and f"http://127.0.0.1:{port}/" in err
