"""The site's URLs plus the benchmarks' floor page (/bench/floor/).

config/settings.py makes this the ROOT_URLCONF when REBOUND_BENCH_FLOOR=1, which
bench/pages.py and bench/load.py set for their runs; a deployment never sets it.
"""

from django.urls import include, path

from bench.floor import floor

urlpatterns = [
    path("", include("config.urls")),
    path("bench/floor/", floor, name="bench_floor"),
]
