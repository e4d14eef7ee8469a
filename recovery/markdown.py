"""Markdown from admins, rendered and then sanitized: no markup an editor types may run."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]*)"')


def render_markdown(text: str) -> str:
    """HTML from Markdown with scripts, event handlers and javascript: links removed.

    External links get rel="noopener noreferrer"; links inside Rebound keep no rel.
    """
    html = markdown.markdown(text, extensions=["extra", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    return EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer" href="\1"', clean)
