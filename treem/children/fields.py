"""Database field types of the registry."""

from django.db import models


class SearchKeysField(models.TextField):
    """keys.search_keys of a child: a tsvector on PostgreSQL (GIN indexed by
    migration 0006), plain text elsewhere. Written by the services only."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)
