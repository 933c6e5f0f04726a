"""trafilatura's boilerplate XPaths, answered without a Python call from libxml2 for every element.

trafilatura deletes menus, share bars, comments and hidden boxes by XPath expressions whose tests
are regular expressions on ``id``, ``class`` and ``style`` (``re:test(@class, '…')``, EXSLT). lxml
answers each such test with a call back into Python, about 5 microseconds, three or four per
element: on real news pages those expressions were 45% of reading a page. This module reads such
an expression once and answers it with the same Python regular expressions on the element's
attributes, walking the tree itself: the same elements in the same order, in under a third of
the time (``benchmarks/test_extract.py``).

Only expressions of the plain form trafilatura uses are compiled: ``.//*`` or ``.//name``, then
predicates made of ``or``, ``and``, ``not()``, ``self::name``, ``.//name``, attributes (``@a``,
``@a|@b``), ``@a='…'``, ``contains``, ``starts-with``, ``translate`` and ``re:test``, and a first
match: each parent's first (a step's ``[1]``) or the document's (``(…)[1]``, which stops walking
there). Anything else (other positions, other axes, numbers, paths from the root) is left to lxml,
so an expression a later trafilatura writes differently still gives its own answer, only no faster.
The string value of ``@id|@class`` is the attribute written first, as libxml2 sorts attributes in
document order and lxml's ``re:test`` reads the first node; ``tests/property/test_regex_paths.py``
holds each compiled expression to lxml's answer on generated pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[Any], bool]

EXSLT_REGEXP = "http://exslt.org/regular-expressions"
"""The namespace of ``re:test`` (EXSLT regular expressions), as trafilatura binds ``re`` to it."""

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<literal>'[^']*'|"[^"]*")
      | (?P<axis>self::|\.//)
      | (?P<name>@?[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)
      | (?P<number>\d+)
      | (?P<punct>[\[\](),|=*])
    )""",
    re.VERBOSE,
)


_ELEMENT_NAME = re.compile(r"[A-Za-z_][\w.-]*")


class _Unsupported(ValueError):
    """The expression uses XPath this module does not answer; lxml keeps it."""


def _tokens(path: str) -> list[str]:
    tokens, at = [], 0
    path = path.strip()
    while at < len(path):
        found = _TOKEN.match(path, at)
        if found is None or found.end() == at:
            raise _Unsupported(f"cannot read {path[at : at + 20]!r}")
        tokens.append(found.group().strip())
        at = found.end()
        while at < len(path) and path[at].isspace():
            at += 1
    return tokens


def _first_written(element: Any, names: frozenset[str]) -> str:
    """The string value of ``@a|@b``: the one of them written first on the element, else ``""``."""
    for key, value in element.items():
        if key in names:
            return str(value)
    return ""


class _Parser:
    """Recursive descent over one predicate-only XPath expression, writing each test as Python.

    Each predicate becomes one Python expression over the element ``e`` (``get`` is ``e.get``);
    constants (regular expressions, attribute name sets) go into :attr:`constants`, and string
    literals are written with :func:`repr`, so nothing of the expression's text runs as code.
    """

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0
        self.constants: dict[str, Any] = {"_first_written": _first_written}

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token == "" or (expected is not None and token != expected):
            raise _Unsupported(f"expected {expected or 'more'}, found {token!r}")
        self.at += 1
        return token

    def literal(self) -> str:
        token = self.take()
        if token[:1] not in ("'", '"'):
            raise _Unsupported(f"expected a string, found {token!r}")
        return token[1:-1]

    def element_name(self) -> str:
        name = self.take()
        if not _ELEMENT_NAME.fullmatch(name):
            raise _Unsupported(f"not an element name: {name!r}")
        return name

    def step(self) -> tuple[str, list[str], bool]:
        """``.//*[…][…]`` or ``.//name[…]``: the element name (``*`` for any) and its predicates.

        The third value says whether the step ends in ``[1]``: each parent's first child that passes.
        """
        self.take(".//")
        name = self.take() if self.peek() == "*" else self.element_name()
        predicates: list[str] = []
        while self.peek() == "[":
            self.take("[")
            if self.first_position():
                return name, predicates, True
            predicates.append(self.or_expression())
            self.take("]")
        return name, predicates, False

    def first_position(self) -> bool:
        """Whether the predicate just opened is ``[1]`` (read to its ``]``); other numbers: unanswered."""
        if not self.peek().isdigit():
            return False
        if self.take() != "1":
            raise _Unsupported("a position other than the first")
        self.take("]")
        return True

    def or_expression(self) -> str:
        return self.joined("or", self.and_expression)

    def and_expression(self) -> str:
        return self.joined("and", self.unary)

    def joined(self, operator: str, operand: Callable[[], str]) -> str:
        """``operand (operator operand)*`` as one parenthesised Python expression."""
        terms = [operand()]
        while self.peek() == operator:
            self.take()
            terms.append(operand())
        return "(" + f" {operator} ".join(terms) + ")"

    def unary(self) -> str:
        token = self.take()
        if token == "(":
            inner = self.or_expression()
            self.take(")")
            return inner
        if token == "not":
            self.take("(")
            inner = self.or_expression()
            self.take(")")
            return f"(not {inner})"
        if token == "self::":
            return f"(e.tag == {self.element_name()!r})"
        if token == ".//":
            tag = self.element_name()
            return f"(next(e.iterdescendants({tag!r}), None) is not None)"
        if token in ("contains", "starts-with", "re:test"):
            return self.function(token)
        if token.startswith("@"):
            self.at -= 1
            names = self.attribute_names()
            if self.peek() == "=":
                self.take()
                value = self.literal()
                return "(" + " or ".join(f"get({name!r}) == {value!r}" for name in names) + ")"
            return "(" + " or ".join(f"get({name!r}) is not None" for name in names) + ")"
        raise _Unsupported(f"unsupported test {token!r}")

    def attribute_names(self) -> tuple[str, ...]:
        names = [self.take()]
        while self.peek() == "|":
            self.take()
            names.append(self.take())
        if not all(name.startswith("@") and _ELEMENT_NAME.fullmatch(name[1:]) for name in names):
            raise _Unsupported(f"not attributes: {names}")
        return tuple(name[1:] for name in names)

    def string_value(self) -> str:
        if self.peek() == "translate":
            self.take()
            self.take("(")
            inner = self.string_value()
            self.take(",")
            source = self.literal()
            self.take(",")
            target = self.literal()
            self.take(")")
            table: dict[int, str | None] = {}
            for at, char in enumerate(source):  # XPath: a character's first place decides
                table.setdefault(ord(char), target[at] if at < len(target) else None)
            return f"{inner}.translate({self.constant(table)})"
        if self.peek().startswith("@"):
            names = self.attribute_names()
            if len(names) == 1:
                return f"get({names[0]!r}, '')"
            return f"_first_written(e, {self.constant(frozenset(names))})"
        raise _Unsupported(f"unsupported string {self.peek()!r}")

    def function(self, name: str) -> str:
        self.take("(")
        value = self.string_value()
        self.take(",")
        argument = self.literal()
        flags = ""
        if name == "re:test" and self.peek() == ",":
            self.take()
            flags = self.literal()
        self.take(")")
        if name == "contains":
            return f"({argument!r} in {value})"
        if name == "starts-with":
            return f"{value}.startswith({argument!r})"
        # lxml's re:test: Python's re, IGNORECASE for an "i" flag, searched anywhere in the string
        search = re.compile(argument, re.IGNORECASE if "i" in flags else 0).search
        return f"({self.constant(search)}({value}) is not None)"


def _pure_tag_choice(predicate_tokens: list[str]) -> tuple[str, ...]:
    """The tags of a first predicate that is only ``self::a or self::b …`` (else none)."""
    if len(predicate_tokens) % 3 != 2:
        return ()
    tags = []
    for at in range(0, len(predicate_tokens), 3):
        if predicate_tokens[at] != "self::" or (
            at + 2 < len(predicate_tokens) and predicate_tokens[at + 2] != "or"
        ):
            return ()
        tags.append(predicate_tokens[at + 1])
    return tuple(tags)


def _first_of_siblings(passed: Iterable[Any]) -> list[Any]:
    """Of elements in document order, each parent's first: what a step's ``[1]`` keeps."""
    parents, kept = set(), []
    for element in passed:
        parent = element.getparent()  # held in the set, so lxml hands back this same proxy
        if parent not in parents:
            parents.add(parent)
            kept.append(element)
    return kept


@dataclass(frozen=True)
class CompiledPath:
    """A callable standing in for an ``lxml.etree.XPath``: ``path(tree)`` lists what it selects."""

    path: str
    tags: tuple[str, ...]
    """The element names lxml filters the descendants by; none for any element."""
    test: Predicate
    source: str
    """The Python of :attr:`test`, to read."""
    first: str = ""
    """``""``: every element that passes; ``"document"``: the first in document order (``(…)[1]``),
    found without walking the rest; ``"siblings"``: each parent's first child that passes (``…[1]``)."""

    def __call__(self, tree: Any) -> list[Any]:
        """The elements below ``tree`` that the expression selects, in document order."""
        if self.tags:
            passed = filter(self.test, tree.iterdescendants(*self.tags))
        else:
            from lxml import etree

            passed = filter(self.test, tree.iterdescendants(etree.Element))
        if self.first == "document":
            found = next(passed, None)
            return [] if found is None else [found]
        if self.first == "siblings":
            return _first_of_siblings(passed)
        return list(passed)

    def as_lxml(self) -> Any:
        """The ``lxml.etree.XPath`` of the same expression: what trafilatura runs without this module."""
        from lxml import etree

        return etree.XPath(self.path, namespaces={"re": EXSLT_REGEXP})


def compile_path(path: str) -> CompiledPath | None:
    """``path`` as a :class:`CompiledPath`, or ``None`` when it is not of the form this module answers.

    >>> from lxml import html
    >>> tree = html.fromstring('<div><p class="share-bar">x</p><p class="story">y</p></div>')
    >>> found = compile_path(".//*[self::p][re:test(@class, '^shar')]")(tree)
    >>> [element.get("class") for element in found]
    ['share-bar']
    >>> [element.text for element in compile_path("(.//*[self::p])[1]")(tree)]
    ['x']
    >>> compile_path("(.//*[self::p])[2]") is None
    True
    """
    try:
        tokens = _tokens(path)
        parser = _Parser(tokens)
        enclosed = parser.peek() == "("  # (step)[1]: the first in document order
        if enclosed:
            parser.take("(")
        name, predicates, first_child = parser.step()
        first = "siblings" if first_child else ""
        if enclosed:
            parser.take(")")
            parser.take("[")
            if not parser.first_position():
                raise _Unsupported("a parenthesised step without [1]")
            first = "document"  # a first match in document order is also its parent's first
        if parser.peek() != "":
            raise _Unsupported(f"unexpected {parser.peek()!r}")
    except _Unsupported:
        return None
    tags: tuple[str, ...] = () if name == "*" else (name,)
    step = tokens[int(enclosed) :]
    if name == "*" and predicates and (choice := _pure_tag_choice(step[3 : step.index("]")])):
        tags, predicates = choice, predicates[1:]  # lxml filters by name in C
    source = "def test(e):\n    get = e.get\n    return " + (" and ".join(predicates) or "True") + "\n"
    namespace = dict(parser.constants)
    exec(compile(source, f"<{path.strip()[:40]}>", "exec"), namespace)
    return CompiledPath(path, tags, namespace["test"], source, first)


@functools.cache
def speed_up_trafilatura() -> tuple[tuple[str, int], ...]:
    """Put compiled stand-ins for trafilatura's ``re:test`` expressions in its lists; where they went.

    Each place is the name of a list in ``trafilatura.xpaths`` and the index of the stand-in in it.

    The lists are changed in place, so every trafilatura module that imported one sees the change.
    Only expressions that call ``re:test`` are replaced: without it lxml answers in C, faster than
    any walk here.
    """
    from lxml.etree import XPath
    from trafilatura import xpaths

    changed = []
    for name, value in sorted(vars(xpaths).items()):
        if not isinstance(value, list):
            continue
        for at, expression in enumerate(value):
            if isinstance(expression, XPath) and "re:test" in expression.path:
                compiled = compile_path(expression.path)
                if compiled is not None:
                    value[at] = compiled
                    changed.append((name, at))
    return tuple(changed)
