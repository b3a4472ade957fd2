"""Use cases: each loads aggregates, runs one command, saves atomically."""
