"""Survey results: counts and percentages per option (one grouped query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from gongkai.interactions.models import Survey, SurveyAnswer


@dataclass(frozen=True)
class OptionResult:
    text: str
    count: int
    percent: float  # of the respondents (for multiple choice the percentages can add up to more than 100)


@dataclass(frozen=True)
class QuestionResult:
    position: int
    text: str
    kind_label: str
    answered: int
    options: list[OptionResult]


def survey_results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """(number of responses, per-question results)."""
    total = survey.responses.count()
    by_option = dict(
        SurveyAnswer.objects.filter(response__survey=survey)
        .values("option_id").annotate(n=Count("id")).values_list("option_id", "n")
    )
    by_question = dict(
        SurveyAnswer.objects.filter(response__survey=survey)
        .values("question_id").annotate(n=Count("response_id", distinct=True)).values_list("question_id", "n")
    )
    out = []
    for q in survey.questions.prefetch_related("options"):
        options = [
            OptionResult(o.text, by_option.get(o.id, 0), round(100 * by_option.get(o.id, 0) / total, 1) if total else 0.0)
            for o in q.options.all()
        ]
        out.append(QuestionResult(q.position, q.text, q.get_kind_display(), by_question.get(q.id, 0), options))
    return total, out
