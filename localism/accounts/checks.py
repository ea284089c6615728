from django.conf import settings
from django.core.checks import Error, Tags, register

E001 = "DJANGO_SECRET_KEY is not set: the built-in local key must never be used in production."


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.INSECURE_SECRET_KEY:
        return [Error(E001, id="localism.E001")]
    return []
