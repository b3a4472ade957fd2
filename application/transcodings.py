"""How domain values are written into stored events.

The event store's JSON transcoder knows only UUID, Decimal and datetime; every
other value type of the domain is registered here under a stable name, so that
a renamed Python class never changes what is stored.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from application.sealing import SealedAsDict
from domain.aggregates.session import SessionStatus
from domain.reports import (
    AbortReason,
    CertificationResult,
    EligibilityDecision,
    Finalisation,
    FraudReport,
    IncidentReport,
)
from domain.values import (
    BillingMode,
    BirthPlace,
    CentreType,
    CertificationWindow,
    PersonalData,
    Role,
    SessionDetails,
    Sex,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class TimeAsISO(Transcoding):
    type = time
    name = "time_iso"

    def encode(self, obj: time) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)


class EnumAsValue(Transcoding):
    """An enum member stored as its value, under the enum's stable name."""

    def __init__(self, enum_type: type[Enum], name: str) -> None:
        self.type = enum_type
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


class DataclassAsDict(Transcoding):
    """A frozen value object stored as a dict of its fields."""

    def __init__(self, value_type: type[Any], name: str) -> None:
        self.type = value_type
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(SealedAsDict())
    transcoder.register(DateAsISO())
    transcoder.register(TimeAsISO())
    for enum_type, name in [
        (CentreType, "certif:CentreType"),
        (Role, "certif:Role"),
        (Sex, "certif:Sex"),
        (BillingMode, "certif:BillingMode"),
        (SessionStatus, "certif:SessionStatus"),
        (AbortReason, "certif:AbortReason"),
    ]:
        transcoder.register(EnumAsValue(enum_type, name))
    for value_type, name in [
        (BirthPlace, "certif:BirthPlace"),
        (PersonalData, "certif:PersonalData"),
        (SessionDetails, "certif:SessionDetails"),
        (CertificationWindow, "certif:CertificationWindow"),
        (IncidentReport, "certif:IncidentReport"),
        (FraudReport, "certif:FraudReport"),
        (Finalisation, "certif:Finalisation"),
        (EligibilityDecision, "certif:EligibilityDecision"),
        (CertificationResult, "certif:CertificationResult"),
    ]:
        transcoder.register(DataclassAsDict(value_type, name))
