"""Every citation in a built-in pack points at text that exists in its source.

The sources are the documents of SPEC section 2, copied into tests/data/seeds/
so that the test needs nothing outside the repository. A citation's
"paragraph" is resolved against its source with the grammar below; a
citation that names a section, step, rule, bullet or paragraph the source
does not have fails, and so does one in a form the grammar does not know
(add the form here rather than loosening the match).

    citation   := anchor ("," qualifier)*
    anchor     := number [locator]          "2.3.1 step 4", "1.6 rule 5", "2.4.1"
                | number table [N]          "4.3 Leadership", "4.3 Leadership 6"
                | locator                   "step 4", "steps 1-3"   (the whole document)
                | heading                   "Review of Partnership Protocol"
                | table N[.M]               "Operational Management 6.1"
                | "Title page"              the lines before the first heading
    locator    := kind N | kinds N-M        kind: step, rule, item, standard,
                                            bullet, board, paragraph
    qualifier  := locator
                | column N.M                "Behaviours 6.2" (in a table row)

* number: a numbered heading ("## 2.3.1 ...") is the section up to the next
  numbered heading that is not inside it.
* heading: a whole line of the source (case, markdown emphasis, a trailing
  colon ignored), or the label that opens a line ("Joint Priority 1: ...").
  Its section runs to the next heading line (a labelled paragraph's also to
  the next label of its series); a short line ending in ":" ends only a
  section that such a line opened.
* step/rule/item/standard N: the line numbered "N." inside the section, or a
  heading "Step N"; bullet/board N: the N-th bullet; paragraph N: the N-th
  line of running text. A bullet that only introduces nested bullets ("They
  will do this by:") is not counted itself.
* table: a markdown heading that begins with the text ("Monitoring and
  Evaluation" for "MONITORING AND EVALUATION OF PRACTICE AND OUTCOMES"),
  up to the next markdown heading, holding tab-separated rows; N is the row
  of standard N (its first cell numbers "N.1"), N.M a statement numbered
  N.M in that row; "column N.M" the statement N.M in the named column of
  the row, the columns named by the table's header line.

Also checked: each checklist item's text is mostly made of words from the
passage it cites (an item citing the wrong bullet or row shows up), and the
Derwent pack has the 11, 10, 14 and 9 numbered standards of its four tables
with every numbered statement of all four columns.

Run with: python3 -m pytest -q tests/test_pack_sources.py
(meson runs `python3 tests/test_pack_sources.py`, which does the same, or
exits 77, "skipped", when pytest is missing).
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKS = os.path.join(ROOT, "packs")
SEEDS = os.path.join(ROOT, "tests", "data", "seeds")

# SPEC section 2: which source document each built-in pack encodes.
PACK_SOURCES = {
    "durham-2010": "001_b0343134c59db08d.txt",
    "derwent-2016": "002_3f8542a17fafe4a6.txt",
    "sandwell-5plus": "004_f40363f2e13ce724.txt",
    "richmond-compact": "003_6303393fdef98d8f.txt",
    "durham-darlington-link": "000_d9a50476228d57fc.txt",
}

# Packs of national guidance (issue 14), whose sources are public documents
# not copied into tests/data/seeds/: each has a page under docs/packs/ that
# lists its sources and what it does not encode, and every citation names a
# paragraph or section (checked here) of a document the page lists.
EXTERNAL_SOURCES = {
    "england-info-sharing-2018",
    "england-info-sharing-2024",
    "uk-safeguarding-lawful-basis",
    "england-wt-2023",
    "wales-safeguarding-2019",
    "scotland-cp-2023",
    "marac-safelives",
}

# SPEC section 2: Leadership 1-11, Operational Management 1-10,
# Communicate Effectively 1-14, Monitoring and Evaluation 1-9.
DERWENT_TABLES = [
    ("leadership", 11),
    ("operational management", 10),
    ("communicate effectively", 14),
    ("monitoring and evaluation", 9),
]

KINDS_NUMBERED = {"step", "rule", "item", "standard"}
KINDS_BULLET = {"bullet", "board"}
KIND_RE = r"(step|rule|item|standard|bullet|board|paragraph)s?"
LOCATOR_RE = re.compile(r"^" + KIND_RE + r"\s+(\d+)(?:\s*[-\u2013]\s*(\d+))?$", re.I)
SECTION_RE = re.compile(r"^(\d+(?:\.\d+)*)(?=\s|$)")
ITEM_RE = re.compile(r"^(\d+)\.(?:\s|$)")
BULLET_RE = re.compile(r"^(\s*)[-*\u2022\u2713\u25c6\u2666]\s+")


def plain(text):
    """A line as a reader sees it: no markup, single spaces."""
    text = re.sub(r"<[^>]*>", " ", text)
    text = text.replace("**", "").replace("*", "").replace("\u2713", "")
    text = text.lstrip("#")
    return " ".join(text.split())


def key(text):
    """Comparable form of a heading: lower case, no trailing colon."""
    return plain(text).lower().rstrip(":").strip()


class Source:
    """A source document split into lines, each classified once."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            raw_lines = f.read().split("\n")
        self.lines = []  # (kind, text, indent, raw)
        for raw in raw_lines:
            stripped = raw.strip()
            if not stripped:
                self.lines.append(("blank", "", 0, raw))
                continue
            m = BULLET_RE.match(raw)
            if m:
                text = plain(raw[m.end():])
                self.lines.append(("bullet", text, len(m.group(1)), raw))
            elif stripped.startswith("#"):
                self.lines.append(("heading", plain(stripped), 0, raw))
            elif stripped.startswith("<"):
                self.lines.append(("html", plain(stripped), 0, raw))
            else:
                text = plain(stripped)
                short = len(text) <= 60 and not re.search(r"[.;,]$", text)
                if short and not ITEM_RE.match(text):
                    kind = "lead-in" if text.endswith(":") else "heading"
                    self.lines.append((kind, text, 0, raw))
                else:
                    self.lines.append(("text", text, 0, raw))

    # --- sections ---------------------------------------------------------

    def numbered_section(self, number):
        """Line range of the numbered markdown heading `number`, or None."""
        for i, (kind, text, _, raw) in enumerate(self.lines):
            if kind != "heading" or not raw.lstrip().startswith("#"):
                continue
            m = SECTION_RE.match(text)
            if not m or m.group(1) != number:
                continue
            end = len(self.lines)
            for j in range(i + 1, len(self.lines)):
                k2, t2, _, r2 = self.lines[j]
                m2 = SECTION_RE.match(t2) if k2 == "heading" and r2.lstrip().startswith("#") else None
                if m2 and not m2.group(1).startswith(number + "."):
                    end = j
                    break
            return (i, end)
        return None

    def heading_sections(self, heading):
        """Line ranges of every heading or line label equal to `heading`."""
        want = heading.lower()
        found = []
        for i, (kind, text, _, raw) in enumerate(self.lines):
            if kind == "blank":
                continue
            exact = key(raw) == want or key(text) == want
            label = kind == "text" and text.lower().startswith(want + ":")
            if (kind in ("heading", "lead-in") and exact) or label:
                found.append((i, self._section_end(i, want if label else None)))
        return found

    def table_sections(self, heading):
        """Line ranges under markdown headings that begin with `heading`."""
        want = heading.lower()
        marks = [i for i, line in enumerate(self.lines) if line[3].lstrip().startswith("#")]
        return [(i, next((j for j in marks if j > i), len(self.lines)))
                for i in marks if key(self.lines[i][3]).startswith(want)]

    def title_page(self):
        first = next(i for i, line in enumerate(self.lines) if line[0] != "blank")
        return [(first, self._section_end(first))]

    def _section_end(self, start, label=None):
        """Where the section opened at `start` ends; a labelled paragraph
        ("Joint Priority 1:") also ends at the next of its series."""
        opener = self.lines[start][0]
        series = re.sub(r"\s*\d+$", "", label) if label else None
        for j in range(start + 1, len(self.lines)):
            kind, text = self.lines[j][0], self.lines[j][1].lower()
            if kind in ("heading", "html") or (kind == "lead-in" and opener == "lead-in"):
                return j
            if series and re.match(re.escape(series) + r"\s*\d+\s*:", text):
                return j
        return len(self.lines)

    # --- items inside a range ---------------------------------------------

    def numbered_items(self, rng, n):
        """Sub-ranges for the line numbered `n.` or the heading "Step n"."""
        lo, hi = rng
        found = []
        for i in range(lo, hi):
            kind, text, _, _ = self.lines[i]
            m = ITEM_RE.match(text)
            if (m and int(m.group(1)) == n) or (kind == "heading" and text.lower() == "step %d" % n):
                end = hi
                for j in range(i + 1, hi):
                    kj, tj, _, _ = self.lines[j]
                    if ITEM_RE.match(tj) or (kj == "heading" and re.match(r"step \d+$", tj.lower())):
                        end = j
                        break
                found.append((i, end))
        return found

    def bullets(self, rng):
        lo, hi = rng
        out = []
        for i in range(lo + 1, hi):
            kind, _, indent, _ = self.lines[i]
            if kind != "bullet":
                continue
            nxt = next((self.lines[j] for j in range(i + 1, hi) if self.lines[j][0] != "blank"), None)
            if nxt and nxt[0] == "bullet" and nxt[2] > indent:
                continue  # introduces the nested bullets that follow
            out.append((i, i + 1))
        return out

    def paragraphs(self, rng):
        lo, hi = rng
        return [(i, i + 1) for i in range(lo + 1, hi) if self.lines[i][0] in ("text", "lead-in")]

    def table_rows(self, rng, standard):
        """Rows under the range whose first cell numbers statement `standard`.1."""
        lo, hi = rng
        return [(i, i + 1) for i in range(lo, hi)
                if "\t" in self.lines[i][3] and has_statement(self.lines[i][3].split("\t")[0], "%s.1" % standard)]

    def table_statement(self, rng, number):
        """Rows under the range for standard "6", or holding statement "6.1"."""
        standard = number.split(".")[0]
        rows = self.table_rows(rng, standard)
        return rows if "." not in number else [r for r in rows if has_statement(self.lines[r[0]][3], number)]

    def cell(self, row, column):
        """The text of `column` (a header name) in table row `row`, or None."""
        cells = self.lines[row][3].split("\t")
        for j in range(row - 1, -1, -1):
            raw = self.lines[j][3]
            if "\t" in raw and not re.search(r"\d", raw):
                names = [key(c) for c in raw.split("\t")]
                if column.lower() in names and names.index(column.lower()) < len(cells):
                    return cells[names.index(column.lower())]
                return None
        return None

    def text(self, rng):
        return " ".join(self.lines[i][1] for i in range(*rng))


def has_statement(text, number):
    return re.search(r"(?:^|[\s>])" + re.escape(number) + r"(?=[\s<]|$)", text) is not None


def numbers(first, last):
    first = int(first)
    last = int(last) if last else first
    return list(range(first, last + 1)) if last >= first else []


def apply_locator(source, ranges, kind, first, last):
    """Narrow `ranges` to the located items; an empty list when any is missing."""
    kind = kind.lower()
    wanted = numbers(first, last)
    if not wanted:
        return []
    out = []
    for rng in ranges:
        if kind in KINDS_NUMBERED:
            got = [source.numbered_items(rng, n) for n in wanted]
            if all(got):
                out.append((got[0][0][0], got[-1][0][1]))
        else:
            items = source.bullets(rng) if kind in KINDS_BULLET else source.paragraphs(rng)
            if wanted[-1] <= len(items):
                out.append((items[wanted[0] - 1][0], items[wanted[-1] - 1][1]))
    return out


def resolve(source, paragraph):
    """The source line ranges a citation's paragraph names, [] when it names nothing."""
    parts = [p.strip() for p in paragraph.lstrip("\u00a7 ").split(",")]
    anchor, qualifiers = parts[0], parts[1:]
    ranges = []
    m = SECTION_RE.match(anchor)
    if m:
        section = source.numbered_section(m.group(1))
        if section is None:
            return []
        ranges = [section]
        rest = anchor[m.end():].strip()
        loc = LOCATOR_RE.match(rest)
        if rest and loc:
            ranges = apply_locator(source, ranges, loc.group(1), loc.group(2), loc.group(3))
        elif rest:
            ranges = [t for t in tables(source, rest) if section[0] <= t[0] < section[1]]
            if not ranges:
                tail = re.match(r"^(.*\S)\s+(\d+)$", rest)
                within = tables(source, tail.group(1)) if tail else []
                ranges = [r for t in within if section[0] <= t[0] < section[1]
                          for r in source.table_rows(t, tail.group(2))]
    elif LOCATOR_RE.match(anchor):
        loc = LOCATOR_RE.match(anchor)
        ranges = apply_locator(source, [(0, len(source.lines))], loc.group(1), loc.group(2), loc.group(3))
    elif anchor.lower() == "title page":
        ranges = source.title_page()
    else:
        ranges = source.heading_sections(anchor)
        tail = re.match(r"^(.*\S)\s+(\d+(?:\.\d+)?)$", anchor)
        if not ranges and tail:
            ranges = [r for t in tables(source, tail.group(1)) for r in source.table_statement(t, tail.group(2))]
    for q in qualifiers:
        loc = LOCATOR_RE.match(q)
        col = re.match(r"^(.*\S)\s+(\d+\.\d+)$", q)
        if loc:
            ranges = apply_locator(source, ranges, loc.group(1), loc.group(2), loc.group(3))
        elif col:
            ranges = [r for r in ranges if r[1] == r[0] + 1
                      and has_statement(source.cell(r[0], col.group(1)) or "", col.group(2))]
        else:
            return []
    return ranges


def tables(source, name):
    """Table sections named `name` that hold at least one tab-separated row."""
    return [t for t in source.table_sections(name)
            if any("\t" in source.lines[i][3] for i in range(*t))]


def citations(node, where=""):
    """Yield (JSON pointer, citation) for every citation outside the tests."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("tests", "facts"):
                continue
            if k == "citation" and isinstance(v, dict):
                yield where, v
            else:
                yield from citations(v, "%s/%s" % (where, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from citations(v, "%s/%d" % (where, i))


def load_packs(external=False):
    """The packs whose sources are seeds (or, with external, the others)."""
    out = {}
    for name in sorted(os.listdir(PACKS)):
        if name.endswith(".json") and (name[:-5] in EXTERNAL_SOURCES) == external:
            with open(os.path.join(PACKS, name), encoding="utf-8") as f:
                out[name] = json.load(f)
    return out


_SOURCES = {}


def source_for(pack_id):
    if pack_id not in _SOURCES:
        _SOURCES[pack_id] = Source(os.path.join(SEEDS, PACK_SOURCES[pack_id]))
    return _SOURCES[pack_id]


# Citation forms and whether each names text in its seed, worked out by
# reading the seed: (pack, paragraph, found).
RESOLVER_CASES = [
    ("durham-2010", "1.6 rule 8", True),
    ("durham-2010", "1.6 rule 9", False),
    ("durham-2010", "2.3.1 step 4", True),
    ("durham-2010", "2.3.1 steps 6-9", True),
    ("durham-2010", "2.3.1 steps 6-10", False),
    ("durham-2010", "2.3.2 steps 5-8", True),
    ("durham-2010", "2.4.2 rule 8", True),
    ("durham-2010", "2.4.1", True),
    ("durham-2010", "2.4.3", False),
    ("durham-2010", "2.3.1 step 5, bullet 3", True),
    ("durham-2010", "2.3.1 step 5, bullet 4", False),
    ("durham-2010", "page 36", False),
    ("sandwell-5plus", "Values, bullet 6", True),
    ("sandwell-5plus", "Values, bullet 7", False),
    ("sandwell-5plus", "Title page, board 7", True),
    ("sandwell-5plus", "Title page, board 8", False),
    ("sandwell-5plus", "Meetings, bullet 4", True),
    ("sandwell-5plus", "Meetings, bullet 5", False),
    ("sandwell-5plus", "The 5+ Board Managers, bullet 6", True),
    ("sandwell-5plus", "The 5+ Board Managers, bullet 7", False),
    ("sandwell-5plus", "Communication and engagement aims, bullet 2", True),
    ("sandwell-5plus", "Communication and engagement aims, bullet 3", False),
    ("sandwell-5plus", "Across board communications aims, bullet 5", True),
    ("sandwell-5plus", "Review of Partnership Protocol, paragraph 2", True),
    ("sandwell-5plus", "Review of Partnership Protocol, paragraph 3", False),
    ("sandwell-5plus", "Joint Priority 4", True),
    ("sandwell-5plus", "Joint Priority 5", False),
    ("sandwell-5plus", "Joint Priority 1, paragraph 2", True),
    ("sandwell-5plus", "Joint Priority 1, paragraph 3", False),
    ("sandwell-5plus", "Joint Priority 4, paragraph 1", False),
    ("sandwell-5plus", "Board Governance", False),
    ("sandwell-5plus", "Values, line 2", False),
    ("richmond-compact", "Step 2, paragraph 2", True),
    ("richmond-compact", "Step 3, paragraph 2", False),
    ("richmond-compact", "Step 4", False),
    ("richmond-compact", "Raising Awareness, bullet 3", True),
    ("durham-darlington-link", "step 9", True),
    ("durham-darlington-link", "steps 7-8", True),
    ("durham-darlington-link", "step 10", False),
    ("derwent-2016", "Operational Management 6.1", True),
    ("derwent-2016", "Leadership 11", True),
    ("derwent-2016", "Leadership 12", False),
    ("derwent-2016", "Communicate Effectively 14.2", True),
    ("derwent-2016", "Communicate Effectively 15", False),
    ("derwent-2016", "4.3 Leadership", True),
    ("derwent-2016", "4.2 Leadership", False),
    ("derwent-2016", "9.9 Leadership 3", False),
    ("derwent-2016", "4.3 Leadership 3", True),
    ("derwent-2016", "4.2 Leadership 3", False),
    ("derwent-2016", "4.3 Monitoring and Evaluation 9, Knowledge and Understanding 9.1", True),
    ("derwent-2016", "4.3 Monitoring and Evaluation 10", False),
    ("derwent-2016", "4.3 Operational Management 6, Intended Outcomes 6.1", True),
    ("derwent-2016", "4.3 Operational Management 6, Intended Outcomes 6.2", False),
    ("derwent-2016", "4.3 Communicate Effectively 14, Skills and Abilities 14.2", True),
    ("derwent-2016", "4.3 Communicate Effectively 14, Behaviours 14.2", False),
    ("derwent-2016", "4.3 Communicate Effectively 6, Behaviours 6.1", False),
    ("derwent-2016", "4.3 Leadership 1, Colour 1.1", False),
]


class SeedSource(unittest.TestCase):
    """The resolver itself, on forms whose answer is known from the seeds."""

    def test_forms(self):
        for pack_id, paragraph, found in RESOLVER_CASES:
            with self.subTest(pack=pack_id, paragraph=paragraph):
                self.assertEqual(bool(resolve(source_for(pack_id), paragraph)), found)

    def test_step_four_text(self):
        (rng,) = resolve(source_for("durham-2010"), "2.3.1 step 4")
        self.assertIn("within 3 working days", source_for("durham-2010").text(rng))

    def test_board_text(self):
        (rng,) = resolve(source_for("sandwell-5plus"), "Title page, board 4")
        self.assertEqual(source_for("sandwell-5plus").text(rng),
                         "Safer Sandwell Partnership Police and Crime Board")

    def test_derwent_source_has_the_standards_spec_names(self):
        src = source_for("derwent-2016")
        for heading, count in DERWENT_TABLES:
            sections = src.table_sections(heading)
            self.assertEqual(len(sections), 2, heading)
            for n in range(1, count + 2):
                rows = [r for s in sections for r in src.table_rows(s, n)]
                self.assertEqual(len(rows), 1 if n <= count else 0, "%s %d" % (heading, n))


class PackCitations(unittest.TestCase):
    """Every pack in packs/ cites only paragraphs its source has."""

    def test_every_pack_has_a_source(self):
        for name, pack in load_packs().items():
            self.assertIn(pack.get("id"), PACK_SOURCES, name)
            self.assertEqual(name, pack["id"] + ".json")
            self.assertTrue(os.path.exists(os.path.join(SEEDS, PACK_SOURCES[pack["id"]])), name)

    def test_every_external_pack_has_a_page(self):
        for name, pack in load_packs(external=True).items():
            self.assertEqual(name, pack["id"] + ".json")
            page = os.path.join(ROOT, "docs", "packs", pack["id"] + ".md")
            self.assertTrue(os.path.exists(page), page)
            with open(page, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("## Sources", text, page)
            self.assertIn("Not encoded", text, page)
            for where, cit in citations(pack):
                para = cit.get("paragraph")
                self.assertTrue(isinstance(para, str) and para.strip(), "%s %s" % (name, where))

    def test_every_citation_is_found(self):
        problems = []
        for name, pack in load_packs().items():
            src = source_for(pack["id"])
            short = pack.get("source", {}).get("short")
            for where, cit in citations(pack):
                doc = cit.get("document", short)
                if doc != short:
                    problems.append("%s %s: cites another document %r" % (name, where, doc))
                    continue
                para = cit.get("paragraph")
                if not isinstance(para, str) or not resolve(src, para):
                    problems.append("%s %s: paragraph %r not found in %s"
                                    % (name, where, para, PACK_SOURCES[pack["id"]]))
        self.assertEqual(problems, [], "\n".join(problems))


# Words too common to show which passage a text was taken from.
STOP_WORDS = set("""that this with will have from they their been which where when what
there each more into also only must should would could does done shall than then them
these those your about after before being both every other over such some very within
without whether""".split())


def word_stems(text):
    return [w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in STOP_WORDS]


def checklist_items(pack):
    for cl in pack.get("checklists", []):
        for group in cl.get("groups", []):
            for item in group.get("items", []):
                yield "%s/%s/%s" % (cl.get("id"), group.get("id"), item.get("id")), item


class ChecklistWording(unittest.TestCase):
    """A checklist item's text is taken from the passage it cites: most of its
    words appear there, so an item citing the wrong bullet or row is caught."""

    def test_item_text_comes_from_its_passage(self):
        problems = []
        for name, pack in load_packs().items():
            src = source_for(pack["id"])
            for where, item in checklist_items(pack):
                ranges = resolve(src, item.get("citation", {}).get("paragraph", ""))
                words = word_stems(item.get("text", ""))
                if not ranges or not words:
                    continue  # a missing citation is reported by PackCitations
                passage = set(word_stems(" ".join(src.text(r) for r in ranges)))
                share = sum(w in passage for w in words) / len(words)
                if share < 0.4:
                    problems.append("%s %s: %.0f%% of %r is in %r" % (
                        name, where, 100 * share, item["text"], item["citation"]["paragraph"]))
        self.assertEqual(problems, [], "\n".join(problems))


DERWENT_ITEM = re.compile(r"^4\.3 (.+?) (\d+), (.+) (\d+)\.(\d+)$")


def derwent_source_statements():
    """{(table, standard, column, "N.M")} for every statement in the source tables."""
    src = source_for("derwent-2016")
    out = set()
    for name, count in DERWENT_TABLES:
        for t in src.table_sections(name):
            for n in range(1, count + 1):
                for row, _ in src.table_rows(t, n):
                    for column in ("intended outcomes", "behaviours", "skills and abilities",
                                   "knowledge and understanding"):
                        for m in re.finditer(r"(?:^|[\s>])(%d\.\d+)(?=[\s<]|$)" % n, src.cell(row, column) or ""):
                            out.add((name, n, column, m.group(1)))
    return out


class DerwentStandards(unittest.TestCase):
    """SPEC section 2: the four tables hold 11, 10, 14 and 9 numbered standards,
    and the pack carries every numbered statement of every column."""

    def setUp(self):
        with open(os.path.join(PACKS, "derwent-2016.json"), encoding="utf-8") as f:
            self.pack = json.load(f)
        self.items = []  # (checklist id, group id, (table, standard, column, statement))
        for cl in self.pack.get("checklists", []):
            for group in cl.get("groups", []):
                for item in group.get("items", []):
                    m = DERWENT_ITEM.match(item.get("citation", {}).get("paragraph", ""))
                    self.assertIsNotNone(m, "%s/%s/%s" % (cl["id"], group["id"], item.get("id")))
                    cited = (m.group(1).lower(), int(m.group(2)), m.group(3).lower(),
                             "%s.%s" % (m.group(4), m.group(5)))
                    self.assertEqual(int(m.group(4)), cited[1], item.get("id"))
                    self.items.append((cl["id"], group["id"], cited))

    def test_standard_counts(self):
        for name, count in DERWENT_TABLES:
            cited = {c[1] for _, _, c in self.items if c[0] == name}
            self.assertEqual(cited, set(range(1, count + 1)), name)
            groups = {(cl, g) for cl, g, c in self.items if c[0] == name}
            self.assertEqual(len(groups), count, "%s: one group per standard" % name)

    def test_each_group_is_one_standard(self):
        per_group = {}
        for cl, g, c in self.items:
            per_group.setdefault((cl, g), set()).add(c[:2])
        for where, standards in per_group.items():
            self.assertEqual(len(standards), 1, "%s mixes standards %s" % (where, sorted(standards)))

    def test_every_statement_in_all_four_columns(self):
        source = derwent_source_statements()
        # Every "N.M" in the 44 table rows of section 4.3, counted by hand with
        # grep -oP '(?<![\d.])\d+\.\d+(?![\d.])' over the tab-separated lines.
        self.assertEqual(len(source), 234)
        pack = [c for _, _, c in self.items]
        self.assertEqual(len(pack), len(set(pack)), "a statement is cited twice")
        self.assertEqual(sorted(source - set(pack)), [], "statements the pack leaves out")
        self.assertEqual(sorted(set(pack) - source), [], "statements the source does not have")


if __name__ == "__main__":
    # Run the way meson runs it; exit 77 (skipped) when pytest is missing.
    if importlib.util.find_spec("pytest") is None:
        print("SKIP: pytest is not installed for %s" % sys.executable)
        sys.exit(77)
    # No .pytest_cache or __pycache__ left in the source tree.
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              os.path.join("tests", "test_pack_sources.py")], cwd=ROOT, env=env))
