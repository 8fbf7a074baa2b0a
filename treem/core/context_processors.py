from django.utils.functional import SimpleLazyObject

from .navigation import groups_for, items_for


def navigation(request):
    """The menu, computed only by templates that show it (not by the htmx
    fragments a list re-renders as the officer types)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    items = SimpleLazyObject(lambda: items_for(user, request.path))
    return {"nav_items": items, "nav_groups": SimpleLazyObject(lambda: groups_for(items))}
