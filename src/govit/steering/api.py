"""绩效评价结果运用 (第二十六条第二款, R5.6): the evaluations that steer an application's money and
what the project's policy version recommends, for its unit and the bureaus."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from govit import access
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, CodedOut, Money
from govit.operation.models import Evaluation
from govit.steering.panels import may_read
from govit.steering.selectors import SystemEvaluations, score_of, steering_for

router = Router(tags=["绩效评价结果运用"])


class SteeringEvaluationOut(Schema):
    year: int
    by: CodedOut
    recorded_by: str
    evaluated_on: date
    operation: int
    use: int
    sharing: int
    benefit: int
    score: Decimal


class SystemOut(Schema):
    system: int
    name: str
    score: Decimal | None
    evaluations: list[SteeringEvaluationOut]


class AdviceOut(Schema):
    text: str
    band: str
    article: int
    clause: int | None
    cap: Money | None = None
    exceeds: bool = False


class SteeringOut(Schema):
    applies: bool
    om: bool
    systems: list[SystemOut]
    last_year: Money | None
    last_year_source: str
    requested: Money | None
    recommendation: AdviceOut | None


def _evaluation(e: Evaluation) -> dict[str, Any]:
    return {
        "year": e.year, "by": {"code": e.by, "label": e.get_by_display()}, "recorded_by": e.recorded_by.name,
        "evaluated_on": e.evaluated_on, "operation": e.operation, "use": e.use, "sharing": e.sharing,
        "benefit": e.benefit, "score": score_of(e),
    }  # fmt: skip


def _system(s: SystemEvaluations, om: bool) -> dict[str, Any]:
    shown = s.evaluations if om else [s.latest]
    return {"system": s.system.pk, "name": s.system.name, "score": s.score,
            "evaluations": [_evaluation(e) for e in shown if e is not None]}  # fmt: skip


@router.get(
    "/projects/{int:project_id}/steering",
    response={200: SteeringOut, **ERRORS},
    summary="绩效评价结果运用（第二十六条：评价结果作为下一年度安排投资和运维经费的重要依据）",
)
def steering(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """For an O&M application (运行维护): its system's evaluations of every year, last year's O&M
    amount (its listed O&M application of that year, else the O&M spending recorded) and the
    request; for another application: the latest evaluation of each of its unit's systems in
    service. `recommendation`: what the project's policy version recommends, which the BDB's review
    (review_pass: `steering`, `steering_reason`) heeds or overrides with a reason. For the project's
    unit and the bureaus; 404 for others."""
    user = person(request)
    project = access.get_visible_project(user, project_id)
    if not may_read(user, project):
        raise Http404
    found = steering_for(project)
    if found is None:
        return {"applies": False, "om": False, "systems": [], "last_year": None, "last_year_source": "",
                "requested": None, "recommendation": None}  # fmt: skip
    advice = found.advice
    recommendation = None
    if advice is not None:
        om = found.om_advice
        recommendation = {"text": advice.text, "band": advice.band.label, "article": advice.basis.article,
                          "clause": advice.basis.clause, "cap": om.cap if om else None,
                          "exceeds": bool(om and om.exceeds)}  # fmt: skip
    return {
        "applies": advice is not None, "om": found.om, "systems": [_system(s, found.om) for s in found.systems],
        "last_year": found.last_year, "last_year_source": found.last_year_source, "requested": found.requested,
        "recommendation": recommendation,
    }  # fmt: skip
