#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localism.settings")
    from importlib import import_module

    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Read the settings now, so that a missing one (DJANGO_SECRET_KEY outside debug mode) is said
    # plainly rather than buried under a later "Models aren't loaded yet" traceback.
    try:
        import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as error:
        sys.exit(f"Localism cannot start: {error}")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
