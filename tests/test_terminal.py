"""Arabic in the terminal table: visual order for terminals without bidi, logical for the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, read_text
from rich.cells import cell_len
from typer.testing import CliRunner

from reuse_cli._terminal import Bidi, marks_after_base, terminal_does_bidi, visual_lines, wants_visual
from reuse_cli.main import app

MIXED = "قال المتحدث باسم UNSMIL إن 5000 مرتزق"


def test_visual_order_of_a_mixed_arabic_english_cell() -> None:
    # Read right to left on screen: the first Arabic word is at the right end, each Arabic word's
    # letters run leftwards, and the Latin name and the number keep their left-to-right order.
    assert visual_lines(MIXED, 80) == ["قزترم 5000 نإ UNSMIL مساب ثدحتملا لاق"]
    # The same, built by hand for this simple line: words in reverse, Arabic words mirrored.
    by_hand = " ".join(w if w.isascii() else w[::-1] for w in reversed(MIXED.split()))
    assert visual_lines(MIXED, 80) == [by_hand]


def test_an_english_cell_with_an_arabic_phrase_stays_left_to_right() -> None:
    assert visual_lines("The envoy said قال المبعوث in Cairo", 80) == ["The envoy said ثوعبملا لاق in Cairo"]


def test_wrapping_happens_before_reordering_so_lines_read_on() -> None:
    words = [f"كلمة{k}" for k in range(1, 13)]  # "word1" ... "word12"
    lines = visual_lines(" ".join(words), 40)
    assert len(lines) > 1
    # The first line on screen holds the first words, its first word at the right end.
    assert lines[0].endswith("1ةملك")
    assert lines[-1].startswith("12ةملك")


def test_brackets_and_quotation_marks_in_arabic_point_the_way_they_read() -> None:
    """Read right to left, «الآخر» opens with « at the right: it printed as »رخآلا«, (اختراع) as )عارتخا(."""
    shown = visual_lines("إعادة (اختراع) التاريخ «الآخر»", 80)
    assert shown == ["«رخآلا» خيراتلا (عارتخا) ةداعإ"]
    # By hand: the words in reverse order, each Arabic word's letters reversed, each mark turned round.
    by_hand = " ".join(w[::-1] for w in reversed(["إعادة", "(اختراع)", "التاريخ", "«الآخر»"]))
    assert shown == [by_hand.translate(str.maketrans("()«»", ")(»«"))]
    # A year in brackets inside left-to-right text, beside a reversed pair, keeps its own order.
    assert visual_lines("The minister said «لا» and left (2024).", 80) == [
        "The minister said «ال» and left (2024)."
    ]
    assert visual_lines("قال «نعم» (2024)", 80) == ["(2024) «معن» لاق"]


def test_a_quotation_wrapped_onto_the_next_line_points_the_way_it_reads_on_each() -> None:
    """Each line of a wrapped cell is reordered alone, so a quotation's opening mark is on one line and
    its closing mark on another: neither has its partner there, and both were left pointing backwards."""
    quote = "قال المرشد: «انتصر الشعب الإيراني وانهزمت أمريكا وإسرائيل على ما قاله» ثم غادر"
    lines = visual_lines(quote, 40)
    opening = next(line for line in lines if "ريإلا" in line or "بعشلا" in line)
    closing = next(line for line in lines if "هلاق" in line)
    assert opening != closing
    # Drawn right to left, the opening mark is at the quotation's right: it points right, as » does.
    assert (opening.count("»"), opening.count("«")) == (1, 0)
    assert (closing.count("«"), closing.count("»")) == (1, 0)


def test_a_mark_stays_on_its_letter() -> None:
    shown = visual_lines("إنّ", 10)[0]  # alef-hamza, noon, shadda
    assert shown == "\u0646\u0651\u0625"  # noon + shadda, then alef: the shadda follows its letter
    assert marks_after_base("e\u0301x") == "e\u0301x"  # a Latin accent after its letter stays there


@pytest.mark.parametrize(
    ("env", "does_bidi"),
    [
        pytest.param({"VTE_VERSION": "7600", "TERM": "xterm-256color"}, True, id="gnome-terminal"),
        pytest.param({"VTE_VERSION": "5202"}, False, id="vte-before-bidi"),
        pytest.param({"KONSOLE_VERSION": "230805"}, True, id="konsole"),
        pytest.param({"TERM_PROGRAM": "Apple_Terminal"}, True, id="macos-terminal"),
        pytest.param({"TERM_PROGRAM": "mintty"}, True, id="mintty"),
        pytest.param({"TERM": "mlterm"}, True, id="mlterm"),
        pytest.param({"TERM_PROGRAM": "vscode"}, False, id="vscode"),
        pytest.param({"TERM_PROGRAM": "iTerm.app"}, False, id="iterm2"),
        pytest.param({"WT_SESSION": "x"}, False, id="windows-terminal"),
        pytest.param({"TERM": "xterm-kitty"}, False, id="kitty"),
        pytest.param({"TERM": "linux"}, False, id="linux-console"),
    ],
)
def test_auto_knows_which_terminals_do_bidi(env: dict[str, str], does_bidi: bool) -> None:
    assert terminal_does_bidi(env) is does_bidi
    assert wants_visual(Bidi.auto, is_terminal=True, env=env) is not does_bidi
    assert wants_visual(Bidi.auto, is_terminal=False, env=env) is False


def test_table_prints_arabic_as_asked(tmp_path: Path) -> None:
    # A long path beside the passage (as on a CI machine) must not fold the passage's line.
    deep = tmp_path / ("a_long_folder_name_" * 3) / "check" / "work" / "main"
    deep.mkdir(parents=True)
    shutil.copy(FIXTURES / "ar_repeats.txt", deep)
    runner = CliRunner()
    args = ["scan", str(deep / "ar_repeats.txt"), "-f", "table", "-q"]
    sentence = "أكد رئيس المجلس أن الحافلات الجديدة ستدخل الخدمة قبل نهاية الشهر الجاري"
    assert sentence in read_text(FIXTURES / "ar_repeats.txt")
    logical = runner.invoke(app, [*args, "--bidi", "logical"]).stdout
    visual = runner.invoke(app, [*args, "--bidi", "visual"]).stdout
    auto = runner.invoke(app, args).stdout  # not a terminal: left to whatever shows the file
    assert sentence in logical
    assert sentence not in visual
    assert visual_lines(sentence, 72)[0] in visual
    assert auto == logical


def test_long_passages_are_cut_at_a_word_with_an_ellipsis() -> None:
    from reuse_cli.scan import clip

    words = " ".join(f"word{k}" for k in range(60))  # 409 characters
    shown = clip(words)
    assert len(shown) <= 161
    assert shown.endswith(" …")
    assert words.startswith(shown[:-2])
    assert shown[:-2].split()[-1] in words.split()  # whole words only: no "wor" left hanging
    assert clip("short  passage\nhere") == "short passage here"


@pytest.mark.parametrize("bidi", ["logical", "visual"])
def test_table_cells_show_bidi_controls_as_markers_and_markup_as_text(tmp_path: Path, bidi: str) -> None:
    # An unbalanced override in a passage (or a file name) would reorder the rest of the row on a
    # terminal with bidi of its own; "[bold]" would be taken for rich markup and vanish.
    passage = (
        "The minister said on Monday [bold]that the budget for the coming year would rise sharply, "
        "officials confirmed in the capital \u202eas the \u2066figures\u2069 were read out in parliament."
    )
    lead = {  # enough of their own that the two are no near-duplicates (whose row shows no passage)
        "a": "Weather in the north stayed cold and wet all week, forecasters said, and farmers feared for "
        "the harvest while rivers rose in three provinces and schools closed early on Thursday.",
        "b": "Fans sang outside the ground for hours before kickoff, police said, and the club thanked "
        "volunteers who cleared the streets after the match ended late on Saturday night.",
    }
    for name, words in lead.items():
        (tmp_path / f"{name}\u202e.txt").write_text(f"{words} {passage}\n", encoding="utf-8")
    shown = CliRunner().invoke(app, ["scan", str(tmp_path), "-f", "table", "-q", "--bidi", bidi]).stdout
    assert not {
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
    } & set(shown)
    assert "⟨U+202E⟩" in shown
    assert "⟨U+2066⟩" in shown
    assert "[bold]that" in shown


def test_an_arabic_file_name_is_reordered_in_visual_order_as_the_passages_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "خبر.txt" printed as stored runs backwards on a terminal without bidi: in visual order the
    where column shows its letters reversed for display, the path and offsets left to right."""
    (tmp_path / "خبر.txt").write_text(read_text(FIXTURES / "ar_source.txt"), encoding="utf-8")
    (tmp_path / "نسخة.txt").write_text(read_text(FIXTURES / "ar_copy.txt"), encoding="utf-8")
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # short paths: a long one folds across lines in its column
    visual = runner.invoke(app, ["scan", ".", "-f", "table", "-q", "--bidi", "visual"]).stdout
    logical = runner.invoke(app, ["scan", ".", "-f", "table", "-q", "--bidi", "logical"]).stdout
    assert "ربخ.txt [" in visual
    assert "خبر.txt" not in visual
    assert "خبر.txt [" in logical


@pytest.mark.parametrize("bidi", ["visual", "logical"])
def test_the_table_fits_the_terminal_and_a_file_is_160_wide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bidi: str
) -> None:
    """The table was 160 wide on a 100-column terminal: every row wrapped onto two screen lines."""
    monkeypatch.setenv("COLUMNS", "100")
    args = ["scan", str(FIXTURES), "-f", "table", "-q", "--bidi", bidi]
    shown = CliRunner().invoke(app, args).stdout.splitlines()
    assert 90 <= max(map(cell_len, shown)) <= 100  # on screen: a mark takes no column of its own
    assert "ثلاثمائة" in "".join(shown) or "ةئامثالث" in "".join(shown)  # the passages are there
    written = tmp_path / "table.txt"
    assert CliRunner().invoke(app, [*args, "-o", str(written)]).exit_code == 0
    assert 100 < max(map(cell_len, read_text(written).splitlines())) <= 160
    monkeypatch.setenv("COLUMNS", "300")  # a file is the same bytes whatever the terminal
    again = tmp_path / "again.txt"
    assert CliRunner().invoke(app, [*args, "-o", str(again)]).exit_code == 0
    assert again.read_bytes() == written.read_bytes()
    monkeypatch.setenv("COLUMNS", "40")
    assert max(map(cell_len, CliRunner().invoke(app, args).stdout.splitlines())) <= 80
