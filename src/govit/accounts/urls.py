from django.urls import path

from govit.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/reset/<uidb64>/<token>/", views.ResetView.as_view(), name="reset"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/verify/", views.verify, name="verify"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("account/grants/", views.grants, name="grants"),
    path("account/grants/<int:grant_id>/", views.grant_decide, name="grant_decide"),
]
