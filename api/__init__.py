"""schedsolve api."""
