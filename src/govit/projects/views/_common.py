"""Small helpers the project views share."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from govit import clock
from govit.accounts.roles import Role


def require_roles(*roles: Role) -> Callable:
    """A page only some roles may open: anyone else gets 403 (not 404: the page exists for all)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.role_set & set(roles):
                raise PermissionDenied("您的角色不能办理此事项。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def year_choices(*also: int | None) -> list[int]:
    """Years a person may pick: last year to two years ahead, plus any year a project already has."""
    this_year = clock.today().year
    years = set(range(this_year - 1, this_year + 3)) | {y for y in also if y}
    return sorted(years, reverse=True)
