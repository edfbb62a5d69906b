"""Two applications for the same system in other words (伙房/食堂, 监护人/家长), and how a test sends
one to the BDB: what the similar-project tests compare."""

CANTEEN = {
    "name": "学校智慧食堂",
    "summary": "学校伙房明厨亮灶，监护人在手机上查看每日菜谱。",
    "reason": "食品安全。",
}
TWIN = {
    "name": "中小学食堂阳光监管",
    "summary": "学生餐厅后厨直播，家长用小程序查看食谱。",
    "reason": "食安。",
}


def sent(act, project, unit: str = "jiaowei"):
    """`project` submitted by its unit and confirmed by its leader: it has reached the BDB."""
    return act(act(project, f"{unit}_unit", "submit"), f"{unit}_leader", "confirm")
