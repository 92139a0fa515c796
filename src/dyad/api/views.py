"""The coordinator's pages for the association's API keys and webhooks. Each action calls its
service (with its event); the secret of a new key is shown on the answer to the POST that made
it, once, and never stored."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError

from . import services
from .forms import EVENT_LABELS, KeyForm, WebhookForm
from .models import ApiKey, Webhook, WebhookDelivery

COORDINATOR = StaffMembership.Role.COORDINATOR
DELIVERIES_SHOWN = 50


@association_view(COORDINATOR)
def keys(request, association):
    form = KeyForm(request.POST or None)
    new = None
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_api_key(
                association=association,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                actor=request.user,
                form_key=form.cleaned_data["key"],
            )
        except services.AlreadyDone:
            messages.info(request, _("That key was made already; its secret was shown once."))
            return redirect("api:keys", association.slug)
        except DyadError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            form = KeyForm()
    return render(
        request,
        "api/keys.html",
        {
            "association": association,
            "form": form,
            "new": new,
            "keys": ApiKey.objects.filter(association=association).select_related("created_by"),
        },
    )


@require_POST
@association_view(COORDINATOR)
def key_action(request, association, pk):
    key = ApiKey.objects.filter(association=association, pk=pk).first()
    if key is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "revoke":
            services.revoke_api_key(key=key, actor=request.user)
            messages.success(
                request, _("The key %(prefix)s… no longer works.") % {"prefix": key.prefix}
            )
        elif action == "rotate":
            new = services.rotate_api_key(key=key, actor=request.user)
            return render(
                request,
                "api/keys.html",
                {
                    "association": association,
                    "form": KeyForm(),
                    "new": new,
                    "rotated": key,
                    "keys": ApiKey.objects.filter(association=association).select_related(
                        "created_by"
                    ),
                },
            )
    except DyadError as exc:
        messages.error(request, exc.message)
    return redirect("api:keys", association.slug)


@association_view(COORDINATOR)
def webhooks(request, association):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = services.create_webhook(
                association=association,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                actor=request.user,
                form_key=form.cleaned_data["key"],
            )
        except DyadError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The webhook was added: events are sent from now on."))
            return redirect("api:webhook", association.slug, webhook.pk)
    return render(
        request,
        "api/webhooks.html",
        {
            "association": association,
            "form": form,
            "webhooks": Webhook.objects.filter(association=association),
            "labels": EVENT_LABELS,
        },
    )


@association_view(COORDINATOR)
def webhook_detail(request, association, pk):
    webhook = Webhook.objects.filter(association=association, pk=pk).first()
    if webhook is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.remove_webhook(webhook=webhook, actor=request.user)
        messages.success(request, _("The webhook was removed: nothing more is sent to it."))
        return redirect("api:webhook", association.slug, webhook.pk)
    deliveries = (
        WebhookDelivery.objects.filter(association=association, webhook=webhook)
        .select_related("event")
        .order_by("-created_at", "-id")[:DELIVERIES_SHOWN]
    )
    return render(
        request,
        "api/webhook.html",
        {
            "association": association,
            "webhook": webhook,
            "deliveries": deliveries,
            "labels": EVENT_LABELS,
        },
    )
