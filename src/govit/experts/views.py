"""The BDB's expert pool, and the reviews experts are asked for (第六条、第十五条, R3.8)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from govit.access import expert_pool, visible_expert_reviews, visible_organisations
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.experts import selectors, services
from govit.experts.forms import ExpertForm, ExpertReviewForm
from govit.front.fields import add_error
from govit.projects import errors
from govit.projects.views._common import require_roles

REVIEW_READERS = (Role.EXPERT, Role.AGENCY, Role.BDB, Role.DRC, Role.AUDIT)


def _pool_form(request: HttpRequest, data=None) -> ExpertForm:
    organisations = visible_organisations(request.user).order_by("kind", "code")
    return ExpertForm(
        data,
        people=[(p.pk, f"{p.name}（{p.organisation.display_name}）") for p in selectors.pool_candidates()],
        organisations=[(o.pk, o.display_name) for o in organisations],
    )


def _render_pool(request: HttpRequest, form: ExpertForm, *, status: int = 200) -> HttpResponse:
    experts = selectors.pool_for(request.user)
    return render(request, "experts/pool.html", {"experts": experts, "form": form}, status=status)


@login_required
@require_roles(Role.BDB)
@require_http_methods(["GET", "POST"])
def expert_list(request: HttpRequest) -> HttpResponse:
    """The pool: who is in it, and a form to add a person who holds the expert role."""
    if request.method == "GET":
        return _render_pool(request, _pool_form(request))
    form = _pool_form(request, request.POST)
    if not form.is_valid():
        return _render_pool(request, form, status=422)
    data = form.cleaned_data
    try:
        expert = services.expert_create(
            user=request.user, person=User.objects.get(pk=data["person"]), field=data["field"], title=data["title"],
            conflicts=visible_organisations(request.user).filter(pk__in=data["conflicts"]),
        )  # fmt: skip
    except errors.ActionError as error:
        add_error(form, error)
        return _render_pool(request, form, status=error.status)
    messages.success(request, f"已将{expert.user.name}加入专家库。")
    return redirect("projects:experts")


@login_required
@require_roles(Role.BDB)
@require_POST
def expert_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(expert_pool(request.user), pk=pk)
    services.expert_deactivate(user=request.user, expert=expert)
    messages.success(request, f"已将{expert.user.name}移出专家库，其已提交的评审意见仍保留在项目中。")
    return redirect("projects:experts")


def _review_form(request: HttpRequest, row: selectors.ReviewRow, data=None) -> ExpertReviewForm:
    """An expert's opinion; an agency's, with its evaluation report among its uploads (第十五条)."""
    reports = selectors.report_choices(row, request.user) if row.review.agency_id else None
    return ExpertReviewForm(data, prefix=f"r{row.review.pk}", reports=reports)


def _render_reviews(
    request: HttpRequest, *, failed: tuple[int, ExpertReviewForm] | None = None, status: int = 200
):
    rows = []
    for row in selectors.review_rows(request.user):
        review = row.review
        if failed and failed[0] == review.pk:
            form = failed[1]
        else:
            form = _review_form(request, row) if row.mine else None
        rows.append({"review": review, "documents": row.documents, "form": form})
    return render(request, "experts/reviews.html", {"rows": rows}, status=status)


@login_required
@require_roles(*REVIEW_READERS)
@require_http_methods(["GET"])
def review_list(request: HttpRequest) -> HttpResponse:
    """An expert's assigned reviews with what they may read; the bureaus see them all."""
    return _render_reviews(request)


@login_required
@require_roles(*REVIEW_READERS)
@require_POST
def review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(visible_expert_reviews(request.user), pk=pk)
    row = next((r for r in selectors.review_rows(request.user) if r.review.pk == review.pk), None)
    form = _review_form(request, row, request.POST)
    if not form.is_valid():
        return _render_reviews(request, failed=(review.pk, form), status=422)
    report = form.cleaned_data.get("report")
    try:
        services.expert_review_submit(
            review=review, user=request.user, opinion=form.cleaned_data["opinion"],
            conclusion=form.cleaned_data["conclusion"],
            report=next((d for d in row.documents if d.pk == report), None) if report else None,
        )  # fmt: skip
    except errors.ActionError as error:
        add_error(form, error)
        return _render_reviews(request, failed=(review.pk, form), status=error.status)
    messages.success(request, "评审意见已提交。")
    return redirect("projects:reviews")
