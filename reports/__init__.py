"""schedsolve reports."""
