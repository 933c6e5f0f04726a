"""Arabic in the terminal: print table cells in the order the terminal will show them correctly.

A terminal grid holds characters in the order a program prints them. Some terminals lay each line
out with the Unicode bidi algorithm themselves (*implicit* bidi) and then Arabic must be printed in
logical order, as stored; most do not, and there Arabic must be printed already reordered for display
(*visual* order), or it runs backwards. ``--bidi auto`` picks by what the environment says the
terminal is (:func:`terminal_does_bidi`).
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
import unicodedata
from collections.abc import Mapping
from enum import StrEnum

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The embedding, override and isolate controls (U+202A-202E, U+2066-2069): one left unbalanced in a
cell reorders the rest of its row on a terminal with bidi of its own. (LRM and RLM, U+200E/200F, are
marks that reorder nothing beyond themselves, and stay.)"""


def inert_controls(text: str) -> str:
    """``text`` with its bidi controls spelled out, ``⟨U+202E⟩``, as the HTML report shows them.

    >>> inert_controls("abc\u202edef\u2069")
    'abc⟨U+202E⟩def⟨U+2069⟩'
    """
    return BIDI_CONTROLS.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", text)


class Bidi(StrEnum):
    """How Arabic text in table cells is printed."""

    auto = "auto"
    visual = "visual"
    logical = "logical"


def terminal_does_bidi(env: Mapping[str, str]) -> bool:
    """Whether the terminal described by ``env`` lays out right-to-left text itself.

    Known to: VTE from 0.57.3 (``VTE_VERSION`` >= 5703: GNOME Terminal, Tilix, Terminator,
    xfce4-terminal; on by default since 2019), Konsole (``KONSOLE_VERSION``), mlterm, mintty and
    macOS Terminal (``TERM_PROGRAM``). Known not to, or only when switched on: xterm, iTerm2, kitty,
    Alacritty, WezTerm, Ghostty, Windows Terminal, the Linux console, and every xterm.js terminal
    (VS Code, Tabby, Hyper). The variables are inherited, so inside tmux or screen the answer is the
    outer terminal's, which is the one drawing the characters.

    >>> terminal_does_bidi({"VTE_VERSION": "7600"}), terminal_does_bidi({"TERM_PROGRAM": "vscode"})
    (True, False)
    """
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= 5703:
        return True
    if env.get("KONSOLE_VERSION") or env.get("MLTERM"):
        return True
    return env.get("TERM_PROGRAM", "") in ("Apple_Terminal", "mintty") or env.get("TERM", "").startswith(
        "mlterm"
    )


def wants_visual(mode: Bidi, *, is_terminal: bool, env: Mapping[str, str] | None = None) -> bool:
    """Whether to print cells in visual order: ``auto`` means on a terminal that has no bidi of its own.

    Output that is not a terminal (a file, a pipe) stays logical: editors and browsers lay it out.

    >>> wants_visual(Bidi.auto, is_terminal=True, env={"TERM": "xterm-256color"})
    True
    >>> wants_visual(Bidi.auto, is_terminal=False, env={}), wants_visual(Bidi.visual, is_terminal=False)
    (False, True)
    """
    if mode is not Bidi.auto:
        return mode is Bidi.visual
    return is_terminal and not terminal_does_bidi(os.environ if env is None else env)


def holds_rtl(text: str) -> bool:
    """Whether any character of ``text`` is written right to left (Hebrew, Arabic).

    >>> holds_rtl("news/خبر.txt [0:9)"), holds_rtl("news/a.txt")
    (True, False)
    """
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def base_direction(text: str) -> str:
    """``"R"`` or ``"L"``: the paragraph direction from the first strong character (Unicode rule P2).

    >>> base_direction("2020: قال"), base_direction("UNSMIL قال"), base_direction("")
    ('R', 'L', 'L')
    """
    from reuse.direction import direction

    return "R" if direction(text) == "rtl" else "L"


def marks_after_base(line: str) -> str:
    """Put each run of combining marks back after its right-to-left letter (Unicode bidi rule L3).

    Reversing a right-to-left run puts a shadda or a fatha before its letter, where a terminal would
    draw it on the character before; python-bidi leaves that optional rule to the caller.

    >>> marks_after_base("\u0651\u0646\u0625") == "\u0646\u0651\u0625"  # ّنإ -> نّإ
    True
    """
    out: list[str] = []
    marks: list[str] = []
    for ch in line:
        if unicodedata.category(ch) == "Mn":
            marks.append(ch)
            continue
        if marks and unicodedata.bidirectional(ch) in ("R", "AL"):
            out += [ch, *marks]
        else:
            out += [*marks, ch]
        marks = []
    return "".join(out + marks)


TABLE_WIDTH = 160
"""The table's width in a file or a pipe (``--output``, ``| less``): the same bytes wherever it runs."""


def table_width() -> int:
    """The table's width on standard output: the terminal's (or ``$COLUMNS``), else :data:`TABLE_WIDTH`.

    A fixed 160 drew a 157-character table on a 100-column terminal, every row wrapped onto two
    lines (a visual-order Arabic line's second half first). Under 80 columns a table of passages
    reads as nothing, so it is 80 wide there and the terminal wraps it.
    """
    return max(80, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)


_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›", "<": ">"}
"""Paired brackets and quotation marks (opening: closing) whose glyphs a right-to-left run mirrors."""
_OPENING = {closing: opening for opening, closing in _PAIRS.items()}


def mirror_reversed_pairs(line: str, base: str = "R") -> str:
    """Mirror each bracket pair that a right-to-left run reversed: ``)عارتخا(`` becomes ``(عارتخا)``.

    In visual order a pair inside right-to-left text comes out closing mark first; the Unicode bidi
    algorithm's rule L4 mirrors such glyphs, which python-bidi's ``get_display`` (0.6, Rust) leaves
    undone, so «الآخر» printed as »رخآلا«. Its order is right, paired brackets included (rule N0,
    which the package's older pure-Python algorithm lacks), so the pairs are found in its output: a
    closing mark before its opening one, as a pair, is one that was reversed. A pair in
    left-to-right order stays. A mark without its partner on the line (a quotation wrapped onto the
    next) is mirrored when the nearest letters either side of it are right-to-left, the line's end
    counting as ``base``'s direction.

    >>> mirror_reversed_pairs("»رخآلا« خيراتلا )عارتخا( ةداعإ")
    '«رخآلا» خيراتلا (عارتخا) ةداعإ'
    >>> mirror_reversed_pairs(".and left (2024) »ال« The minister said"), mirror_reversed_pairs("1) a")
    ('.and left (2024) «ال» The minister said', '1) a')
    >>> mirror_reversed_pairs(")معن( (2024) x (y)")
    '(معن) (2024) x (y)'
    >>> mirror_reversed_pairs("تمزهناو رصتنا« : ز"), mirror_reversed_pairs("said «Yes", base="L")
    ('تمزهناو رصتنا» : ز', 'said «Yes')
    """
    chars = list(line)
    settled: set[int] = set()  # marks of pairs in left-to-right order: "(2024)" beside a reversed pair
    opened: list[int] = []
    for at, ch in enumerate(chars):
        if ch in _PAIRS:
            opened.append(at)
        elif ch in _OPENING and opened and chars[opened[-1]] == _OPENING[ch]:
            settled.update((opened.pop(), at))
    reversed_open: list[int] = []  # closing marks met first, each opening a reversed pair
    for at, ch in enumerate(chars):
        if at in settled:
            continue
        if ch in _OPENING:
            reversed_open.append(at)
        elif ch in _PAIRS and reversed_open and chars[reversed_open[-1]] == _PAIRS[ch]:
            first = reversed_open.pop()
            chars[first], chars[at] = ch, _PAIRS[ch]
            settled.update((first, at))
    for at, ch in enumerate(chars):
        if at not in settled and (ch in _PAIRS or ch in _OPENING) and _between_rtl(chars, at, base):
            chars[at] = _PAIRS.get(ch) or _OPENING[ch]
    return "".join(chars)


def _between_rtl(chars: list[str], at: int, base: str) -> bool:
    """Whether the nearest letter either side of ``chars[at]`` is right-to-left (past an end: ``base``)."""

    def nearest(steps: range) -> str:
        for k in steps:
            kind = unicodedata.bidirectional(chars[k])
            if kind in ("L", "R", "AL"):
                return "L" if kind == "L" else "R"
        return base

    return nearest(range(at - 1, -1, -1)) == nearest(range(at + 1, len(chars))) == "R"


def visual_lines(text: str, width: int, base: str | None = None) -> list[str]:
    """``text`` wrapped to ``width`` in reading order, then each line reordered for display.

    Wrapping comes first so that a right-to-left sentence continues on the next line, and every line
    keeps the direction of the whole paragraph (not its own first word's), or ``base`` ("L" for a
    path: an Arabic file name inside a left-to-right place).

    >>> visual_lines("abc", 10), visual_lines("خبر.txt [0:9)", 40, base="L")
    (['abc'], ['ربخ.txt [0:9)'])
    """
    from bidi import get_display

    direction = base or base_direction(text)
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    return [
        mirror_reversed_pairs(marks_after_base(str(get_display(line, base_dir=direction))), direction)
        for line in lines
    ]
