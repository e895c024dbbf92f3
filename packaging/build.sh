#!/usr/bin/env bash
# Build the single-file `reportlint` program (packaging/reportlint.spec) and check it as a user
# without Python would run it: from a clean folder outside the repository, with nothing but
# /usr/bin:/bin on PATH and no virtual environment. It checks examples/flawed.docx (exit 1, the
# same JSON as the installed command), serves the page and the API (`serve`, and with no
# arguments at all, as a double-click starts it), stops on SIGTERM with exit 0, and prints its
# size and start-up time.
#
#     bash packaging/build.sh [PYTHON]      # PYTHON: an interpreter with reportlint and PyInstaller
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m PyInstaller packaging/reportlint.spec --noconfirm --log-level WARN \
    --distpath "$work/dist" --workpath "$work/build" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
clean="$work/clean"
mkdir -p "$clean/home"
cp "$work/dist/reportlint" examples/flawed.docx "$clean/"
run() { (cd "$clean" && env -i PATH=/usr/bin:/bin HOME="$clean/home" TMPDIR="$work" "$@"); }
"$python" -m checker examples/flawed.docx --format json --no-cache >"$work/expected.json" || true

set +e
run ./reportlint flawed.docx --format json --no-cache >"$work/frozen.json"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "expected exit 1 on flawed.docx, got $status"; exit 1; }
"$python" - "$work/expected.json" "$work/frozen.json" <<'PY'
import json, sys
expected, frozen = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
expected["files"][0]["path"] = frozen["files"][0]["path"]
assert frozen == expected, "the single-file program's findings differ from the installed command's"
print(f"flawed.docx: exit 1, {len(frozen['files'][0]['diagnostics'])} findings, as the installed command")
PY

serve_and_check() {  # $1: the port; the rest: how the program is started
  local port=$1; shift
  (cd "$clean" && exec env -i PATH=/usr/bin:/bin HOME="$clean/home" TMPDIR="$work" "$@" >"$work/serve.log" 2>&1) &
  local pid=$!
  "$python" - "$port" <<'PY'
import json, sys, time, urllib.request, uuid
base = f"http://127.0.0.1:{sys.argv[1]}/"
for _ in range(300):
    try:
        health = json.loads(urllib.request.urlopen(base + "healthz", timeout=1).read())
        if health["status"] == "ok":
            break
    except OSError:
        pass
    time.sleep(0.1)
else:
    raise SystemExit("the single-file program did not serve")
page = urllib.request.urlopen(base, timeout=5).read().decode()
assert "拖到这里" in page, page[:200]
boundary = uuid.uuid4().hex
data = open("examples/flawed.docx", "rb").read()
body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="flawed.docx"\r\n\r\n').encode() \
    + data + f"\r\n--{boundary}--\r\n".encode()
request = urllib.request.Request(base + "api/check", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
answer = json.loads(urllib.request.urlopen(request, timeout=60).read())
print(f"served: the page, /healthz ({health['workers']} workers), /api/check ({len(answer['files'][0]['diagnostics'])} findings)")
PY
  # The program is a bootloader and its child: SIGTERM to the bootloader reaches the server.
  kill -TERM "$pid"
  set +e
  wait "$pid"
  local code=$?
  set -e
  [ "$code" -eq 0 ] || { cat "$work/serve.log"; echo "serve exited $code after SIGTERM"; exit 1; }
}
serve_and_check 18761 ./reportlint serve --port 18761 --workers 2
echo "serve: stopped by SIGTERM, exit 0"
# Workers started as programs (`reportlint __worker__`), as on Windows and macOS where there is no fork.
serve_and_check 18762 env REPORTLINT_SPAWN_WORKERS=1 ./reportlint serve --port 18762 --workers 2
echo "serve with spawned workers (the Windows and macOS way): stopped by SIGTERM, exit 0"
if ! (echo > /dev/tcp/127.0.0.1/8765) 2>/dev/null; then
  serve_and_check 8765 ./reportlint     # a double-click: no arguments at all
  grep -q "reportlint serve: http://127.0.0.1:8765/" "$work/serve.log"
  echo "no arguments (a double-click): serve --open on port 8765"
fi

size=$(stat -c %s "$work/dist/reportlint")
echo "size: $((size / 1024 / 1024)) MB ($size bytes)"
"$python" - "$clean" "$work" <<'PY'
import os, statistics, subprocess, sys, time
clean, work = sys.argv[1:]
env = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(clean, "home"), "TMPDIR": work}
for args, what in ((["--version"], "--version"), (["flawed.docx", "--no-cache", "-q"], "one check of flawed.docx")):
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(["./reportlint", *args], cwd=clean, env=env, capture_output=True)
        times.append(time.perf_counter() - started)
    print(f"start-up, {what}: {statistics.median(times):.2f} s (median of 5; it unpacks itself each time)")
PY
