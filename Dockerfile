# schedsolve API image: the CP-SAT scheduling service behind uvicorn.
#   docker build -t schedsolve .
#   docker run --rm -p 8000:8000 schedsolve
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# .dockerignore keeps the venv, caches, tests and git history out of the context.
COPY . .
RUN pip install . \
    && useradd --create-home --uid 10001 schedsolve

USER schedsolve
EXPOSE 8000
CMD ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000"]
