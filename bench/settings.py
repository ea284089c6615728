"""The benchmark's settings: production's (localism.settings), plus a floor view at /bench/floor/
(bench/urls.py). Nothing else differs; bench/pages.py sets the environment (a throwaway secret
key, plain HTTP, API rates out of the way)."""

from localism.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
