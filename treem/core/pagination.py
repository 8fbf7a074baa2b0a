from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most CAP + 1 rows: an exact COUNT(*) over a whole ward of a
    large registry costs more than the page itself (bench/README.md). Lists
    say "more than CAP" beyond it; the pages past the cap stay reachable."""

    CAP = 1000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.CAP + 1].count()

    @property
    def capped(self):
        return self.count > self.CAP
