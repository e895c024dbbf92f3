"""Check a built single-file program as a user runs it, on any system (the release workflow runs
it on Windows, macOS and Linux): from a clean folder, with no Python on PATH, it checks
examples/flawed.docx (exit 1, findings in the JSON), serves the page and the API, and stops.

    python packaging/smoke.py dist/reportlint[.exe]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    built = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="reportlint-smoke-") as folder:
        clean = Path(folder)
        program = clean / built.name
        shutil.copy2(built, program)
        shutil.copy2(ROOT / "examples" / "flawed.docx", clean / "flawed.docx")
        # Nothing of Python's: only the system's own folders on PATH.
        keep = ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "TMPDIR", "HOME", "USERPROFILE", "LANG", "LOCALAPPDATA", "APPDATA")
        env = {k: v for k, v in os.environ.items() if k.upper() in keep}
        env["PATH"] = os.pathsep.join(p for p in ("/usr/bin", "/bin", os.environ.get("SYSTEMROOT", "") + "\\System32") if p)
        started = time.perf_counter()
        version = subprocess.run([str(program), "--version"], cwd=clean, env=env, capture_output=True, text=True, timeout=120)
        print(f"{version.stdout.strip()}: started in {time.perf_counter() - started:.2f} s, "
              f"{program.stat().st_size / 2**20:.0f} MB")  # fmt: skip
        checked = subprocess.run([str(program), "flawed.docx", "--format", "json", "--no-cache"], cwd=clean, env=env,
                                 capture_output=True, timeout=300)  # fmt: skip
        assert checked.returncode == 1, (checked.returncode, checked.stderr.decode("utf-8", "replace"))
        findings = json.loads(checked.stdout.decode("utf-8"))["files"][0]["diagnostics"]
        assert len(findings) > 5, findings
        print(f"flawed.docx: exit 1, {len(findings)} findings")
        server = subprocess.Popen([str(program), "serve", "--port", "18761", "--workers", "2"], cwd=clean, env=env)
        try:
            base = "http://127.0.0.1:18761/"
            for _ in range(600):
                try:
                    health = json.loads(urllib.request.urlopen(base + "healthz", timeout=1).read())
                    if health["status"] == "ok":
                        break
                except OSError:
                    pass
                assert server.poll() is None, "serve exited"
                time.sleep(0.2)
            else:
                raise SystemExit("serve did not become ready")
            assert "reportlint" in urllib.request.urlopen(base, timeout=10).read().decode("utf-8")
            boundary = uuid.uuid4().hex
            body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="flawed.docx"\r\n\r\n').encode() \
                + (clean / "flawed.docx").read_bytes() + f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
            request = urllib.request.Request(base + "api/check", body,
                                             {"Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
            answer = json.loads(urllib.request.urlopen(request, timeout=120).read())
            assert len(answer["files"][0]["diagnostics"]) == len(findings)
            print(f"serve: the page, /healthz ({health['workers']} workers ready), /api/check answered")
        finally:
            server.terminate()
            server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
