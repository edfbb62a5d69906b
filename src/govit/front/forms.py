"""Forms of the people-facing pages."""

from django.contrib.auth.forms import AuthenticationForm

INVALID_LOGIN = "用户名或密码不正确，请重新输入（区分大小写）。"
INACTIVE_ACCOUNT = "该账号已停用，请联系系统管理员。"


class LoginForm(AuthenticationForm):
    """Django's login form, with GovIT's Chinese messages."""

    error_messages = {
        "invalid_login": INVALID_LOGIN,
        "inactive": INACTIVE_ACCOUNT,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].error_messages["required"] = "请输入用户名。"
        self.fields["password"].label = "密码"
        self.fields["password"].error_messages["required"] = "请输入密码。"
