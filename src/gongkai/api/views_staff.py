"""The workbench page of API tokens (/work/api-tokens/): the tokens of the agencies the user manages
(分管领导 of the agency, or the 政务公开办 above it), creating one (its secret shown once, on the answer
to the POST, never stored) and revoking one (through the action menu)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from gongkai.agencies.scoping import agencies_with_role
from gongkai.api import actions
from gongkai.api.available import TOKENS
from gongkai.api.forms import TokenForm
from gongkai.api.models import ApiToken
from gongkai.common.actionview import action_view
from gongkai.workbench.decorators import staff_required


def _managed(user):
    return agencies_with_role(user, *actions.ADMIN_ROLES)


@never_cache
@staff_required
def token_list(request):
    agencies = _managed(request.user)
    form = TokenForm(request.POST or None, agencies=agencies)
    created, secret, status = None, "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, secret = actions.create_token(request.user, form.cleaned_data["agency"],
                                                       form.cleaned_data["name"], form.cleaned_data["scopes"])
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
        if created is None:
            status = 400
        else:
            form = TokenForm(agencies=agencies)
    rows = (ApiToken.objects.filter(agency__in=agencies).select_related("agency", "created_by", "revoked_by")
            .order_by("agency__path", "-created_at"))
    tokens = [(t, TOKENS.forms(t, request.user)) for t in rows]
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "created": created, "secret": secret,
                                               "may_create": agencies.exists()}, status=status)


def _get(request, pk):
    return get_object_or_404(ApiToken.objects.filter(agency__in=_managed(request.user)), pk=pk)


token_action = action_view(get=_get, menu=TOKENS, done=lambda token: "api_tokens:list")
