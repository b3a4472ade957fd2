"""Event-sourced aggregates. Every aggregate and event has a stable stored topic."""
