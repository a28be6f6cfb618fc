from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.core import visibility
from portal.institutions.models import InstitutionIndexPage

from .figures import network_figures


@require_GET
def network_numbers(request):
    """The network in numbers: published content by country, theme and year."""
    institutions = visibility.visible_queryset(InstitutionIndexPage.objects).first()
    return render(
        request,
        "network/network_numbers.html",
        {**network_figures(), "institutions_index": institutions},
    )
