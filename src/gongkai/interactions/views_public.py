"""Public pages under /mailbox/: write a letter, check its reply, browse published Q&A, take part in surveys.

They work without JavaScript; nothing personal ever goes into a URL (the tracking code is shown on a page
after a redirect, and checking a reply is a POST)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Agency
from gongkai.interactions import actions, ratelimit
from gongkai.interactions.forms import LetterForm, QueryForm, survey_answer_form
from gongkai.interactions.models import MailboxLetter, MailboxSettings, Survey, SurveyStatus
from gongkai.interactions.results import survey_results
from gongkai.serving import receipts

DONE_KEY = "interactions_new_letter"
TAKEN_KEY = "interactions_surveys_taken"


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _published_letters():
    return MailboxLetter.objects.filter(published_on__isnull=False).select_related("agency")


def _public_surveys():
    return Survey.objects.exclude(status=SurveyStatus.DRAFT).select_related("agency")


def home(request):
    disabled = set(MailboxSettings.objects.filter(enabled=False).values_list("agency_id", flat=True))
    agencies = (
        Agency.objects.exclude(id__in=disabled)
        .annotate(qa=Count("letters", filter=Q(letters__published_on__isnull=False)))
        .order_by("path")
    )
    recent = _published_letters().order_by("-published_on", "-id")[:10]
    today = timezone.localdate()
    open_surveys = _public_surveys().filter(status=SurveyStatus.OPEN, opens_on__lte=today, closes_on__gte=today)
    return render(request, "interactions/public/home.html",
                  {"agencies": agencies, "recent": recent, "open_surveys": open_surveys[:5]})


@require_http_methods(["GET", "POST"])
def write(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    conf = actions.mailbox_settings(agency)
    if not conf.enabled:
        raise Http404("该机关暂未开通领导信箱。")
    form = LetterForm(request.POST if request.method == "POST" else None, categories=conf.category_list())
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        request.session.setdefault("mailbox_form_shown", True)  # the session exists before a letter is sent
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The same letter sent again from this browser (its first answer lost): show the first receipt.
        fp = receipts.fingerprint(agency.pk, data["writer_name"], data["phone"], data["email"], data["subject"],
                                  data["body"])
        if request.session.get("mailbox_form_shown") and (request.session.get(DONE_KEY) or {}).get("fp") == fp:
            return redirect("interactions_public:done")
        if not ratelimit.allow(request, "letter"):
            messages.error(request, ratelimit.message("letter"))
            status = 429
        else:
            try:
                # The letter and the session holding its receipt commit together (serving.receipts).
                with transaction.atomic():
                    letter = actions.submit_letter(
                        actions.PUBLIC_ACTOR, agency, category=data["category"], writer_name=data["writer_name"], phone=data["phone"],
                        email=data["email"], subject=data["subject"], body=data["body"],
                        consent_publish=data["consent_publish"],
                        ip=request.META.get("REMOTE_ADDR"),
                    )
                    request.session[DONE_KEY] = {"code": letter.tracking_code, "password": letter.issued_password,
                                                 "agency": agency.name,
                                                 "due_on": letter.due_on.isoformat(),
                                                 "provisional": letter.due_provisional, "fp": fp}
                    receipts.save_in_transaction(request)
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                return redirect("interactions_public:done")
    return render(request, "interactions/public/write.html", {"agency": agency, "conf": conf, "form": form},
                  status=status)


def done(request):
    info = request.session.get(DONE_KEY)
    if not info:
        return redirect("interactions_public:query")
    return render(request, "interactions/public/done.html", {"info": info})


@require_http_methods(["GET", "POST"])
def query(request):
    form = QueryForm(request.POST if request.method == "POST" else None)
    letter = None
    status = 200
    if request.method == "POST":
        request.session.pop(DONE_KEY, None)
        if not ratelimit.allow(request, "query"):
            messages.error(request, ratelimit.message("query"))
            status = 429
        elif form.is_valid():
            letter = actions.find_letter(form.cleaned_data["tracking_code"], form.cleaned_data["query_password"])
            if letter is None:
                form.add_error(None, "查询码或查询密码不正确，请核对后重新输入。")
                status = 400
        else:
            status = 400
    reply = letter.sent_reply if letter else None
    return render(request, "interactions/public/query.html", {"form": form, "letter": letter, "reply": reply},
                  status=status)


def qa_list(request):
    letters = _published_letters().order_by("-published_on", "-id")
    agency = None
    if request.GET.get("agency"):
        agency = Agency.objects.filter(slug=request.GET["agency"]).first()
        letters = letters.filter(agency=agency) if agency else letters.none()
    category = request.GET.get("category", "").strip()
    if category:
        letters = letters.filter(category=category)
    page = Paginator(letters, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    categories = _published_letters().values_list("category", flat=True).distinct().order_by("category")
    return render(request, "interactions/public/qa_list.html",
                  {"page": page, "query": query.urlencode(), "agency": agency, "category": category, "categories": categories,
                   "agencies": Agency.objects.filter(letters__published_on__isnull=False).distinct()})


def qa_detail(request, pk: int):
    letter = get_object_or_404(_published_letters(), pk=pk)
    return render(request, "interactions/public/qa_detail.html", {"letter": letter, "reply": letter.sent_reply})


def surveys(request):
    today = timezone.localdate()
    qs = _public_surveys()
    open_now = qs.filter(status=SurveyStatus.OPEN, opens_on__lte=today, closes_on__gte=today)
    with_results = qs.filter(results_published_on__isnull=False).order_by("-results_published_on")
    return render(request, "interactions/public/surveys.html", {"open_now": open_now, "with_results": with_results})


def _taken(request) -> set[int]:
    return set(request.session.get(TAKEN_KEY, []))


@require_http_methods(["GET", "POST"])
def survey_take(request, pk: int):
    survey = get_object_or_404(_public_surveys(), pk=pk)
    today = timezone.localdate()
    if not survey.accepts_responses(today):
        if survey.results_published:
            return redirect("interactions_public:survey_results", pk=survey.pk)
        return render(request, "interactions/public/survey_closed.html", {"survey": survey}, status=410)
    already = survey.pk in _taken(request)
    form = survey_answer_form(survey, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not already:
        if not ratelimit.allow(request, "survey"):
            messages.error(request, ratelimit.message("survey"))
            status = 429
        elif form.is_valid():
            if not request.session.session_key:
                request.session.save()
            answers = {}
            for name, value in form.cleaned_data.items():
                qid = int(name[1:])
                answers[qid] = value if isinstance(value, list) else ([value] if value else [])
            try:
                actions.submit_response(actions.PUBLIC_ACTOR, survey, request.session.session_key, answers,
                                        ip=request.META.get("REMOTE_ADDR"))
            except actions.AlreadyAnswered as exc:
                messages.info(request, _error_text(exc))
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
                status = 400
            else:
                messages.success(request, "提交成功，感谢您参与调查！")
            if status == 200:
                request.session[TAKEN_KEY] = sorted(_taken(request) | {survey.pk})
                return redirect("interactions_public:survey_take", pk=survey.pk)
        else:
            status = 400
    return render(request, "interactions/public/survey_take.html",
                  {"survey": survey, "form": form, "already": already}, status=status)


def survey_results_view(request, pk: int):
    survey = get_object_or_404(_public_surveys().filter(results_published_on__isnull=False), pk=pk)
    total, questions = survey_results(survey)
    return render(request, "interactions/public/survey_results.html",
                  {"survey": survey, "total": total, "questions": questions})
