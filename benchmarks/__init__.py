"""schedsolve benchmarks."""
