"""The benchmarks' floor: a signed-in page that renders base.html with no data.

Mounted at /bench/floor/ only when REBOUND_BENCH_FLOOR=1 (bench/urls.py). Each page's
server time is reported as a ratio to this one, measured in the same run.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")
