"""The eligibility rule: its versions, a preview of a change, the change itself."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Response

from adapters.http.deps import Actor, App, IfMatch, Runner, Views, stamp
from adapters.http.view_schemas import (
    ProjectionStatusPublic,
    RuleChange,
    RulePreviewPublic,
    RuleProposal,
    RulePublic,
    RuleVersionPublic,
)
from domain.aggregates.rulebook import RuleVersion, check_rule
from projections import queries

router = APIRouter(tags=["eligibility rule"])


@router.get("/eligibility-rule", response_model=RulePublic)
def get_rule(app: App, actor: Actor) -> RulePublic:
    """The rule in force and every version, with who changed it, when and why."""
    number, history = app.rule_history()
    versions = [version_public(v) for v in history]
    in_force = next(v for v in versions if v.version == number)
    return RulePublic(in_force=in_force, versions=versions)


@router.post("/eligibility-rule/preview", response_model=RulePreviewPublic)
def preview_rule(body: RuleProposal, app: App, actor: Actor, views: Views) -> RulePreviewPublic:
    """Every candidate whose eligibility a proposed rule would change; changes nothing."""
    app.require_operator(actor)
    proposed = check_rule(body.min_competences, body.min_level)
    return RulePreviewPublic.model_validate(queries.preview_rule(views, proposed))


@router.put("/eligibility-rule", response_model=RulePublic)
def change_rule(
    body: RuleChange, app: App, actor: Actor, version: IfMatch, response: Response
) -> RulePublic:
    """Record a new version of the rule (operators); eligibility views are rebuilt."""
    receipt = app.change_eligibility_rule(
        actor, body.min_competences, body.min_level, body.effective_from, body.reason, version
    )
    stamp(response, receipt)
    return get_rule(app, actor)


@router.get("/projections", response_model=list[ProjectionStatusPublic])
def projection_status(runner: Runner, actor: Actor) -> list[ProjectionStatusPublic]:
    """Each read model's generation, position and lag, and any rebuild's progress."""
    return [
        ProjectionStatusPublic.model_validate(asdict(s), from_attributes=False)
        for s in runner.status()
    ]


def version_public(version: RuleVersion) -> RuleVersionPublic:
    rule = version.rule
    return RuleVersionPublic(
        version=rule.version,
        min_competences=rule.min_competences,
        min_level=rule.min_level,
        effective_from=version.effective_from,
        reason=version.reason,
        changed_by=str(version.by) if version.by else None,
        changed_at=version.at,
    )
