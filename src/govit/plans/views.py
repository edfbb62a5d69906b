"""The year's plan (年度建设规划) and the key projects (重点建设项目), 第五条、第二十六条. Thin: the
selectors decide what a person reads, the services who may write, refuse and audit. A bureau or a
unit reads; anyone else (an expert, an agency, the three administrators) is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from govit import clock
from govit.accounts.roles import UNIT_ROLES, Role
from govit.front.fields import add_error
from govit.plans import selectors, services
from govit.plans.forms import ComposeForm, DecisionForm, DesignateForm
from govit.plans.models import PlanDecision, YearPlan
from govit.projects import errors
from govit.projects.models import Project

READERS = "年度建设规划和重点建设项目由区级部门和项目单位查阅（第五条）。"


def _reader(request: HttpRequest) -> None:
    if not (selectors.reads_all(request.user) or request.user.role_set & UNIT_ROLES):
        raise PermissionDenied(READERS)


def _plan(request: HttpRequest, pk: int) -> YearPlan:
    return get_object_or_404(selectors.plans_visible_to(request.user).select_related("composed_by"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every version the person may read, newest year first; the BDB composes a new one here."""
    _reader(request)
    form, status = ComposeForm(initial={"year": clock.today().year + 1}), 200
    if request.method == "POST":
        form = ComposeForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_compose(user=request.user, **form.cleaned_data)
            except errors.ActionError as error:
                if error.status == 403:
                    raise PermissionDenied(error.detail) from error
                add_error(form, error)
                status = error.status
            else:
                messages.success(request, f"已编制{plan}。")
                return redirect("plans:detail", pk=plan.pk)
        else:
            status = 422
    plans = selectors.plans_visible_to(request.user).select_related("composed_by", "decision")
    context = {
        "plans": list(plans),
        "form": form,
        "may_compose": Role.BDB in request.user.role_set,
        "current": "plans",
    }
    return render(request, "plans/list.html", context, status=status)


def _render_plan(request: HttpRequest, plan: YearPlan, *, decision_form=None, status=200) -> HttpResponse:
    offered = selectors.lines_offered(request.user, plan) if plan.state == YearPlan.State.SUBMITTED else []
    may_decide = Role.LG_OFFICE in request.user.role_set and plan.state == YearPlan.State.SUBMITTED
    context = {
        "plan": plan, "view": selectors.plan_view(request.user, plan, selectors.channel_labels()),
        "decision": PlanDecision.objects.filter(plan=plan).select_related("recorded_by").first(),
        "may_submit": Role.BDB in request.user.role_set and plan.state == YearPlan.State.DRAFT,
        "may_decide": may_decide, "decision_form": decision_form or (DecisionForm(lines=offered) if may_decide else None),
        "current": "plans",
    }  # fmt: skip
    return render(request, "plans/detail.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _render_plan(request, _plan(request, pk))


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    plan = _plan(request, pk)
    try:
        services.plan_submit(user=request.user, plan=plan)
    except errors.NotPermitted as error:
        raise PermissionDenied(error.detail) from error
    except errors.ActionError as error:
        messages.error(request, error.detail)
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, "已提交区云长制领导小组审议。")
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    plan = _plan(request, pk)
    form = DecisionForm(request.POST, lines=selectors.lines_offered(request.user, plan))
    if not form.is_valid():
        return _render_plan(request, plan, decision_form=form, status=422)
    data = form.cleaned_data
    try:
        services.plan_decide(user=request.user, plan=plan, decision=services.DecisionIn(**data))
    except errors.NotPermitted as error:
        raise PermissionDenied(error.detail) from error
    except errors.ActionError as error:
        add_error(form, error)
        return _render_plan(request, plan, decision_form=form, status=error.status)
    messages.success(request, "已登记领导小组审议结论。")
    return redirect(f"{reverse('plans:detail', args=[plan.pk])}#decision")


@login_required
@require_http_methods(["GET", "POST"])
def key_projects(request: HttpRequest) -> HttpResponse:
    """重点建设项目: each with the BDB's latest key-project evaluation and whether this year's is
    recorded (第二十六条); the office records one the leading group designated at a meeting."""
    _reader(request)
    may_designate = Role.LG_OFFICE in request.user.role_set
    form, status = DesignateForm() if may_designate else None, 200
    if request.method == "POST":
        if not may_designate:
            raise PermissionDenied(services.DECIDE_BY)
        form = DesignateForm(request.POST)
        status = _designate(request, form)
        if status == 302:
            messages.success(request, "已登记重点建设项目。")
            return redirect("plans:key_projects")
    year = clock.today().year
    context = {
        "rows": selectors.key_projects(request.user, year),
        "year": year,
        "form": form,
        "current": "key_projects",
    }
    return render(request, "plans/key_projects.html", context, status=status)


def _designate(request: HttpRequest, form: DesignateForm) -> int:
    if not form.is_valid():
        return 422
    data = dict(form.cleaned_data)
    project = Project.objects.visible_to(request.user).filter(list_code=data.pop("list_code").strip()).first()
    if project is None:
        form.add_error("list_code", "没有这个清单编号的项目。")
        return 422
    try:
        services.key_designate(user=request.user, project=project, meeting=services.Meeting(**data))
    except errors.ActionError as error:
        add_error(form, error)
        return error.status
    return 302
