"""What a staff password must not be (issue 15, item 11), as Django password validators (settings'
AUTH_PASSWORD_VALIDATORS; `accounts.actions` validates every password it sets). Beside Django's own
minimum length (12), common-password list and all-digits check:

* not blank: twelve spaces are not a password;
* not a common word with digits and symbols around it, where "common" includes the Chinese-pinyin
  patterns people pick (woaini, zhongguo, mima …) and the platform's own and its trade's words
  (gongkai, zhengwu, xinxi …) — `gongkai2026` and `Gongkai@2026!` are the same guess;
* not the username or the name of one of the user's agencies (Chinese name, short name, slug) inside it,
  and not similar to them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError

# Lower-case letters only: a password is compared after digits, spaces and symbols are taken out.
COMMON_WORDS: frozenset[str] = frozenset({
    # the platform, its trade and its place
    "gongkai", "zhengwu", "zhengfu", "xinxi", "xinxigongkai", "zhengwugongkai", "zhengfuxinxi", "gk",
    "guowuyuan", "renmin", "zhengfuwang", "tongji", "tongjiju", "shenhe", "guanli", "guanliyuan", "yonghu",
    "bangong", "bangongshi", "gongzuo", "danwei", "jiguan", "luzhou", "sichuan",
    # Chinese-pinyin favourites
    "woaini", "aini", "woaiwojia", "zhongguo", "china", "beijing", "shanghai", "mima", "mimamima", "nihao",
    "nihaoma", "wohenhao", "woshishui", "zhangsan", "lisi", "wangwu", "laopo", "laogong", "baobao",
    "xiaoming", "xiaohong", "wangluo", "diannao", "shouji", "zhuce", "denglu", "yiqiejiyou", "aiguo",
    "kaixin", "xingfu", "pingan", "fuqi", "jiayou", "qwer", "qwert", "qwerty", "asdf", "asdfgh", "zxcv",
    "zxcvbn", "qaz", "wsx", "qazwsx", "qazwsxedc", "abc", "abcd", "abcde", "abcdef", "aaa", "aaaa",
    # the usual western ones
    "password", "passwd", "pass", "admin", "administrator", "root", "test", "welcome", "letmein",
    "iloveyou", "love", "user", "login", "default", "changeme", "secret", "master", "super", "system",
})
PLATFORM_WORDS = ("gongkai", "zhengwugongkai", "xinxigongkai")
SIMILARITY = 0.7


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    """Django's, with its message in Chinese whatever the language of the request (also in the CLI)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"至少 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "密码与账户信息（%(verbose_name)s）太相似，请换一个。"

    def get_help_text(self) -> str:
        return "不能与用户名、姓名等账户信息相似。"


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码太常见，很容易被猜中，请换一个。"

    def get_help_text(self) -> str:
        return "不能是常见密码。"


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全部是数字。"

    def get_help_text(self) -> str:
        return "不能全部是数字。"


def _letters(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text.lower())


class NotBlankValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if not password.strip():
            raise ValidationError("密码不能全部是空格。", code="password_blank")

    def get_help_text(self) -> str:
        return "密码不能全部是空格。"


class CommonPatternValidator:
    """A common or platform word with only digits and symbols added, or any password holding the
    platform's name."""

    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        if not letters:
            raise ValidationError("密码不能只由数字和符号组成，请加入字母或汉字。", code="password_no_letters")
        if letters in COMMON_WORDS or _is_repeat(letters) or any(w in letters for w in PLATFORM_WORDS):
            raise ValidationError("密码太常见（常用词、拼音或本平台名称加数字符号），很容易被猜中，请换一个。",
                                  code="password_common_pattern")

    def get_help_text(self) -> str:
        return "不能是常用词、拼音或本平台名称加上数字和符号。"


def _is_repeat(letters: str) -> bool:
    """`abab`, `aaaa`, `woaiwoai`: one short piece repeated."""
    return any(len(letters) % n == 0 and letters == letters[:n] * (len(letters) // n)
               for n in range(1, len(letters) // 2 + 1))


class AccountAndAgencyValidator:
    """Not the username or an agency of the user inside the password, and not similar to them."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        lowered = password.lower()
        for name in _names(user):
            key = name.lower()
            if len(_letters(key) or key) < 2:
                continue
            if key in lowered or (_letters(key) and len(_letters(key)) >= 4 and _letters(key) in _letters(lowered)):
                raise ValidationError("密码不能包含用户名或所在机关的名称，请换一个。", code="password_has_name")
            if SequenceMatcher(a=lowered, b=key).quick_ratio() >= SIMILARITY and \
                    SequenceMatcher(a=lowered, b=key).ratio() >= SIMILARITY:
                raise ValidationError("密码与用户名或所在机关的名称太相似，请换一个。", code="password_like_name")

    def get_help_text(self) -> str:
        return "不能包含用户名或所在机关的名称，也不能与它们相似。"


def _names(user: Any) -> list[str]:
    names = [getattr(user, "username", "") or ""]
    if getattr(user, "pk", None):
        from gongkai.agencies.models import Agency

        for agency in Agency.objects.filter(memberships__user=user).distinct():
            names += [agency.name, agency.short_name or "", agency.slug.replace("-", "")]
    return [n for n in names if n]
