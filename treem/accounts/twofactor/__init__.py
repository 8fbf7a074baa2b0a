"""Two-factor sign-in: a TOTP app as the second step after the password.

Required of the roles in TREEM_2FA_REQUIRED_ROLES, open to everyone else from
their account page. policy.py says who must pass it, services.py holds every
write (each audited), middleware.py holds every page until the step is passed,
views.py is the enrolment, the code page and the administrator's reset.
"""
