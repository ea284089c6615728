"""The engagement app's pages: consultations and their answers, results, ideas and residents'
accounts, one module each, under one namespace."""

from . import urls_consultations, urls_ideas, urls_residents, urls_results

app_name = "engagement"
urlpatterns = [
    *urls_consultations.urlpatterns,
    *urls_results.urlpatterns,
    *urls_ideas.urlpatterns,
    *urls_residents.urlpatterns,
]
