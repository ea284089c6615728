from django.urls import path

app_name = "forums"
urlpatterns: list = []  # forum and meeting pages: see wards/views/forums.py
