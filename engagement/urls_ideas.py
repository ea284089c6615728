"""Engagement pages: ideas (see urls.py)."""

urlpatterns = []
