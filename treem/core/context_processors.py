from .navigation import groups_for, items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    items = items_for(user, request.path)
    return {"nav_items": items, "nav_groups": groups_for(items)}
