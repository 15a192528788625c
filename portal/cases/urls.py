from django.urls import path

from portal.cases.views import actions, cases, drafts, files, gates, lines, supplement

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("<slug:slug>/new/", drafts.new_draft, name="new"),
    path("<slug:slug>/start/", gates.start, name="start"),
    path("<slug:slug>/<int:pk>/gate/<slug:code>/", gates.gate, name="gate"),
    path("<slug:slug>/<int:pk>/", cases.case_detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/documents/", drafts.edit_documents, name="documents"),
    # A tab: a repeating section's lines, or the section's form (drafts.edit_section).
    path("<slug:slug>/<int:pk>/edit/<slug:section>/", lines.section_page, name="section"),
    path(
        "<slug:slug>/<int:pk>/edit/<slug:section>/lines/<slug:line>/",
        lines.edit_line,
        name="line",
    ),
    path(
        "<slug:slug>/<int:pk>/lines/<slug:section>/<slug:line>/void/",
        lines.void_line,
        name="void_line",
    ),
    path("<slug:slug>/<int:pk>/review/", drafts.review, name="review"),
    path("<slug:slug>/<int:pk>/supplement/", supplement.answer_supplement, name="supplement"),
    path("<slug:slug>/<int:pk>/act/<slug:name>/", actions.confirm_action, name="act"),
    path("<slug:slug>/<int:pk>/documents/<int:document_id>/", files.download, name="document"),
]
