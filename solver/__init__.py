"""schedsolve solver."""
