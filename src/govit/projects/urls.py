"""The people-facing project pages (the root URLconf includes these at "")."""

from django.urls import path

from govit.acceptance import views as library
from govit.construction import views as construction
from govit.experts import views as experts
from govit.findings import views as findings
from govit.funds import views as funds
from govit.operation import views as operation
from govit.papers import views as papers
from govit.projects.views import application, detail, imports, lists, secrecy
from govit.workflow import views as flowcharts

app_name = "projects"

urlpatterns = [
    path("todo/", lists.todo, name="todo"),
    path("todo/count/", lists.todo_count, name="todo_count"),
    path("done/", lists.done, name="done"),
    path("projects/", lists.project_list, name="list"),
    path("projects/export.xlsx", lists.project_export, name="export"),
    path("projects/import/", imports.list_import, name="import"),
    path("projects/import/confirm/", imports.list_import_confirm, name="import_confirm"),
    path("projects/import/template.xlsx", imports.list_import_template, name="import_template"),
    path("projects/new/", application.project_new, name="new"),
    path("projects/route-preview/", application.route_preview, name="route_preview"),
    path("projects/<int:pk>/", detail.project_detail, name="detail"),
    path("projects/<int:pk>/construction/", detail.project_tab, {"tab": "construction"}, name="construction"),
    path("projects/<int:pk>/funds/", detail.project_tab, {"tab": "funds"}, name="funds"),
    path("projects/<int:pk>/operation/", detail.project_tab, {"tab": "operation"}, name="operation"),
    path("projects/dossier/<int:year>.zip", papers.year_dossier, name="year_dossier"),
    path("projects/<int:pk>/dossier.zip", papers.project_dossier, name="dossier"),
    path("projects/<int:pk>/papers/", detail.project_tab, {"tab": "papers"}, name="papers"),
    path("projects/<int:pk>/papers/<slug:kind>/<str:key>.docx", papers.paper_document, name="paper_document"),
    path("projects/<int:pk>/papers/<slug:kind>/<str:key>/number/", papers.paper_number, name="paper_number"),
    path("projects/<int:pk>/papers/<slug:kind>/<str:key>/sign/", papers.paper_sign, name="paper_sign"),
    path("projects/<int:pk>/findings/", detail.project_tab, {"tab": "findings"}, name="findings"),
    path("projects/<int:pk>/findings/open/", findings.finding_open, name="finding_open"),
    path("projects/<int:pk>/findings/<int:finding>/answer/", findings.finding_answer, name="finding_answer"),
    path("projects/<int:pk>/findings/<int:finding>/close/", findings.finding_close, name="finding_close"),
    path("projects/<int:pk>/edit/", application.project_edit, name="edit"),
    path("projects/<int:pk>/history/", detail.project_history, name="history"),
    path("projects/<int:pk>/application.docx", application.application_docx, name="application_docx"),
    path("projects/<int:pk>/outline/<slug:template>.docx", application.outline_docx, name="outline_docx"),
    path("projects/<int:pk>/actions/<slug:code>/", detail.project_act, name="act"),
    path("projects/<int:pk>/documents/", detail.document_upload, name="upload"),
    path("projects/<int:pk>/preparer/", detail.preparer_set, name="set_preparer"),
    path("projects/<int:pk>/national-code/", detail.national_code_set, name="set_national_code"),
    path("projects/<int:pk>/experts/", detail.expert_assign, name="assign_expert"),
    path("projects/<int:pk>/review-conclusion/", detail.review_conclude, name="review_conclude"),
    path("projects/<int:pk>/acceptance-body/", library.acceptance_body_set, name="set_acceptance_body"),
    path("projects/<int:pk>/classification/", secrecy.classification, name="classification"),
    path("projects/<int:pk>/baseline/", construction.baseline_set, name="baseline_set"),
    path("projects/<int:pk>/accepted-items/", construction.accepted_items_set, name="accepted_items_set"),
    path("projects/<int:pk>/procurements/", construction.procurement_record, name="procurement_record"),
    path("projects/<int:pk>/contracts/", construction.contract_record, name="contract_record"),
    path("projects/<int:pk>/supervision-waiver/", construction.waiver_request, name="waiver_request"),
    path("projects/<int:pk>/supervision-waiver/accept/", construction.waiver_accept, name="waiver_accept"),
    path("projects/<int:pk>/owner-decisions/", construction.owner_decision, name="owner_decision"),
    path("projects/<int:pk>/changes/", construction.change_create, name="change_create"),
    path("projects/<int:pk>/disbursements/", construction.disbursement_record, name="disbursement_record"),
    path("contracts/<int:pk>/file/", construction.contract_file, name="contract_file"),
    path("contracts/<int:pk>/confirm/", construction.contract_confirm, name="contract_confirm"),
    path("changes/<int:pk>/review/", construction.change_review, name="change_review"),
    path("changes/<int:pk>/approve/", construction.change_approve, name="change_approve"),
    path("projects/<int:pk>/security/", operation.security_record, name="security_record"),
    path("projects/<int:pk>/data-resources/", operation.data_resource_record, name="data_resource_record"),
    path("data-resources/<int:pk>/sharings/", operation.sharing_record, name="sharing_record"),
    path("projects/<int:pk>/hub/", operation.hub_connection_set, name="hub_connection_set"),
    path("projects/<int:pk>/om-plan/", operation.om_plan_set, name="om_plan_set"),
    path("projects/<int:pk>/om-costs/", operation.om_cost_record, name="om_cost_record"),
    path("projects/<int:pk>/incidents/", operation.incident_record, name="incident_record"),
    path("projects/<int:pk>/final-account/", operation.final_account_record, name="final_account_record"),
    path("projects/<int:pk>/evaluations/", operation.evaluation_record, name="evaluation_record"),
    path("library/", library.library, name="library"),
    path("library/export.xlsx", library.library_export, name="library_export"),
    path("funds/", funds.funds, name="funds"),
    path("funds/export.xlsx", funds.funds_export, name="funds_export"),
    path("documents/<int:pk>/download/", detail.document_download, name="download"),
    path("experts/", experts.expert_list, name="experts"),
    path("experts/<int:pk>/deactivate/", experts.expert_deactivate, name="expert_deactivate"),
    path("reviews/", experts.review_list, name="reviews"),
    path("reviews/<int:pk>/", experts.review_submit, name="review_submit"),
    path("flowcharts/", flowcharts.flowchart_list, name="flowcharts"),
    path("flowcharts/<slug:flow>.svg", flowcharts.flowchart_download, name="flowchart_svg"),
]
