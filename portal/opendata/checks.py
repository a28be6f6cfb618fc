"""System checks of the open-data settings (registered in ``OpenDataConfig.ready``).

In production (``DEBUG`` off) OAI-PMH's ``Identify`` must give harvesters a real address and
record identifiers must carry the portal's real domain: ``manage.py check --deploy
--fail-level WARNING`` fails until both are configured.
"""

from django.conf import settings
from django.core import checks


def oai_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from portal.opendata import oai

    if settings.DEBUG:
        return []
    messages = []
    email = getattr(settings, "OAI_ADMIN_EMAIL", "")
    if not oai.is_public_email(email):
        problem = (
            f"OAI_ADMIN_EMAIL {email!r} is not a public email address."
            if email
            else "OAI_ADMIN_EMAIL is not set."
        )
        messages.append(
            checks.Warning(
                problem,
                hint=(
                    "Set OAI_ADMIN_EMAIL to the address harvesters of /oai/ should write to "
                    f"(Identify's adminEmail; today it says {oai.admin_email()!r})."
                ),
                id="opendata.W001",
            )
        )
    if not getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "") and oai.base_url_domain() is None:
        messages.append(
            checks.Warning(
                "OAI-PMH record identifiers would use the placeholder domain "
                f"{oai.LOCAL_REPOSITORY_ID!r}: BASE_URL's host is not a domain name.",
                hint=(
                    "Set BASE_URL to the portal's public address, or OAI_REPOSITORY_IDENTIFIER "
                    "to its domain name. Harvesters keep identifiers: choose it once."
                ),
                id="opendata.W002",
            )
        )
    return messages
