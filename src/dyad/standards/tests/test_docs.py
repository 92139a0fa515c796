"""The project's own documentation (docs/) is complete and tells the truth.

A clone of the repository carries the formats and rules it implements: every page the index lists
exists and is listed, each requirement set has a page that gives its categories, version and
numbers as the set file has them, the example and the schemas load and agree, the pages name every
field and limit of the schemas and the reader, every relative link and anchor leads somewhere, and
the outputs the pages show are what the commands print. When one of these fails after a change to
the engine or a schema, the page is what needs updating (or the change is wrong).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import shlex
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from dyad.cli import main
from dyad.standards import (
    codes,
    dates,
    evaluate,
    load_portfolio,
    load_requirement_set,
    messages,
    portfolio_file,
)
from dyad.standards.requirement_sets import (
    BASELINES,
    SETS_DIR,
    available_sets,
    build_requirement_set,
)
from dyad.standards.rules.experience import in_scope

ROOT = Path(__file__).resolve().parents[4]
DOCS = ROOT / "docs"
SCHEMAS = ROOT / "src" / "dyad" / "standards" / "schemas"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
SHOWN = re.compile(
    r"<!-- (output|output-start|output-abridged|output-stderr): (.+?) -->\n```[a-z]*\n(.*?)\n```",
    re.DOTALL,
)


def pages() -> list[Path]:
    return [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]


def links(page: Path) -> list[str]:
    prose = FENCE.sub("", page.read_text(encoding="utf-8"))
    return LINK.findall(prose)


def slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's) gives a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    prose = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {slug(h) for h in HEADING.findall(prose)}


def run(capsys, monkeypatch, argv: str) -> tuple[int, str, str]:
    monkeypatch.chdir(ROOT)
    code = main(shlex.split(argv))
    out, err = capsys.readouterr()
    return code, out, err


def shown(page: str, kind: str) -> list[tuple[str, str]]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [(args, block) for k, args, block in SHOWN.findall(text) if k == kind]


# -- the index ----------------------------------------------------------------------------------


def test_every_page_the_index_lists_exists():
    listed = links(DOCS / "README.md")
    assert listed, "docs/README.md lists no page"
    missing = [target for target in listed if not (DOCS / target).is_file()]
    assert not missing, f"listed in docs/README.md but not there: {missing}"


def test_every_page_and_file_in_docs_is_in_the_index():
    listed = {os.path.normpath(target.partition("#")[0]) for target in links(DOCS / "README.md")}
    present = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*") if p.is_file()}
    unlisted = sorted(present - listed - {"README.md"})
    assert not unlisted, f"in docs/ but not in docs/README.md: {unlisted}"


# -- requirement sets ---------------------------------------------------------------------------


def set_documents() -> list[dict]:
    return [json.loads((SETS_DIR / f"{name}.json").read_text("utf-8")) for name in available_sets()]


@pytest.mark.parametrize("document", set_documents(), ids=lambda d: d["id"])
def test_each_requirement_set_has_a_page_with_its_version_and_categories(document):
    page = DOCS / "requirement-sets" / f"{document['id']}.md"
    assert page.is_file(), f"no page for the requirement set {document['id']}"
    text = page.read_text(encoding="utf-8")
    assert f"`{document['id']}`, version {document['version']}" in text.splitlines()[0]
    for code, category in document["categories"].items():
        assert f"`{code}`" in text, code
        assert category["name"] in text, category["name"]
    if "source" in document:
        assert document["source"] == f"docs/requirement-sets/{document['id']}.md"
    index = (DOCS / "requirement-sets" / "README.md").read_text(encoding="utf-8")
    assert f"({document['id']}.md)" in index


def table(text: str, first: str) -> tuple[list[str | None], dict[str, list[str]]]:
    """The table whose header starts `| category |`: the rule id of each column, cells by code."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    header = next(line for line in lines if line.startswith("| category |"))
    columns = []
    for cell in header.strip("|").split("|")[1:]:
        found = re.search(r"`([a-z_]+)`", cell)
        columns.append(found.group(1) if found else None)
    rows = {}
    for line in lines:
        found = re.match(r"\| `([A-Z-]+)` \|", line)
        if found:
            rows[found.group(1)] = [c.strip() for c in line.strip().strip("|").split("|")[1:]]
    assert first in rows, f"no row for {first}"
    return columns, rows


def said(params) -> set[str]:
    """The numbers and category codes among a rule's parameters, as a page writes them."""
    out: set[str] = set()
    if isinstance(params, dict):
        for value in params.values():
            out |= said(value)
    elif isinstance(params, list):
        for value in params:
            out |= said(value)
    elif isinstance(params, bool) or params is None:
        pass
    elif isinstance(params, int | float):
        out.add(f"{params:g}")
    elif isinstance(params, str) and params in codes.CATEGORIES:
        out.add(params)
    return out


def mentions(cell: str, token: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(token)}(?![\w-]|\.\d)", cell) is not None


@pytest.mark.parametrize("document", set_documents(), ids=lambda d: d["id"])
@pytest.mark.parametrize("mode", ["application", "renewal"])
def test_the_set_page_tables_give_the_numbers_of_the_set_file(document, mode):
    text = (DOCS / "requirement-sets" / f"{document['id']}.md").read_text(encoding="utf-8")
    application, renewal = text.split("\n## Renewal\n")
    part = application.split("\n## Application\n")[1] if mode == "application" else renewal
    first = next(iter(document["categories"]))
    columns, rows = table(part, first)
    wrong = []
    for code, category in document["categories"].items():
        rules = {r["rule"]: {k: v for k, v in r.items() if k != "rule"} for r in category[mode]}
        assert set(rules) <= set(columns), f"{code} {mode}: a rule has no column"
        cells = dict(zip(columns, rows[code], strict=True))
        for rule in filter(None, columns):
            cell = cells[rule]
            if rule not in rules:
                if cell != "—":
                    wrong.append(f"{code} {rule}: {cell!r} but the set has no such rule")
                continue
            if cell == "—":
                wrong.append(f"{code} {rule}: shown as absent")
            for token in sorted(said(rules[rule])):
                if not mentions(cell, token):
                    wrong.append(f"{code} {rule}: {cell!r} does not say {token}")
    assert not wrong, "\n".join(wrong)


def test_the_sets_page_gives_every_rule_kind_with_all_its_parameters():
    schema = json.loads((SCHEMAS / "requirement-set.schema.json").read_text(encoding="utf-8"))
    page = (DOCS / "requirement-sets" / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in page.splitlines():
        if line.startswith("| `"):
            first, rest = line.strip("|").split("|", 1)
            for rule in re.findall(r"`([a-z_]+)`", first):
                rows[rule] = rest
    missing = []
    for kind in schema["$defs"]["rule"]["oneOf"]:
        spec = kind["properties"]["rule"]
        for rule in spec.get("enum", [spec.get("const")]):
            params = property_names(schema, {k: v for k, v in kind.items() if k != "$defs"})
            params.discard("rule")
            if rule not in rows:
                missing.append(f"{rule}: no row")
                continue
            named = set(re.findall(r"`([a-z_]+)`", rows[rule]))
            missing += [f"{rule}: {p}" for p in sorted(params - named)]
    assert not missing, missing


def test_the_variant_shown_loads_and_reads_as_the_page_says(tmp_path, capsys, monkeypatch):
    text = (DOCS / "requirement-sets" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)\n```", text, re.DOTALL).group(1)
    variant = json.loads(block)
    rset = build_requirement_set(copy.deepcopy(variant), "variant")
    assert (rset.id, rset.version) == (variant["id"], variant["version"])
    path = tmp_path / f"{variant['id']}.json"
    path.write_text(block, encoding="utf-8")
    code, out, _ = run(
        capsys,
        monkeypatch,
        f"assess docs/example-portfolio.json --category IMHS --as-of 2026-06-30 "
        f"--requirement-set {path}",
    )
    assert code == 0
    line = next(line for line in out.splitlines() if "✗ rsc_received" in line)
    assert f"`{line.split('rsc_received', 1)[1].strip()}`" in text
    assert f"`requirement set {variant['id']} v{variant['version']}`" in text


# -- the example and the schemas ----------------------------------------------------------------


def test_the_schemas_in_docs_are_the_ones_the_engine_loads():
    for name in ("portfolio.schema.json", "assessment.schema.json"):
        assert (DOCS / name).resolve() == (SCHEMAS / name).resolve(), name
        schema = json.loads((DOCS / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_example_validates_against_the_portfolio_schema_and_loads():
    schema = json.loads((DOCS / "portfolio.schema.json").read_text(encoding="utf-8"))
    example = json.loads((DOCS / "example-portfolio.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(example)] == []
    portfolio = load_portfolio(str(DOCS / "example-portfolio.json"))
    assert portfolio.name == example["person"]["name"]
    # The example has one entry of each kind, as the format page says.
    for key in ("education", "training", "work", "rsc_providers", "rsc", "references", "exams"):
        assert len(example[key]) == 1, key


def test_the_format_page_states_the_limits_the_reader_applies():
    schema = json.loads((DOCS / "portfolio.schema.json").read_text(encoding="utf-8"))
    page = (DOCS / "portfolio-format.md").read_text(encoding="utf-8")
    for key, spec in schema["properties"].items():
        if "maxItems" in spec:
            row = next(line for line in page.splitlines() if line.startswith(f"| `{key}` |"))
            assert f"{spec['maxItems']:,}" in row, key
    text = " ".join(page.split())
    limits = schema["$defs"]
    assert f"the first {portfolio_file.MAX_PROBLEMS} are listed" in text
    assert f"stops counting at {portfolio_file.MAX_COUNTED:,} problems" in text
    assert f"larger than {portfolio_file.MAX_BYTES // 2**20} MB" in text
    assert f"{dates.EARLIEST.isoformat()} to {dates.LATEST.isoformat()}" in text
    assert f"Texts are at most {limits['text']['maxLength']:,} characters" in text
    assert f"ids at most {limits['id']['maxLength']}" in text
    minutes = limits["minutes"]
    assert f"from {minutes['minimum']} to {minutes['maximum']:,}" in text
    hours = schema["properties"]["work"]["items"]["properties"]["hours_per_week"]
    assert f"`hours_per_week` outside {hours['minimum']} to {hours['maximum']}" in text
    ages = limits["age_months"]
    assert f"ages outside {ages['minimum']} to {ages['maximum']} months" in text


def property_names(schema: dict, node) -> set[str]:
    """Every field name the schema defines, following its local references."""
    names: set[str] = set()
    if isinstance(node, dict):
        if "$ref" in node:
            target = schema
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            names |= property_names(schema, target)
        names |= set(node.get("properties", {}))
        for key, value in node.items():
            if key != "$defs":
                names |= property_names(schema, value)
    elif isinstance(node, list):
        for value in node:
            names |= property_names(schema, value)
    return names


def test_the_format_page_explains_every_field_of_the_schema():
    schema = json.loads((DOCS / "portfolio.schema.json").read_text(encoding="utf-8"))
    page = FENCE.sub("", (DOCS / "portfolio-format.md").read_text(encoding="utf-8"))
    named = set()
    for token in re.findall(r"`([^`]+)`", page):
        named.add(token.rsplit(".", 1)[-1].removesuffix("[]"))
    missing = property_names(schema, schema) - named
    assert not missing, f"fields of the schema the page never names: {sorted(missing)}"


def test_the_worked_examples_of_the_rules_page_hold():
    page = " ".join((DOCS / "rules.md").read_text(encoding="utf-8").split())
    # Windows: 24 months up to 2026-06-30 start after 2024-06-30; a month before 2025-03-31.
    assert "a session on 2024-06-30 is outside and one on 2024-07-01 is inside" in page
    document = json.loads((DOCS / "example-portfolio.json").read_text(encoding="utf-8"))
    session = document["rsc"][0]
    document["rsc"] = [{**session, "date": "2024-06-30"}, {**session, "date": "2024-07-01"}]
    portfolio = portfolio_file.portfolio_from_document(document)
    rsc = evaluate(portfolio, "IMHS", date(2026, 6, 30)).finding("rsc_received")
    assert rsc.evidence == ("/rsc/1",)
    assert [note.ref for note in rsc.excluded] == ["/rsc/0"]
    assert "the day before the window is 2025-02-28" in page
    assert dates.months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    # The grace period: the example's IFS endorsement expired 2021-06-30.
    assert (
        "expired on 2021-06-30 is still in force, and renewable, up to and including 2021-09-28"
        in page
    )
    example = load_portfolio(str(DOCS / "example-portfolio.json"))
    last = evaluate(example, "IFS", date(2021, 9, 28), renewal=True).finding("endorsement")
    lapsed = evaluate(example, "IFS", date(2021, 9, 29), renewal=True).finding("endorsement")
    assert last.met and not lapsed.met
    assert "2021-09-29" in lapsed.message
    # Scope: 24 to 48 months counts for both standards.
    assert "An entry from 24 to 48 months therefore counts for both standards" in page
    work = dataclasses.replace(example.work[0], prenatal=False, min_months=24, max_months=48)
    for standard in codes.STANDARDS:
        assert in_scope(work, load_requirement_set(BASELINES[standard]).scope), standard


# -- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_something_that_exists(page):
    broken = []
    for target in links(page):
        if re.match(r"^[a-z]+:", target):
            continue  # an address outside the repository
        path, _, anchor = target.partition("#")
        where = (page.parent / path) if path else page
        if not where.exists():
            broken.append(target)
        elif anchor and where.suffix == ".md" and anchor not in anchors(where):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"{page.relative_to(ROOT)}: {broken}"


# -- the outputs shown are the real ones --------------------------------------------------------


@pytest.mark.parametrize("page", ["portfolio-format.md", "assessment.md"])
def test_outputs_shown_whole_or_from_the_start_are_what_the_command_prints(
    page, capsys, monkeypatch
):
    blocks = shown(page, "output") + shown(page, "output-start")
    starts = {args for args, _ in shown(page, "output-start")}
    for args, block in blocks:
        code, out, err = run(capsys, monkeypatch, args)
        assert (code, err) == (0, ""), args
        if args in starts:
            assert out.startswith(block + "\n"), args
        else:
            assert out == block + "\n", args


@pytest.mark.parametrize("page", ["portfolio-format.md", "assessment.md"])
def test_json_shown_shortened_is_part_of_what_the_command_prints(page, capsys, monkeypatch):
    schema = json.loads((DOCS / "assessment.schema.json").read_text(encoding="utf-8"))
    blocks = shown(page, "output-abridged")
    assert blocks, f"{page} shows no assessment"
    for args, block in blocks:
        excerpt = json.loads(block)
        jsonschema.validate(excerpt, schema)
        _, out, _ = run(capsys, monkeypatch, args)
        real = json.loads(out)
        for key, value in excerpt.items():
            if key != "findings":
                assert real[key] == value, key
        for finding in excerpt["findings"]:
            assert finding in real["findings"], finding["rule"]


def fields(value, prefix: str = "") -> set[str]:
    """Every field name of a JSON document, lists written `name[]`, as the tables name them."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{prefix}{key}"
            if isinstance(item, list) and any(isinstance(i, dict) for i in item):
                out.add(f"{name}[]")
                for entry in item:
                    out |= fields(entry, f"{name}[].")
            else:
                out.add(name)
    return out


def test_the_plan_fields_listed_are_those_dyad_plan_prints(capsys, monkeypatch):
    page = (DOCS / "portfolio-format.md").read_text(encoding="utf-8")
    section = page.split("`dyad-plan/1` document:", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            listed |= set(re.findall(r"`([^`]+)`", line.split(" | ")[0]))
    code, out, _ = run(
        capsys, monkeypatch, "plan docs/example-portfolio.json --as-of 2026-06-30 --format json"
    )
    assert code == 0
    assert listed == fields(json.loads(out))


def first_column_names(text: str) -> set[str]:
    """The field names a page's tables list in their first column (`a`, `b[]`, `c`, `d`)."""
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            cell = line.split(" | ")[0]
            names |= {name.removesuffix("[]") for name in re.findall(r"`([^`]+)`", cell)}
    return names


def test_the_assessment_page_lists_the_fields_of_its_schema_in_the_right_layer():
    schema = json.loads((DOCS / "assessment.schema.json").read_text(encoding="utf-8"))
    top, finding = schema, schema["$defs"]["finding"]
    page = (DOCS / "assessment.md").read_text(encoding="utf-8")
    contract = first_column_names(page.split("## Contract fields")[1].split("\n## ")[0])
    optional = first_column_names(page.split("## Optional fields")[1].split("\n## ")[0])
    required = set(top["required"]) | set(finding["required"])
    rest = (set(top["properties"]) - set(top["required"])) | (
        set(finding["properties"]) - set(finding["required"])
    )
    assert contract | optional <= set(top["properties"]) | set(finding["properties"])
    assert required <= contract, required - contract
    # need/have/unit are part of the contract for countable rules, optional in the schema.
    assert rest <= optional | {"need", "have", "unit"}, rest - optional
    assert {"need", "have", "unit"} <= contract


def test_the_assessment_page_names_every_group_of_message_codes():
    page = (DOCS / "assessment.md").read_text(encoding="utf-8")
    groups = {code.split(".")[0] for code in [*messages.TEMPLATES, *messages.LIST_JOINERS]}
    unnamed = [g for g in sorted(groups) if not re.search(rf"`{g}(\.[\w*]+)?`", page)]
    assert not unnamed, f"message code groups the page never names: {unnamed}"


def test_the_bad_file_shown_gives_exactly_those_problems(tmp_path, capsys, monkeypatch):
    [(_, block)] = shown("portfolio-format.md", "output-stderr")
    document = json.loads((DOCS / "example-portfolio.json").read_text(encoding="utf-8"))
    document["extra"] = 1
    document["rsc"][0].update(minutes=0, provider="p9")
    document["training"][0]["date"] = "2023-02-30"
    document["work"][0]["end"] = "2018-01-01"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, f"assess {path} --category IMHS")
    assert (code, out) == (2, "")
    assert err == block + "\n"


def test_the_bad_option_shown_is_what_dyad_prints(capsys, monkeypatch):
    page = " ".join((DOCS / "portfolio-format.md").read_text(encoding="utf-8").split())
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as stopped:
        main(shlex.split("assess docs/example-portfolio.json --category IMHS --as-of 0001-01-01"))
    assert stopped.value.code == 2
    assert f"`{capsys.readouterr().err.strip()}`" in page
    code, out, err = run(capsys, monkeypatch, "assess docs/example-portfolio.json --category XX")
    assert (code, out) == (2, "")
    assert err.startswith("--category/--requirement-set: ")
    assert "`--category/--requirement-set: ...`" in page
