"""The JSON API (R8.5): the same selectors, services, engine and permissions as the web pages.

Every endpoint but the token endpoint needs `Authorization: Bearer <token>`. Every error has one
shape, {"detail": "…", "article": N?, "field": "…"?} (see errors.py).
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from govit.acceptance import api as library
from govit.api import auth, classification, errors, imports, me, projects
from govit.api.docs import LocalSwagger
from govit.construction import api as construction
from govit.documents import api as documents
from govit.experts import api as experts
from govit.findings import api as findings
from govit.funds import api as funds
from govit.jobs import api as jobs
from govit.operation import api as operation
from govit.papers import api as papers
from govit.plans import api as plans
from govit.similar import api as similar
from govit.steering import api as steering

DESCRIPTION = """\
GovIT 政务信息化项目管理平台接口（渝中府办〔2021〕19号）。

1. `POST /api/v1/auth/token` 以用户名、密码换取令牌；此后每个请求带上 `Authorization: Bearer <令牌>`。
2. `GET /api/v1/projects/{id}/actions` 列出您此刻可以办理的操作及其输入（JSON Schema），
   `POST /api/v1/projects/{id}/actions/{code}` 办理。
3. 较长的工作（如导入较多行的历史清单）返回 202 和一个后台任务，以 `GET /api/v1/jobs/{id}` 查询其进度与结果。
4. 出错时统一返回 `{"detail": "…", "article": 条款号?, "field": "字段"?}`：401 未登录，403 无权办理，
   404 不存在或无权查看，409 当前环节不能办理或被规则阻止（article 指明依据条款），422 输入有误（field 指明字段）。

金额为以元为单位、两位小数的字符串；日期为 YYYY-MM-DD；时间为北京时间。
"""


class ChineseJSONRenderer(JSONRenderer):
    # Chinese as characters, not \u escapes: readable in logs and by the people who call the API.
    json_dumps_params = {"ensure_ascii": False}


ERROR_SCHEMA = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


class GovitAPI(NinjaAPI):
    """Every operation's description also names the answers no endpoint declares itself: 400, a
    control character anywhere in the request (govit.front.middleware, before any endpoint), and
    422, a request its schema refuses (errors.py), wherever the operation takes any input."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for endpoint in operations.values():
                responses = endpoint["responses"]
                # Int keys, as django-ninja's own: a "400" string would be a second, duplicate key.
                responses.setdefault(400, {"description": "Bad Request", "content": ERROR_SCHEMA})
                if endpoint.get("parameters") or endpoint.get("requestBody"):
                    responses.setdefault(
                        422, {"description": "Unprocessable Entity", "content": ERROR_SCHEMA}
                    )
        return schema


api = GovitAPI(
    title="GovIT API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=auth.TokenAuth(),
    docs=LocalSwagger(),
    renderer=ChineseJSONRenderer(),
)
errors.install(api)
api.add_router("/auth", auth.router)
api.add_router("/projects", projects.router)
api.add_router("", classification.router)
api.add_router("", documents.router)
api.add_router("", experts.router)
api.add_router("", me.router)
api.add_router("", construction.router)
api.add_router("", funds.router)
api.add_router("", library.router)
api.add_router("", similar.router)
api.add_router("", steering.router)
api.add_router("", operation.router)
api.add_router("", findings.router)
api.add_router("", papers.router)
api.add_router("", imports.router)
api.add_router("", jobs.router)
api.add_router("", plans.router)
