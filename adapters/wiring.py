"""Builds the application from settings: one place for every adapter."""

from __future__ import annotations

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from application.app import CertificationApp


def build_application(settings: Settings) -> CertificationApp:
    hasher = Argon2Hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    return CertificationApp(settings.event_store_env(), hasher=hasher)
