from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    officer whose browser is set to English would get English pages without
    asking for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
