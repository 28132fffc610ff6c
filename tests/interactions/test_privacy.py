import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.common import privacy


@pytest.mark.parametrize("value, masked", [
    ("13812345678", "138****5678"), ("0830-3123456", "083*****3456"), ("83123456", "8***3456"), ("12345", "***45"), ("123", "***"), ("", ""),
])
def test_mask_phone(value, masked):
    assert privacy.mask_phone(value) == masked


@pytest.mark.parametrize("value, masked", [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "*"), ("", "")])
def test_mask_name(value, masked):
    assert privacy.mask_name(value) == masked


def test_mask_email():
    assert privacy.mask_email("zhangsan@example.com") == "z***@example.com"


def test_redact_removes_what_publication_refuses():
    text = "我是张三丰，电话13812345678，座机0830-3123456，身份证51050219900101123X，邮箱a.b@qq.com。"
    assert privacy.personal_data_found(text, "张三丰") == ["电话号码", "身份证号码", "电子邮箱", "来信人姓名"]
    cleaned = privacy.redact(text, "张三丰")
    assert privacy.personal_data_found(cleaned, "张三丰") == []
    assert cleaned.startswith("我是张**，电话***，座机***，身份证***，邮箱***")


def test_ordinary_numbers_are_not_personal_data():
    assert privacy.personal_data_found("2020年GDP增长3.5%，规上工业企业1234家，报表编号20200101。") == []


digits = st.text(alphabet="0123456789", min_size=5, max_size=15)


@given(digits)
def test_masked_phone_shows_at_most_the_first_three_and_last_four(phone):
    masked = privacy.mask_phone(phone)
    assert len(masked) == len(phone)
    shown = sum(c != "*" for c in masked)
    assert shown <= 7 and shown < len(phone)
    assert masked.endswith(phone[-2:])


@given(st.text(max_size=40), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_a_mobile_number_anywhere_is_redacted(prefix, phone):
    text = prefix + phone + "。"
    assert phone not in privacy.redact(text, phone=phone)
