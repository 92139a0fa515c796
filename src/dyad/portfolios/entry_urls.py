"""The forms that add, change and remove portfolio entries.

For each kind (`training`, `work`, `rsc_session`, `provider`, `education`): `<kind>_list`
(`/portfolio/training/`), `new_<kind>` (`/portfolio/training/new/`, its draft kept as the
person types by `draft_<kind>`, `/portfolio/training/new/draft/`), `edit_<kind>`
(`/portfolio/training/<id>/`, its draft kept by `draft_edit_<kind>`) and `delete_<kind>`
(`/portfolio/training/<id>/delete/`: a confirmation on GET, the removal on POST). Then
`agreements` and `membership`.
"""

from django.urls import path

from . import entry_views

PATHS = {
    "training": "training",
    "work": "work",
    "rsc_session": "rsc-sessions",
    "provider": "providers",
    "education": "education",
}


def _kind_paths(kind: str, prefix: str) -> list:
    base = f"portfolio/{prefix}/"
    args = {"kind": kind}
    return [
        path(base, entry_views.entry_list, args, name=f"{kind}_list"),
        path(f"{base}new/", entry_views.entry_new, args, name=f"new_{kind}"),
        path(f"{base}new/draft/", entry_views.save_draft, args, name=f"draft_{kind}"),
        path(f"{base}<int:pk>/", entry_views.entry_edit, args, name=f"edit_{kind}"),
        path(f"{base}<int:pk>/draft/", entry_views.save_draft, args, name=f"draft_edit_{kind}"),
        path(f"{base}<int:pk>/delete/", entry_views.entry_delete, args, name=f"delete_{kind}"),
    ]


urlpatterns: list = [
    *(p for kind, prefix in PATHS.items() for p in _kind_paths(kind, prefix)),
    path("portfolio/rsc-sessions/schedule/", entry_views.rsc_schedule, name="rsc_schedule"),
    path(
        "portfolio/providers/<int:pk>/endorsements/<int:endorsement>/delete/",
        entry_views.stated_endorsement_delete,
        name="delete_stated_endorsement",
    ),
    path("portfolio/agreements/", entry_views.agreements, name="agreements"),
    path("portfolio/membership/", entry_views.membership, name="membership"),
    path(
        "portfolio/membership/<int:pk>/delete/",
        entry_views.membership_delete,
        name="delete_membership",
    ),
]
