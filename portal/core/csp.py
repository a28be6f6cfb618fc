"""The Content-Security-Policy, strict on the public site and relaxed only inside the admin.

Public pages load scripts and styles only from this site, and no inline script runs without the
request's nonce. Wagtail's admin writes inline scripts and style attributes of its own, so
under ``/admin/`` (signed-in staff only) inline script and style are allowed too; every other
rule (same origin only, no plugins, no framing by other sites) holds there as well.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_RELAXATION = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.replace is None:
            # A nonce in the header would make browsers ignore 'unsafe-inline'.
            parts.replace, parts.nonce = ADMIN_RELAXATION, None
        return parts
