#!/usr/bin/env python3
"""Hard negotiation edits between drafts of a declaration, with the ground truth.

Usage:
    hard_corpus.py --clauses N --seed S --out DIR

Writes DIR/old.md, DIR/new.md, DIR/later.md and DIR/truth.json. The same arguments always give
the same files (only random.Random(seed) is used). Standard library only.

Where `gen_corpus.py` (the speed corpus) makes light, regular edits, this one makes the edits a
drafting session really makes, at high rates, on texts that repeat their formulas ("Reaffirm our
commitment to ...") the way declarations do:

- reworded splits: a clause cut at a clause boundary, the second part given an opener of its
  own ("Further commit to ...") and some words changed; 3-way splits; splits whose second part
  goes elsewhere in the section or to another section;
- reworded merges: two or three clauses joined ("..., as well as ..."), the absorbed one
  reworded; merges of clauses that were not neighbours, also across sections;
- modified clauses: synonyms, qualifiers inserted, phrases dropped, two phrases swapped,
  brackets opened and closed, the opening verb changed;
- moves: single clauses (some also reworded), blocks of consecutive clauses moved together,
  and one section moved whole;
- deleted and added clauses; headings renumbered (`## 3. On ...` -> `## 4. On ...`) and renamed;
- partial ids: some clauses of the old draft carry ids, the new draft keeps most of them, pasted
  text has none, a few clauses were given new ids, and split parts and merges keep one id;
- numbered lists in some sections;
- `later.md`, a third draft after `new.md`, reinstates some clauses deleted in `new.md` (same
  text, or nearly) and otherwise changes little.

truth.json ("clause-truth/1", as gen_corpus.py writes it, plus `reinstated`):
  "clauses": one entry per old clause, in order, {"old": i, "fate": F, "new": [j, ...]} with F
      one of unchanged, modified, moved, split, merged, deleted; a merged clause's new index is
      in the entries of every old clause merged into it;
  "inserted": new clauses with no origin;
  "counts": how many of each fate, and "old_clauses", "new_clauses", "later_clauses";
  "kinds": for splits and merges, which were reworded / not adjacent / 3-way (for reports);
  "reinstated": [[old index, later index], ...]: clauses deleted in new.md and back in later.md.
Indices count clauses 0.. in document order, as `decl show` does.
"""

import argparse
import json
import os
import random
import sys

# --------------------------------------------------------------------------------------------
# Vocabulary: the formulas of EU declarations, more varied than gen_corpus.py's.

OPENERS = [
    "Reaffirm our commitment to", "Recall our commitment to", "Stress the importance of",
    "Underline the need for", "Welcome the progress made on", "Recognise the importance of",
    "Call for", "Commit to", "Support", "Encourage", "Intend to promote", "Agree to pursue",
    "Take note of", "Acknowledge the role of", "Highlight the value of", "Emphasise the need for",
    "Express our concern about", "Condemn", "Invite partners to engage in",
    "Resolve to intensify", "Note with appreciation", "Pledge to advance",
]
FURTHER = [
    "Further commit to", "Also support", "In addition, encourage", "Likewise, call for",
    "Moreover, intend to promote", "To this end, agree to pursue", "Furthermore, stress",
    "In this context, underline",
]
# Subjects are made of a head and an object of one of three kinds, so that a subject recurs in a
# few clauses only, while heads and objects recur everywhere, as in a real text.
PEOPLE = [
    "unaccompanied minors", "victims of trafficking", "journalists", "persons with disabilities",
    "returnees", "displaced persons", "human rights defenders", "migrant workers",
    "young people", "women and girls", "refugees", "stateless persons", "seasonal workers",
    "older persons", "survivors of violence", "researchers", "students", "local mediators",
]
PEOPLE_HEADS = [
    "the protection of", "support for", "the rights of", "services for", "the safety of",
    "access to justice for", "the participation of", "training for", "the identification of",
    "legal aid for", "the reintegration of", "the mobility of",
]
CRIMES = [
    "document fraud", "migrant smuggling", "synthetic drugs", "illicit firearms",
    "money laundering", "cybercrime", "terrorist financing", "online hate speech", "corruption",
    "environmental crime", "trafficking in cultural goods", "labour exploitation",
    "ransomware attacks", "match fixing", "wildlife trafficking", "tax evasion",
]
CRIME_HEADS = [
    "the fight against", "the prevention of", "investigations into", "data on",
    "awareness of", "the early detection of", "the prosecution of", "risk analysis on",
    "research on", "cooperation against", "the disruption of", "the financial dimension of",
]
THINGS = [
    "critical infrastructure", "passenger data", "supply chains for medicines",
    "border crossing points", "electoral systems", "public procurement", "renewable energy",
    "water and sanitation", "maritime routes", "digital public services", "food systems",
    "vaccination campaigns", "port facilities", "satellite communications", "rail corridors",
    "civil registries",
]
THING_HEADS = [
    "the resilience of", "the security of", "investment in", "the monitoring of",
    "the governance of", "access to", "the modernisation of", "standards for", "funding for",
    "the interoperability of", "the transparency of", "the protection of",
]
TOPICS = sorted({"%s %s" % (h, o) for heads, objects in
                 ((PEOPLE_HEADS, PEOPLE), (CRIME_HEADS, CRIMES), (THING_HEADS, THINGS))
                 for h in heads for o in objects})
ACTORS = [
    "Member States", "the Commission", "Europol", "Eurojust", "Frontex", "UNHCR", "IOM",
    "UNODC", "the African Union", "civil society organisations", "local authorities",
    "national parliaments", "the private sector", "academic institutions", "partner countries",
    "international financial institutions", "the European External Action Service",
]
MEANS = [
    "through joint investigation teams", "through targeted funding", "by sharing best practices",
    "through regular high-level dialogues", "by means of technical assistance",
    "through twinning projects", "through regional platforms", "with the support of EU delegations",
    "through pilot projects", "through multi-annual programmes", "by pooling expertise",
    "through peer reviews", "with dedicated liaison officers",
]
QUALIFIERS = [
    "in full respect of fundamental rights", "in line with international law",
    "where appropriate", "in accordance with national competences",
    "in a spirit of shared responsibility", "on a voluntary basis",
    "with due regard to data protection", "as a matter of priority",
    "taking into account regional specificities", "within existing resources",
]
PLACES = [
    "countries of origin and transit", "the Mediterranean region", "the Sahel and Lake Chad",
    "the Horn of Africa", "the Eastern Partnership", "Latin America and the Caribbean",
    "Central Asia", "the Southern Neighbourhood", "the Indo-Pacific", "small island states",
]
GOALS = [
    "to save lives", "to reduce irregular departures", "to protect the most vulnerable",
    "to build trust between communities", "to ensure accountability",
    "to strengthen the rule of law", "to prevent future crises", "to promote decent work",
    "to support sustainable growth", "to deprive criminals of their profits",
]
SYNONYMS = {
    "strengthen": "reinforce", "reinforce": "strengthen", "support": "assist",
    "promote": "foster", "foster": "promote", "ensure": "guarantee", "guarantee": "ensure",
    "regular": "periodic", "joint": "common", "targeted": "dedicated", "dedicated": "targeted",
    "protect": "safeguard", "safeguard": "protect", "reduce": "curb", "build": "foster",
    "sharing": "exchanging", "exchange": "sharing", "dialogues": "consultations",
    "projects": "initiatives", "partnerships": "alliances", "cooperation": "collaboration",
    "collaboration": "cooperation", "funding": "financing", "most": "particularly",
    "prevent": "avert", "platforms": "networks", "future": "further", "sustainable": "inclusive",
}
EXTRA = [
    "further", "closely", "actively", "effectively", "jointly", "fully", "continued",
    "concrete", "swift", "lasting",
]
HEADINGS = [
    "prevention", "protection", "response", "partnerships", "prosecution", "resilience",
    "return and reintegration", "legal pathways", "funding", "follow-up", "digital matters",
    "research and innovation", "governance", "climate and security", "health", "education",
]


def capital(s):
    return s[:1].upper() + s[1:]


class Writer:
    """Clause texts: a formula, then phrases separated by commas, ending with ';'."""

    def __init__(self, r):
        self.r = r
        self.seen = set()

    def phrase(self):
        r = self.r
        kind = r.random()
        if kind < 0.25:
            return "involving %s and %s" % tuple(r.sample(ACTORS, 2))
        if kind < 0.45:
            return r.choice(MEANS)
        if kind < 0.6:
            return "in particular in %s" % r.choice(PLACES)
        if kind < 0.75:
            return r.choice(GOALS)
        if kind < 0.88:
            return r.choice(QUALIFIERS)
        return "and %s" % r.choice(TOPICS)

    def phrases(self, n):
        out = []
        for _ in range(n):
            p = self.phrase()
            if p not in out:
                out.append(p)
        return out

    def clause(self, short=False):
        """`Opener topic, phrases`, and in about a third of clauses one or two more topics
        (`..., and topic, phrases`): where a drafter cuts a clause in two."""
        r = self.r
        for _ in range(50):
            n = r.choice([0, 1]) if short else r.choice([1, 2, 2, 3, 3, 4])
            topics = r.sample(TOPICS, 1 if short or r.random() < 0.65 else r.choice([2, 2, 3]))
            parts = ["%s %s" % (r.choice(OPENERS), topics[0])] + self.phrases(n)
            for t in topics[1:]:
                parts += ["and %s" % t] + self.phrases(r.choice([1, 2, 3]))
            text = ", ".join(parts) + ";"
            if r.random() < 0.1:
                text = bracket(r, text)
            if text not in self.seen:
                self.seen.add(text)
                return text
        raise RuntimeError("vocabulary exhausted")


def bracket(r, text):
    words = text.split(" ")
    if len(words) < 6:
        return text
    i = r.randrange(2, len(words) - 2)
    j = min(len(words) - 1, i + r.randint(1, 3))
    words[i] = "[" + words[i]
    words[j - 1] = words[j - 1] + "]" if not words[j - 1].endswith(";") else words[j - 1]
    out = " ".join(words)
    return out if out.count("[") == out.count("]") else text


def unbracket(text):
    return text.replace("[", "").replace("]", "")


# --------------------------------------------------------------------------------------------
# Rewording, as counsellors do it.

def reword(r, text, edits):
    """Apply `edits` light edits; returns a different text (or the same if none applied)."""
    body = text.rstrip(";.")
    end = text[len(body):]
    # An opener with a comma of its own (`In this context, underline`) stays as it is.
    lead = ""
    for f in FURTHER:
        if "," in f and body.startswith(f + " "):
            lead, body = f + " ", body[len(f) + 1:]
            break
    end = text[len(text.rstrip(";.")):]
    parts = body.split(", ")
    for _ in range(edits):
        k = r.random()
        if k < 0.3:
            # a synonym
            words = ", ".join(parts).split(" ")
            spots = [i for i, w in enumerate(words) if w.strip(",[]") in SYNONYMS]
            if spots:
                i = r.choice(spots)
                w = words[i].strip(",[]")
                words[i] = words[i].replace(w, SYNONYMS[w])
                parts = " ".join(words).split(", ")
        elif k < 0.5:
            parts.insert(r.randint(1, len(parts)), r.choice(QUALIFIERS))
        elif k < 0.62 and len(parts) > 2:
            del parts[r.randrange(1, len(parts))]
        elif k < 0.72 and len(parts) > 2:
            a, b = r.sample(range(1, len(parts)), 2)
            parts[a], parts[b] = parts[b], parts[a]
        elif k < 0.84:
            words = parts[0].split(" ")
            words.insert(r.randint(1, len(words)), r.choice(EXTRA))
            parts[0] = " ".join(words)
        elif k < 0.92:
            # a new opening formula for the same topic
            for o in OPENERS:
                if parts[0].startswith(o + " "):
                    parts[0] = r.choice(OPENERS) + parts[0][len(o):]
                    break
        else:
            joined = ", ".join(parts)
            joined = unbracket(joined) if "[" in joined else bracket(r, joined)
            parts = joined.split(", ")
    return lead + ", ".join(parts) + end


def split_points(text):
    """Where a clause can be cut: before each `and <topic>` part."""
    parts = text.rstrip(";.").split(", ")
    return [k for k, p in enumerate(parts) if k > 0 and p.startswith("and ")
            and p[4:].split(",")[0] in TOPICS]


def split_text(r, text, ways):
    """Cut a clause into `ways` clauses before its `and <topic>` parts; each later part gets an
    opener of its own (`Further commit to <topic>, ...`)."""
    parts = text.rstrip(";.").split(", ")
    points = split_points(text)
    if len(points) < ways - 1:
        return None
    cuts = sorted(r.sample(points, ways - 1))
    pieces = []
    last = 0
    for c in cuts + [len(parts)]:
        pieces.append(parts[last:c])
        last = c
    out = [", ".join(pieces[0]) + ";"]
    for p in pieces[1:]:
        rest = ", ".join(p)[4:]
        out.append("%s %s;" % (r.choice(FURTHER), rest))
    return out


def merge_texts(r, texts):
    first = texts[0].rstrip(";.")
    out = first
    for t in texts[1:]:
        body = t.rstrip(";.")
        for o in OPENERS:
            if body.startswith(o + " "):
                body = body[len(o) + 1:]
                break
        out += r.choice([", as well as ", ", and ", ", together with ", "; to this end, "]) + body
    return out + ";"


# --------------------------------------------------------------------------------------------

class Clause:
    __slots__ = ("text", "origin", "id", "role")

    def __init__(self, text, origin, cid=None, role=None):
        self.text = text
        self.origin = origin  # list of old indices, or [] for inserted
        self.id = cid
        self.role = role


def render(front, title, sections, numbered, heading_ids):
    out = ["---"]
    for k, v in front.items():
        out.append("%s: %s" % (k, v if isinstance(v, bool) else '"%s"' % v))
    out += ["---", "", "# " + title, "", "Brussels, 10 December 2025", ""]
    for si, (heading, clauses) in enumerate(sections):
        hid = heading_ids[si]
        out.append("## " + heading + (" {#%s}" % hid if hid else ""))
        out.append("")
        for n, c in enumerate(clauses):
            line = c.text + (" <!-- id: %s -->" % c.id if c.id else "")
            if numbered[si]:
                out.append("%d. %s" % (n + 1, line))
                out.append("")
            else:
                out.append(line)
                out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def generate(n, seed):
    r = random.Random(seed)
    w = Writer(r)

    # ---- the old draft ----------------------------------------------------------------------
    sizes = []
    left = n
    while left > 0:
        s = min(left, r.randint(4, 14))
        sizes.append(s)
        left -= s
    old_sections = []
    k = 0
    for si, s in enumerate(sizes):
        clauses = []
        for _ in range(s):
            clauses.append(Clause(w.clause(short=r.random() < 0.15), [k]))
            k += 1
        name = "%d. On %s, we:" % (si + 1, HEADINGS[si % len(HEADINGS)]
                                    + ("" if si < len(HEADINGS) else " (%d)" % (si // len(HEADINGS))))
        old_sections.append([name, clauses])
    numbered = [r.random() < 0.3 for _ in sizes]
    old_flat = [c for _, cs in old_sections for c in cs]
    # Partial ids: about 70% of old clauses carry one.
    for i, c in enumerate(old_flat):
        if r.random() < 0.7:
            c.id = "c%d" % i
    heading_ids = ["s%d" % si if r.random() < 0.5 else None for si in range(len(sizes))]
    old_texts = [c.text for c in old_flat]
    old_ids = [c.id for c in old_flat]
    section_of = []
    for si, s in enumerate(sizes):
        section_of += [si] * s

    # ---- fates --------------------------------------------------------------------------------
    fate = ["unchanged"] * n
    kinds = {"split": {"adjacent": 0, "apart": 0, "three": 0, "reworded": 0},
             "merged": {"adjacent": 0, "apart": 0, "three": 0, "reworded": 0}}
    order = list(range(n))
    r.shuffle(order)
    taken = set()

    def free(*ix):
        return all(0 <= i < n and i not in taken for i in ix)

    # new sections as lists of Clause; built by walking old clauses
    new_secs = [[] for _ in sizes]
    late = []      # (clause, target section, position hint) placed after the walk
    merges = {}    # first old index -> [other old indices], the merged clause goes at the first
    splits = {}    # old index -> ways, apart?
    rates = [("split", 0.05), ("merged", 0.05), ("deleted", 0.04), ("moved", 0.03),
             ("block", 0.02), ("modified", 0.10)]
    plan = []
    for name, rate in rates:
        plan += [name] * int(round(n * rate))
    p = 0
    for name in plan:
        while p < n and order[p] in taken:
            p += 1
        if p >= n:
            break
        i = order[p]
        p += 1
        if name == "split":
            # only clauses that join topics are split: take the next one that does
            p -= 1
            q = p
            while q < n and (order[q] in taken or not split_points(old_texts[order[q]])):
                q += 1
            if q >= n:
                p += 1
                continue
            order[p], order[q] = order[q], order[p]
            i = order[p]
            p += 1
            points = len(split_points(old_texts[i]))
            ways = 3 if points >= 2 and r.random() < 0.5 else 2
            taken.add(i)
            fate[i] = "split"
            splits[i] = (ways, r.random() < 0.3)
        elif name == "merged":
            three = r.random() < 0.2
            apart = not three and r.random() < 0.3
            if three:
                group = [i, i + 1, i + 2]
            elif apart:
                far = r.random() < 0.4
                j = r.randrange(n) if far else i + 2
                group = sorted({i, j})
            else:
                group = [i, i + 1]
            if len(group) < 2 or not free(*group):
                continue
            if not apart and len({section_of[g] for g in group}) > 1:
                continue
            for g in group:
                taken.add(g)
                fate[g] = "merged"
            merges[group[0]] = group[1:]
            kinds["merged"]["three" if three else ("apart" if apart else "adjacent")] += 1
        elif name == "block":
            size = r.randint(2, 4)
            group = list(range(i, i + size))
            if not free(*group) or len({section_of[g] for g in group}) > 1:
                continue
            for g in group:
                taken.add(g)
                fate[g] = "block"
        else:
            taken.add(i)
            fate[i] = name

    # one section moved whole (its clauses keep their fates)
    moved_section = r.randrange(len(sizes)) if len(sizes) > 3 else None

    # ---- the new draft -------------------------------------------------------------------------
    new_ids_used = set()
    blocks = []
    for i in range(n):
        f = fate[i]
        si = section_of[i]
        c = old_flat[i]
        if f == "unchanged":
            cid = c.id
            if cid and r.random() < 0.03:
                cid = "n%d" % i  # ids given anew to an unchanged clause
            new_secs[si].append(Clause(c.text, [i], cid))
        elif f == "modified":
            text = reword(r, c.text, r.randint(1, 5))
            if text == c.text:
                text = reword(r, c.text, 3) if reword(r, c.text, 3) != c.text else c.text + " [tbc]"
            cid = c.id if r.random() < 0.9 else None
            new_secs[si].append(Clause(text, [i], cid))
        elif f == "deleted":
            pass
        elif f == "moved":
            text = c.text if r.random() < 0.6 else reword(r, c.text, r.randint(1, 3))
            late.append((Clause(text, [i], c.id), None))
        elif f == "block":
            blocks.append(i)
        elif f == "split":
            ways, apart = splits[i]
            pieces = split_text(r, c.text, ways)
            reworded = r.random() < 0.7
            if reworded:
                pieces = [pieces[0]] + [reword(r, x, r.randint(1, 2)) for x in pieces[1:]]
            # the part with most of the text keeps the id
            keep = max(range(len(pieces)), key=lambda q: len(pieces[q]))
            parts = [Clause(x, [i], c.id if q == keep else None, ("split", i))
                     for q, x in enumerate(pieces)]
            new_secs[si].append(parts[0])
            if apart:
                late.append((parts[1], "near" if r.random() < 0.5 else None))
                new_secs[si].extend(parts[2:])
                kinds["split"]["apart"] += 1
            else:
                new_secs[si].extend(parts[1:])
                kinds["split"]["three" if ways == 3 else "adjacent"] += 1
            kinds["split"]["reworded"] += int(reworded)
        elif f == "merged":
            if i not in merges:
                continue
            group = [i] + merges[i]
            texts = [old_texts[g] for g in group]
            if r.random() < 0.7:
                texts = [texts[0]] + [reword(r, t, r.randint(1, 2)) for t in texts[1:]]
                kinds["merged"]["reworded"] += 1
            text = merge_texts(r, texts)
            biggest = max(group, key=lambda g: len(old_texts[g]))
            new_secs[si].append(Clause(text, group, old_ids[biggest], ("merge", i)))
    # blocks of consecutive clauses moved together, to another place or section
    b = 0
    while b < len(blocks):
        e = b
        while e + 1 < len(blocks) and blocks[e + 1] == blocks[e] + 1:
            e += 1
        run = [Clause(old_flat[i].text, [i], old_flat[i].id) for i in blocks[b:e + 1]]
        target = r.randrange(len(sizes))
        at = r.randint(0, len(new_secs[target]))
        new_secs[target][at:at] = run
        b = e + 1
    for clause, near in late:
        si = section_of[clause.origin[0]]
        target = si if near == "near" or r.random() < 0.3 else r.randrange(len(sizes))
        lst = new_secs[target]
        lst.insert(r.randint(0, len(lst)), clause)
    # added clauses, some pasted without ids
    for _ in range(int(round(n * 0.04))):
        t = r.randrange(len(sizes))
        lst = new_secs[t]
        cid = None if r.random() < 0.6 else "a%d" % r.randrange(10 ** 6)
        lst.insert(r.randint(0, len(lst)), Clause(w.clause(short=r.random() < 0.2), [], cid))

    # unique ids in the new draft (an added clause's id may collide with a kept one)
    for lst in new_secs:
        for c in lst:
            if c.id:
                if c.id in new_ids_used:
                    c.id = None
                else:
                    new_ids_used.add(c.id)

    # headings: renumbered when sections move; a few renamed
    sec_order = list(range(len(sizes)))
    if moved_section is not None:
        sec_order.remove(moved_section)
        sec_order.insert(r.randrange(len(sec_order) + 1), moved_section)
    new_sections = []
    new_heading_ids = []
    new_numbered = []
    for pos, si in enumerate(sec_order):
        name = old_sections[si][0].split(". ", 1)[1]
        if r.random() < 0.05:
            name = name.replace("On ", "On strengthening ", 1)
        new_sections.append(["%d. %s" % (pos + 1, name), new_secs[si]])
        new_heading_ids.append(heading_ids[si])
        new_numbered.append(numbered[si])

    # ---- truth --------------------------------------------------------------------------------
    new_flat = [c for _, cs in new_sections for c in cs]
    new_of = [[] for _ in range(n)]
    inserted = []
    for j, c in enumerate(new_flat):
        if not c.origin:
            inserted.append(j)
        for i in c.origin:
            new_of[i].append(j)
    entries = []
    counts = {"unchanged": 0, "modified": 0, "moved": 0, "split": 0, "merged": 0,
              "deleted": 0}
    for i in range(n):
        f = fate[i]
        if f == "block":
            f = "moved"
        if f == "unchanged" and moved_section is not None and section_of[i] == moved_section:
            f = "unchanged"  # in place within its section, which moved
        if f == "modified" and new_flat[new_of[i][0]].text == old_texts[i]:
            f = "unchanged"
        if f == "moved" and new_flat[new_of[i][0]].text != old_texts[i]:
            f = "moved"
        counts[f] += 1
        entries.append({"old": i, "fate": f, "new": new_of[i]})
    counts["inserted"] = len(inserted)

    # ---- a later draft that reinstates deleted clauses ----------------------------------------
    later_secs = [[Clause(c.text, [j], c.id) for c in cs] for _, cs in new_sections]
    reinstated = []
    deleted = [i for i in range(n) if fate[i] == "deleted"]
    back = [i for i in deleted if r.random() < 0.5]
    for i in back:
        text = old_texts[i] if r.random() < 0.6 else reword(r, old_texts[i], 1)
        # back in the new section its old section became, near where it was
        si = sec_order.index(section_of[i])
        lst = later_secs[si]
        lst.insert(r.randint(0, len(lst)), Clause(text, [i], old_ids[i], ("back", i)))
    later_flat = [c for cs in later_secs for c in cs]
    for j, c in enumerate(later_flat):
        if c.role and c.role[0] == "back":
            reinstated.append([c.role[1], j])
    reinstated.sort()

    front_old = {"title": "Joint Declaration on the Global Alliance (hard corpus)",
                 "document": "%d/25" % (10000 + seed % 7000), "illustrative": True}
    front_new = dict(front_old, document=front_old["document"] + " REV 1")
    front_later = dict(front_old, document=front_old["document"] + " REV 2")
    title = "Joint Declaration on the Global Alliance"
    old_md = render(front_old, title, old_sections, numbered,
                    heading_ids)
    new_md = render(front_new, title, new_sections, new_numbered, new_heading_ids)
    later_md = render(front_later, title, [[h, cs] for (h, _), cs in zip(new_sections, later_secs)],
                      new_numbered, new_heading_ids)
    truth = {
        "schema": "clause-truth/1",
        "generator": {"name": "hard_corpus", "version": 1, "clauses": n, "seed": seed},
        "counts": dict({"old_clauses": n, "new_clauses": len(new_flat),
                        "later_clauses": len(later_flat)}, **counts),
        "kinds": kinds,
        "clauses": entries,
        "inserted": inserted,
        "reinstated": reinstated,
    }
    return old_md, new_md, later_md, truth


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clauses", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.clauses < 10:
        ap.error("--clauses must be >= 10")
    old_md, new_md, later_md, truth = generate(a.clauses, a.seed)
    os.makedirs(a.out, exist_ok=True)
    for name, text in (("old.md", old_md), ("new.md", new_md), ("later.md", later_md)):
        with open(os.path.join(a.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth, f, indent=1)
        f.write("\n")
    c = truth["counts"]
    print("%s: %d old / %d new clauses; %s" % (
        a.out, c["old_clauses"], c["new_clauses"],
        ", ".join("%s=%d" % (k, c[k]) for k in
                  ("unchanged", "modified", "moved", "split", "merged", "deleted", "inserted"))),
        file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
