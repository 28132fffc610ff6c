import pytest

from gongkai.workcalendar.models import CalendarYear


@pytest.mark.django_db(transaction=True)
def test_calendar_seed_present_in_transactional_tests():
    assert CalendarYear.objects.filter(status="confirmed").count() == 23
