"""``{% case_banners person %}``: the deadlines of a person's case (``core.registry``'s case
banner sources) at the top of each page of the case; ``{% person_links person %}``: the pages
the apps keep about the person (``core.registry``'s person link sources), on the person card.
Lower apps (people, intake) draw what the apps above them registered without naming them."""

from __future__ import annotations

from typing import Any

from django import template

from opencus.core import registry

register = template.Library()


@register.inclusion_tag("core/_case_banners.html", takes_context=True)
def case_banners(context: Any, person: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"banners": []}
    return {"banners": registry.case_banners(user, person)}


@register.inclusion_tag("core/_person_links.html", takes_context=True)
def person_links(context: Any, person: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"links": []}
    return {"links": registry.person_links(user, person)}
