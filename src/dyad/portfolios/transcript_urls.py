"""The transcripts of an education entry: `transcripts` (`/portfolio/education/<id>/files/`: the
list and the upload), `download_transcript` (`.../files/<id>/download/`) and `remove_transcript`
(`.../files/<id>/remove/`: a confirmation on GET, the removal on POST)."""

from django.urls import path

from . import transcript_views

urlpatterns = [
    path(
        "portfolio/education/<int:pk>/files/",
        transcript_views.transcripts,
        name="transcripts",
    ),
    path(
        "portfolio/education/<int:pk>/files/<int:transcript>/download/",
        transcript_views.download_transcript,
        name="download_transcript",
    ),
    path(
        "portfolio/education/<int:pk>/files/<int:transcript>/remove/",
        transcript_views.remove_transcript_view,
        name="remove_transcript",
    ),
]
