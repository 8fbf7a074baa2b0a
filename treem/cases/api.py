def register(router):
    """Add this app's API endpoints to the project's router."""
