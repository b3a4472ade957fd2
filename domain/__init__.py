"""The certification domain: aggregates, their events, rules and errors.

Pure Python: no web framework, no database driver, no settings library.
"""
