"""Engagement pages: results (see urls.py)."""

urlpatterns = []
