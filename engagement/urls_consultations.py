"""Engagement pages: consultations (see urls.py)."""

urlpatterns = []
