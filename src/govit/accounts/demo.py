"""The demo district: Yuzhong's organisations and one demo person (at least) per role.

Plain data, loaded by `govit manage load_demo` (services.demo_district_load). The
organisations follow the real structure of 重庆市渝中区 (its bureaus, departments, 11 street
offices, management committees); the people, the third-party companies and every phone number
are made up. Every demo person signs in with the same password, DEMO_PASSWORD.
"""

from dataclasses import dataclass

from govit.accounts.models import Organisation
from govit.accounts.roles import Role

DEMO_PASSWORD = "GovIT-Demo-2026"

Kind = Organisation.Kind


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    short_name: str
    kind: str
    office: str = ""  # the bureau's duties it carries (roles.Office), for a bureau


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    organisation: str  # an organisation code
    roles: tuple[Role, ...]
    phone: str
    # Django admin permissions ("accounts" app); a person with any is staff.
    permissions: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        # .example is reserved (RFC 2606): a demo mail can never reach a real person.
        return f"{self.username}@yuzhong.example"


def _org(code: str, name: str, short_name: str, kind: str) -> DemoOrganisation:
    # A bureau carries the office its code names (the BDB carries "bdb").
    return DemoOrganisation(code, name, short_name, kind, code if kind == Kind.BUREAU else "")


BUREAUS = [
    _org("bdb", "重庆市渝中区大数据发展局", "区大数据发展局", Kind.BUREAU),
    _org("drc", "重庆市渝中区发展和改革委员会", "区发改委", Kind.BUREAU),
    _org("finance", "重庆市渝中区财政局", "区财政局", Kind.BUREAU),
    _org("audit", "重庆市渝中区审计局", "区审计局", Kind.BUREAU),
    _org("cac", "中共重庆市渝中区委网络安全和信息化委员会办公室", "区网信办", Kind.BUREAU),
]

DEPARTMENTS = [
    _org("gov_office", "重庆市渝中区人民政府办公室", "区政府办", Kind.DEPARTMENT),
    _org("jiaowei", "重庆市渝中区教育委员会", "区教委", Kind.DEPARTMENT),
    _org("weijian", "重庆市渝中区卫生健康委员会", "区卫生健康委", Kind.DEPARTMENT),
    _org("minzheng", "重庆市渝中区民政局", "区民政局", Kind.DEPARTMENT),
    _org("chengguan", "重庆市渝中区城市管理局", "区城市管理局", Kind.DEPARTMENT),
    _org("yingji", "重庆市渝中区应急管理局", "区应急管理局", Kind.DEPARTMENT),
    _org("gongan", "重庆市公安局渝中区分局", "区公安分局", Kind.DEPARTMENT),
    _org("renshe", "重庆市渝中区人力资源和社会保障局", "区人力社保局", Kind.DEPARTMENT),
    _org("zhujian", "重庆市渝中区住房和城乡建设委员会", "区住房城乡建委", Kind.DEPARTMENT),
    _org("shangwu", "重庆市渝中区商务委员会", "区商务委", Kind.DEPARTMENT),
    _org("wenlv", "重庆市渝中区文化和旅游发展委员会", "区文化旅游委", Kind.DEPARTMENT),
    _org("jingxin", "重庆市渝中区经济和信息化委员会", "区经济信息委", Kind.DEPARTMENT),
    _org("scjg", "重庆市渝中区市场监督管理局", "区市场监管局", Kind.DEPARTMENT),
    _org("shengtai", "重庆市渝中区生态环境局", "区生态环境局", Kind.DEPARTMENT),
    _org("guihua", "重庆市规划和自然资源局渝中区分局", "区规划自然资源局", Kind.DEPARTMENT),
    _org("sifa", "重庆市渝中区司法局", "区司法局", Kind.DEPARTMENT),
    _org("zhengwu", "重庆市渝中区人民政府政务服务管理办公室", "区政务服务办", Kind.DEPARTMENT),
    _org("tongji", "重庆市渝中区统计局", "区统计局", Kind.DEPARTMENT),
    _org("yibao", "重庆市渝中区医疗保障局", "区医保局", Kind.DEPARTMENT),
    _org("tuiyi", "重庆市渝中区退役军人事务局", "区退役军人事务局", Kind.DEPARTMENT),
    _org("jiaotong", "重庆市渝中区交通局", "区交通局", Kind.DEPARTMENT),
    _org("keji", "重庆市渝中区科学技术局", "区科技局", Kind.DEPARTMENT),
]

# The district's 11 street offices.
STREETS = [
    _org(code, f"重庆市渝中区{name}街道办事处", f"{name}街道", Kind.STREET)
    for code, name in [
        ("qixinggang", "七星岗"),
        ("jiefangbei", "解放碑"),
        ("lianglukou", "两路口"),
        ("shangqingsi", "上清寺"),
        ("caiyuanba", "菜园坝"),
        ("nanjimen", "南纪门"),
        ("daxigou", "大溪沟"),
        ("chaotianmen", "朝天门"),
        ("daping", "大坪"),
        ("hualongqiao", "化龙桥"),
        ("shiyoulu", "石油路"),
    ]
]

OTHER_UNITS = [
    _org("jfb_cbd", "重庆市渝中区解放碑中央商务区管理委员会", "解放碑中央商务区管委会", Kind.COMMITTEE),
    _org("hlq_committee", "重庆市渝中区化龙桥片区管理委员会", "化龙桥片区管委会", Kind.COMMITTEE),
    _org("rongmeiti", "重庆市渝中区融媒体中心", "区融媒体中心", Kind.INSTITUTION),
    _org("dangan", "重庆市渝中区档案馆", "区档案馆", Kind.INSTITUTION),
    _org("zuzhibu", "中共重庆市渝中区委组织部", "区委组织部", Kind.PARTY),
    _org("guozi", "重庆渝中国有资产经营管理有限公司", "渝中国资公司", Kind.SOE),
]

# Made-up companies; the universities are real and only lend their name to the demo experts' affiliation.
THIRD_PARTIES = [
    _org("shancheng_design", "重庆山城信息工程设计院有限公司", "山城设计院", Kind.AGENCY),
    _org("jialing_supervision", "重庆嘉陵信息工程监理有限公司", "嘉陵监理", Kind.AGENCY),
    _org("cq_testing", "重庆市软件评测中心", "软件评测中心", Kind.AGENCY),
    _org("cqu", "重庆大学", "重庆大学", Kind.AGENCY),
    _org("cqupt", "重庆邮电大学", "重庆邮电大学", Kind.AGENCY),
]

ORGANISATIONS = BUREAUS + DEPARTMENTS + STREETS + OTHER_UNITS + THIRD_PARTIES

# The system administrator keeps organisations and accounts; the security administrator assigns
# roles. Neither gets the other's permissions (三员分立).
SYSADMIN_PERMISSIONS = (
    "add_organisation",
    "change_organisation",
    "view_organisation",
    "add_user",
    "change_user",
    "view_user",
)
SECADMIN_PERMISSIONS = ("view_organisation", "change_user", "view_user")

PEOPLE = [
    DemoPerson("jiaowei_unit", "王晓燕", "jiaowei", (Role.UNIT,), "023-63891201"),
    DemoPerson("jiaowei_leader", "陈建国", "jiaowei", (Role.UNIT_LEADER,), "023-63891202"),
    DemoPerson("jfb_unit", "刘思雨", "jiefangbei", (Role.UNIT,), "023-63712301"),
    DemoPerson("jfb_leader", "张伟民", "jiefangbei", (Role.UNIT_LEADER,), "023-63712302"),
    DemoPerson("bdb", "李明轩", "bdb", (Role.BDB,), "023-63861001"),
    DemoPerson("lg_office", "赵丽娟", "bdb", (Role.LG_OFFICE,), "023-63861002"),
    DemoPerson("drc", "孙志强", "drc", (Role.DRC,), "023-63862001"),
    DemoPerson("finance", "周雅琴", "finance", (Role.FINANCE,), "023-63863001"),
    DemoPerson("audit", "吴国平", "audit", (Role.AUDIT,), "023-63864001"),
    DemoPerson("cac", "郑晓东", "cac", (Role.CAC,), "023-63865001"),
    DemoPerson("expert1", "黄立新", "cqu", (Role.EXPERT,), "13883001001"),
    DemoPerson("expert2", "何静怡", "cqupt", (Role.EXPERT,), "13883001002"),
    DemoPerson("agency_design", "马俊杰", "shancheng_design", (Role.AGENCY,), "13983002001"),
    DemoPerson("agency_supervision", "罗文博", "jialing_supervision", (Role.AGENCY,), "13983002002"),
    DemoPerson("agency_acceptance", "彭雪梅", "cq_testing", (Role.AGENCY,), "13983002003"),
    DemoPerson("sysadmin", "杨帆", "bdb", (Role.SYSADMIN,), "023-63861901", SYSADMIN_PERMISSIONS),
    DemoPerson("secadmin", "许宁", "bdb", (Role.SECADMIN,), "023-63861902", SECADMIN_PERMISSIONS),
    DemoPerson("auditadmin", "邓佳", "bdb", (Role.AUDITADMIN,), "023-63861903"),
]
