"""The password backend: Django's own, with the person's organisation read in the same query as
the person, since every page names it in its header (one query fewer on every request)."""

from django.contrib.auth.backends import ModelBackend

from govit.accounts.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User.objects.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
