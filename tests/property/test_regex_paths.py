"""Each of trafilatura's boilerplate expressions, compiled, selects what lxml selects, in its order.

Pages are generated as element trees (not markup, which the parser would reshape): nested elements
of the tags those expressions name, comments among them, and ``id``, ``class``, ``style``, ``role``
and the other attributes they test, set in random order (the order decides ``@id|@class``), with
values that the expressions' own regular expressions find (hypothesis's ``from_regex``) or made of
the words they look for, in any case, joined by spaces, hyphens or nothing; some elements are
twins of the sibling before them, so that a step's ``[1]`` has a second match to leave out. The
reference is the expression's own text run by lxml's XPath, which is what trafilatura runs without
:mod:`reuse.regex_paths`.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("trafilatura", reason="needs the formats extra: pip install -e '.[formats]'")
from lxml import etree, html

from reuse.regex_paths import EXSLT_REGEXP, CompiledPath, compile_path, speed_up_trafilatura

pytestmark = pytest.mark.property


def _trafilatura_paths() -> list[str]:
    """Every expression in trafilatura's lists that calls ``re:test``, whether or not already replaced."""
    from trafilatura import xpaths

    found = []
    for _, value in sorted(vars(xpaths).items()):
        if isinstance(value, list):
            for expression in value:
                if isinstance(expression, (etree.XPath, CompiledPath)) and "re:test" in expression.path:
                    found.append(expression.path)
    return found


PATHS = _trafilatura_paths()
COMPILED = [(path, compile_path(path)) for path in PATHS]
REFERENCE = {path: etree.XPath(path, namespaces={"re": EXSLT_REGEXP}) for path in PATHS}

TAGS = [
    "div",
    "p",
    "span",
    "section",
    "item",
    "list",
    "ol",
    "ul",
    "li",
    "details",
    "aside",
    "h1",
    "a",
    "article",
    "main",
]
ATTRIBUTES = ["id", "class", "style", "role", "aria-hidden", "data-component", "data-lp-replacement-content"]
WORDS = sorted(
    {word for path in PATHS for word in re.findall(r"[A-Za-z]{2,}", path)}
    - {"self", "re", "test", "or", "and", "not", "contains", "translate", "id", "class", "style", "role"}
    | {"display:none", "display: none", "true", "false", "x", "main"}
)


TESTS = sorted(
    {
        (tuple(name.strip(" @") for name in union.split("|")), pattern)
        for path in PATHS
        for union, pattern in re.findall(r"re:test\(([@\w|\s-]+),\s*'([^']*)'", path)
    }
)
"""Each ``re:test`` of the expressions: the attributes it reads and its pattern."""
PATTERNS = sorted({pattern for _, pattern in TESTS})
PRINTABLE = st.characters(min_codepoint=32, max_codepoint=126)


@st.composite
def attribute_values(draw: st.DrawFn) -> str:
    """Words the expressions look for, or a string one of their patterns finds, in any case."""
    if draw(st.booleans()):
        value = draw(st.from_regex(draw(st.sampled_from(PATTERNS)), alphabet=PRINTABLE))
        return draw(st.sampled_from([value, value.upper(), value.capitalize()]))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=3))
    words = [draw(st.sampled_from([word, word.upper(), word.capitalize()])) for word in words]
    return draw(st.sampled_from([" ", "-", "_", "", " x-"])).join(words)


@st.composite
def pages(draw: st.DrawFn, depth: int = 0, tags: list[str] = TAGS, tests: list[Any] = TESTS) -> Any:
    element = html.Element(draw(st.sampled_from(tags)))
    names = draw(st.lists(st.sampled_from(ATTRIBUTES), unique=True, max_size=4))
    values = {name: draw(attribute_values()) for name in names}
    if draw(st.booleans()):  # an attribute that one test's pattern finds, on an attribute it reads
        union, pattern = draw(st.sampled_from(tests))
        name = draw(st.sampled_from(union))
        value = draw(st.from_regex(pattern, alphabet=PRINTABLE))
        values[name] = draw(st.sampled_from([value, value.upper(), value.capitalize()]))
        if name not in names:
            names.insert(draw(st.integers(0, len(names))), name)
    for name in names:  # set in the drawn order: libxml2 keeps it, and @id|@class reads the first
        element.set(name, values[name])
    if depth < 3:
        for _ in range(draw(st.integers(0, 3))):
            choice = draw(st.integers(0, 5))
            if choice == 0:
                element.append(etree.Comment("c"))
            elif choice == 1 and len(element):  # a twin of the last sibling: a step's [1] keeps one
                element.append(copy.deepcopy(element[-1]))
            else:
                element.append(draw(pages(depth + 1, tags, tests)))
    return element


FIRST_MATCH = [(path, compiled) for path, compiled in COMPILED if compiled is not None and compiled.first]
"""The compiled expressions that take a first match: trafilatura's article containers."""
FIRST_MATCH_TAGS = sorted({tag for _, compiled in FIRST_MATCH for tag in compiled.tags} | {"p", "span"})
FIRST_MATCH_TESTS = sorted(
    {
        (tuple(name.strip(" @") for name in union.split("|")), pattern)
        for path, _ in FIRST_MATCH
        for union, pattern in re.findall(r"re:test\(([@\w|\s-]+),\s*'([^']*)'", path)
    }
)


def test_most_of_trafilaturas_regex_expressions_compile() -> None:
    """A later trafilatura that wrote them in another form would silently lose the speed-up.

    trafilatura 2.3 has 20 such expressions; 14 compile, among them every one it runs while
    ``reuse`` reads a page: both discard expressions, run over every element of every page, and
    the three that find the article's container, which take a first match (``…[1]``,
    ``(…)[1]``). The other six read metadata (``//…`` from the document's root, ``|``, ``//a``
    below a match), which ``reuse`` does not ask trafilatura for.
    """
    from trafilatura import xpaths

    assert sum(compiled is not None for _, compiled in COMPILED) >= 14
    for expression in (*xpaths.OVERALL_DISCARD_XPATH, *xpaths.BODY_XPATH):
        if "re:test" in expression.path:
            assert compile_path(expression.path) is not None, expression.path


@settings(max_examples=300, deadline=None)
@given(pages())
def test_each_compiled_expression_selects_what_lxml_selects(page: Any) -> None:
    root = html.Element("body")
    root.append(page)
    for path, compiled in COMPILED:
        if compiled is not None:
            assert compiled(root) == REFERENCE[path](root), path


@settings(max_examples=300, deadline=None)
@given(pages(tags=FIRST_MATCH_TAGS, tests=FIRST_MATCH_TESTS))
def test_first_match_expressions_select_what_lxml_selects(page: Any) -> None:
    """Pages of the article containers' own tags and names, so that matches are many and nested."""
    root = html.Element("body")
    root.append(page)
    for path, compiled in FIRST_MATCH:
        assert compiled(root) == REFERENCE[path](root), path


def test_speed_up_replaces_only_what_it_compiled() -> None:
    from trafilatura import xpaths

    changed = speed_up_trafilatura()
    assert changed
    for list_name, at in changed:
        assert isinstance(getattr(xpaths, list_name)[at], CompiledPath)
    assert speed_up_trafilatura() is changed  # once: a second call finds nothing left to compile


def test_first_written_attribute_is_the_string_value_of_a_union() -> None:
    id_first = html.fromstring('<div><p id="comments" class="story">a</p></div>')
    class_first = html.fromstring('<div><p class="story" id="comments">a</p></div>')
    compiled = compile_path(".//*[re:test(@id|@class, '^comments')]")
    assert compiled is not None
    assert len(compiled(id_first)) == 1
    assert compiled(class_first) == []  # XPath's string value of @id|@class is the first in document order
    reference = etree.XPath(".//*[re:test(@id|@class, '^comments')]", namespaces={"re": EXSLT_REGEXP})
    assert len(reference(id_first)) == 1
    assert reference(class_first) == []


def test_translate_keeps_the_first_mapping_of_a_repeated_character() -> None:
    tree = html.fromstring('<div><p class="Nav">a</p><p class="Mav">b</p><p class="mav">c</p></div>')
    path = ".//p[contains(translate(@class, 'NN', 'nm'), 'nav')]"
    compiled = compile_path(path)
    assert compiled is not None
    assert compiled(tree) == etree.XPath(path)(tree) != []


def test_ignore_case_flag_and_missing_attributes() -> None:
    tree = html.fromstring('<div><p class="FullText">a</p><p>b</p><p class="">c</p></div>')
    for path in (
        ".//p[re:test(@class, 'fulltext', 'i')]",
        ".//p[re:test(@class, '^$')]",
        ".//p[not(@class)]",
    ):
        compiled = compile_path(path)
        assert compiled is not None, path
        assert compiled(tree) == etree.XPath(path, namespaces={"re": EXSLT_REGEXP})(tree), path


def test_first_position_keeps_each_parents_first_or_the_documents_first() -> None:
    """``.//p[1]`` is each parent's first ``p`` (a nested list has its own first); ``(.//p)[1]`` is one."""
    tree = html.fromstring(
        "<body><div><p id='a'>a</p><p id='b'>b<p id='c'>c</p></p><span><p id='d'>d</p></span></div>"
        "<div><span id='e'>e</span><p id='f' class='x'>f</p><p id='g'>g</p></div></body>"
    )
    expected = {
        ".//p[1]": ["a", "d", "f"],
        ".//*[self::p or self::span][1]": ["a", "d", "e"],
        ".//p[re:test(@class, 'x')][1]": ["f"],
        ".//p[@id='g' or @id='b'][1]": ["b", "g"],
        "(.//p)[1]": ["a"],
        "(.//*[self::span][re:test(@id, 'e')])[1]": ["e"],
        "(.//p[@class])[1]": ["f"],
        "(.//article)[1]": [],
    }
    for path, ids in expected.items():
        compiled = compile_path(path)
        assert compiled is not None, path
        reference = etree.XPath(path, namespaces={"re": EXSLT_REGEXP})(tree)
        assert [element.get("id") for element in reference] == ids, path  # the expectation, by hand
        assert compiled(tree) == reference, path


@pytest.mark.parametrize(
    "path",
    [
        "(.//article)[2]",
        ".//p[2]",
        ".//p[1][@id]",
        "(.//p)",
        "(.//p)[1]/span",
        "//p[@id]",
        ".//p[position() > 2]",
        ".//p[@id='a']/span",
        ".//*[count(p) > 1]",
    ],
)
def test_forms_it_does_not_answer_are_left_to_lxml(path: str) -> None:
    assert compile_path(path) is None
