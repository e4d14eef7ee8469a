"""Guidance: the articles, the rule catalogue and the glossary, for anyone."""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from recovery import articles as guidance_figures
from recovery.engine import REGISTRY
from recovery.guidance_translation import base_language
from recovery.models import Guidance, GuidanceTranslation


def rule_catalogue(request: HttpRequest) -> HttpResponse:
    """Every rule with its parameters, defaults and bounds, and a link to its article."""
    return render(request, "recovery/rule_catalogue.html", {"rules": list(REGISTRY.values())})


def glossary(request: HttpRequest) -> HttpResponse:
    from recovery.glossary import TERMS

    terms = [(key, word, explanation) for key, (word, explanation) in TERMS.items()]
    return render(request, "recovery/glossary.html", {"terms": terms})


def guidance_index(request: HttpRequest) -> HttpResponse:
    """Published articles grouped by topic, with a search over title, summary and body."""
    query = request.GET.get("q", "").strip()[:100]
    articles = Guidance.objects.all()
    if not request.user.is_staff:
        articles = articles.filter(published=True)
    if query:
        articles = articles.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
        )
    topics = dict(Guidance.Topic.choices)
    grouped: dict[str, list[Guidance]] = {}
    params = guidance_figures.current_params()
    language = base_language(get_language())
    articles = articles.only("slug", "title", "summary", "topic", "published")
    translations = {}
    if language != "en":
        translations = {
            t.guidance_id: t for t in GuidanceTranslation.objects.filter(language=language)
        }
    for article in articles:
        article.in_language(language, translations.get(article.pk))
        article.summary_shown = article.summary_text(params)
        grouped.setdefault(str(topics.get(article.topic, article.topic)), []).append(article)
    return render(
        request,
        "recovery/guidance_index.html",
        {
            "grouped": sorted(grouped.items()),
            "query": query,
            "count": sum(map(len, grouped.values())),
        },
    )


def guidance_article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article. A draft is visible to staff only, marked as such; 404 for anyone else."""
    article = get_object_or_404(Guidance, slug=slug)
    if not article.published and not request.user.is_staff:
        raise Http404
    article.in_language(get_language())
    rules = [rule for rule in REGISTRY.values() if rule.guidance_slug == slug]
    params = guidance_figures.current_params()
    context = {
        "article": article,
        "rules": rules,
        "summary": article.summary_text(params),
        "body_html": article.body_html(params),
    }
    return render(request, "recovery/guidance_article.html", context)
