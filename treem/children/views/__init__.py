"""The registry's pages, one module per part: registry (list, record, forms),
episodes (the record's sections), history, io (import, export), quality
(checks, merges, code lists) and transfers."""
