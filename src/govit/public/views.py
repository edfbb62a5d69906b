"""信息公开 (R9.6): the public list at /public/, its open data (.csv, .json), and the BDB's choice of
what is public.

The three public answers need no login and are cached. The cache key holds the public columns
and the classified projects' signature, both read on every request (two small queries, the
second on the partial index of classified projects), so withdrawing a column or classifying a
project takes effect at once in every process. Anything else (a project newly listed, an amount
approved) shows within CACHE_SECONDS. A burst of public traffic is then answered from memory,
and nginx (deploy/nginx/govit.conf) caches and caps /public/ before it reaches GovIT at all.
"""

import csv
import hashlib
import io
import json
from collections.abc import Callable
from decimal import Decimal
from math import ceil

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from govit import clock, policy
from govit.accounts.roles import Role
from govit.projects import errors
from govit.public import selectors, services
from govit.public.models import Column, PublicColumn

CACHE_SECONDS = 300
JSON_PER_PAGE = 100


def _cached(
    request: HttpRequest, kind: str, build: Callable[[tuple[str, ...]], HttpResponse]
) -> HttpResponse:
    columns = selectors.public_columns()
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    digest = hashlib.sha256(
        json.dumps([kind, ",".join(columns), selectors.classified_signature(), query]).encode()
    ).hexdigest()
    key = f"govit:public:{digest}"
    kept = cache.get(key)
    if kept is None:
        response = build(columns)
        kept = (
            response.status_code,
            response["Content-Type"],
            response.get("Content-Disposition"),
            response.content,
        )
        cache.set(key, kept, CACHE_SECONDS)
    status, content_type, disposition, body = kept
    response = HttpResponse(body, status=status, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS // 5}"
    return response


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < len(value) < 7 and int(value) > 0 else 1


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """The district's listed projects in the public columns, with filters and totals."""

    def build(columns: tuple[str, ...]) -> HttpResponse:
        filters = selectors.Filters.of(request.GET, columns)
        totals = selectors.totals(filters, columns)
        pages = max(1, ceil(totals.count / selectors.PER_PAGE))
        number = min(_page_number(request), pages)
        found = selectors.rows(filters, columns, offset=(number - 1) * selectors.PER_PAGE)
        rows = [[(c, Column(c).label, row[c]) for c in columns] for row in found]
        context = {
            "columns": [(c, Column(c).label) for c in columns], "rows": rows, "totals": totals,
            "filters": filters, "choices": selectors.choices(columns), "page": number, "pages": pages,
            "query": filters.query(), "today": clock.today(), "cache_minutes": CACHE_SECONDS // 60,
        }  # fmt: skip
        return HttpResponse(render_to_string("public/list.html", context))

    return _cached(request, "page", build)


def _plain(column: str, value: object) -> object:
    """A value as open data: an amount in 万元 as a decimal string, a date in ISO form."""
    if column == Column.APPROVED:
        return None if value is None else _wan(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _wan(amount: Decimal) -> str:
    text = f"{policy.to_wan(amount):.6f}".rstrip("0")
    return text + "00" if text.endswith(".") else text


@require_GET
def public_csv(request: HttpRequest) -> HttpResponse:
    """Every public row of the filter as CSV (UTF-8 with BOM, so that Excel reads the Chinese)."""

    def build(columns: tuple[str, ...]) -> HttpResponse:
        filters = selectors.Filters.of(request.GET, columns)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow([Column(c).label for c in columns])
        for row in selectors.rows(filters, columns, limit=None):
            writer.writerow(["" if row[c] is None else _plain(c, row[c]) for c in columns])
        response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="projects.csv"'
        return response

    return _cached(request, "csv", build)


@require_GET
def public_json(request: HttpRequest) -> HttpResponse:
    """The same as JSON, JSON_PER_PAGE rows a page, with the totals and the next page's address."""

    def build(columns: tuple[str, ...]) -> HttpResponse:
        filters = selectors.Filters.of(request.GET, columns)
        totals = selectors.totals(filters, columns)
        number = _page_number(request)
        rows = selectors.rows(filters, columns, offset=(number - 1) * JSON_PER_PAGE, limit=JSON_PER_PAGE)
        more = number * JSON_PER_PAGE < totals.count
        following = {**filters.query(), "page": str(number + 1)}
        body = {
            "columns": [{"code": c, "label": Column(c).label} for c in columns],
            "count": totals.count,
            "approved_total_wan": None if totals.approved is None else _wan(totals.approved),
            "page": number,
            "next": f"{reverse('public:json')}?{_encode(following)}" if more else None,
            "results": [{c: _plain(c, row[c]) for c in columns} for row in rows],
        }
        text = json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder)
        return HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")

    return _cached(request, "json", build)


def _encode(query: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


@login_required
@require_http_methods(["GET", "POST"])
def public_columns(request: HttpRequest) -> HttpResponse:
    """The BDB chooses which columns the public list shows; others may look, not change."""
    if request.user.is_administrator:
        raise PermissionDenied("系统管理员不办理业务。")
    may_edit = Role.BDB in request.user.role_set
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(services.NOT_BDB)
        try:
            services.public_columns_set(user=request.user, columns=request.POST.getlist("columns"))
        except errors.InvalidInput as error:
            messages.error(request, str(error))
            status = 422
        else:
            messages.success(request, "已保存。公开页面立即按新的字段显示。")
            return redirect("public:columns")
    kept = {c.column: c for c in PublicColumn.objects.select_related("changed_by")}
    rows = [(c, Column(c).label, kept.get(c)) for c in Column.values]
    return render(request, "public/columns.html", {"rows": rows, "may_edit": may_edit}, status=status)
