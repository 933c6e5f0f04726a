"""The archive index and `reuse check`: the scan's findings for the draft, incremental, safe under faults."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import FIXTURES, ROOT, read_text
from typer.testing import CliRunner

from reuse.archive import check, index_add, index_remove, posting_keys, settings
from reuse.models import PREPARATION_VERSION, CandidateParams, Document, SketchConfig
from reuse.pipeline import scan
from reuse.prepare import prepare_batch
from reuse.report import to_report
from reuse.store import ArchiveStore, IndexFileError, IndexSettingsError
from reuse_cli.main import app

Link = tuple[Any, ...]


def draft_links(report: dict[str, Any], draft: str) -> set[Link]:
    """A report restricted to the draft: every aligned pair joining it to another document, each as
    ``(draft start, end, other doc, start, end, similarity, boilerplate)`` whether the report has it
    as a reuse finding or as a link of a cluster, and its repeats as ``("repeat", spans, similarity)``."""
    out: set[Link] = set()
    for f in report["findings"]:
        if f["kind"] == "repeat":
            if f["doc"] == draft:
                out.add(("repeat", tuple((o["start"], o["end"]) for o in f["occurrences"]), f["similarity"]))
            continue
        if f["kind"] == "reuse":
            pairs = [(f["a"], f["b"], f["similarity"], False)]
        else:
            occ = f["occurrences"]
            pairs = [
                (
                    {"doc": occ[i]["doc"], "start": sa[0], "end": sa[1]},
                    {"doc": occ[j]["doc"], "start": sb[0], "end": sb[1]},
                    link["similarity"],
                    f["boilerplate"],
                )
                for link in f["links"]
                for (i, j), (sa, sb) in [(link["pair"], link["spans"])]
            ]
        for a, b, similarity, boilerplate in pairs:
            if b["doc"] == draft:
                a, b = b, a
            if a["doc"] == draft and b["doc"] != draft:
                out.add((a["start"], a["end"], b["doc"], b["start"], b["end"], similarity, boilerplate))
    return out


def _words(rng: random.Random, n: int) -> str:
    vocabulary = [f"w{k}" for k in range(3000)]
    weights = [1 / (k + 1) for k in range(3000)]  # Zipf-like, so topical words recur across documents
    return " ".join(rng.choices(vocabulary, weights, k=n))


def generated_archive(seed: int = 7, size: int = 120) -> tuple[list[Document], list[Document]]:
    """An archive of ``size`` documents and drafts that copy from it: one passage from one document,
    passages from two, a passage the archive holds three times (a cluster), and none."""
    rng = random.Random(seed)
    archive = [Document(f"a{k:03}", _words(rng, rng.randint(150, 400)) + ".") for k in range(size)]
    wire = _words(rng, 80)
    for k in (5, 50, 95):  # a wire story in three archived articles
        text = archive[k].text
        archive[k] = Document(archive[k].id, text[:200] + " " + wire + " " + text[200:])

    def cut(doc: Document, start: int, words: int) -> str:
        return " ".join(doc.text.split()[start : start + words])

    drafts = [
        Document("d-one", _words(rng, 60) + " " + cut(archive[10], 20, 70) + " " + _words(rng, 50)),
        Document("d-two", cut(archive[30], 5, 40) + " " + _words(rng, 80) + " " + cut(archive[31], 30, 60)),
        Document("d-wire", _words(rng, 40) + " " + wire + " " + _words(rng, 40)),
        Document("d-none", _words(rng, 300)),
        Document("d-repeat", (cut(archive[60], 0, 50) + " " + _words(rng, 30) + " ") * 2),
    ]
    return archive, drafts


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ArchiveStore, list[Document], list[Document]]:
    archive, drafts = generated_archive()
    store = ArchiveStore.connect(tmp_path_factory.mktemp("gen") / "archive.db", settings(), create=True)
    index_add(store, archive, batch_chars=20_000)  # several transactions
    return store, archive, drafts


@pytest.mark.parametrize("draft_number", range(5), ids=["one", "two", "wire", "none", "repeat"])
def test_check_gives_the_scans_findings_for_the_draft(
    generated: tuple[ArchiveStore, list[Document], list[Document]], draft_number: int
) -> None:
    store, archive, drafts = generated
    draft = drafts[draft_number]
    got = draft_links(to_report(check([draft], store, workers=1)), draft.id)
    want = draft_links(to_report(scan([draft, *archive], workers=1, as_given=True)), draft.id)
    assert got == want
    expected = {
        "d-one": {"a010"},
        "d-two": {"a030", "a031"},
        "d-wire": {"a005", "a050", "a095"},
        "d-none": set(),
        "d-repeat": {"a060"},
    }
    assert {link[2] for link in got if link[0] != "repeat"} == expected[draft.id]
    assert any(link[0] == "repeat" for link in got) == (draft.id == "d-repeat")


def test_a_draft_sharing_a_passage_with_three_archived_articles_is_one_cluster(
    generated: tuple[ArchiveStore, list[Document], list[Document]],
) -> None:
    store, _, drafts = generated
    result = check([drafts[2]], store, workers=1)
    (cluster,) = result.findings
    assert cluster.kind == "cluster"
    assert not cluster.boilerplate
    assert cluster.docs == ("a005", "a050", "a095", "d-wire")
    assert {(link.i, link.j) for link in cluster.links} == {(0, 3), (1, 3), (2, 3)}  # only the draft's links
    assert [d.id for d in result.documents] == ["d-wire", "a005", "a050", "a095"]
    wire = drafts[2].text.split(" ", 40)[40]  # the draft's 40 words of its own come first
    (occurrence,) = [o for d, o in zip(cluster.docs, cluster.occurrences, strict=True) if d == "d-wire"]
    assert drafts[2].text[occurrence.start : occurrence.end] == wire[: occurrence.end - occurrence.start]


@pytest.mark.parametrize("lsh", [False, True], ids=["exhaustive", "lsh"])
@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_check_of_each_fixture_against_the_others(tmp_path: Path, name: str, lsh: bool) -> None:
    documents = [Document(p.name, read_text(p)) for p in sorted(FIXTURES.glob("*.txt"))]
    candidates = CandidateParams(exhaustive_up_to=0) if lsh else CandidateParams()
    (draft,) = [d for d in documents if d.id == name]
    archive = [d for d in documents if d.id != name]
    store = ArchiveStore.connect(tmp_path / "a.db", settings(candidates=candidates), create=True)
    index_add(store, archive)
    got = draft_links(to_report(check([draft], store, workers=1)), name)
    want = draft_links(
        to_report(scan([draft, *archive], candidates=candidates, workers=1, as_given=True)), name
    )
    assert got == want


def test_fixture_pairs_found_by_hand(tmp_path: Path) -> None:
    archive = [
        Document(p.name, read_text(p)) for p in sorted(FIXTURES.glob("*.txt")) if p.name != "en_local.txt"
    ]
    store = ArchiveStore.connect(tmp_path / "a.db", settings(), create=True)
    index_add(store, archive)
    result = check([Document("en_local.txt", read_text(FIXTURES / "en_local.txt"))], store, workers=1)
    (finding,) = result.findings
    assert finding.docs == ("en_local.txt", "en_wire.txt")
    assert [(o.start, o.end) for o in finding.occurrences] == [(181, 385), (16, 220)]  # README's F1


def test_unchanged_documents_are_skipped_and_changed_ones_replaced(tmp_path: Path) -> None:
    store = ArchiveStore.connect(tmp_path / "a.db", settings(), create=True)
    first = index_add(store, [Document("a", "alpha beta gamma delta"), Document("b", "one two three four")])
    assert (first.added, first.replaced, first.skipped) == (("a", "b"), (), ())
    again = index_add(store, [Document("a", "alpha beta gamma delta"), Document("b", "five six seven eight")])
    assert (again.added, again.replaced, again.skipped) == ((), ("b",), ("a",))
    assert store.count() == 2
    with sqlite3.connect(tmp_path / "a.db") as db:
        (postings,) = db.execute("SELECT COUNT(*) FROM postings").fetchone()
    expected = sum(
        k.size
        for k in posting_keys(
            prepare_batch(["alpha beta gamma delta", "five six seven eight"]), SketchConfig()
        )
    )
    assert postings == expected  # b's old keys are gone
    assert index_remove(store, ["b", "nope"]) == (["b"], ["nope"])
    assert [s.document.id for s in store.documents(store.numbers())] == ["a"]


def test_other_settings_are_refused_by_name(tmp_path: Path) -> None:
    ArchiveStore.connect(tmp_path / "a.db", settings(), create=True).close()
    with pytest.raises(IndexSettingsError, match=r"sketch\.seed: 1 in the index, 2 asked for"):
        ArchiveStore.connect(tmp_path / "a.db", settings(SketchConfig(seed=2)))


def test_an_index_built_under_other_text_rules_is_refused_in_one_line_and_left_as_it_was(
    tmp_path: Path,
) -> None:
    """An index's keys come from the words as the version that built it prepared them: one built
    when the stop words were others (an older ``reuse-prep``) would miss or invent matches, so every
    command names it and what to do, without a traceback, and does not touch it."""
    path = tmp_path / "old.db"
    runner = CliRunner()
    assert runner.invoke(app, ["index", "add", str(path), str(FIXTURES / "en_wire.txt")]).exit_code == 0
    with sqlite3.connect(path) as db:
        (stored,) = db.execute("SELECT value FROM meta WHERE name = 'settings'").fetchone()
        old = json.loads(stored)
        old["sketch"]["preparation"] = "reuse-prep/0"
        db.execute("UPDATE meta SET value = ? WHERE name = 'settings'", (json.dumps(old, sort_keys=True),))
    before = path.read_bytes()
    local = str(FIXTURES / "en_local.txt")
    for command in (["check", local, "--index", str(path)], ["index", "add", str(path), local]):
        result = runner.invoke(app, command)
        assert result.exit_code == 3, command
        assert result.stderr == (
            f"reuse: {path}: built by another version of reuse (preparation 'reuse-prep/0', this "
            f"version's {PREPARATION_VERSION!r}): build a new one with `reuse index add`\n"
        )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"SQLite format 3\x00" + b"\x01" * 200, "not a reuse index", id="corrupt"),
        pytest.param(b"just some text\n", "not a reuse index", id="text"),
        pytest.param(None, "an SQLite database, but not a reuse index", id="foreign"),
    ],
)
def test_a_corrupt_or_foreign_index_is_exit_3(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "x.db"
    if content is None:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE t (x)")
    else:
        path.write_bytes(content)
    with pytest.raises(IndexFileError, match=message):
        ArchiveStore.connect(path)
    result = CliRunner().invoke(app, ["check", str(FIXTURES / "en_local.txt"), "--index", str(path)])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_cli_add_check_info_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    index = str(tmp_path / "a.db")
    wire, local = str(FIXTURES / "en_wire.txt"), str(FIXTURES / "en_local.txt")
    assert runner.invoke(app, ["index", "add", index, wire]).exit_code == 0
    added = runner.invoke(app, ["index", "add", index, wire, str(FIXTURES / "ar_source.txt")])
    assert "1 added, 0 replaced, 1 unchanged" in added.stderr
    info = json.loads(runner.invoke(app, ["index", "info", index, "--json"]).stdout)
    assert info["documents"] == 2
    assert info["settings"]["sketch"]["ngram"] == 1
    gate = runner.invoke(app, ["check", local, "--index", index, "--format", "json", "--fail-on", "reuse"])
    assert gate.exit_code == 1
    report = json.loads(gate.stdout)
    (finding,) = report["findings"]
    assert finding["b"]["doc"] == wire
    assert finding["b"]["text"] == read_text(Path(wire))[16:220]
    assert report["parameters"]["index"]["documents"] == 2
    stdin = runner.invoke(app, ["check", "-", "--index", index, "-f", "csv"], input=read_text(Path(local)))
    assert stdin.exit_code == 0
    assert stdin.stdout.count("\n") == 2
    other = runner.invoke(app, ["check", local, "--index", index, "--min-words", "12"])
    assert other.exit_code == 3
    assert "align.min_words: 8 in the index, 12 asked for" in other.stderr
    assert runner.invoke(app, ["index", "remove", index, wire]).exit_code == 0
    assert (
        runner.invoke(app, ["check", local, "--index", index, "--fail-on", "reuse", "-f", "json"]).exit_code
        == 0
    )


def test_the_check_summary_counts_drafts_and_names_the_most_covered_draft(tmp_path: Path) -> None:
    """Only the drafts were checked, each against the archive, not with each other: the line counts
    them (not the archived documents the report also holds) and names the draft covered most, even
    when an archived document is covered more."""
    runner = CliRunner()
    index, wire = str(tmp_path / "a.db"), read_text(FIXTURES / "en_wire.txt")
    (tmp_path / "passage.txt").write_text(wire[16:220], encoding="utf-8")  # all in en_local: a version
    assert runner.invoke(app, ["index", "add", index, str(tmp_path / "passage.txt")]).exit_code == 0
    local, unrelated = str(FIXTURES / "en_local.txt"), read_text(FIXTURES / "unrelated.txt")
    (tmp_path / "d1.txt").write_text(unrelated, encoding="utf-8")
    (tmp_path / "d2.txt").write_text("A line of its own.\n" + unrelated, encoding="utf-8")  # as d1
    drafts = [local, str(tmp_path / "d1.txt"), str(tmp_path / "d2.txt")]
    result = runner.invoke(app, ["check", *drafts, "--index", index, "-f", "json"])
    assert result.exit_code == 0, result.output
    share = {d["id"]: d["reused_fraction"] for d in json.loads(result.stdout)["documents"]}
    assert share[str(tmp_path / "passage.txt")] > share[local]
    assert result.stderr == (
        "reuse: 3 drafts checked against 1 archived document (not with each other), "
        "1 finding (1 reused, 0 repeated); 1 near-duplicate group (2 documents); "
        f"most covered: {local} ({share[local]:.0%})\n"
    )
    alone = runner.invoke(app, ["check", *drafts[1:], "--index", index, "-f", "json"])
    assert alone.stderr == (
        "reuse: 2 drafts checked against 1 archived document (not with each other), "
        "no reuse or repeats found\n"
    )


_WRITER = """
import sys, random
from pathlib import Path
from reuse.archive import index_add, settings
from reuse.models import Document
from reuse.store import ArchiveStore
path, trial = Path(sys.argv[1]), int(sys.argv[2])
rng = random.Random(trial)
store = ArchiveStore.connect(path, settings(), create=True)
write = store.write
def logged(added, removed=()):
    print("B", " ".join(d.id for d, _ in added), flush=True)
    return write(added, removed)
store.write = logged
print("R", flush=True)
words = lambda: " ".join(f"w{rng.randrange(5000)}" for _ in range(400))
docs = [Document(f"t{trial}-{k}", words()) for k in range(4000)]
index_add(store, docs, batch_chars=150_000, on_commit=lambda ids: print("C", " ".join(ids), flush=True))
"""


def test_sigkill_during_index_add_keeps_exactly_the_committed_documents(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    rng = random.Random(13)
    committed: set[str] = set()
    mid_write = 0
    wait = 1.0  # grows when a kill comes before any commit (a slow or loaded machine)
    for trial in range(24):
        if trial >= 6 and committed and mid_write:
            break
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(trial)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "R\n"
        time.sleep(wait * rng.uniform(0.3, 2.0))
        os.kill(child.pid, signal.SIGKILL)
        lines = child.stdout.read().splitlines()
        child.stdout.close()
        child.wait()
        begun: list[str] = []
        for line in lines:
            tag, *ids = line.split()
            if tag == "B":
                begun = ids
            else:
                committed |= set(ids)
                begun = []
        with ArchiveStore.connect(path) as store:
            held = {s.document.id for s in store.documents(store.numbers())}
        pending = set(begun)
        assert committed <= held <= committed | pending
        if pending and not pending & held:
            mid_write += 1  # the kill landed between BEGIN and COMMIT: nothing of that batch is there
        committed |= held & pending
        if not any(line.startswith("C") for line in lines):
            wait *= 1.5
        with sqlite3.connect(path) as db:
            (postings,) = db.execute("SELECT COUNT(*) FROM postings").fetchone()
            (keys,) = db.execute("SELECT COALESCE(SUM(keys), 0) FROM docs").fetchone()
            (orphans,) = db.execute(
                "SELECT COUNT(*) FROM postings WHERE doc NOT IN (SELECT doc FROM docs)"
            ).fetchone()
        assert postings == keys
        assert orphans == 0
    assert committed  # some batches were committed ...
    assert mid_write > 0  # ... and some kills landed mid-write


def test_a_check_during_an_add_sees_whole_batches(tmp_path: Path) -> None:
    rng = random.Random(3)
    passage = _words(rng, 60)
    draft = Document("draft", _words(rng, 50) + " " + passage + " " + _words(rng, 50))
    filler = [Document(f"f{k}", _words(rng, 300)) for k in range(40)]
    store = ArchiveStore.connect(tmp_path / "a.db", settings(), create=True)
    index_add(store, filler)
    batches = [
        [Document(f"c{b}-{k}", _words(rng, 80) + " " + passage + " " + _words(rng, 80)) for k in range(5)]
        for b in range(12)
    ]
    done = threading.Event()

    def writer() -> None:
        with ArchiveStore.connect(tmp_path / "a.db") as own:
            for batch in batches:
                index_add(own, batch)  # one transaction of 5 documents
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    seen: list[tuple[int, int]] = []
    while not done.is_set() or not seen:
        result = check([draft], store, workers=1)
        partners = {d for f in result.findings for d in f.docs if d != "draft"}
        seen.append((result.figures["archive_documents"] - 40, len(partners)))
    thread.join()
    assert all(n % 5 == 0 and partners == n for n, partners in seen)
    assert len({n for n, _ in seen}) > 1  # checks ran while batches arrived


def test_posting_keys_are_the_same_for_a_document_alone_or_in_a_batch() -> None:
    texts = [" ".join(f"w{k * 7 % 101}" for k in range(n)) for n in (5, 30, 300, 900)]
    together = posting_keys(prepare_batch(texts), SketchConfig())
    alone = [posting_keys(prepare_batch([t]), SketchConfig())[0] for t in texts]
    assert all(np.array_equal(a, b) for a, b in zip(together, alone, strict=True))


def test_check_reports_the_drafts_near_duplicates_in_the_archive(tmp_path: Path) -> None:
    # The re-filed fixtures: the wire versions and a same-topic analysis are archived; a re-filed
    # Arabic version and a short English brief are checked. Each is a near-duplicate of its wire
    # story (as the scan of all of them finds) and of nothing else.
    refiled = FIXTURES.parent / "refiled"
    archived = ["ar_fire_wire.txt", "en_flood_wire.txt", "en_flood_analysis.txt"]
    drafts = ["ar_fire_refiled.txt", "en_flood_brief.txt"]
    store = ArchiveStore.connect(tmp_path / "a.db", settings(), create=True)
    index_add(store, [Document(name, read_text(refiled / name)) for name in archived])
    result = check([Document(name, read_text(refiled / name)) for name in drafts], store)
    assert sorted(g.docs for g in result.groups) == [
        ("ar_fire_refiled.txt", "ar_fire_wire.txt"),
        ("en_flood_brief.txt", "en_flood_wire.txt"),
    ]
    # The same pairs are near-duplicates in a scan of drafts and archive together.
    together = [Document(name, read_text(refiled / name)) for name in archived + drafts]
    scanned = {(p.a, p.b) for g in scan(together, workers=1).groups for p in g.pairs}
    for group in result.groups:
        pair = group.pairs[0]
        assert (pair.a, pair.b) in scanned or (pair.b, pair.a) in scanned
    assert to_report(result)["findings"][0]["kind"] == "near-duplicate"


_DAMAGE = {
    "no-settings": (
        "DELETE FROM meta WHERE name = 'settings'",
        "its settings are missing from its meta table",
    ),
    "settings-not-json": (
        "UPDATE meta SET value = '{bad' WHERE name = 'settings'",
        "its settings are not JSON",
    ),
    "settings-not-an-object": ("UPDATE meta SET value = '[1]' WHERE name = 'settings'", "not an object of"),
    "no-align-section": (
        "UPDATE meta SET value = json_remove(value, '$.align') WHERE name = 'settings'",
        "its settings have no 'align' section",
    ),
    "unknown-setting": (
        "UPDATE meta SET value = json_set(value, '$.sketch.colour', 1) WHERE name = 'settings'",
        "its sketch settings cannot be used",
    ),
    "no-docs-table": ("DROP TABLE docs", "damaged: no docs table"),
    "no-meta-table": ("DROP TABLE meta", "damaged: no meta table"),
    "docs-column-gone": ("ALTER TABLE docs DROP COLUMN chars", "the docs table's columns are"),
    "meta-emptied": ("DELETE FROM meta", "damaged: its meta table records no schema"),
}


@pytest.mark.parametrize("damage", sorted(_DAMAGE))
def test_a_damaged_index_is_one_line_and_exit_3(tmp_path: Path, damage: str) -> None:
    """README: exit 3 for a missing or corrupt index (1 means findings met --fail-on). A settings row
    deleted, settings that are no JSON or a table dropped used to be a traceback and exit 1."""
    statement, says = _DAMAGE[damage]
    path = tmp_path / "a.db"
    wire, local = str(FIXTURES / "en_wire.txt"), str(FIXTURES / "en_local.txt")
    runner = CliRunner()
    assert runner.invoke(app, ["index", "add", str(path), wire]).exit_code == 0
    with sqlite3.connect(path) as db:
        db.execute(statement)
    with pytest.raises(IndexFileError, match=says):
        ArchiveStore.connect(path, settings())
    for command in (
        ["check", local, "--index", str(path)],
        ["index", "info", str(path)],
        ["index", "add", str(path), local],
        ["index", "remove", str(path), wire],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 3, (command, result.output)
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"reuse: {path}: ")
        assert says in result.stderr


def test_damage_found_by_a_query_is_an_index_file_error(tmp_path: Path) -> None:
    """Damage no look at the file's tables finds (a stored text corrupted) is found by the query
    that reads it: one line naming the file, never a zlib traceback."""
    path = tmp_path / "a.db"
    with ArchiveStore.connect(path, settings(), create=True) as store:
        index_add(store, [Document("a", "alpha beta gamma delta epsilon")])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE docs SET text = x'00010203'")
    with ArchiveStore.connect(path) as store, pytest.raises(IndexFileError, match="damaged or unreadable"):
        store.documents(store.numbers())


def test_a_check_that_reaches_a_corrupted_text_is_one_line_and_exit_3(tmp_path: Path) -> None:
    """`reuse check` reads the texts of the archived documents it aligns: damage found there is the
    index's error (exit 3, one line), not a traceback and exit 1 (1 means findings met --fail-on)."""
    path = tmp_path / "a.db"
    wire, local = str(FIXTURES / "en_wire.txt"), str(FIXTURES / "en_local.txt")
    runner = CliRunner()
    assert runner.invoke(app, ["index", "add", str(path), wire]).exit_code == 0
    with sqlite3.connect(path) as db:
        db.execute("UPDATE docs SET text = x'00010203'")
    result = runner.invoke(app, ["check", local, "--index", str(path)])
    assert result.exit_code == 3, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"reuse: {path}: ")
    assert "damaged or unreadable" in result.stderr


_OUT_OF_HANDLES = """
import os, resource, sys
from pathlib import Path
from reuse.store import ArchiveStore, IndexFileError
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(64, hard), hard))
held = []
try:
    while True:
        held.append(os.open(os.devnull, os.O_RDONLY))
except OSError:
    pass
try:
    ArchiveStore.connect(Path(sys.argv[1]))
except IndexFileError as err:
    print(err)
"""


def test_a_process_out_of_file_handles_is_told_so_not_that_the_index_is_not_one(tmp_path: Path) -> None:
    """SQLite says "unable to open database file" when the process has no file handle left; the index
    is fine, so the message must say what is wrong (it used to say "not a reuse index")."""
    path = tmp_path / "a.db"
    ArchiveStore.connect(path, settings(), create=True).close()
    done = subprocess.run(
        [sys.executable, "-c", _OUT_OF_HANDLES, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.stdout == f"{path}: cannot open it: Too many open files\n", done.stderr


def test_a_remove_and_an_add_in_one_write_are_all_or_nothing(tmp_path: Path) -> None:
    """``writing()`` blocks nest: an add and a remove inside one are one transaction (``reuse serve``
    writes a request so), rolled back together when anything in it fails."""

    class Refused(Exception):
        pass

    store = ArchiveStore.connect(tmp_path / "a.db", settings(), create=True)
    index_add(store, [Document("a", "alpha beta gamma delta"), Document("b", "one two three four")])

    def remove_add_fail() -> None:
        with store.writing():
            assert index_remove(store, ["a"]) == (["a"], [])
            assert index_add(store, [Document("c", "five six seven eight")]).added == ("c",)
            raise Refused

    with pytest.raises(Refused):
        remove_add_fail()
    assert {s.document.id for s in store.documents(store.numbers())} == {"a", "b"}
    with store.writing():
        index_remove(store, ["a"])
        index_add(store, [Document("c", "five six seven eight")])
    assert {s.document.id for s in store.documents(store.numbers())} == {"b", "c"}
    assert index_remove(store, ["b", "b"]) == (["b"], [])  # an id named twice is removed once


def test_the_check_table_leads_with_the_closest_archived_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft's paragraph in six archived documents, exact in one whose id sorts last: the table's
    three places show the draft and that exact source, and the similarity column the whole range."""
    rng = random.Random(8)
    vocabulary = [f"w{k}q" for k in range(3000)]

    def words(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n))

    paragraph = words(60).split()
    edited = " ".join([*paragraph[:30], "changedword", *paragraph[31:]])
    folder = tmp_path / "archive"
    folder.mkdir()
    for k in range(5):
        (folder / f"a{k}.txt").write_text(f"{words(40)}\n\n{edited}\n\n{words(40)}", encoding="utf-8")
    (folder / "z_exact.txt").write_text(
        f"{words(40)}\n\n{' '.join(paragraph)}\n\n{words(40)}", encoding="utf-8"
    )
    draft = tmp_path / "draft.txt"
    draft.write_text(f"{words(50)}\n\n{' '.join(paragraph)}\n\n{words(30)}", encoding="utf-8")
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # short ids: a long path folds across lines in the table
    assert runner.invoke(app, ["index", "add", "a.db", "archive"]).exit_code == 0
    result = runner.invoke(app, ["check", "draft.txt", "--index", "a.db", "-f", "table", "-q"])
    assert result.exit_code == 0, result.output
    where = result.stdout.split("in 7 documents", 1)[1]
    assert where.index("z_exact.txt") < where.index("… 4 more")  # shown, not among the hidden
    assert "0.98-1.00" in result.stdout


def test_a_draft_with_an_archived_documents_id_is_named_and_not_counted(tmp_path: Path) -> None:
    """A draft checked under the id of an archived document leaves that document out: stderr names it
    (as `reuse serve` warns), and the summary counts only the documents the draft was checked against
    (it used to say 2 of 2, in silence)."""
    runner = CliRunner()
    index, wire, local = str(tmp_path / "a.db"), str(FIXTURES / "en_wire.txt"), str(FIXTURES / "en_local.txt")
    assert runner.invoke(app, ["index", "add", index, wire, local]).exit_code == 0
    result = runner.invoke(app, ["check", local, "--index", index, "-f", "json"])
    assert result.exit_code == 0, result.output
    named, summary = result.stderr.splitlines()
    assert named == (
        f"reuse: {index}: {local}: left out of the check: a draft has this archived document's id (a draft "
        "checked again is not its own source); check the draft under another name to compare them"
    )
    assert summary.startswith("reuse: 1 draft checked against 1 archived document, 1 finding")
    assert json.loads(result.stdout)["parameters"]["index"]["documents"] == 2  # what the index holds
    assert runner.invoke(app, ["check", local, "--index", index, "-q"]).stderr == ""


def test_the_same_texts_added_under_other_ids_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One folder added as `corp/wire`, as its absolute path and from inside `corp/` is three ids per
    file: added all the same (an id is what the reader gave), but each add after the first says so,
    with an example, instead of a check later finding every draft copied three times."""
    wire = tmp_path / "corp" / "wire"
    wire.mkdir(parents=True)
    for name in ("en_wire.txt", "en_local.txt"):
        (wire / name).write_text(read_text(FIXTURES / name), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(app, ["index", "add", "a.db", "corp/wire"])
    assert first.stderr == "reuse: a.db: 2 added, 0 replaced, 0 unchanged\n"
    absolute = runner.invoke(app, ["index", "add", "a.db", str(wire)])
    note, summary = absolute.stderr.splitlines()
    assert note.startswith(
        f"reuse: a.db: 2 documents are already in the index under other ids (e.g. '{wire / 'en_local.txt'}'"
        " as 'corp/wire/en_local.txt'): "
    )
    assert summary == "reuse: a.db: 2 added, 0 replaced, 0 unchanged"
    monkeypatch.chdir(tmp_path / "corp")
    inside = runner.invoke(app, ["index", "add", "../a.db", "wire"])
    assert (
        "2 documents are already in the index under other ids (e.g. 'wire/en_local.txt' as" in inside.stderr
    )
    unchanged = runner.invoke(app, ["index", "add", "../a.db", "wire"])
    assert unchanged.stderr == "reuse: ../a.db: 0 added, 0 replaced, 2 unchanged\n"  # nothing added: no note


def test_an_add_names_copies_within_itself_and_not_a_text_it_replaces(tmp_path: Path) -> None:
    store = ArchiveStore.connect(tmp_path / "a.db", settings(), create=True)
    text, other = "alpha beta gamma delta", "one two three four"
    first = index_add(store, [Document("a", text), Document("b", other)])
    assert first.copies == ()
    both = [Document("c", text), Document("d", "five six"), Document("e", "five six")]
    assert index_add(store, both).copies == (("c", "a"), ("e", "d"))  # e: d is in the same batch
    apart = [Document("g", "nine ten"), Document("h", "nine ten")]
    assert index_add(store, apart, batch_chars=10).copies == (("h", "g"),)  # g: committed a batch before
    moved = index_add(store, [Document("a", "seven eight"), Document("f", text)])  # a's text leaves it
    assert moved.replaced == ("a",)
    assert moved.copies == (("f", "c"),)


def test_an_index_made_before_texts_were_indexed_is_read_and_gains_the_index_on_an_add(
    tmp_path: Path,
) -> None:
    """The index on `sha256` came after `reuse.index/1`: a file without it is the same schema, read as
    it is, and its next add makes it (SQLite keeps it up to date from then on, whoever writes)."""
    path = tmp_path / "a.db"
    with ArchiveStore.connect(path, settings(), create=True) as store:
        index_add(store, [Document("a", "alpha beta gamma delta")])
    with sqlite3.connect(path) as db:
        assert db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall() == [("docs_sha256",)]
        db.execute("DROP INDEX docs_sha256")
    with ArchiveStore.connect(path, readonly=True) as reader:
        assert reader.count() == 1
    with ArchiveStore.connect(path) as store:
        assert index_add(store, [Document("b", "alpha beta gamma delta")]).copies == (("b", "a"),)
    with sqlite3.connect(path) as db:
        plan = " ".join(
            row[-1] for row in db.execute("EXPLAIN QUERY PLAN SELECT id FROM docs WHERE sha256 IN ('x', 'y')")
        )
    assert "USING INDEX docs_sha256" in plan


def test_a_sentence_copied_from_a_story_the_archive_holds_twice_fails_the_gate(tmp_path: Path) -> None:
    """The archive holds a story twice (a CMS export and a crawl of the site); a draft copies one of its
    sentences (16 words). Draft and two archived copies made three documents holding a passage under 30
    words, so it was boilerplate, and ``--fail-on reuse`` passed the copy (one copy archived: failed)."""
    runner = CliRunner()
    story = read_text(FIXTURES / "en_wire.txt")
    sentence = (
        "Fisheries inspectors said the new rules on net sizes would be enforced from the first day of spring."
    )
    story = story.rstrip() + "\n\n" + sentence + " Officials expect the fleet to adapt within a season.\n"
    (tmp_path / "cms.txt").write_text(story, encoding="utf-8")
    (tmp_path / "crawl.txt").write_text(story, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(
        f"A council meeting on harbour parking ran late on Tuesday. {sentence}\n", encoding="utf-8"
    )
    for archived, index in ((["cms.txt"], "one.db"), (["cms.txt", "crawl.txt"], "two.db")):
        added = runner.invoke(
            app, ["index", "add", str(tmp_path / index), *(str(tmp_path / a) for a in archived)]
        )
        assert added.exit_code == 0, added.output
        gate = runner.invoke(
            app, ["check", str(draft), "--index", str(tmp_path / index), "-f", "json", "--fail-on", "reuse"]
        )
        assert gate.exit_code == 1, (index, gate.output)
        findings = json.loads(gate.stdout)["findings"]
        assert not any(f.get("boilerplate") for f in findings)


def test_check_keeps_a_record_drafts_headline_date_and_url_as_scan_does(tmp_path: Path) -> None:
    """``reuse check`` refused ``--title-field``, ``--date-field`` and ``--url-field`` (exit 2) that
    ``scan`` and ``index add`` take: a CSV draft's headline could not be kept in the report."""
    runner = CliRunner()
    index = str(tmp_path / "a.db")
    assert runner.invoke(app, ["index", "add", index, str(FIXTURES / "en_wire.txt")]).exit_code == 0
    draft = tmp_path / "drafts.csv"
    draft.write_text(
        "id,headline,pubdate,link,text\n"
        f'd1,Harbour reopens,2024-03-01,https://example.org/d1,"{read_text(FIXTURES / "en_local.txt")}"\n',
        encoding="utf-8",
    )
    fields = ["--title-field", "headline", "--date-field", "pubdate", "--url-field", "link"]
    result = runner.invoke(app, ["check", str(draft), "--index", index, *fields, "-f", "json"])
    assert result.exit_code == 0, result.output
    (doc,) = [d for d in json.loads(result.stdout)["documents"] if d["id"] == "d1"]
    source = doc["source"]
    assert (source["title"], source["date"], source["url"]) == (
        "Harbour reopens",
        "2024-03-01",
        "https://example.org/d1",
    )


def test_check_names_a_draft_whose_date_is_not_one_as_scan_does(tmp_path: Path) -> None:
    """``reuse scan`` named a date it could not read; ``reuse check`` took it as undated in silence."""
    runner = CliRunner()
    index = str(tmp_path / "a.db")
    assert runner.invoke(app, ["index", "add", index, str(FIXTURES / "en_wire.txt")]).exit_code == 0
    draft = tmp_path / "drafts.csv"
    text = read_text(FIXTURES / "en_local.txt")
    draft.write_text(f'id,pubdate,text\nd1,next Tuesday,"{text}"\nd2,2024-03-01,"{text}"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(draft), "--index", index, "--date-field", "pubdate", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "reuse: 1 document has a date that is not one (ISO 8601, RFC 2822 or Unix seconds): taken as "
        "undated, never named earliest (d1)\n" in result.stderr
    )
    quiet = runner.invoke(app, ["check", str(draft), "--index", index, "--date-field", "pubdate", "-q"])
    assert "not one" not in quiet.stderr


def test_index_add_strict_adds_nothing_when_an_input_cannot_be_read(tmp_path: Path) -> None:
    """``--strict`` exited 3 having added the readable files: a nightly job read 3 as "nothing changed"."""
    runner = CliRunner()
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(read_text(FIXTURES / "en_wire.txt"), encoding="utf-8")
    (folder / "bad.txt").write_bytes("نص عربي".encode("cp1256"))
    index = tmp_path / "a.db"
    strict = runner.invoke(app, ["index", "add", str(index), str(folder), "--strict"])
    assert strict.exit_code == 3
    assert "nothing added (--strict): 1 input could not be read" in strict.stderr
    assert not index.exists()
    lenient = runner.invoke(app, ["index", "add", str(index), str(folder)])
    assert (lenient.exit_code, "1 added" in lenient.stderr) == (0, True)
    again = runner.invoke(
        app, ["index", "add", str(index), str(folder), str(tmp_path / "gone.txt"), "--strict"]
    )
    assert again.exit_code == 3
    info = runner.invoke(app, ["index", "info", str(index), "--json"])
    assert json.loads(info.stdout)["documents"] == 1
