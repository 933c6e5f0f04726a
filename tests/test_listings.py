"""Listing pages: a front that holds the opening lines of many stories is one listing finding.

The stories are random words (each its own), the fronts are written here from their first 30 words,
as a site's front and section pages list them, so what each finding should be is known in advance.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from reuse.cases import detections_from_report
from reuse.html_report import render_html
from reuse.models import AlignParams, Document, Finding
from reuse.pipeline import scan
from reuse.report import to_csv, to_report
from reuse_cli.main import app

RNG_WORDS = [f"w{k}z" for k in range(5_000)]


def words(rng: np.random.Generator, n: int) -> str:
    return " ".join(RNG_WORDS[k] for k in rng.integers(0, len(RNG_WORDS), n))


def site(seed: int = 0) -> tuple[list[Document], list[Document]]:
    """Eight stories of 200 words (story 1 quotes 50 words from the middle of story 6) and two
    fronts: the home page lists stories 0-5, the section page stories 3-7, by their first 30 words."""
    rng = np.random.default_rng(seed)
    bodies = [words(rng, 200) for _ in range(8)]
    quoted = " ".join(bodies[6].split()[100:150])
    bodies[1] = " ".join(bodies[1].split()[:120]) + f" {quoted} " + " ".join(bodies[1].split()[120:])
    stories = [Document(f"story{k}", body) for k, body in enumerate(bodies)]

    def front(name: str, listed: range) -> Document:
        teasers = [f"{' '.join(bodies[k].split()[:30])} … Read more" for k in listed]
        return Document(name, f"{words(rng, 12)}\n" + "\n".join(teasers) + f"\n{words(rng, 15)}")

    return stories, [front("front-home", range(6)), front("front-section", range(3, 8))]


def _key(f: Finding) -> tuple[object, ...]:
    return (f.kind, f.docs, tuple((o.start, o.end) for o in f.occurrences), f.boilerplate)


def test_each_front_is_one_listing_and_the_stories_findings_are_as_without_the_fronts() -> None:
    stories, fronts = site()
    found = scan(stories + fronts, workers=1).findings
    listings = [f for f in found if f.kind == "listing"]
    assert len(listings) == 2
    report = to_report(scan(stories + fronts, workers=1))
    pages = {f["doc"]: f for f in report["findings"] if f["kind"] == "listing"}
    assert set(pages) == {"front-home", "front-section"}
    listed = {page: {o["doc"] for o in f["occurrences"]} - {page} for page, f in pages.items()}
    # Stories 3-5 are on both fronts: their teasers on the home page are the home page's link to the
    # section page, set aside with the section page's listing (or the home page's), never as reuse.
    assert {f"story{k}" for k in range(6)} <= listed["front-home"] | listed["front-section"]
    assert {f"story{k}" for k in range(3, 8)} <= listed["front-section"] | listed["front-home"]
    assert {f"story{k}" for k in range(3)} <= listed["front-home"]
    assert {"story6", "story7"} <= listed["front-section"]
    texts = {d.id: d.text for d in stories + fronts}
    for f in pages.values():
        for o in f["occurrences"]:
            assert texts[o["doc"]][o["start"] : o["end"]] == o["text"]
            if o["doc"].startswith("story"):
                assert o["start"] == 0  # each story is held from its start
    others = [f for f in found if f.kind != "listing"]
    assert not any(d.startswith("front") for f in others for d in f.docs)
    alone = scan(stories, workers=1).findings
    assert [_key(f) for f in others] == [_key(f) for f in alone]
    assert [(f.kind, f.docs) for f in alone] == [("reuse", ("story1", "story6"))]


def test_fronts_that_stand_first_for_the_passages_they_share_are_still_listings() -> None:
    """A collection past pair-by-pair comparison, whose fronts sort before the stories (``a-…``) and
    whose tag page after them: the fronts' windows come first in every bucket a teaser shares, so each
    story met only the first front, and the tag page, listing stories the fronts list too, met only
    fronts and was reuse of them. A story's opening window now stands for those buckets as well.
    Story 5 quotes story 9's opening lines, which the home page teases: that stays between the
    stories, and the teaser goes with the home page's listing."""
    rng = np.random.default_rng(7)
    bodies = [words(rng, 200) for _ in range(24)]
    opening = " ".join(bodies[9].split()[:40])
    bodies[5] = " ".join(bodies[5].split()[:100]) + f" {opening} " + " ".join(bodies[5].split()[100:])
    stories = [Document(f"story{k:02d}", body) for k, body in enumerate(bodies)]

    def front(name: str, listed: range) -> Document:
        teasers = [f"{' '.join(bodies[k].split()[:30])} … Read more" for k in listed]
        return Document(name, f"{words(rng, 12)}\n" + "\n".join(teasers) + f"\n{words(rng, 15)}")

    fronts = [
        front("a-home", range(12)),
        front("a-world", range(12, 24)),
        front("tag-libya", range(0, 24, 4)),
    ]
    result = scan(stories + fronts, workers=1)
    pages = sorted(f["doc"] for f in to_report(result)["findings"] if f["kind"] == "listing")
    assert pages == ["a-home", "a-world", "tag-libya"]
    others = [f for f in result.findings if f.kind != "listing"]
    assert not [f.docs for f in others if any(not d.startswith("story") for d in f.docs)]
    alone = scan(stories, workers=1).findings
    assert [_key(f) for f in others] == [_key(f) for f in alone]
    assert [(f.kind, f.docs) for f in alone] == [("reuse", ("story05", "story09"))]


def test_one_story_at_the_start_of_many_papers_stays_a_cluster() -> None:
    """Each paper holds the others' starts, but all in one place: a copy, not a listing."""
    rng = np.random.default_rng(3)
    story = words(rng, 60)
    papers = [Document(f"paper{k}", f"{story}. {words(rng, 340)}") for k in range(5)]
    (finding,) = [f for f in scan(papers, workers=1).findings if f.kind != "repeat"]
    assert (finding.kind, len(set(finding.docs))) == ("cluster", 5)


def test_a_story_copied_whole_from_its_start_is_reuse_not_a_listing() -> None:
    """Holding more than a third of each story is copying them, whatever the page."""
    rng = np.random.default_rng(4)
    stories = [Document(f"s{k}", words(rng, 60)) for k in range(3)]
    page = Document("digest", "\n".join(f"{s.text}\n{words(rng, 20)}" for s in stories))
    kinds = sorted(f.kind for f in scan([*stories, page], workers=1).findings)
    assert kinds == ["reuse", "reuse", "reuse"]


def test_fewer_stories_than_listing_docs_are_reuse() -> None:
    stories, fronts = site()
    both = scan(stories + fronts, workers=1, params=AlignParams(listing_docs=9)).findings
    assert not [f for f in both if f.kind == "listing"]
    assert any(f.kind == "reuse" and "front-home" in f.docs for f in both)
    with pytest.raises(ValueError, match="listing_docs"):
        AlignParams(listing_docs=0)


def test_a_listing_reads_in_every_output_and_scores_as_its_links() -> None:
    stories, fronts = site()
    result = scan(stories + fronts, workers=1)
    report = to_report(result)
    listings = [f for f in report["findings"] if f["kind"] == "listing"]
    rows = list(csv.DictReader(io.StringIO(to_csv(report).lstrip("\ufeff"))))
    assert sum(r["kind"] == "listing" for r in rows) == sum(len(f["links"]) for f in listings)
    scored = detections_from_report(report)
    for f in listings:  # each link of a listing is scored, as a cluster's are
        page = f["doc"]
        for link in f["links"]:
            i, j = link["pair"]
            pair = {f["occurrences"][i]["doc"], f["occurrences"][j]["doc"]}
            assert page in pair
            assert any({d.doc_a, d.doc_b} == pair for d in scored)
    page = render_html(report, {d.id: d.text for d in stories + fronts})
    assert "front-home</bdi> holds the starts of" in page
    assert not any(d["id"].startswith("front") and d["reused_fraction"] for d in report["documents"])


def test_the_table_names_the_page_and_the_stories_it_lists(tmp_path: Path) -> None:
    stories, fronts = site()
    folder = tmp_path / "site"
    folder.mkdir()
    for d in stories + fronts:
        (folder / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    out = CliRunner().invoke(app, ["scan", str(folder), "-f", "table"])
    assert out.exit_code == 0, out.output
    assert "│ listing " in out.stdout
    assert "holds the starts of" in out.stdout
    assert "2 listing pages" in out.stderr
    saved = CliRunner().invoke(app, ["scan", str(folder), "-f", "json"])
    kinds = [f["kind"] for f in json.loads(saved.stdout)["findings"]]
    assert kinds.count("listing") == 2
    # A front whose finding also holds the other front (the teasers they share) counts its stories
    # alone, and names the other front apart.
    listings = [f for f in json.loads(saved.stdout)["findings"] if f["kind"] == "listing"]
    held = {f["doc"]: {o["doc"] for o in f["occurrences"]} - {f["doc"]} for f in listings}
    assert any(set(held) & docs for docs in held.values())  # front-home's holds front-section
    html = CliRunner().invoke(app, ["scan", str(folder), "-f", "html"]).stdout
    for page, docs in held.items():
        listed = docs - set(held)
        assert f"holds the starts of {len(listed)} documents" in out.stdout
        assert f"{page}</bdi> holds the starts of {len(listed)} documents" in html
    assert "and shares teasers" in out.stdout


def test_a_draft_listing_archive_stories_is_a_listing_in_a_check_and_passes_the_gate(tmp_path: Path) -> None:
    """A newsletter draft that opens with the archive's stories: one listing, the gate passes.

    An index built before listings existed (its settings name no ``listing_docs``) checks with the
    defaults: every check takes the index's own settings and compares only those asked for.
    """
    import sqlite3

    site_fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "site"
    stories = sorted(p for p in site_fixtures.glob("*.txt") if p.name != "front_page.txt")
    index = tmp_path / "archive.db"
    runner = CliRunner()
    assert runner.invoke(app, ["index", "add", str(index), *map(str, stories)]).exit_code == 0
    with sqlite3.connect(index) as db:
        (stored,) = db.execute("SELECT value FROM meta WHERE name = 'settings'").fetchone()
        settings = json.loads(stored)
        del settings["align"]["listing_docs"], settings["align"]["lede_words"]
        db.execute(
            "UPDATE meta SET value = ? WHERE name = 'settings'", (json.dumps(settings, sort_keys=True),)
        )
    draft = str(site_fixtures / "front_page.txt")
    gate = runner.invoke(app, ["check", draft, "--index", str(index), "-f", "json", "--fail-on", "reuse"])
    assert gate.exit_code == 0, gate.output
    (finding,) = json.loads(gate.stdout)["findings"]
    assert (finding["kind"], finding["doc"]) == ("listing", draft)
    assert {o["doc"] for o in finding["occurrences"]} - {draft} == set(map(str, stories))
