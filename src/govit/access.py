"""The one place where what a person may see is decided.

Every view, API endpoint or export that fetches objects on a person's behalf starts from here or
from a record's `visible_to(user)`, never from `Model.objects` alone; so each scope rule is
written and tested once, and an object outside the scope is a 404, as if it did not exist
(R0.1). Which projects a person sees is `ProjectQuerySet.visible_to` (projects/models/project.py);
every record kept on a project's way inherits it (`ProjectRecord`). Later rules plug in there,
such as classified projects (R6.2).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from govit.accounts.models import Organisation, User
from govit.accounts.roles import DISTRICT_WIDE_ROLES, UNIT_ROLES, Role
from govit.documents.models import Document
from govit.experts.models import Expert, ExpertReview
from govit.projects.models import Project


def visible_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations `user` may see: all for district-wide roles, otherwise only their own."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if user.role_set & DISTRICT_WIDE_ROLES:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=user.organisation_id)


def get_visible_organisation(user: User, *, code: str) -> Organisation:
    """The organisation `code` if `user` may see it, else Http404."""
    return get_object_or_404(visible_organisations(user), code=code)


# The project's one-of-a-kind records that its pages show (and the project it continues, 第三条),
# read in the same query as the project.
PAGE_RECORDS = ("built_system", "om_plan", "final_account", "hub_connection", "continues", "acceptance_body")


def get_visible_project(user: User, pk: int, *, page: bool = False) -> Project:
    """The project `pk` if `user` may see it, else Http404; for its page, with `PAGE_RECORDS`."""
    projects = Project.objects.visible_to(user).select_related(
        "unit", "preparer", *(PAGE_RECORDS if page else ())
    )
    return get_object_or_404(projects, pk=pk)


def public_projects() -> QuerySet[Project]:
    """The projects anyone may see without signing in (信息公开, R9.6): those in the yearly list,
    never a classified one (第二十七条) — so no public count or total can reveal one."""
    return Project.objects.filter(list_code__isnull=False, classified_at__isnull=True)


def visible_documents(user: User) -> QuerySet[Document]:
    """Documents of the projects `user` may see (downloads go through here, R3.10)."""
    return Document.objects.visible_to(user)


def visible_expert_reviews(user: User) -> QuerySet[ExpertReview]:
    """An expert sees their own reviews, an agency's people its agency's; the BDB and the DRC see
    all (第十五条)."""
    if user.role_set & {Role.BDB, Role.DRC, Role.AUDIT}:
        return ExpertReview.objects.visible_to(user)
    # Through the projects' scope, so a classified project's review is withheld too (第二十七条).
    agency = user.organisation_id if Role.AGENCY in user.role_set else None
    if Role.EXPERT not in user.role_set and not agency:
        return ExpertReview.objects.none()  # a unit's people read the panel's conclusion only
    mine = Q(expert__user=user) | (Q(agency_id=agency) if agency else Q(pk__in=[]))
    return ExpertReview.objects.visible_to(user).filter(mine)


def expert_pool(user: User) -> QuerySet[Expert]:
    """The expert pool (第六条): kept by the BDB, drawn on by the BDB and the DRC (第十五条)."""
    if not (user.is_authenticated and user.role_set & {Role.BDB, Role.DRC}):
        return Expert.objects.none()
    return Expert.objects.select_related("user", "user__organisation")


def preparer_choices(user: User) -> QuerySet[Organisation]:
    """Third-party agencies a unit may name as its design preparer (第十三条第一款)."""
    if not (user.is_authenticated and user.role_set & UNIT_ROLES):
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=Organisation.Kind.AGENCY, is_active=True)


def is_project_unit(user: User, project: Project) -> bool:
    """Whether `user` works for the project's own unit as its 经办人 (the one who records its work)."""
    return user.organisation_id == project.unit_id and Role.UNIT in user.role_set
