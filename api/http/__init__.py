"""The HTTP API (FastAPI): app factory, routes, schemas and dependencies."""
