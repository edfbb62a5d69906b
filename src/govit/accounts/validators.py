"""Validators for people's contact data."""

from django.core.validators import RegexValidator

# A mainland mobile number (11 digits, 13x–19x) or a fixed line with its area code (023-63891234).
phone_validator = RegexValidator(
    regex=r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
    message="请输入有效的手机号码，或带区号的固定电话（如 023-63891234）。",
    code="invalid_phone",
)
