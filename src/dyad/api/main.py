"""The NinjaAPI of /api/v1/: its routers, error handlers, OpenAPI document and docs page (Swagger
UI from django-ninja's own static files: no CDN, no validator badge fetched from outside)."""

from __future__ import annotations

from django.urls import reverse
from ninja import NinjaAPI, Swagger

from . import problems, schemas
from .auth import public
from .endpoints import keyed_router, public_router

ERROR_CODES = {
    "public": (403, 404, 422, 429),
    "association": (401, 403, 404, 422),
}


class DyadAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document, with every error answer described as a problem document
        (application/problem+json) and the problem schema among the components."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = schemas.ProblemOut.model_json_schema()
        ref = {"$ref": "#/components/schemas/Problem"}
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                codes = {400}
                for tag in operation.get("tags", ()):
                    codes.update(ERROR_CODES.get(tag, ()))
                if operation.get("security"):
                    codes.update(ERROR_CODES["association"])
                if operation.get("requestBody"):
                    codes.add(400)
                responses = operation.setdefault("responses", {})
                for code in sorted(codes):
                    responses[str(code)] = {
                        "description": _DESCRIPTIONS.get(code, "A problem"),
                        "content": {problems.CONTENT_TYPE: {"schema": ref}},
                    }
        return schema


_DESCRIPTIONS = {
    400: "The change cannot be made (the field is named)",
    401: "No key, or a key that is unknown or revoked",
    403: "The key may only read (or the request was refused)",
    404: "Not found (or not the key's association)",
    422: "A parameter or field is not valid (named)",
    429: "Too many requests (Retry-After says when to try again)",
}

api = DyadAPI(
    title="Dyad API",
    version="1",
    description=(
        "Verification, the registry and requirement sets are public. An association's own data "
        "needs one of its API keys: `Authorization: Bearer <key>`. Errors are RFC 9457 problem "
        "documents. Webhooks and their signature: docs/api.md."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
problems.install(api)


@api.get("/", response=schemas.Index, tags=["public"], summary="What this API is")
@public
def index(request):
    return {
        "name": "Dyad API",
        "version": "1",
        "openapi": reverse("api-v1:openapi-json"),
        "docs": reverse("api-v1:openapi-view"),
    }


api.add_router("/", public_router)
api.add_router("/", keyed_router)
