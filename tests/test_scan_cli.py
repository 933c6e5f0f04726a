"""``reuse scan`` end to end on the bundled fixtures; expected spans come from the texts, not the code."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, read_text, spans
from typer.testing import CliRunner

from reuse_cli.main import app

runner = CliRunner()


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def scan_json(*args: str) -> dict[str, Any]:
    result = run("scan", *args, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def phrase_span(name: str, first: str, last: str, *, after: int = 0) -> tuple[int, int]:
    """Code-point range from the start of ``first`` to the end of ``last`` in a fixture."""
    text = read_text(FIXTURES / name)
    start = text.index(first, after)
    return start, text.index(last, start) + len(last)


@pytest.fixture(scope="module")
def news() -> dict[str, Any]:
    return scan_json(str(FIXTURES))


def spans_of(finding: dict[str, Any]) -> list[tuple[str, int, int]]:
    if finding["kind"] == "reuse":
        return [(Path(s["doc"]).name, s["start"], s["end"]) for s in (finding["a"], finding["b"])]
    return [(Path(finding["doc"]).name, o["start"], o["end"]) for o in finding["occurrences"]]


def test_every_text_field_is_the_slice_of_its_document(news: dict[str, Any]) -> None:
    texts = {d["id"]: read_text(Path(d["path"])) for d in news["documents"]}
    for finding in news["findings"]:
        for part in spans(finding):
            assert texts[part["doc"]][part["start"] : part["end"]] == part["text"]


def test_arabic_reuse_at_document_start_with_light_edits(news: dict[str, Any]) -> None:
    copy = phrase_span("ar_copy.txt", "وقال المتحدث", "ثلاث سنوات")
    source = phrase_span("ar_source.txt", "وقال المتحدث", "ثلاث سنوات")
    assert copy[0] == 0
    found = [f for f in news["findings"] if ("ar_copy.txt", *copy) in spans_of(f)]
    assert len(found) == 1
    assert ("ar_source.txt", *source) in spans_of(found[0])
    # 29 words. The edits: "في" became "وفي" (clitic stripped for matching), "إن" became "إنّ" (shadda
    # dropped by normalisation); a respaced comma and a paragraph break are not words. So 29/29.
    assert found[0]["words"] == 29
    assert found[0]["similarity"] == 1.0


PERSIAN_KEYBOARD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
"""What a Persian keyboard types for the Arabic ya, alef maqsura and kaf (U+06CC, U+06A9)."""


def test_arabic_retyped_on_a_persian_keyboard_is_reuse_of_its_source(tmp_path: Path) -> None:
    """Every ya and kaf of the copy is the Persian letter: a third of its words differ code point by
    code point from the source's, none of them in fact. Before ``reuse-norm/2`` the span stopped
    four words short, where "في" was typed "فی"."""
    source = read_text(FIXTURES / "ar_source.txt")
    start = source.index("\n\n") + 2  # the article less its first paragraph
    copied = source[start:].rstrip().removesuffix(".")  # a span ends with its last word
    retyped = copied.translate(PERSIAN_KEYBOARD)
    changed = sum(a != b for a, b in zip(retyped.split(), copied.split(), strict=True))
    assert (changed, len(copied.split())) == (23, 68)
    copy = "نقلت وكالة الأنباء المحلية الخبر صباح اليوم.\n\n" + retyped + "\n"
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    report = scan_json(str(tmp_path))
    (found,) = [f for f in report["findings"] if f["kind"] == "reuse"]
    assert sorted(spans_of(found)) == [
        ("copy.txt", copy.index(retyped), copy.index(retyped) + len(retyped)),
        ("source.txt", start, start + len(copied)),
    ]
    assert found["similarity"] == 1.0
    assert found["words"] == 68
    assert {found["a"]["text"], found["b"]["text"]} == {retyped, copied}


def test_english_reuse_reaching_the_last_character(news: dict[str, Any]) -> None:
    local_text = read_text(FIXTURES / "en_local.txt")
    local = phrase_span("en_local.txt", "Negotiators", "foreign fleets")
    assert local[1] == len(local_text)
    wire = phrase_span("en_wire.txt", "Negotiators", "foreign fleets")
    (found,) = [f for f in news["findings"] if ("en_local.txt", *local) in spans_of(f)]
    assert ("en_wire.txt", *wire) in spans_of(found)
    assert found["similarity"] == pytest.approx(31 / 32, abs=1e-4)  # "dispute" -> "quarrel"


def test_crlf_and_bom_offsets(news: dict[str, Any]) -> None:
    crlf = phrase_span("en_crlf_bom.txt", "The agreement", "in Oslo")
    assert crlf[0] == len("Council notes\r\n\r\n")  # the BOM is not a character of the text
    (found,) = [f for f in news["findings"] if ("en_crlf_bom.txt", *crlf) in spans_of(f)]
    assert ("en_wire.txt", *phrase_span("en_wire.txt", "The agreement", "in Oslo")) in spans_of(found)
    assert "\r\n" in next(s["text"] for s in (found["a"], found["b"]) if s["doc"].endswith("crlf_bom.txt"))


def test_sentence_tripled_is_one_finding_with_three_occurrences(news: dict[str, Any]) -> None:
    sentence = "أكد رئيس المجلس أن الحافلات الجديدة ستدخل الخدمة قبل نهاية الشهر الجاري"
    text = read_text(FIXTURES / "ar_repeats.txt")
    starts = [text.index(sentence)]
    for _ in range(2):
        starts.append(text.index(sentence, starts[-1] + 1))
    expected = [("ar_repeats.txt", s, s + len(sentence)) for s in starts]
    assert [
        spans_of(f) for f in news["findings"] if f["kind"] == "repeat" and len(f["occurrences"]) == 3
    ] == [expected]


def test_restated_sentence_with_one_word_swapped(news: dict[str, Any]) -> None:
    first = phrase_span("ar_repeats.txt", "وأوضح أن الخطة", "للمواطنين")
    second = phrase_span("ar_repeats.txt", "وأوضح أن الخطة", "للمواطنين", after=first[1])
    (found,) = [
        f
        for f in news["findings"]
        if spans_of(f) == [("ar_repeats.txt", *first), ("ar_repeats.txt", *second)]
    ]
    assert found["similarity"] == pytest.approx(15 / 16, abs=1e-4)  # الطويل -> البعيد


def test_no_finding_touches_the_unrelated_text(news: dict[str, Any]) -> None:
    assert all("unrelated.txt" not in doc for f in news["findings"] for doc, _, _ in spans_of(f))
    assert len(news["findings"]) == 5


def test_report_contract(news: dict[str, Any]) -> None:
    assert news["schema"] == "reuse.report/2"
    assert news["parameters"]["sketch"]["scheme"] == "affine32"
    assert news["errors"] == []
    doc = next(d for d in news["documents"] if d["id"].endswith("unrelated.txt"))
    assert set(doc) == {"id", "path", "chars", "words", "reused_fraction", "sha256", "source"}
    assert doc["source"]["format"] == "text"
    assert doc["reused_fraction"] == 0.0
    assert doc["chars"] == len(read_text(FIXTURES / "unrelated.txt"))
    keys = [(-f["words"], spans_of(f)) for f in news["findings"]]
    assert keys == sorted(keys)
    assert [f["id"] for f in news["findings"]] == [f"F{k}" for k in range(1, 6)]


def test_csv_has_one_row_per_span_pair_and_jsonl_one_line_per_finding() -> None:
    out = run("scan", str(FIXTURES), "-f", "csv", "-q").stdout
    assert out.startswith("\ufeff")  # the byte order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 3 + 1 + 2  # three reuse pairs, the restatement, the triple as two pairs
    assert rows[0].keys() == {
        "id",
        "kind",
        "doc_a",
        "start_a",
        "end_a",
        "doc_b",
        "start_b",
        "end_b",
        "similarity",
        "words",
        "text_a",
        "text_b",
        "boilerplate",
        "carried",
        "date_a",
        "date_b",
        "title_a",
        "title_b",
        "url_a",
        "url_b",
    }
    assert {(r["date_a"], r["date_b"]) for r in rows} == {("", "")}  # text files have no dates of their own
    assert {r["title_a"] + r["url_b"] for r in rows} == {""}  # nor headlines or addresses
    lines = run("scan", str(FIXTURES), "-f", "jsonl", "-q").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"F{k}" for k in range(1, 6)]


def test_output_file_and_format_from_suffix(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    assert run("scan", str(FIXTURES), "--output", str(out), "-q").exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("id,kind,doc_a")


@pytest.mark.parametrize(
    ("args", "name", "start"),
    [
        pytest.param([], "report.htm", "<!DOCTYPE html>", id="htm-is-html"),
        pytest.param([], "report.HTML", "<!DOCTYPE html>", id="any-case"),
        pytest.param(["-f", "html"], "report.htm", "<!DOCTYPE html>", id="htm-agrees-with-html"),
        pytest.param(["-f", "table"], "report.txt", "┏", id="no-format-of-its-own"),
        pytest.param([], "report.jsonl", '{"id": "F1"', id="jsonl"),
        pytest.param([], "report.out", '{\n  "schema"', id="unknown-suffix-is-json"),
        pytest.param([], "report", '{\n  "schema"', id="no-suffix-is-json"),
    ],
)
def test_the_output_suffix_gives_the_format(tmp_path: Path, args: list[str], name: str, start: str) -> None:
    out = tmp_path / name
    assert run("scan", str(FIXTURES), *args, "-o", str(out), "-q").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        pytest.param(["scan", str(FIXTURES), "-f", "csv"], "c.xlsx", "--format csv contradicts", id="scan"),
        pytest.param(["scan", str(FIXTURES), "-f", "json"], "r.htm", "--format json contradicts", id="htm"),
        pytest.param(["scan", str(FIXTURES), "-f", "json"], "r.jsonl", "(.jsonl is jsonl)", id="jsonl"),
        pytest.param(
            ["check", str(FIXTURES), "--index", "none.db", "-f", "html"], "r.csv", "contradicts", id="check"
        ),
        pytest.param(["report", "scan.json"], "r.json", "reuse report does not write json", id="report"),
        pytest.param(["scan", str(FIXTURES), "-f", "csv"], "r.tsv", "does not write .tsv files", id="tsv"),
        pytest.param(
            ["dedup", str(FIXTURES)], "d.ods", "does not write .ods files: name it ", id="dedup-ods"
        ),
    ],
)
def test_an_output_suffix_that_belies_the_format_is_a_usage_error(
    tmp_path: Path, command: list[str], name: str, message: str
) -> None:
    out = tmp_path / name
    result = run(*command, "-o", str(out))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


WRITTEN = "table, json, jsonl, csv, xlsx, html"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        pytest.param(
            "out.xls",
            f"reuse scan does not write .xls files: name it {{out}}.xlsx (it writes {WRITTEN})",
            id="xls",
        ),
        pytest.param(
            "out.xslx", f"no format is named .xslx: {{out}}.xlsx? (reuse scan writes {WRITTEN})", id="typo"
        ),
    ],
)
def test_an_output_named_as_a_spreadsheet_not_written_names_the_file_to_write(
    tmp_path: Path, name: str, said: str
) -> None:
    """``-o out.xls`` (or a typo, ``out.xslx``) wrote JSON under a spreadsheet's name, without a word."""
    out = tmp_path / name
    result = run("scan", str(FIXTURES), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"reuse: {out}: {said.format(out=tmp_path / 'out')}\n"
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".json", ".csv", ".html"])
def test_an_output_named_gz_is_the_same_report_gzip_compressed_and_read_back(
    tmp_path: Path, suffix: str
) -> None:
    """``-o report.json.gz`` wrote plain JSON under a gzip name: a reader's ``gunzip`` refused it."""
    import gzip

    plain, packed = tmp_path / f"r{suffix}", tmp_path / f"r{suffix}.gz"
    for out in (plain, packed):
        assert run("scan", str(FIXTURES), "--quiet", "-o", str(out)).exit_code == 0
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert run("scan", str(FIXTURES), "--quiet", "-o", str(tmp_path / "again.gz")).exit_code == 0
    assert (tmp_path / "again.gz").read_bytes()[4:8] == b"\0\0\0\0"  # no timestamp: same bytes each time
    if suffix == ".json":
        page = tmp_path / "page.html"
        assert run("report", str(packed), "-o", str(page)).exit_code == 0
        assert "fixtures/news/en_wire.txt" in page.read_text(encoding="utf-8")


def test_a_gz_output_of_a_format_not_written_names_the_gz_file_to_write(tmp_path: Path) -> None:
    out = tmp_path / "out.xls.gz"
    result = run("scan", str(FIXTURES), "-o", str(out))
    assert result.exit_code == 2
    said = f"reuse scan does not write .xls files: name it {tmp_path / 'out.xlsx.gz'} (it writes {WRITTEN})"
    assert result.stderr == f"reuse: {out}: {said}\n"


WRITERS = {
    "scan": ["scan", str(FIXTURES)],
    "dedup": ["dedup", str(FIXTURES.parent / "refiled")],
    "check": ["check", str(FIXTURES), "--index", "none.db"],  # refused before the index is opened
    "extract": ["extract", str(FIXTURES / "en_wire.txt")],
    "report": ["report", "scan.json"],  # refused before the report is read
}
"""Every command that writes ``--output``, with arguments that would otherwise run."""


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("where", ["missing-folder", "a-folder", "under-a-file", "read-only-folder"])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, command: str, where: str
) -> None:
    """Found only when the report was written, at the end of the run, it was a traceback and exit 1,
    which a CI gate reads as findings; now it is one line and exit 3, before anything is read."""
    name = "out.html" if command == "report" else "out.json" if command != "extract" else "out.txt"
    if where == "read-only-folder" and os.geteuid() == 0:
        pytest.skip("root may write in any folder")
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    output, problem = {
        "missing-folder": (tmp_path / "gone" / name, f"no such folder '{tmp_path / 'gone'}'"),
        "a-folder": (tmp_path, "a folder"),
        "under-a-file": (blocker / name, f"'{blocker}' is not a folder"),
        "read-only-folder": (locked / name, f"no permission to write in '{locked}'"),
    }[where]
    result = run(*WRITERS[command], "-o", str(output))
    assert (result.exit_code, result.stderr) == (3, f"reuse: {output}: cannot write ({problem})\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file.txt", "locked"]  # nothing made
    assert not any(locked.iterdir())


@pytest.mark.parametrize("command", ["scan", "dedup", "extract"])
def test_a_write_that_fails_at_the_end_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A disk that fills while the report is written: the system's reason, not a traceback and exit 1."""
    import errno

    import reuse.files

    def full(path: Path, data: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(reuse.files, "write_text", full)
    monkeypatch.setattr(reuse.files, "write_bytes", full)
    output = tmp_path / "out.csv"
    result = run(*WRITERS[command], "-o", str(output), *([] if command == "extract" else ["-q"]))
    said = f"reuse: {output}: cannot write (No space left on device)\n"
    assert (result.exit_code, result.stderr) == (3, said)
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        pytest.param("none", 0, id="none"),
        pytest.param("reuse", 1, id="reuse"),
        pytest.param("repeat", 1, id="repeat"),
        pytest.param("any", 1, id="any"),
    ],
)
def test_fail_on(fail_on: str, code: int) -> None:
    assert run("scan", str(FIXTURES), "-f", "json", "-q", "--fail-on", fail_on).exit_code == code


def test_fail_on_does_not_fire_without_findings() -> None:
    assert run("scan", str(FIXTURES / "unrelated.txt"), "-f", "json", "--fail-on", "any").exit_code == 0


def test_nothing_found_says_what_was_compared() -> None:
    result = run("scan", str(FIXTURES / "unrelated.txt"), str(FIXTURES / "en_wire.txt"), "-f", "json")
    assert (
        "2 documents, no reuse or repeats found (aligned 1 candidate pair of 1 and each document with itself)"
        in result.stderr
    )


def test_nothing_found_in_many_documents_counts_the_pairs_aligned_not_all_pairs(tmp_path: Path) -> None:
    """Beyond 16 documents only candidate pairs are aligned: the line says how many, of all pairs."""
    rng = random.Random(3)
    for k in range(20):  # words of their own: no pair shares a passage
        words = " ".join(f"d{k}w{rng.randrange(10_000)}" for _ in range(60))
        (tmp_path / f"{k:02}.txt").write_text(words + ".", encoding="utf-8")
    result = run("scan", str(tmp_path), "-f", "json", "--timings")
    assert result.exit_code == 0, result.output
    summary, _, counts = result.stderr.splitlines()
    aligned = int(counts.split(" candidate pairs")[0].rsplit(" ", 1)[1])
    assert summary == (
        f"reuse: 20 documents, no reuse or repeats found (aligned {aligned} candidate pair"
        f"{'s' if aligned != 1 else ''} of 190 and each document with itself)"
    )


def test_dedup_timings_start_with_reading_as_the_scans_do() -> None:
    result = run("dedup", str(FIXTURES.parent / "refiled"), "-f", "json", "--quiet", "--timings")
    assert result.exit_code == 0, result.output
    stages, _ = result.stderr.strip().splitlines()
    assert stages.startswith("reuse: read ")


def test_stdin_and_jsonl(tmp_path: Path) -> None:
    wire = read_text(FIXTURES / "en_wire.txt")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "w1", "text": wire}) + "\n" + json.dumps({"id": "w2", "text": wire[16:]}) + "\n"
    )
    result = run("scan", "-", str(docs), "-f", "json", "-q", input=wire)
    report = json.loads(result.stdout)
    assert [d["id"] for d in report["documents"]] == ["-", "w1", "w2"]
    # The three are one story (w2 lacks only the wire's first line): one near-duplicate group first.
    group, cluster = report["findings"]
    assert (group["kind"], group["docs"]) == ("near-duplicate", ["-", "w1", "w2"])
    # One wire story in three documents: one cluster finding, its three pairs aligned, inside the group.
    assert cluster["kind"] == "cluster"
    assert cluster["group"] == group["id"]
    assert cluster["documents"] == 3
    assert [o["doc"] for o in cluster["occurrences"]] == ["-", "w1", "w2"]
    assert sorted(tuple(link["pair"]) for link in cluster["links"]) == [(0, 1), (0, 2), (1, 2)]
    # w2 is the wire from its 17th character on: "-" and w1 hold all of it, w2 from its start.
    starts = [o["start"] for o in cluster["occurrences"]]
    assert starts == [0, 0, 0]
    assert cluster["occurrences"][0]["text"] == cluster["occurrences"][1]["text"]
    assert cluster["occurrences"][0]["text"].endswith(cluster["occurrences"][2]["text"])
    # Each link keeps the exact spans that were aligned: against w2, "-" from character 16.
    to_w2 = next(link for link in cluster["links"] if link["pair"] == [0, 2])
    assert to_w2["spans"][0][0] == 16


def test_encoding_option(tmp_path: Path) -> None:
    text = read_text(FIXTURES / "ar_source.txt")
    (tmp_path / "a.txt").write_bytes(text.encode("cp1256"))
    (tmp_path / "b.txt").write_bytes(text.encode("cp1256"))
    failed = run("scan", str(tmp_path), "-f", "json")
    assert failed.exit_code == 3
    assert "not valid utf-8 at byte 0 (try --encoding cp1256" in failed.stderr
    report = json.loads(run("scan", str(tmp_path), "-f", "json", "--encoding", "cp1256").stdout)
    copy = next(f for f in report["findings"] if f["kind"] == "reuse")  # after the two files' group
    assert copy["a"]["text"] == text.rstrip("\n").rstrip(".")


def test_an_archive_of_windows_1256_and_utf8_files_reads_both_under_encoding_cp1256(tmp_path: Path) -> None:
    """``--encoding`` names the old files' encoding; the new UTF-8 ones are not turned into mojibake."""
    source, copy = read_text(FIXTURES / "ar_source.txt"), read_text(FIXTURES / "ar_copy.txt")
    (tmp_path / "old.txt").write_bytes(source.encode("cp1256"))
    (tmp_path / "new.txt").write_bytes(copy.encode("utf-8"))
    saved = tmp_path / "scan.json"
    result = run("scan", str(tmp_path), "--encoding", "cp1256", "-o", str(saved), "-q")
    assert result.exit_code == 0, result.output
    report = json.loads(saved.read_text(encoding="utf-8"))
    encodings = {Path(d["path"]).name: d["source"]["encoding"] for d in report["documents"]}
    assert encodings == {"old.txt": "cp1256", "new.txt": "utf-8"}
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]
    texts = {"old.txt": source, "new.txt": copy}
    for side in (finding["a"], finding["b"]):
        assert side["text"] == texts[Path(side["doc"]).name][side["start"] : side["end"]]
    starts = {Path(s["doc"]).name: s["start"] for s in (finding["a"], finding["b"])}
    assert starts == {"old.txt": source.index("وقال المتحدث"), "new.txt": 0}
    again = run("report", str(saved), "-o", str(tmp_path / "report.html"))  # each file read as recorded
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_file_saved_as_unicode_by_windows_is_read_by_its_byte_order_mark(
    tmp_path: Path, codec: str
) -> None:
    """Notepad's "Unicode" is UTF-16 behind a byte-order mark; offsets index the text as open() reads it."""
    text = read_text(FIXTURES / "en_crlf_bom.txt").lstrip("\ufeff")
    marked = text.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + text.encode(codec)
    (tmp_path / "saved.txt").write_bytes(marked)
    (tmp_path / "wire.txt").write_text(read_text(FIXTURES / "en_wire.txt"), encoding="utf-8", newline="")
    report = scan_json(str(tmp_path))
    assert {d["source"]["encoding"] for d in report["documents"]} == {codec[:6], "utf-8"}
    with open(tmp_path / "saved.txt", encoding=codec[:6], newline="") as handle:
        as_read = handle.read()
    assert as_read == text
    (finding,) = report["findings"]
    side = next(s for s in (finding["a"], finding["b"]) if s["doc"].endswith("saved.txt"))
    assert side["text"] == as_read[side["start"] : side["end"]]
    assert side["text"].startswith("The agreement caps")
    assert "\r\n" in side["text"]


def test_utf16_without_its_mark_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "unmarked.txt").write_bytes("The port reopens.".encode("utf-16-le"))
    result = run("scan", str(tmp_path), "-f", "json")
    assert result.exit_code == 3
    assert (
        "reuse: " + str(tmp_path / "unmarked.txt") + ": binary file (contains NUL bytes), not text"
        " (UTF-16 without a byte-order mark? try --encoding utf-16-le)"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("files", "code", "message"),
    [
        pytest.param({}, 3, "no document could be read", id="empty-folder"),
        pytest.param({"e.txt": b""}, 3, "e.txt: empty file (0 bytes): nothing to read", id="empty-file"),
        pytest.param({"w.txt": b" \n\t "}, 3, "w.txt: empty or whitespace-only text", id="whitespace-file"),
        pytest.param({"b.bin.txt": b"\x89PNG\x00\x00"}, 3, "b.bin.txt: binary file", id="binary"),
        pytest.param({"u.txt": b"caf\xe9 au lait"}, 3, "u.txt: not valid utf-8 at byte 3", id="undecodable"),
        pytest.param({"one.txt": b"word"}, 0, "1 document, no reuse", id="one-word"),
        pytest.param({"huge.txt": ("lorem ipsum dolor " * 40_000).encode()}, 0, "1 document", id="huge-line"),
        pytest.param(
            {"d.jsonl": b'{"id": "x", "text": "fine text here"}\n{oops\n'},
            0,
            "d.jsonl:2: malformed JSON",
            id="malformed-jsonl-line",
        ),
    ],
)
def test_bad_input(tmp_path: Path, files: dict[str, bytes], code: int, message: str) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = run("scan", str(tmp_path), "--glob", "*", "-f", "json")
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_missing_path_is_reported_and_the_rest_still_scanned(tmp_path: Path) -> None:
    result = run("scan", str(FIXTURES), str(tmp_path / "nope"), "-f", "json")
    assert result.exit_code == 3
    assert f"reuse: {tmp_path / 'nope'}: no such file or folder" in result.stderr
    assert len(json.loads(result.stdout)["findings"]) == 5


def test_strict_makes_any_unreadable_file_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(read_text(FIXTURES / "en_wire.txt"))
    (tmp_path / "bad.txt").write_bytes(b"\xfa\xfb\xfc")
    assert run("scan", str(tmp_path), "-f", "json").exit_code == 0
    strict = run("scan", str(tmp_path), "-f", "json", "--strict")
    assert strict.exit_code == 3
    assert json.loads(strict.stdout)["errors"][0]["path"].endswith("bad.txt")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--threshold", "1.5"], id="threshold-range"),
        pytest.param(["--format", "pdf"], id="format"),
        pytest.param(["--fail-on", "sometimes"], id="fail-on"),
        pytest.param([], id="no-paths"),
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    paths = [str(FIXTURES)] if args else []
    assert run("scan", *paths, *args).exit_code == 2


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param(
            ["check", "d.txt", "--index", "a.db", "--fail-on", "everything"],
            "Invalid value for '--fail-on': 'everything' is not one of 'reuse', 'repeat', 'any', 'none' "
            "(see 'reuse check --help')",
            id="choice",
        ),
        pytest.param(["index", "remove", "a.db"], "Missing argument 'ids' (see 'reuse index remove --help')"),
        pytest.param(["frob"], "No such command 'frob' (see 'reuse --help')", id="command"),
    ],
)
def test_a_usage_error_of_the_command_line_is_one_line(args: list[str], said: str) -> None:
    """They were the usage, a "Try --help" line and a boxed message: no line a script's log could hold."""
    result = subprocess.run(
        [sys.executable, "-m", "reuse_cli", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr, result.stdout) == (2, f"reuse: {said}\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--threshold", "1.5"], "threshold must be between 0 and 1 (got 1.5)", id="threshold"),
        pytest.param(["--threshold", "-0.1"], "threshold must be between 0 and 1 (got -0.1)", id="negative"),
    ],
)
def test_a_setting_the_config_rejects_is_a_one_line_usage_error(args: list[str], message: str) -> None:
    result = run("scan", str(FIXTURES), *args)
    assert result.exit_code == 2
    assert result.stderr == f"reuse: {message}\n"


def test_a_file_named_twice_is_a_one_line_input_error(tmp_path: Path) -> None:
    wire = str(FIXTURES / "en_wire.txt")
    result = run("scan", wire, str(FIXTURES / "en_local.txt"), wire, "-f", "json")
    assert result.exit_code == 3
    assert result.stderr == f"reuse: duplicate document id {wire!r}: a file named twice (name it once)\n"
    assert result.stdout == ""
    records = tmp_path / "d.jsonl"
    records.write_text('{"id": "x", "text": "one text"}\n{"id": "x", "text": "another text"}\n')
    assert run("scan", str(records), "-f", "json").exit_code == 3


def test_two_exports_sharing_ids_are_refused_naming_both_files_and_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said "duplicate document id '1': a file named twice, or JSONL records sharing an id": no file, no
    row, and "JSONL" for two CSV files; then it said it twice, a note and the scan's refusal."""
    monkeypatch.chdir(tmp_path)
    Path("en_site.csv").write_text("id,text\n1,the harbour and its new cranes\n2,the schools\n")
    Path("ar_site.csv").write_text("id,text\n1,خبر الموقع العربي عن الميناء\n2,خبر عن المدارس\n")
    result = run("scan", "en_site.csv", "ar_site.csv", "-f", "json")
    assert result.exit_code == 3
    assert result.stdout == ""
    said = (
        "reuse: ar_site.csv row 1 has the id '1' of en_site.csv row 1 (and 1 more id of that file):"
        " ids must be unique; give one file's records other ids, or scan the files apart\n"
    )
    assert result.stderr == said
    for command in (["scan"], ["dedup"], ["index", "add", "a.db"]):
        quiet = run(*command, "en_site.csv", "ar_site.csv", "-q")
        assert (quiet.exit_code, quiet.stderr) == (3, said)
    assert not Path("a.db").exists()  # refused before the index was opened


def test_bad_records_are_named_once_a_problem_and_the_scan_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deeply nested line was a RecursionError traceback with no report; 50,000 records with ``body``
    for ``text`` were 50,000 lines on stderr and in ``errors``."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "en_wire.txt", "wire.txt")
    shutil.copy(FIXTURES / "en_local.txt", "local.txt")
    Path("deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    Path("big.jsonl").write_text("".join(f'{{"id": {n}, "body": "story {n}"}}\n' for n in range(5000)))
    result = run("scan", ".", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["id"] for d in report["documents"]] == ["local.txt", "wire.txt"]
    assert report["errors"] == [
        {
            "path": "big.jsonl",
            "error": 'no "text" field in any record (their fields: "id", "body"; use --text-field)',
        },
        {"path": "deep.jsonl:1", "error": "malformed JSON (nested too deeply)"},
    ]
    assert result.stderr.count("\n") == 3  # the two errors and the summary


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_same_input_gives_byte_identical_reports_whatever_the_hash_seed(fmt: str) -> None:
    outputs = []
    for seed in ("1", "4242"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-m", "reuse_cli", "scan", "fixtures/news", "--format", fmt, "--quiet"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


def test_worker_processes_give_the_same_findings() -> None:
    from reuse import Document, scan

    texts = [read_text(p) for p in sorted(FIXTURES.glob("*.txt"))]
    docs = [Document(f"d{k}", t) for k, t in enumerate(texts * 10)]  # enough jobs to use the pool
    assert scan(docs, workers=2).findings == scan(docs, workers=1).findings


def test_timings_go_to_stderr_and_leave_the_report_unchanged(news: dict[str, Any]) -> None:
    result = run("scan", str(FIXTURES), "--format", "json", "--quiet", "--timings")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == news
    stages, counts = result.stderr.strip().splitlines()
    assert stages.startswith("reuse: read ")  # reading (and extracting) the files comes first
    for stage in ("prepare", "candidates", "align", "findings"):
        assert f"{stage} " in stages
    # Seven fixtures: every one of the 21 pairs is aligned (small collections are compared pair by pair).
    assert "7 documents" in counts
    assert "21 candidate pairs" in counts
    reused_pairs = {
        tuple(sorted((f["a"]["doc"], f["b"]["doc"]))) for f in news["findings"] if f["kind"] == "reuse"
    }
    assert f"{len(reused_pairs)} pairs with findings" in counts
    assert f"{len(news['findings'])} findings" in counts


def test_wire_fixtures_give_one_cluster_and_one_boilerplate_credit() -> None:
    wire = FIXTURES.parent / "wire"
    report = scan_json(str(wire))
    story, credit = report["findings"]
    first, last = "The World Meteorological Organization", "emergency measures were taken"
    assert (story["kind"], story["boilerplate"], story["documents"]) == ("cluster", False, 3)
    for occurrence in story["occurrences"]:
        text = read_text(Path(occurrence["doc"]))
        start = text.index(first)
        assert (occurrence["start"], occurrence["end"]) == (start, text.index(last, start) + len(last))
    assert [Path(o["doc"]).name for o in story["occurrences"]] == [
        "agency.txt",
        "daily_courier.txt",
        "evening_post.txt",
    ]
    assert story["similarity"] == pytest.approx(67 / 68, abs=1e-4)  # warmest -> hottest, 68 words
    assert (credit["kind"], credit["boilerplate"], credit["documents"]) == ("cluster", True, 4)
    assert {o["text"] for o in credit["occurrences"]} == {"Reporting by Lena Marsh; Editing by Tom Ward"}
    assert all(
        d["reused_fraction"] == 0.0 for d in report["documents"] if d["id"].endswith("harbour_news.txt")
    )


def test_stdin_is_decoded_as_a_file_is_bytes_and_encoding_and_all() -> None:
    """stdin's bytes, not the locale's reading of them: a BOM dropped and CR LF kept as for a file,
    --encoding obeyed, and bytes that do not decode one line naming "-" (it was a traceback)."""
    text = "قال الوزير إن المشروع سيبدأ\r\nالأسبوع المقبل في طرابلس"
    report = json.loads(
        runner.invoke(app, ["scan", "-", "-f", "json"], input=b"\xef\xbb\xbf" + text.encode()).stdout
    )
    assert report["documents"][0]["chars"] == len(text)
    assert report["documents"][0]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    legacy = runner.invoke(
        app, ["scan", "-", "-f", "json", "--encoding", "cp1256"], input=text.encode("cp1256")
    )
    assert json.loads(legacy.stdout)["documents"][0]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    bad = runner.invoke(app, ["scan", "-", "-f", "json"], input=text.encode("cp1256"))
    assert bad.exit_code == 3
    assert (
        bad.stderr.splitlines()[0] == "reuse: -: not valid utf-8 at byte 0 (try --encoding cp1256 or another)"
    )
    assert "Traceback" not in bad.output


def test_bidi_controls_in_file_names_are_spelled_out_on_stderr(tmp_path: Path) -> None:
    """A file named "report\u202etxt.exe" reads "reportexe.txt" when printed raw: the summary and
    error lines spell the control out, as the table and the HTML page do."""
    text = "The ministry said the new border crossing near Ras Ajdir would open to lorries next month. "
    (tmp_path / "report\u202etxt.exe").write_text(text * 3, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(text * 3, encoding="utf-8")
    (tmp_path / "bad\u202egnp.txt").write_bytes(b"\xff\xfe\x00\xd8 broken")
    result = run("scan", str(tmp_path), "--glob", "*", "--format", "json")
    assert "\u202e" not in result.stderr
    assert "report⟨U+202E⟩txt.exe" in result.stderr  # the summary's most covered document
    assert "bad⟨U+202E⟩gnp.txt" in result.stderr  # the error naming the unreadable file


@pytest.mark.parametrize("markup", ["text", "html"])
def test_records_are_traced_to_their_file_and_a_saved_report_of_them_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, markup: str
) -> None:
    """A finding between rows of two exports named bare ids ("most covered: 5"), with ``"path": ""``,
    and ``reuse report`` refused every record ("no file path in the report (JSONL/stdin input)").

    Records carry their file's path; the table and summary add file and row to the id; the report
    reads each record again with the fields it was read by (here ``uid`` and ``body``; a cell
    holding HTML is read again as HTML) and checks its text."""
    if markup == "html":
        pytest.importorskip("lxml", reason="needs the formats extra")
    monkeypatch.chdir(tmp_path)
    story = (
        "The harbour authority said the new quay would open to trawlers next month after two years of works"
    )
    cell = f"<p>{story}.</p>" if markup == "html" else f"{story}."
    Path("cms.csv").write_text(f'uid,body\n5,"{cell}"\n6,A note on the weather in the valley\n')
    Path("wire.jsonl").write_text(
        json.dumps({"uid": "w1", "body": f"Officials said on Monday that {story}."})
    )
    options = ("--id-field", "uid", "--text-field", "body")
    saved = run("scan", "cms.csv", "wire.jsonl", *options, "-o", "scan.json")
    assert saved.exit_code == 0, saved.output
    assert "most covered: 5 (cms.csv row 1) (" in saved.stderr
    report = json.loads(Path("scan.json").read_text(encoding="utf-8"))
    places = {
        d["id"]: (d["path"], d["source"]["record"], d["source"]["text_field"]) for d in report["documents"]
    }
    assert places == {
        "5": ("cms.csv", "row 1", "body"),
        "6": ("cms.csv", "row 2", "body"),
        "w1": ("wire.jsonl", "line 1", "body"),
    }
    table = run("scan", "cms.csv", "wire.jsonl", *options, "-f", "table", "-q")
    assert "5 (cms.csv row 1)" in table.stdout
    assert "w1 (wire.jsonl line 1)" in table.stdout
    page = run("report", "scan.json", "-o", "page.html")
    assert page.exit_code == 0, page.output
    assert story in Path("page.html").read_text(encoding="utf-8")
    Path("cms.csv").write_text(f'uid,body\n5,"{cell}!"\n6,A note on the weather in the valley\n')
    changed = run("report", "scan.json", "-o", "page.html")
    assert (changed.exit_code, changed.stderr) == (
        3,
        "reuse: cms.csv: changed since the scan (sha256 differs)\n",
    )


# ------------------------------------------------------------------------------ the first printing

PAPERS = ROOT / "fixtures" / "papers"


def test_dated_reprints_name_their_first_printing() -> None:
    """A story reprinted by four papers, one page undated, and an item two papers share.

    The report said nothing of dates but each document's ``source.date``: occurrences are in id
    order and the table led with the most similar pair, so the first printing was nowhere named.
    """
    report = scan_json(str(PAPERS), "--date-field", "date")
    story, item = report["findings"]
    assert (story["kind"], item["kind"]) == ("cluster", "reuse")
    assert story["earliest"] == {"date": "1887-09-25", "docs": ["galena-gazette-p6"], "undated": 1}
    assert item["earliest"] == {"date": "1887-09-20", "docs": ["helena-independent-p2"]}
    assert list(story)[list(story).index("earliest") + 1] == "occurrences"  # read before the places
    undated = scan_json(str(PAPERS))  # no --date-field: no dates, so nothing is earliest
    assert not any("earliest" in f for f in undated["findings"])
    assert [f["id"] for f in undated["findings"]] == ["F1", "F2"]


def test_the_table_leads_with_the_first_printing_and_names_it() -> None:
    result = run("scan", str(PAPERS), "--date-field", "date", "--format", "table", "--quiet")
    assert result.exit_code == 0, result.output
    story = result.stdout.split("├")[0]
    assert story.index("galena-gazette-p6") < story.index("eureka-star-p8")  # eureka's pair is closer
    assert "earliest 1887-09-25: galena-gazette-p6" in story
    assert "(1 undated)" in story
    assert "earliest 1887-09-20:" in result.stdout.split("├")[1]
    plain = run("scan", str(PAPERS), "--format", "table", "--quiet").stdout
    assert "earliest" not in plain
    assert plain.split("├")[0].index("eureka-star-p8") < plain.split("├")[0].index("galena-gazette-p6")


def test_a_near_duplicate_group_names_its_earliest_version(tmp_path: Path) -> None:
    refiled = ROOT / "fixtures" / "refiled"
    records = [
        ("en_flood_wire.txt", "2024-03-02T09:00:00+00:00"),
        ("en_flood_refiled.txt", "2024-03-02T11:30:00+03:00"),  # 08:30 UTC: the first
        ("en_flood_brief.txt", None),
    ]
    path = tmp_path / "flood.jsonl"
    lines = [json.dumps({"id": n, "text": read_text(refiled / n), "date": d}) + "\n" for n, d in records]
    path.write_text("".join(lines), encoding="utf-8")
    report = scan_json(str(path), "--date-field", "date")
    group = report["findings"][0]
    assert group["kind"] == "near-duplicate"
    assert group["earliest"] == {
        "date": "2024-03-02T11:30:00+03:00",
        "docs": ["en_flood_refiled.txt"],
        "undated": 1,
    }
    table = run("scan", str(path), "--date-field", "date", "--format", "table", "--quiet").stdout
    assert "earliest 2024-03-02T11:30:00+03:00:" in table.split("├")[0]


def test_dates_that_are_not_dates_are_named_once_and_taken_as_undated(tmp_path: Path) -> None:
    story = read_text(PAPERS / "reprints.jsonl").splitlines()
    records = [json.loads(line) for line in story]
    records[0]["date"] = "September 25, 1887"  # the gazette's: no longer the first printing
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run("scan", str(path), "--date-field", "date", "--format", "json")
    assert result.exit_code == 0, result.output
    cluster = json.loads(result.stdout)["findings"][0]
    assert cluster["earliest"] == {"date": "1887-10-13", "docs": ["lowell-advertiser-p2"], "undated": 2}
    assert (
        "reuse: 1 document has a date that is not one (ISO 8601, RFC 2822 or Unix seconds): taken as "
        "undated, never named earliest (galena-gazette-p6)\n" in result.stderr
    )


def test_quiet_still_names_an_input_that_cannot_be_read(tmp_path: Path) -> None:
    """``--quiet`` left out a whole export that failed (exit 0): a nightly job lost it in silence."""
    (tmp_path / "good.csv").write_text(
        f'id,text\na,"{read_text(FIXTURES / "en_wire.txt")}"\n', encoding="utf-8"
    )
    (tmp_path / "notext.csv").write_text("id,body\nb,words\n", encoding="utf-8")
    (tmp_path / "extra.csv").write_text("id,text\nc,other words here\n", encoding="utf-8")
    paths = [str(tmp_path / name) for name in ("good.csv", "notext.csv", "extra.csv")]
    result = run("scan", *paths, "--title-field", "headline", "--quiet", "--format", "json")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"reuse: {tmp_path / 'notext.csv'}: no column 'text'")
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["a", "c"]


def test_the_table_puts_a_reuse_pairs_first_printing_first() -> None:
    """The README says the table shows the earliest document's place first; a reuse pair showed its a side
    first, whichever was printed first (a walker: the gazette of 25 September above the paper of 20
    September it named earliest)."""
    args = [str(PAPERS / "reprints.jsonl"), "--date-field", "date"]
    pairs = [f for f in scan_json(*args)["findings"] if f["kind"] == "reuse"]
    swapped = [f for f in pairs if f["earliest"]["docs"] == [f["b"]["doc"]]]
    assert swapped  # the case: the b side printed first
    table = run("scan", *args, "-f", "table", "-q").stdout
    for f in pairs:
        (block,) = [b for b in table.split("├") if f"│ {f['id']} " in b]
        (first,) = f["earliest"]["docs"]
        other = f["a"]["doc"] if first == f["b"]["doc"] else f["b"]["doc"]
        assert block.index(first) < block.index(other), f["id"]
