"""Staff pages under /work/interactions/. Every query starts from `.for_user(request.user)` (another agency's
records are 404), every change goes through actions (which raise 403 without the role). The buttons of a
letter or a survey are its available actions (interactions/available.py), performed by one action view."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import agencies_with_role, has_role, staff_agencies, visible_agency_ids
from gongkai.common import privacy
from gongkai.common.actionview import action_view, run_action
from gongkai.common.params import parse_int, parse_year
from gongkai.interactions import actions, reporting
from gongkai.interactions.available import CONTACT, LETTERS, SURVEYS
from gongkai.interactions.excel import letters_workbook
from gongkai.interactions.forms import LetterFilterForm, SettingsForm, SurveyForm
from gongkai.interactions.models import LetterStatus, MailboxLetter, ReplyState, Survey
from gongkai.interactions.results import survey_results
from gongkai.journal.display import decorate
from gongkai.journal.models import Event
from gongkai.workbench.decorators import staff_required
from gongkai.workcalendar.service import due_soon_limit


def _letters(request):
    return MailboxLetter.objects.for_user(request.user).select_related("agency")


def _scope_ids(request, data) -> set[int]:
    """The agencies a drill-down covers: the visible ones, narrowed to ?agency= (and its subtree with ?subtree=1)."""
    ids = visible_agency_ids(request.user)
    if data.get("agency"):
        agency = Agency.objects.filter(pk=data["agency"], id__in=ids).first()
        if agency is None:
            return set()
        wanted = set(agency.descendants(include_self=True).values_list("id", flat=True)) if data.get("subtree") \
            else {agency.pk}
        ids &= wanted
    return ids


def _filtered_letters(request):
    form = LetterFilterForm(request.GET or None)
    qs = _letters(request)
    today = timezone.localdate()
    if form.is_valid():
        data = form.cleaned_data
        if data.get("year") and data.get("stat"):
            qs = reporting.mailbox_drilldown(_scope_ids(request, data), data["year"], data["stat"]).select_related(
                "agency")
        elif data.get("agency"):
            qs = qs.filter(agency_id__in=_scope_ids(request, data))
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("due") == "overdue":
            qs = qs.filter(status=LetterStatus.OPEN, due_on__lt=today)
        elif data.get("due") == "soon":
            qs = qs.filter(status=LetterStatus.OPEN, due_on__gte=today, due_on__lte=due_soon_limit(today))
        if data.get("q"):
            term = data["q"].strip()
            qs = qs.filter(tracking_code=term.upper()) | qs.filter(subject__icontains=term)
    return form, qs


@staff_required
@require_GET
def letters(request):
    form, qs = _filtered_letters(request)
    today = timezone.localdate()
    page = Paginator(qs.order_by("-received_at", "-id"), 30).get_page(request.GET.get("page"))
    for letter in page:
        letter.overdue = letter.status == LetterStatus.OPEN and letter.due_on < today
    query = request.GET.copy()
    query.pop("page", None)
    settings_agencies = agencies_with_role(request.user, *actions.SETTINGS_ROLES)
    drill = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("year") and form.cleaned_data.get("stat"):
        drill = {"year": form.cleaned_data["year"],
                 "label": dict(form.fields["stat"].choices)[form.cleaned_data["stat"]]}
    return render(request, "interactions/staff/letters.html",
                  {"form": form, "page": page, "drill": drill, "query": query.urlencode(), "today": today,
                   "settings_agencies": settings_agencies})


@staff_required
@require_GET
def letters_export(request):
    _, qs = _filtered_letters(request)
    data = letters_workbook(qs.order_by("received_at", "id"))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename=\"letters-{stamp}.xlsx\""
    return response


def _history(letter: MailboxLetter):
    reply_ids = [str(pk) for pk in letter.replies.values_list("pk", flat=True)]
    events = list((Event.objects.filter(object_type="interactions.mailboxletter", object_id=str(letter.pk))
                   | Event.objects.filter(object_type="interactions.mailboxreply", object_id__in=reply_ids))
                  .order_by("at", "id"))
    return decorate(events)


def _render_letter(request, letter: MailboxLetter, status: int = 200, bound: dict | None = None):
    """The letter's page. Its action forms are the available actions (`available.LETTERS`); `bound`
    holds the form of an action just refused, shown again with what was typed."""
    user = request.user
    can_handle = has_role(user, letter.agency, *actions.HANDLE_ROLES)
    revealed = can_handle and privacy.revealed_to(user, letter, "interactions.contact_revealed")
    acts = LETTERS.by_name_available(letter, user)
    acts.update({name: form for name, form in (bound or {}).items() if name in acts})
    review = LETTERS.by_name["review"]
    context = {
        "letter": letter,
        "current": letter.current_reply,
        "sent": letter.sent_reply,
        "acts": acts,
        # a reviewer looking at their own draft is told why there is no review form
        "review_refused": review.when(letter) and review.allowed_for(letter, user) and review.refused(letter, user),
        # handlers see the writer's name; phone and e-mail (also where the letter's text repeats them) stay
        # masked until they ask to see them ("查看完整信息", journaled), as on the applications' case page
        "show_name": can_handle,
        "show_contact": revealed,
        "reveal": CONTACT.available(letter, user) and not revealed,
        "body": letter.body if revealed else privacy.redact(letter.body, letter.writer_name if not can_handle else "",
                                                            letter.phone, letter.email),
        "history": _history(letter),
        "overdue": letter.status == LetterStatus.OPEN and letter.due_on < timezone.localdate(),
        "ReplyState": ReplyState,
        "LetterStatus": LetterStatus,
    }
    return render(request, "interactions/staff/letter_detail.html", context, status=status)


@staff_required
def letter_detail(request, pk: int):
    letter = get_object_or_404(_letters(request), pk=pk)
    return _render_letter(request, letter)


letter_reveal = action_view(get=lambda request, pk: get_object_or_404(_letters(request), pk=pk), menu=CONTACT,
                            done="interactions:letter_detail")
letter_action = action_view(
    get=lambda request, pk: get_object_or_404(_letters(request), pk=pk), menu=LETTERS,
    done="interactions:letter_detail", failed=lambda request, letter, bound: _render_letter(request, letter, 400, bound),
)


@staff_required
def mailbox_settings(request, agency_id: int):
    agency = get_object_or_404(staff_agencies(request.user), pk=agency_id)
    conf = actions.mailbox_settings(agency)
    form = SettingsForm(request.POST if request.method == "POST" else None, initial={
        "enabled": conf.enabled, "mailbox_name": conf.mailbox_name, "reply_days": conf.reply_days,
        "categories": conf.categories, "intro": conf.intro,
    })
    if request.method == "POST" and form.is_valid():
        if run_action(request, actions.update_settings, request.user, agency, **form.cleaned_data,
                      success="信箱设置已保存。新的答复期限适用于此后收到的来信。"):
            return redirect("interactions:settings", agency_id=agency.pk)
    can_edit = has_role(request.user, agency, *actions.SETTINGS_ROLES)
    return render(request, "interactions/staff/settings.html", {"agency": agency, "form": form, "can_edit": can_edit},
                  status=400 if request.method == "POST" else 200)


# --- surveys ----------------------------------------------------------------------------------------------


def _surveys(request):
    return Survey.objects.for_user(request.user).select_related("agency")


@staff_required
@require_GET
def surveys(request):
    rows = _surveys(request).order_by("-opens_on", "-id")
    year = parse_year(request.GET.get("year"))
    if year is not None:  # drill-down from the annual report: ?year=2020[&agency=<id>[&subtree=1]]
        data = {"agency": parse_int(request.GET.get("agency")), "subtree": request.GET.get("subtree") == "1"}
        rows = reporting.survey_drilldown(_scope_ids(request, data), year).select_related("agency")
    agencies = agencies_with_role(request.user, *actions.SURVEY_ROLES)
    return render(request, "interactions/staff/surveys.html", {"surveys": rows, "agencies": agencies})


@staff_required
def survey_new(request):
    agencies = list(agencies_with_role(request.user, *actions.SURVEY_ROLES))
    if not agencies:
        messages.error(request, "您没有发起网上调查的权限（需要公开专员、审核人或分管领导岗位）。")
        return redirect("interactions:surveys")
    form = SurveyForm(request.POST if request.method == "POST" else None)
    agency_id = request.POST.get("agency") or (agencies[0].pk if len(agencies) == 1 else "")
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if str(a.pk) == str(agency_id)), None)
        if agency is None:
            messages.error(request, "请选择发起调查的机关。")
        else:
            survey = run_action(request, actions.create_survey, request.user, agency, **form.cleaned_data,
                                success="调查已创建，请添加问题后发布。")
            if survey:
                return redirect("interactions:survey_detail", pk=survey.pk)
    return render(request, "interactions/staff/survey_new.html",
                  {"form": form, "agencies": agencies, "agency_id": str(agency_id)},
                  status=400 if request.method == "POST" else 200)


def _render_survey(request, survey: Survey, status: int = 200, bound: dict | None = None,
                   survey_form: SurveyForm | None = None):
    """The survey's page: its action forms are the available actions (`available.SURVEYS`), `bound` as
    for a letter; `survey_form` is the edit form (title, description, dates)."""
    total, questions = survey_results(survey)
    form = survey_form or SurveyForm(initial={
        "title": survey.title, "description": survey.description, "opens_on": survey.opens_on,
        "closes_on": survey.closes_on})
    acts = SURVEYS.by_name_available(survey, request.user)
    acts.update({name: f for name, f in (bound or {}).items() if name in acts})
    return render(request, "interactions/staff/survey_detail.html", {
        "survey": survey, "survey_form": form, "acts": acts,
        "questions": survey.questions.prefetch_related("options"), "total": total, "results": questions,
        "can_edit": has_role(request.user, survey.agency, *actions.SURVEY_ROLES),
    }, status=status)


@staff_required
def survey_detail(request, pk: int):
    """The survey's page; a POST saves its title, description and dates (the edit form)."""
    survey = get_object_or_404(_surveys(request), pk=pk)
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            if run_action(request, actions.update_survey, request.user, survey, **form.cleaned_data,
                          success="调查信息已保存。"):
                return redirect("interactions:survey_detail", pk=survey.pk)
        return _render_survey(request, survey, 400, survey_form=form)
    return _render_survey(request, survey)


survey_action = action_view(
    get=lambda request, pk: get_object_or_404(_surveys(request), pk=pk), menu=SURVEYS,
    done="interactions:survey_detail", failed=lambda request, survey, bound: _render_survey(request, survey, 400, bound),
)


def workbench_panel(request):
    """The workbench card: open letters, due soon, overdue (for the user's agencies)."""
    if not has_any_role(request.user):
        return ""
    today = timezone.localdate()
    counts = _letters(request).filter(status=LetterStatus.OPEN).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=due_soon_limit(today))),
    )
    open_count, overdue, soon = counts["open"], counts["overdue"], counts["soon"]
    if not open_count:
        return ""
    return mark_safe(render_to_string("interactions/staff/panel.html",  # noqa: S308 - our own template
                                      {"open": open_count, "overdue": overdue, "soon": soon}, request=request))


def has_any_role(user) -> bool:
    return bool(staff_agencies(user).exists())

