#!/usr/bin/env bash
# Serve Localism locally: the web server, a Celery worker and the beat scheduler.
# Without REDIS_URL the worker and beat share one process on the filesystem broker;
# with REDIS_URL they run as two processes on Redis, as in production.
set -euo pipefail
# A local run: debug mode (a throwaway key, plain HTTP) unless the environment says otherwise.
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
pids=()
alive() { for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
# Stop in bounded time: TERM lets running tasks finish; after 10 s, QUIT starts the worker's soft
# shutdown (CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT, then the task goes back on the queue); whatever
# still runs 30 s later is killed.
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for signal in QUIT KILL; do
    for _ in $(seq 1 $([ "$signal" = QUIT ] && echo 10 || echo 30)); do alive || break; sleep 1; done
    alive || break
    for pid in "${pids[@]}"; do kill -"$signal" "$pid" 2>/dev/null || true; done
  done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

if [ -n "${REDIS_URL:-}" ]; then
  "$BIN/celery" -A localism worker --loglevel=INFO --concurrency=2 &
  pids+=($!)
  "$BIN/celery" -A localism beat --loglevel=INFO &
  pids+=($!)
else
  "$BIN/celery" -A localism worker --beat --loglevel=INFO --concurrency=1 &
  pids+=($!)
fi

cat <<MSG

  Localism is starting at http://$HOST:$PORT/
    sign in:   http://$HOST:$PORT/accounts/login/   (the demo accounts are listed above)
    admin:     http://$HOST:$PORT/admin/        (admin / localism-admin)
    API docs:  http://$HOST:$PORT/api/v1/docs/
    health:    http://$HOST:$PORT/healthz
  Press Ctrl+C to stop the site, the worker and beat.

MSG
"$BIN/python" manage.py runserver "$HOST:$PORT" &
pids+=($!)
wait -n "${pids[@]}"
