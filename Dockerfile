# schedsolve API image: the CP-SAT scheduling service (`schedsolve serve`).
#   docker build -t schedsolve .
#   docker run --rm -p 8000:8000 -v schedsolve-data:/data schedsolve
# The default database is the SQLite file /data/schedsolve.db (a volume, owned by
# the service's user 10001); set SCHEDSOLVE_DATABASE_URL=postgresql+psycopg://...
# to use PostgreSQL instead. The container migrates the database before serving.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SCHEDSOLVE_DATABASE_URL=sqlite:////data/schedsolve.db

RUN useradd --create-home --uid 10001 schedsolve \
    && mkdir /data \
    && chown schedsolve:schedsolve /data

WORKDIR /app

# Dependencies first, from the pinned set, so this layer is rebuilt only when
# pyproject.toml or requirements.lock change (not on every source change).
COPY pyproject.toml requirements.lock ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -c requirements.lock -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the source (.dockerignore keeps the venv, caches, tests and git out).
COPY . .
RUN pip install --no-deps .

USER schedsolve
VOLUME ["/data"]
EXPOSE 8000
# /health/ready answers 200 once the database answers and its schema is at head.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=4).status != 200)"]
# `schedsolve serve` runs the Alembic migrations, then uvicorn.
CMD ["schedsolve", "serve", "--host", "0.0.0.0", "--port", "8000"]
