"""Adapters: HTTP, command line, persistence settings, security."""
