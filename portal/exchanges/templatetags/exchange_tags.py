from django import template

register = template.Library()


@register.simple_tag
def institution_cooperation(institution):
    """``{% institution_cooperation page as cooperation %}`` on an institution's page."""
    from portal.exchanges.network import institution_cooperation as cooperation

    return cooperation(institution)
