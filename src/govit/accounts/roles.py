"""The roles a person holds in GovIT (REQUIREMENTS §0) and how they are stored.

A user's roles live in one string, sorted and comma-delimited with a comma at each end
(",bdb,lg_office,"). Two reasons:
- `roles__contains=",unit,"` matches exactly one role (",unit_leader," does not match it);
- a CHECK constraint can then enforce the 三员 rule on SQLite and PostgreSQL alike, which a
  many-to-many table could not do without triggers.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Role(models.TextChoices):
    """A role in GovIT; the order here is the order in which roles are shown."""

    UNIT = "unit", "项目单位经办人"
    UNIT_LEADER = "unit_leader", "单位负责人"
    BDB = "bdb", "区大数据发展局"
    LG_OFFICE = "lg_office", "区云长制领导小组办公室"
    DRC = "drc", "区发改委"
    FINANCE = "finance", "区财政局"
    AUDIT = "audit", "区审计局"
    CAC = "cac", "区网信办"
    EXPERT = "expert", "专家"
    AGENCY = "agency", "第三方机构"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


# 三员分立 (等保三级): each administrator does one job and none of them acts in the business flow.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
BUSINESS_ROLES = frozenset(Role) - ADMIN_ROLES
# The bureaus that oversee every project once it has reached the BDB (第五至七条).
BUREAU_ROLES = frozenset({Role.BDB, Role.LG_OFFICE, Role.DRC, Role.FINANCE, Role.AUDIT, Role.CAC})
# Those whose work spans the whole district: the bureaus and the three administrators.
DISTRICT_WIDE_ROLES = BUREAU_ROLES | ADMIN_ROLES
# A unit's own people: its 经办人 and its leader.
UNIT_ROLES = frozenset({Role.UNIT, Role.UNIT_LEADER})

# What each role does in GovIT, shown to the person on the home page (REQUIREMENTS §0).
ROLE_DUTIES: dict[Role, str] = {
    Role.UNIT: "填报项目申报表、项目建议书等材料；负责合同备案、验收、运维和绩效自评。",
    Role.UNIT_LEADER: "审核确认本单位提交的材料（相当于“盖章”），确认后方可报出。",
    Role.BDB: "管理项目清单；审核申报和技术方案；负责备案、合规性审查、专家组织和重点项目评价。",
    Role.LG_OFFICE: "记录区云长制领导小组对项目建议书和年度计划的审议结果。",
    Role.DRC: "审批项目立项、可行性研究报告、初步设计及概算；监管招标投标。",
    Role.FINANCE: "统筹安排项目资金，登记资金拨付，监督政府采购。",
    Role.AUDIT: "查阅审计监督所需的全部项目、资金和操作记录，登记审计意见。",
    Role.CAC: "查阅网络安全记录，提出网络安全指导和监督意见。",
    Role.EXPERT: "对分配给本人的方案进行评审并提出意见。",
    Role.AGENCY: "向委托本机构的项目上传设计、监理、评估或验收材料。",
    Role.SYSADMIN: "负责系统运行、单位和账号管理。",
    Role.SECADMIN: "负责角色权限分配和安全策略。",
    Role.AUDITADMIN: "负责查阅系统审计日志。",
}


class Office(models.TextChoices):
    """The bureau whose duties an organisation carries (第五至七条): at most one organisation each."""

    BDB = "bdb", "区大数据发展局"
    DRC = "drc", "区发改委"
    FINANCE = "finance", "区财政局"
    AUDIT = "audit", "区审计局"
    CAC = "cac", "区网信办"


# The organisation kinds whose people run projects (第二条: departments, street offices, committees,
# institutions, and the party organs and district companies that follow the Rules).
UNIT_KINDS = frozenset({"department", "street", "committee", "institution", "party", "soe"})


@dataclass(frozen=True)
class Home:
    """Where a role may be held: organisations of these kinds, or the organisation of these offices."""

    kinds: frozenset[str] = frozenset()
    offices: frozenset[str] = frozenset()

    def admits(self, kind: str, office: str) -> bool:
        return kind in self.kinds or office in self.offices


# A role belongs to its organisation (三员分立 and 最小授权): finance only in 区财政局, drc only in
# 区发改委 … The leading group's office sits in the BDB (区云长制领导小组办公室设在区大数据发展局), as do
# the three administrators of the platform it runs; experts and agencies are third parties. The
# database holds this too (triggers built from a frozen copy of this table, accounts migration 0002).
ROLE_HOMES: dict[Role, Home] = {
    Role.UNIT: Home(kinds=UNIT_KINDS),
    Role.UNIT_LEADER: Home(kinds=UNIT_KINDS),
    Role.BDB: Home(offices=frozenset({Office.BDB})),
    Role.LG_OFFICE: Home(offices=frozenset({Office.BDB})),
    Role.DRC: Home(offices=frozenset({Office.DRC})),
    Role.FINANCE: Home(offices=frozenset({Office.FINANCE})),
    Role.AUDIT: Home(offices=frozenset({Office.AUDIT})),
    Role.CAC: Home(offices=frozenset({Office.CAC})),
    Role.EXPERT: Home(kinds=frozenset({"agency"})),
    Role.AGENCY: Home(kinds=frozenset({"agency"})),
    Role.SYSADMIN: Home(offices=frozenset({Office.BDB})),
    Role.SECADMIN: Home(offices=frozenset({Office.BDB})),
    Role.AUDITADMIN: Home(offices=frozenset({Office.BDB})),
}
ROLE_NOT_AT_HOME = "“%(role)s”角色只能由%(home)s的人员担任。"
ROLE_HOME_NAMES: dict[Role, str] = {
    Role.UNIT: "项目单位（部门、街道、管委会、事业单位等）",
    Role.UNIT_LEADER: "项目单位（部门、街道、管委会、事业单位等）",
    Role.BDB: "区大数据发展局",
    Role.LG_OFFICE: "区大数据发展局（区云长制领导小组办公室）",
    Role.DRC: "区发改委",
    Role.FINANCE: "区财政局",
    Role.AUDIT: "区审计局",
    Role.CAC: "区网信办",
    Role.EXPERT: "第三方机构（专家所在高校、科研院所或企业）",
    Role.AGENCY: "第三方机构",
    Role.SYSADMIN: "区大数据发展局",
    Role.SECADMIN: "区大数据发展局",
    Role.AUDITADMIN: "区大数据发展局",
}


def validate_role_homes(roles: Iterable[Role], *, kind: str | None, office: str) -> None:
    """Raise ValidationError if a role is held outside its organisation (no organisation: the
    bootstrap administrator, whom the 三员 constraint already limits to one administrator role)."""
    if kind is None:
        return
    for role in sort_roles(roles):
        if not ROLE_HOMES[role].admits(kind, office):
            raise ValidationError(
                ROLE_NOT_AT_HOME, code="role_not_at_home",
                params={"role": role.label, "home": ROLE_HOME_NAMES[role]},
            )  # fmt: skip


THREE_ADMINS_APART = "系统管理员、安全管理员、审计管理员（三员）不得相互兼任，也不得兼任业务角色。"
UNKNOWN_ROLE = "未知的角色代码：%(codes)s。"

_ORDER = {role: index for index, role in enumerate(Role)}


def encode_roles(roles: Iterable[str]) -> str:
    """The stored form of a set of role codes: ",a,b," sorted, or "" for no role."""
    codes = sorted({str(role) for role in roles})
    return f",{','.join(codes)}," if codes else ""


def decode_roles(value: str) -> tuple[str, ...]:
    """The role codes in a stored value, known or not."""
    return tuple(code for code in value.split(",") if code)


def sort_roles(roles: Iterable[Role]) -> list[Role]:
    """Roles in display order (the order of `Role`)."""
    return sorted(roles, key=_ORDER.__getitem__)


def validate_roles(codes: Iterable[str]) -> frozenset[Role]:
    """Return the roles for `codes`, or raise ValidationError if one is unknown or the 三员 rule is broken."""
    codes = {str(code) for code in codes}
    unknown = sorted(codes - set(Role.values))
    if unknown:
        raise ValidationError(UNKNOWN_ROLE, code="unknown_role", params={"codes": "、".join(unknown)})
    roles = frozenset(Role(code) for code in codes)
    if roles & ADMIN_ROLES and len(roles) > 1:
        raise ValidationError(THREE_ADMINS_APART, code="three_admins_apart")
    return roles


def single_admin_values() -> list[str]:
    """The stored values of a user who is exactly one administrator."""
    return sorted(encode_roles([role]) for role in ADMIN_ROLES)


def roles_well_formed_condition() -> Q:
    """CHECK: roles is "" or ",code,...," in lower case, with no empty item."""
    return Q(roles="") | (
        Q(roles__startswith=",")
        & Q(roles__endswith=",")
        & ~Q(roles=",")
        & ~Q(roles__contains=",,")
        & Q(roles=Lower("roles"))
    )


def three_admins_apart_condition() -> Q:
    """CHECK: an administrator holds exactly that one role, or the user holds no administrator role."""
    no_admin_role = Q()
    for role in sorted(ADMIN_ROLES):
        no_admin_role &= ~Q(roles__contains=encode_roles([role]))
    return Q(roles__in=single_admin_values()) | no_admin_role
