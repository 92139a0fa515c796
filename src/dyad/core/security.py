"""Security headers Django does not set itself.

`PermissionsPolicyMiddleware` sends `Permissions-Policy` on every response, built once from
`settings.PERMISSIONS_POLICY`: a feature mapped to `[]` is off for the page and anything it embeds
(`camera=()`); `["self"]` allows this site only (`camera=(self)`); any other entry is an origin.
"""

from __future__ import annotations

from django.conf import settings

HEADER = "Permissions-Policy"


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header value (RFC 8941 structured fields): `camera=(), fullscreen=(self "https://a")`."""
    parts = []
    for feature, allowed in features.items():
        origins = " ".join(origin if origin == "self" else f'"{origin}"' for origin in allowed)
        parts.append(f"{feature}=({origins})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value and HEADER not in response:
            response[HEADER] = self.value
        return response
