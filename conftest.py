"""Root pytest set-up.

Two-factor sign-in: in tests, `client.force_login(user)` stands for a complete
sign-in, password and code (treem/accounts/testing.py explains it). The tests
of the second step itself sign in through the real pages.
"""


def pytest_configure(config):
    from treem.accounts.testing import second_step_on_force_login

    second_step_on_force_login()
