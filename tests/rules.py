"""The Rules' versions and calendar the tests name explicitly: the policy package has no default."""

from govit.policy import WorkCalendar, load_policy

YUZHONG = load_policy("yuzhong-2021")
OFFICIAL = WorkCalendar.official()
