#!/usr/bin/env bash
# schemathesis against `reportlint serve`'s own /openapi.json, on loopback, time-boxed: every
# check (no 5xx, status codes, content types and bodies as documented, invalid requests refused,
# valid ones accepted, requests without the token refused). Run by .ci/run; exits non-zero on a
# failure.
#
#     bash bench/api_schema.sh [SECONDS] [SEED]   # the fuzzing budget (120 s by default); a seed
#                                                 # replays one run (CI's gate), none explores anew
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-120}
seed=${2:-}
work=$(mktemp -d)
token=$(.venv/bin/python -c "import secrets; print(secrets.token_hex(16))")
printf '测试组 = %s\n' "$token" > "$work/tokens"
chmod 600 "$work/tokens"
port=$(.venv/bin/python -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
HOME="$work" .venv/bin/python -m checker serve --port "$port" --workers 2 --timeout 10 --tokens "$work/tokens" \
    --access-log "$work/access.jsonl" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
status=0
.venv/bin/schemathesis --config-file bench/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" --wait-for-schema 60 --checks all \
    -H "Authorization: Bearer $token" --max-time "$budget" --request-timeout 60 --no-color \
    ${seed:+--seed "$seed"} || status=$?
grep -c '"status": 5' "$work/access.jsonl" | sed 's/^/5xx answers in the access log: /' || true
exit $status
