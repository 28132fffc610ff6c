"""One way to perform an action from a page: a declared `Action` per button, `available_actions(obj,
user)` asked by both the template (which buttons to show) and the view (which POST to accept).

Each app declares its actions next to its action functions (`<app>/available.py`):

    ACTIONS = Menu([
        Action("submit", "提交审核", lambda user, item, data: actions.submit_item(user, item),
               roles=actions.EDIT_ROLES, when=lambda item: item.status == Status.DRAFT),
        Action("withdraw", "撤回", lambda user, item, data: actions.withdraw_item(user, item, data["reason"]),
               form=forms.ReasonForm, roles=actions.PUBLISH_ROLES, when=lambda item: item.is_public,
               style="danger"),
    ])
    available_actions = ACTIONS.available

and its urls route POSTs to one view:

    path("<int:pk>/do/<slug:name>/", action_view(get=_get, menu=ACTIONS, done="disclosures:detail"))

A button shown is a button allowed: the view refuses (403) an action whose roles the user lacks and
answers an action not available in the object's current state with an error message, before the
action function (which checks again under the row lock) is called.

A page whose action forms take typed text (a reply, a reason) passes `failed=` to `action_view`: a
refused form is then shown again on the object's page (status 400) with what the user typed and the
form's errors, instead of a redirect that would lose it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import roles_at
from gongkai.workbench.decorators import staff_required


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    run: Callable[[Any, Any, dict], Any]  # (user, obj, cleaned form data) → anything
    roles: tuple[str, ...] = ()
    when: Callable[[Any], bool] = lambda obj: True
    form: type[forms.Form] | None = None
    initial: Callable[[Any], dict] | None = None  # the form's initial values for this object
    form_kwargs: Callable[[Any], dict] | None = None  # extra form arguments (e.g. choices from the object)
    style: str = ""  # "", "primary", "danger"
    confirm: str = ""  # a confirmation question shown before submitting
    success: str | Callable[[Any, dict], str] = "操作已完成。"  # or (obj, cleaned data + "_result") → message
    agency: Callable[[Any], Any] = field(default=lambda obj: obj.agency)
    # why this user may not do it to this object now (e.g. review their own draft), "" when they may;
    # asked like `when`, by the menu and by `perform`
    refusal: Callable[[Any, Any], str] | None = None

    def refused(self, obj, user) -> str:
        return self.refusal(obj, user) if self.refusal is not None else ""

    def allowed_for(self, obj, user, roles: set[str] | None = None) -> bool:
        roles = roles_at(user, self.agency(obj)) if roles is None else roles
        return bool(roles & set(self.roles))

    def make_form(self, obj, data=None, files=None) -> forms.Form | None:
        if self.form is None:
            return None
        kwargs = dict(self.form_kwargs(obj)) if self.form_kwargs else {}
        if data is None:
            kwargs["initial"] = self.initial(obj) if self.initial else {}
        else:
            kwargs["data"], kwargs["files"] = data, files
        form = self.form(**kwargs)
        form.auto_id = f"{self.name}-%s"  # several action forms on one page share field names
        return form


class Menu:
    """The actions of one kind of object, in display order."""

    def __init__(self, actions: Iterable[Action]):
        self.actions = list(actions)
        self.by_name = {a.name: a for a in self.actions}
        if len(self.by_name) != len(self.actions):
            raise ValueError("duplicate action names")

    def available(self, obj, user) -> list[Action]:
        """The actions `user` may perform on `obj` now (role held and state allows)."""
        if not self.actions:
            return []
        roles = roles_at(user, self.actions[0].agency(obj))
        return [a for a in self.actions if a.allowed_for(obj, user, roles) and a.when(obj) and not a.refused(obj, user)]

    def forms(self, obj, user) -> list[tuple[Action, forms.Form | None]]:
        """(action, unbound form) for every available action, for the template."""
        return [(a, a.make_form(obj)) for a in self.available(obj, user)]

    def by_name_available(self, obj, user) -> dict[str, forms.Form | None]:
        return {a.name: f for a, f in self.forms(obj, user)}


def error_text(form: forms.Form) -> str:
    parts = []
    for name, errs in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'，'.join(errs)}" if label else "，".join(errs))
    return "；".join(parts)


def perform(request, obj, menu: Menu, name: str, bound: dict | None = None, results: dict | None = None) -> bool:
    """Run action `name` on `obj` for the request's user; flash the outcome. True when it was done.

    With `bound` (a dict), the bound form is put in `bound[name]` for the caller to show again, and a
    form that does not validate is not flashed (the form shows its own errors). With `results` (a
    dict), what the action function returned is put in `results[name]` (an action that creates a
    record: the page goes on to it)."""
    action = menu.by_name.get(name)
    if action is None:
        raise Http404("没有这个操作。")
    if not action.allowed_for(obj, request.user):
        names = "、".join(Role(r).label for r in action.roles if r in Role.values)
        raise PermissionDenied(f"您没有执行“{action.label}”的权限（需要：{names}）。")
    if not action.when(obj):
        messages.error(request, f"操作未完成：当前状态下不能“{action.label}”。请刷新页面后再试。")
        return False
    if reason := action.refused(obj, request.user):
        messages.error(request, f"操作未完成：{reason}")
        return False
    form = action.make_form(obj, request.POST, request.FILES)
    if form is not None and bound is not None:
        bound[name] = form
    if form is not None and not form.is_valid():
        if bound is None:
            messages.error(request, f"操作未完成：{error_text(form)}")
        return False
    try:
        result = action.run(request.user, obj, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        messages.error(request, "操作未完成：" + "；".join(exc.messages))
        return False
    if results is not None:
        results[name] = result
    # a callable `success` also sees what the action returned, as data["_result"] (e.g. a new password
    # shown once)
    data = {**(form.cleaned_data if form is not None else {}), "_result": result}
    messages.success(request, action.success(obj, data) if callable(action.success) else action.success)
    return True


def run_action(request, fn: Callable[..., Any], *args, success: str = "", denied_as_message: bool = False,
               **kwargs) -> Any:
    """Call an action function from a form view (a page's own form, not a Menu button): a refusal
    (ValidationError; with `denied_as_message` also PermissionDenied, which otherwise answers 403)
    becomes an error message on the page and None is returned, so the view shows the form again with
    what was typed. Done: the `success` message is flashed and the action's result is returned (True
    for an action that returns nothing)."""
    try:
        result = fn(*args, **kwargs)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return None
    except PermissionDenied as exc:
        if not denied_as_message:
            raise
        messages.error(request, str(exc) or "没有权限。")
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def action_view(*, get: Callable[[Any, int], Any], menu: Menu, done: str | Callable[[Any], Any],
                failed: Callable[[Any, Any, dict], Any] | None = None):
    """The POST view for every action of one kind of object: `get(request, pk)` returns the object
    from a scoped queryset (404 outside the user's agencies); `done` is the URL name (called with the
    object's pk) or a function of the object giving where to go afterwards. `failed(request, obj,
    bound)`, when given, answers an action with a form that was not done: it renders the object's page
    (status 400) with `bound` = {action name: bound form}, so that nothing typed is lost."""

    @staff_required
    @require_POST
    def view(request, pk, name):
        obj = get(request, pk)
        bound: dict | None = {} if failed is not None else None
        if not perform(request, obj, menu, name, bound) and bound:
            return failed(request, obj, bound)
        if callable(done):
            return redirect(done(obj))
        return redirect(done, obj.pk)

    return view
