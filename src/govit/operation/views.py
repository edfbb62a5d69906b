"""The project page from construction on: network security (第十九条), the data resource catalogue,
its sharing and the smart-city hub (第二十条), O&M (第二十五条), the final accounts and the
performance evaluations (第二十六条). Each view reads a form, calls one service in
`govit.operation.services`, and on a refusal re-renders the project page with the reason and its
article beside the form, the typed values kept."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from govit.access import get_visible_project
from govit.operation import selectors, services
from govit.operation.forms import (
    DataResourceForm,
    EvaluationForm,
    FinalAccountForm,
    HubConnectionForm,
    IncidentForm,
    OmCostForm,
    OmPlanForm,
    SecurityAssessmentForm,
    SharingForm,
)
from govit.operation.models import DataResource
from govit.projects.models import Project
from govit.projects.views.posting import submit_forms


def _resource(request: HttpRequest, pk: int) -> DataResource:
    """A data resource of a project the person may see, else 404."""
    queryset = DataResource.objects.visible_to(request.user).select_related("project")
    return get_object_or_404(queryset, pk=pk)


def _security_recorded(project: Project, assessment) -> str:
    # An old assessment entered late can already be overdue: say so, not only the past date.
    late = "，已逾期，请尽快安排" if selectors.security_late(assessment) else ""
    label = dict(selectors.security_kinds(project)).get(assessment.kind, "网络安全测评")
    return f"已登记{label}，下次应于 {assessment.next_due:%Y-%m-%d} 前完成{late}。"


@login_required
@require_POST
def security_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R4.7: the unit records a security assessment (第十九条)."""
    project = get_visible_project(request.user, pk)
    form = SecurityAssessmentForm(request.POST, kinds=selectors.security_kinds(project))
    return submit_forms(
        request, project, {"security_form": form},
        lambda: services.security_assessment_record(project=project, user=request.user, **form.data_for_service()),
        lambda assessment: _security_recorded(project, assessment), "security",
    )  # fmt: skip


@login_required
@require_POST
def data_resource_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R4.8: an entry of the data resource catalogue (第二十条)."""
    project = get_visible_project(request.user, pk)
    form = DataResourceForm(request.POST)
    return submit_forms(
        request, project, {"resource_form": form},
        lambda: services.data_resource_record(project=project, user=request.user, **form.data_for_service()),
        lambda resource: f"已登记政务数据资源：{resource.name}。", "data-resources",
    )  # fmt: skip


@login_required
@require_POST
def sharing_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R4.8: a sharing or exchange of one catalogued resource (第二十条)."""
    resource = _resource(request, pk)
    organisations = selectors.sharing_partners()
    form = SharingForm(request.POST, organisations=list(organisations.values_list("pk", "name")))
    return submit_forms(
        request, get_visible_project(request.user, resource.project_id), {"sharing_form": form},
        lambda: services.sharing_record(
            resource=resource, user=request.user,
            organisation=organisations.get(pk=form.cleaned_data["organisation"]),
            shared_on=form.cleaned_data["shared_on"], method=form.cleaned_data["method"],
            purpose=form.cleaned_data["purpose"],
        ),
        lambda _: f"已登记“{resource.name}”的共享交换。", f"resource-{resource.pk}", sharing_resource=resource.pk,
    )  # fmt: skip


@login_required
@require_POST
def hub_connection_set(request: HttpRequest, pk: int) -> HttpResponse:
    """R4.8: connected to the smart-city hub, or the basis for not connecting (第二十条)."""
    project = get_visible_project(request.user, pk)
    form = HubConnectionForm(request.POST)
    return submit_forms(
        request, project, {"hub_form": form},
        lambda: services.hub_connection_set(project=project, user=request.user, **form.data_for_service()),
        lambda _: "已登记智能中枢接入情况。", "hub",
    )  # fmt: skip


@login_required
@require_POST
def om_plan_set(request: HttpRequest, pk: int) -> HttpResponse:
    """R5.5: the O&M mechanism and the five-year O&M budget (第二十五条)."""
    project = get_visible_project(request.user, pk)
    form = OmPlanForm(request.POST)
    return submit_forms(
        request, project, {"om_plan_form": form},
        lambda: services.om_plan_set(project=project, user=request.user, **form.data_for_service()),
        lambda _: "已登记运维机制。", "om",
    )  # fmt: skip


@login_required
@require_POST
def om_cost_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R5.5: a year's O&M spending, compared with the five-year budget."""
    project = get_visible_project(request.user, pk)
    form = OmCostForm(request.POST)
    return submit_forms(
        request, project, {"om_cost_form": form},
        lambda: services.om_cost_record(project=project, user=request.user, **form.data_for_service()),
        lambda cost: f"已登记 {cost.year} 年度运维费用。", "om",
    )  # fmt: skip


@login_required
@require_POST
def incident_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R5.5: an operating incident and its resolution (第二十五条)."""
    project = get_visible_project(request.user, pk)
    form = IncidentForm(request.POST)
    return submit_forms(
        request, project, {"incident_form": form},
        lambda: services.incident_record(project=project, user=request.user, **form.data_for_service()),
        lambda _: "已登记运行事件。", "om",
    )  # fmt: skip


@login_required
@require_POST
def final_account_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R5.6: the final financial accounts, once (第二十六条)."""
    project = get_visible_project(request.user, pk)
    form = FinalAccountForm(request.POST)
    return submit_forms(
        request, project, {"final_account_form": form},
        lambda: services.final_account_record(project=project, user=request.user, **form.data_for_service()),
        lambda _: "已登记竣工财务决算。", "final-account",
    )  # fmt: skip


@login_required
@require_POST
def evaluation_record(request: HttpRequest, pk: int) -> HttpResponse:
    """R5.6: the unit's yearly evaluation, or the BDB's of a key project (第二十六条)."""
    project = get_visible_project(request.user, pk)
    form = EvaluationForm(request.POST)
    return submit_forms(
        request, project, {"evaluation_form": form},
        lambda: services.evaluation_record(project=project, user=request.user, **form.data_for_service()),
        lambda evaluation: f"已登记{evaluation.get_by_display()}，平均得分 {evaluation.score:g}。", "evaluations",
    )  # fmt: skip
