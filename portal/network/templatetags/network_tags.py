from django import template

from portal.network.country_maps import country_maps as build_country_maps

register = template.Library()


@register.simple_tag
def country_maps(institutions):
    """``{% country_maps institutions as countries %}``: a map and region table per country, for
    the institution index (whose app sits below the content types the maps count)."""
    return build_country_maps(institutions)
