"""Settings that choose and configure the event store."""
