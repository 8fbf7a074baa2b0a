"""Root pytest set-up.

Two-factor sign-in: in tests, `client.force_login(user)` stands for a complete
sign-in, password and code (treem/accounts/testing.py explains it). The tests
of the second step itself sign in through the real pages.
"""


def pytest_configure(config):
    from treem.accounts.testing import second_step_on_force_login

    second_step_on_force_login()


def pytest_runtest_setup(item):
    """Each test starts with an empty cache: the LocMem cache lives as long as
    the process, and a figure or a page part cached by one test must not be
    what the next one reads."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
