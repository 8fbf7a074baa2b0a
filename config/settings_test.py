"""Test settings: the production settings with fast hashing and tasks run inline."""

import os

os.environ.setdefault("DEBUG", "1")

from .settings import *  # noqa: E402,F403

# Argon2 is deliberately slow; a dedicated test checks that production uses it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-files"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LANGUAGE_CODE = "vi"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
