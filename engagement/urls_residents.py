"""Engagement pages: residents (see urls.py)."""

urlpatterns = []
