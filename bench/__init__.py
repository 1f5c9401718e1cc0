"""Benchmark: accuracy against hand-checked truth, speed, memory, baselines, scaling."""
