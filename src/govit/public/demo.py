"""The demo district publishes every public column of its list (信息公开), as its BDB would."""

from govit.accounts.models import User
from govit.public.models import Column, PublicColumn
from govit.public.services import public_columns_set


def demo_columns_publish() -> None:
    """Once: later runs keep what the BDB has chosen since."""
    if not PublicColumn.objects.exists():
        public_columns_set(user=User.objects.get(username="bdb"), columns=list(Column.values))
