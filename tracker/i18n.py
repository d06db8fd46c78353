"""Which language a page speaks (Flask-Babel), English or Spanish.

The visitor's choice comes first: `?lang=es|en` for that page; then a signed-in
user's own setting (account page); then the last `?lang=` remembered in a
cookie; then the browser's `Accept-Language`; then `TRACKER_DEFAULT_LOCALE`. Catalogs live in tracker/translations/ and are
compiled by `make install`.
"""
from __future__ import annotations

from functools import cache

from babel import Locale
from flask import Flask, Response, request
from flask_babel import get_locale
from markupsafe import Markup

from tracker.extensions import babel

LANGUAGES = {"en": "English", "es": "Español"}
COOKIE = "tracker_lang"
COOKIE_DAYS = 365


def _asked() -> str | None:
    """A language named in the query string, if it is one the app speaks."""
    value = (request.args.get("lang") or "").strip().lower()
    return value if value in LANGUAGES else None


def select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():
        # The command line and other work outside a page speak the network's default language.
        return current_app.config["TRACKER_DEFAULT_LOCALE"]
    asked = _asked()
    if asked:
        return asked
    from flask_login import current_user

    # A staff member's saved choice beats a cookie left by some earlier page.
    preferred = getattr(current_user, "locale", None) if current_user and current_user.is_authenticated else None
    if preferred in LANGUAGES:
        return preferred
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["TRACKER_DEFAULT_LOCALE"]


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def _selected_locale() -> Locale:
    """Flask-Babel's locale selector: one Locale per language, made once (parsing it
    again at every request looked for the language's data file on disk each time)."""
    return _locale(select_locale())


def _remember_choice(response: Response) -> Response:
    asked = _asked() if request else None
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_DAYS * 86400, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    if asked or COOKIE in request.cookies:
        response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    return response


def current_language() -> str:
    """The language code of this request ("en" or "es")."""
    return str(get_locale() or "en")


def lang_attribute(text) -> Markup:
    """` lang="es"` for a text written in another language than the page's
    (a campaign text shown in the language it exists in), so that a screen
    reader reads it with the right voice; nothing otherwise."""
    lang = getattr(text, "lang", None)
    if lang in LANGUAGES and lang != current_language():
        return Markup(' lang="%s"') % lang
    return Markup("")


# og:locale of a page in each language (Open Graph wants language_TERRITORY):
# the network's readers are in the United States, in English and in Spanish.
OG_LOCALES = {"en": "en_US", "es": "es_US"}


def language_links(external: bool = False) -> list[tuple[str, str, str]]:
    """(code, name, address) of this page in each language: the same page and
    query with `lang` set. Relative for the visible switch; `external` (built
    from TRACKER_BASE_URL) for the `hreflang` alternates."""
    from flask import url_for

    from tracker.links import external_url

    if request.endpoint is None:
        return []
    # After a POST the switch leads to the same form, empty, rather than resending it.
    args = {key: value for key, value in request.args.items() if key != "lang"} if request.method == "GET" else {}
    build = external_url if external else url_for
    return [
        (code, name, build(request.endpoint, **(request.view_args or {}), **args, lang=code))
        for code, name in LANGUAGES.items()
    ]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=_selected_locale, default_translation_directories="translations")
    app.after_request(_remember_choice)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=current_language, language_links=language_links,
                                 lang_attribute=lang_attribute, OG_LOCALES=OG_LOCALES)
