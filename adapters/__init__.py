"""schedsolve adapters."""
