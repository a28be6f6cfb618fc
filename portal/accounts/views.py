from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.institutions.models import InstitutionPage

from . import services
from .forms import JoinRequestForm
from .models import InstitutionAccess, JoinRequest


@login_required
def memberships(request):
    """The member's institutions, their join requests, and a form to ask to join another."""
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                user=request.user,
                institution=form.cleaned_data["institution"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request was sent to the managers of %(name)s.")
                % {"name": form.cleaned_data["institution"].title},
            )
            return redirect("account_memberships")
    accesses = InstitutionAccess.objects.filter(
        editors__user=request.user
    ) | InstitutionAccess.objects.filter(managers__user=request.user)
    context = {
        "form": form,
        "institutions": [
            access.institution
            for access in accesses.select_related("institution__country").distinct()
        ],
        "join_requests": request.user.join_requests.select_related("institution__country"),
        "verified": services.has_verified_email(request.user),
    }
    return render(request, "accounts/memberships.html", context, status=400 if form.errors else 200)


def _managed_institutions(user):
    if user.is_superuser:
        return InstitutionPage.objects.all()
    return InstitutionPage.objects.filter(access__managers__user=user)


def join_requests_admin(request):
    """Admin: pending requests and current members of the institutions the user manages."""
    institutions = _managed_institutions(request.user).select_related("access").order_by("title")
    if not institutions.exists():
        raise PermissionDenied
    members = []
    for institution in institutions:
        access = getattr(institution, "access", None)
        if access is None:
            continue
        users = (
            get_user_model().objects.filter(groups__in=[access.editors, access.managers]).distinct()
        )
        members.append((institution, users.order_by("email")))
    context = {
        "pending": JoinRequest.objects.pending()
        .for_manager(request.user)
        .select_related("user", "institution"),
        "decided": JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING)
        .for_manager(request.user)
        .select_related("user", "institution", "decided_by")[:20],
        "members": members,
    }
    return render(request, "accounts/admin/join_requests.html", context)


@require_POST
def decide_join_request(request, pk: int, decision: str):
    join_request = get_object_or_404(JoinRequest, pk=pk)
    if not services.is_manager(request.user, join_request.institution):
        raise PermissionDenied
    try:
        services.decide(join_request=join_request, approve=decision == "approve", by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Decision saved; %(email)s has been told by email.")
            % {"email": join_request.user.email},
        )
    return redirect("accounts_admin:join_requests")


@require_POST
def revoke_member(request, institution_pk: int, user_pk: int):
    institution = get_object_or_404(InstitutionPage, pk=institution_pk)
    if not services.is_manager(request.user, institution):
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=user_pk)
    services.revoke(user=user, institution=institution, by=request.user)
    messages.success(
        request,
        _("%(email)s no longer has access to %(name)s.")
        % {"email": user.email, "name": institution.title},
    )
    return redirect("accounts_admin:join_requests")
