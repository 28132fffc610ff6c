"""The pieces of the standing fuzz test (test_fuzz.py): hostile values as hypothesis strategies, the
portal's and workbench's routes, pages crawled for links and forms, and raw requests that can carry
what a browser could send but Django's test client would refuse to encode (lone surrogates)."""

from __future__ import annotations

import itertools
import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"
SKIP_PREFIXES = ("/sysadmin/", "/static/", "/media/", "/accounts/logout/", "/healthz", "/_hello")

# --- values -------------------------------------------------------------------------------------------

RTL_MARKS = ["\u202e", "\u200f", "\u202b", "\u2067", "\u061c", "\u200e", "\ufeff", "\u2028"]
ODD_NUMBERS = ["0", "-1", "-0", "²", "١٢٣", "１２", "1e309", "1.5", "NaN", "inf", "-inf", "0x1F",
               "99999999999999999999", "9223372036854775808", "-9223372036854775809", " 7 ", "+1", "1_000",
               "2147483648", "1" * 40, "٣"]
ODD_DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13-01", "20260101",
             "2026/01/01", "2026-1-1", "-2026-01-01", "2026-01-01T25:00"]
ODD_WORDS = ["", " ", "null", "None", "[]", "{}", "../../etc/passwd", "<script>alert(1)</script>",
             "' OR 1=1 --", "%00", "%", "\\", "*", "?", "&", "=", "#"]

_chars = st.one_of(
    st.characters(), st.characters(categories=["Cc"]), st.characters(categories=["Cs"]),
    st.sampled_from(RTL_MARKS), st.characters(categories=["Lo"]),
)
TEXT = st.text(_chars, max_size=40)
LONG = st.builds(lambda piece, n: piece * n, st.sampled_from(["a", "长", "\u202e", "\x0b", "𠀀", "9", " "]),
                 st.integers(1000, 6000))
ODD = st.sampled_from(ODD_NUMBERS + ODD_DATES + ODD_WORDS)
NUMBER = st.integers(-(2**70), 2**70).map(str)
VALUE = st.one_of(TEXT, TEXT, ODD, ODD, NUMBER, LONG)


def field_value(options: list[str], default: str):
    """A field's fuzzed value(s): hostile text most of the time, a valid choice or the page's own value
    sometimes (so that the rest of the form gets past validation), now and then several values."""
    plain = [st.just(default)] if default else []
    if options:
        plain.append(st.sampled_from(options))
    one = st.one_of(VALUE, *plain) if plain else VALUE
    return st.one_of(one, one, one, st.lists(one, min_size=2, max_size=3))


def encode(pairs: list[tuple[str, str]]) -> str:
    """application/x-www-form-urlencoded, carrying lone surrogates as the (invalid) UTF-8 a client may send."""
    def q(text: str) -> str:
        return urllib.parse.quote_plus(text.encode("utf-8", "surrogatepass"))

    return "&".join(f"{q(k)}={q(v)}" for k, v in pairs)


def flatten(values: dict) -> list[tuple[str, str]]:
    out = []
    for k, v in values.items():
        for one in v if isinstance(v, list) else [v]:
            out.append((k, one))
    return out


# --- the routes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # e.g. "work/applications/<int:pk>/"


def routes() -> list[Route]:
    """Every route of the portal and the workbench (not the admin, static files, health checks)."""
    found = []

    def walk(patterns, prefix: str, ns: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
            elif isinstance(p, URLPattern):
                found.append(Route((f"{ns}:" if ns else "") + (p.name or ""), prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", None)
    return [r for r in found if not ("/" + r.pattern).startswith(SKIP_PREFIXES) and not r.pattern.startswith("^")]


_ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


def concrete(route: Route, ids: dict[str, list[str]]) -> list[str]:
    """Paths for a route: its arguments filled with known ids (by argument name), odd ids and words."""
    args = _ARG.findall(route.pattern)
    if not args:
        return ["/" + route.pattern]
    choices = []
    for conv, name in args:
        if conv in ("int", ""):
            choices.append(ids.get(name, []) + ["0", "99999999999999999999"])
        elif conv == "slug":
            choices.append(ids.get("slug", []) + ["no-such-slug"])
        else:
            choices.append(ids.get(name, []) + ["x", "%E2%80%AE"])
    paths = []
    for combo in itertools.islice(itertools.product(*choices), 6):
        pieces = _ARG.split(route.pattern)[::3]  # the text between the arguments
        paths.append("/" + "".join(p + (combo[i] if i < len(combo) else "") for i, p in enumerate(pieces)))
    return paths


def get_param_names() -> list[str]:
    """Every GET parameter a view reads (from the source) and every field of the GET filter forms."""
    names = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"(?:GET|\bg|params|query)\.get(?:list)?\(\"([a-z_0-9]+)\"", text))
        names |= set(re.findall(r"GET\[\"([a-z_0-9]+)\"\]", text))
        for group in re.findall(r"for k in \(([^)]*)\)", text):
            names |= set(re.findall(r"\"([a-z_0-9]+)\"", group))
    for path in SRC.rglob("*.html"):
        for form in re.findall(r"<form[^>]*method=\"get\"[^>]*>(.*?)</form>", path.read_text(encoding="utf-8"), re.S):
            names |= set(re.findall(r"name=\"([a-z_0-9]+)\"", form))
    return sorted(names | {"next", "page", "format", "agency", "year"})


# --- pages ---------------------------------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, tuple[list[str], str]] = field(default_factory=dict)  # name -> (options, value)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form((a.get("method") or "get").lower(), a.get("action") or ""))
        elif self.forms and tag in ("input", "textarea", "select", "button") and a.get("name"):
            name = a["name"]
            options, value = self.forms[-1].fields.get(name, ([], ""))
            if tag == "input" and a.get("type") in ("radio", "checkbox"):
                options = options + [a.get("value") or "on"]
            elif tag != "select":
                value = value or a.get("value") or ""
            self.forms[-1].fields[name] = (options, value)
            if tag == "select":
                self._select = name
        elif tag == "option" and self._select and self.forms:
            options, value = self.forms[-1].fields[self._select]
            self.forms[-1].fields[self._select] = (options + [a.get("value", "")], value)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def local(base: str, href: str) -> str | None:
    """A same-site path (with its query) for a link or form action on page `base`, else None."""
    url = urllib.parse.urljoin("http://testserver" + base, href)
    parts = urllib.parse.urlsplit(url)
    if parts.netloc != "testserver" or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
