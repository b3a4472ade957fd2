"""Renderers of the papers of a session: PDF, CSV and ODS from the read models."""
