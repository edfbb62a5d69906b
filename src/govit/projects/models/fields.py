"""Field helpers shared by the project models."""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models

from govit import limits

# Exact money: yuan to the fen, below 10万亿元 (see govit.policy.money.MAX_AMOUNT).
MONEY = {"max_digits": 16, "decimal_places": 2}


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, **MONEY, **kwargs)


def yuan(fen: int | None) -> Decimal:
    """An amount the database keeps in whole fen (分; the kept totals, so that sums stay exact on
    SQLite too), in yuan with its two decimal places."""
    return Decimal(fen or 0).scaleb(-2)


# Mainland mobile (1xx xxxx xxxx) or a fixed line with its area code (023-6388 1234), R2.3.
phone_validator = RegexValidator(
    r"^(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}(-[0-9]{1,6})?)$",
    "请填写有效的联系电话：手机号（11位）或带区号的固定电话，如 023-63881234。",
)

# 全国投资项目在线审批监管平台的项目代码: 24 characters, e.g. 2101-500103-04-01-123456 (R2.9).
national_code_validator = RegexValidator(
    r"^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$",
    "项目代码应为全国投资项目在线审批监管平台赋予的24位代码，如 2101-500103-04-01-123456。",
)

# 文号: 渝中发改投〔2026〕123号 (the brackets may be typed as [] or 【】 too).
document_number_validator = RegexValidator(
    r"^.+[〔\[【(（][0-9]{4}[〕\]】)）][0-9]+号$",
    "文号格式应如 渝中发改投〔2026〕123号。",
)


def text_field(verbose_name: str, limit: int = limits.TEXT, **kwargs) -> models.TextField:
    """Free text of at most `limit` characters (govit.limits): the validator refuses more where the
    model is cleaned, and max_length carries the limit to the forms built from the field."""
    validator = MaxLengthValidator(limit, message=limits.TOO_LONG_VALIDATOR)
    return models.TextField(verbose_name, max_length=limit, validators=[validator], **kwargs)


@models.CharField.register_lookup
@models.TextField.register_lookup
class Filled(models.Lookup):
    """`field__filled=True`: the text is not empty, said with no parameter (`<> ''`). A partial
    index whose condition says the same then serves the query on SQLite too, which cannot match a
    bound parameter (`<> ?`) against an index's condition."""

    lookup_name = "filled"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if self.rhs is not True:
            raise ValueError("__filled takes True; for an empty text, filter on the empty string")
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} <> ''", params
