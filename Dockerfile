# Localism: one image for the web server, the Celery worker and beat.
# See docs/deployment.md. Build with `docker compose build` or `docker build -t localism:latest .`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user owns only what the service writes: var/ and the media folder.
RUN groupadd --system --gid 10001 localism \
    && useradd --system --uid 10001 --gid localism --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin localism

WORKDIR /app

# Runtime dependencies only (the test tools in requirements-dev.txt stay out of the image).
# All of them ship wheels for this platform, so no compiler is needed.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

ENV DJANGO_DEBUG=false \
    LOCALISM_VAR_DIR=/app/var \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media \
    WHITENOISE_USE_FINDERS=false \
    WEB_CONCURRENCY=3

# Collect and compress the static files into the image. The secret key is a placeholder for this
# step only; the broker folders it would create go to a scratch folder that is then removed.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret LOCALISM_VAR_DIR=/tmp/build-var \
        python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var \
    && mkdir -p /app/var /data/media \
    && chown localism:localism /app/var /data/media

USER localism

EXPOSE 8000

# The health page checks the database and the broker. The request names the first allowed host
# and says it came over HTTPS, so neither ALLOWED_HOSTS nor SECURE_SSL_REDIRECT turns it away.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=5)"]

# Workers come from WEB_CONCURRENCY (gunicorn reads it); logs go to stdout and stderr.
CMD ["gunicorn", "localism.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--keep-alive", "5", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
