import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.interactions import actions
from gongkai.interactions.models import SurveyStatus
from gongkai.interactions.results import survey_results
from gongkai.journal.models import Event


@pytest.fixture
def survey(staff, agency_tree):
    today = timezone.localdate()
    s = actions.create_survey(staff["officer"], agency_tree["dept"], title="统计信息公开满意度调查",
                              description="", opens_on=today - dt.timedelta(days=1),
                              closes_on=today + dt.timedelta(days=10))
    actions.add_question(staff["officer"], s, text="是否满意？", kind="single", options=["满意", "基本满意", "不满意"])
    actions.add_question(staff["officer"], s, text="获取渠道", kind="multiple", options=["网站", "微信", "微博"],
                         required=False)
    return s


def _ids(survey):
    q1, q2 = list(survey.questions.prefetch_related("options"))
    return q1, list(q1.options.all()), q2, list(q2.options.all())


def test_survey_lifecycle_and_percentages(survey, staff):
    with pytest.raises(ValidationError, match="不在征集期"):
        actions.submit_response(actions.PUBLIC_ACTOR, survey, "s0", {})
    actions.open_survey(staff["officer"], survey)
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="发布后不能再修改问题"):
        actions.add_question(staff["officer"], survey, text="x", kind="single", options=["a", "b"])
    q1, o1, q2, o2 = _ids(survey)
    picks = [(0, [0, 1]), (0, [0]), (1, []), (2, [2])]
    for i, (a, b) in enumerate(picks):
        actions.submit_response(actions.PUBLIC_ACTOR, survey, f"session-{i}", {q1.id: [o1[a].id], q2.id: [o2[j].id for j in b]})
    total, results = survey_results(survey)
    assert total == 4
    assert [(o.text, o.count, o.percent) for o in results[0].options] == [
        ("满意", 2, 50.0), ("基本满意", 1, 25.0), ("不满意", 1, 25.0)]
    assert [(o.text, o.count) for o in results[1].options] == [("网站", 2), ("微信", 1), ("微博", 1)]
    assert results[1].answered == 3
    with pytest.raises(ValidationError, match="调查结束后才能公布结果"):
        actions.publish_results(staff["officer"], survey)
    actions.close_survey(staff["officer"], survey)
    actions.publish_results(staff["officer"], survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED and survey.results_published
    assert Event.objects.filter(action="interactions.survey_response").count() == 4


def test_one_response_per_session_and_answers_validated(survey, staff):
    actions.open_survey(staff["officer"], survey)
    survey.refresh_from_db()
    q1, o1, q2, o2 = _ids(survey)
    with pytest.raises(ValidationError, match="请回答第 1 题"):
        actions.submit_response(actions.PUBLIC_ACTOR, survey, "s1", {q2.id: [o2[0].id]})
    with pytest.raises(ValidationError, match="单选题"):
        actions.submit_response(actions.PUBLIC_ACTOR, survey, "s1", {q1.id: [o1[0].id, o1[1].id]})
    with pytest.raises(ValidationError, match="选项无效"):
        actions.submit_response(actions.PUBLIC_ACTOR, survey, "s1", {q1.id: [o2[0].id]})
    actions.submit_response(actions.PUBLIC_ACTOR, survey, "s1", {q1.id: [o1[0].id]})
    with pytest.raises(actions.AlreadyAnswered):
        actions.submit_response(actions.PUBLIC_ACTOR, survey, "s1", {q1.id: [o1[1].id]})
    assert survey.responses.count() == 1


def test_survey_needs_questions_and_role(staff, agency_tree):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        actions.create_survey(staff["stranger"], agency_tree["dept"], title="越权", description="",
                              opens_on=today, closes_on=today)
    s = actions.create_survey(staff["officer"], agency_tree["dept"], title="空调查", description="",
                              opens_on=today, closes_on=today)
    with pytest.raises(ValidationError, match="至少要有一个问题"):
        actions.open_survey(staff["officer"], s)
    with pytest.raises(ValidationError, match="至少要有两个选项"):
        actions.add_question(staff["officer"], s, text="q", kind="single", options=["only"])
    with pytest.raises(ValidationError, match="截止日期不能早于开始日期"):
        actions.update_survey(staff["officer"], s, title="t", description="", opens_on=today,
                              closes_on=today - dt.timedelta(days=1))
