#!/usr/bin/env bash
# Serves the demo centre with the background worker beside it (`make demo`): queues the daily
# run of plan reminders and the senior taxi's daily optimisation (once each: a run already
# waiting is not queued again), starts `manage.py db_worker` in the background, then runs
# Django's server in the foreground. When the server stops (Ctrl+C), the worker is stopped too.
# Usage: scripts/serve-demo.sh [ADDRESS:PORT]   (PYTHON=.venv/bin/python by default)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
address="${1:-127.0.0.1:8000}"

"$python" manage.py plan_reminders
"$python" manage.py transport_optimise --queue
"$python" manage.py voucher_expire
"$python" manage.py db_worker --no-reload --interval 5 &
worker=$!
stop_worker() {
  # The worker finishes the task it is running, then exits (SIGTERM is a graceful stop).
  kill -TERM "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT
echo "Background worker started (process $worker): it sends the plan reminders (e-mails are" \
  "printed here unless EMAIL_URL is set) and re-optimises the senior taxi's coming days."
"$python" manage.py runserver --nostatic "$address"
