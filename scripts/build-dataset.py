#!/usr/bin/env python3
"""Builds the platform's reference dataset from ../shared/reference.

The output, Sources/CICACore/Reference/cica-dataset.json, is committed: the platform never reads
../shared at run time. Every fact keeps the sources and the confidence that cica-facts.json gives
it; the choices made here (slugs, which organ a meeting belongs to, how a fuzzy date is read) are
listed in docs/data.md. Run it again after the reference changes:

    python3 scripts/build-dataset.py ../shared/reference
"""
import json
import re
import unicodedata
import sys
from pathlib import Path

REF = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
OUT = Path(__file__).resolve().parent.parent / "Sources" / "CICACore" / "Reference"

facts = json.loads((REF / "cica-facts.json").read_text())
countries = json.loads((REF / "countries.json").read_text())

DESCRIPTION = "CICA_DESCRIPTION"
sources = [{"id": s["id"], "url": s.get("url"), "title": s["title"]} for s in facts["sources"]]
sources.append({
    "id": DESCRIPTION,
    "url": "https://www.s-cica.org/",
    "title": "CICA's own description of itself (About CICA): the text this platform implements",
})
source_ids = {s["id"] for s in sources}

DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"])}


def partial_date(text):
    """The leading ISO date of a fact's text ('2008-08-25 (inferred)' -> '2008-08-25'), or None."""
    if text is None:
        return None
    if isinstance(text, int):
        return f"{text:04d}"
    m = DATE.match(text.strip())
    if m:
        return "-".join(p for p in m.groups() if p)
    m = re.match(r"^([A-Za-z]+) (\d{4})", text.strip())
    if m and m.group(1).lower() in MONTHS:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}"
    return None


def prov(item, note=None, extra_sources=()):
    ids = [s["id"] for s in item.get("source", [])] + list(extra_sources)
    for i in ids:
        assert i in source_ids, i
    notes = [n for n in (item.get("notes"), note) if n]
    return {
        "confidence": item.get("confidence", "confirmed").replace("not_found", "notFound"),
        "sources": list(dict.fromkeys(ids)),
        "note": " ".join(notes) if notes else None,
    }


def described(note=None, confidence="confirmed"):
    return {"confidence": confidence, "sources": [DESCRIPTION], "note": note}


def slug(text, words=None):
    text = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", "and")
    if words:
        text = " ".join(re.sub(r"\(.*?\)", "", text).split()[:words])
    text = re.sub(r"[()'’,.]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


ORDINAL = ["", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]
CITY_COUNTRY = {"Almaty": "KZ", "Astana": "KZ", "Nur-Sultan (Astana)": "KZ", "Nur-Sultan": "KZ",
                "Beijing": "CN", "Shanghai": "CN", "Istanbul": "TR", "Dushanbe": "TJ",
                "New York": "US", "New York (UNGA66 margins)": "US", "New York (UNGA68 margins)": "US",
                "New York (UNGA78 margins)": "US", "Baku": "AZ"}

# ---------------------------------------------------------------- membership
member_states = []
for m in facts["members"]:
    name = {"Turkey (Türkiye)": "Türkiye"}.get(m["name"], m["name"])
    member_states.append({
        "code": m["iso_alpha2"],
        "name": name,
        "accession": m["joined_date"] or partial_date(m["joined_year"]),
        "founding": m["founding_signatory_1999"],
        "context": m["admission_context"],
        "provenance": prov(m),
    })

observers = []
for o in facts["observers"]["states"]:
    observers.append({
        "id": o["iso_alpha2"], "kind": "state", "countryCode": o["iso_alpha2"], "name": o["name"],
        "acronym": None, "since": o["since"], "sinceDate": partial_date(o["since"]),
        "provenance": prov(o),
    })
for o in facts["observers"]["organizations"]:
    observers.append({
        "id": o["acronym"].lower(), "kind": "organization", "countryCode": None, "name": o["name"],
        "acronym": o["acronym"], "since": o["since"], "sinceDate": partial_date(o["since"]),
        "provenance": prov(o),
    })

PARTNER = {
    "ECO": ("eco", "ECO", "Economic Cooperation Organization"),
    "EurAsEC": ("eurasec", "EurAsEC", "Eurasian Economic Community"),
    "IOM": ("iom", "IOM", "International Organization for Migration"),
    "APK": ("apk", "APK", "Assembly of People of Kazakhstan"),
    "SCO": ("sco", "SCO", "Shanghai Cooperation Organisation"),
    "UNODC": ("unodc", "UNODC", "United Nations Office on Drugs and Crime"),
    "SCO RATS": ("sco-rats", "SCO RATS", "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation"),
    "SIIS": ("siis", "SIIS", "Shanghai Institutes for International Studies"),
    "EEC": ("eaeu", "EAEU", "Eurasian Economic Union (Eurasian Economic Commission)"),
}
partners, pending_partners = [], []
for p in facts["mous"]:
    if p["acronym"] not in PARTNER:
        pending_partners.append(p)
        continue
    pid, acronym, name = PARTNER[p["acronym"]]
    signed = partial_date(p["date"])
    date_note = None
    if p["date"] and signed != p["date"]:
        date_note = p["date"]
    note = None
    if p["acronym"] == "EEC":
        note = "CICA's description names the Eurasian Economic Union (EAEU); the memorandum was signed with its executive body, the Eurasian Economic Commission."
    partners.append({
        "id": pid, "acronym": acronym, "name": name,
        "instrument": p.get("instrument", "Memorandum of Understanding"),
        "signed": signed, "signedNote": date_note, "place": p.get("place"),
        "provenance": prov(p, note=note, extra_sources=[DESCRIPTION]),
    })

external_relations = []
for e in facts["external_status"]:
    if "date" not in e:
        continue
    external_relations.append({
        "id": slug(e["item"]), "title": e["item"], "date": partial_date(e["date"]),
        "detail": e["date"], "provenance": prov(e),
    })

# ---------------------------------------------------------------- organs
organ_facts = {o["name"]: o for o in facts["organs"]}
soc_note = ("The description says at least twice a year; the s-cica.org structure page, the Istanbul "
            "chairmanship site and MFA Kazakhstan say at least once a year.")
mc_note = ("The description says regular meetings every two years; MFA Kazakhstan says every four years, "
           "two years after the Summit (so that a Summit or a Ministerial Council meets every two years).")
ORGANS = [
    ("summit", "Council of Heads of State or Government", "Summit",
     "Council of Heads of State or Government (Summit)", None, 1,
     {"kind": "everyYears", "count": 1, "years": 4},
     "The highest decision-making organ: conducts consultations, reviews progress and sets priorities for CICA activities.",
     None, None),
    ("ministerial-council", "Council of Ministers of Foreign Affairs", "Ministerial Council",
     "Council of Ministers of Foreign Affairs (Ministerial Council)", "summit", 2,
     {"kind": "everyYears", "count": 1, "years": 2},
     "The central forum for consultations and examination of all issues related to CICA activities.",
     mc_note, None),
    ("senior-officials-committee", "Senior Officials Committee", "SOC",
     "Senior Officials Committee (SOC)", "ministerial-council", 3,
     {"kind": "atLeast", "count": 2, "years": 1},
     "Meets as often as necessary to follow up previous decisions, consult on current issues, oversee the Special Working Group and coordinate the work of other meetings.",
     soc_note, None),
    ("special-working-group", "Special Working Group", "SWG",
     "Special Working Group (SWG)", "senior-officials-committee", 4,
     {"kind": "asNecessary", "count": None, "years": None},
     "Studies specific issues, carries out the tasks mandated to it and reports to the Senior Officials Committee.",
     "Usually meets back to back with the Senior Officials Committee; first met in March 1995.", None),
    ("secretariat", "Secretariat", "Secretariat", "Secretariat", "senior-officials-committee", 5,
     {"kind": "permanent", "count": None, "years": None},
     "The administrative body of CICA, headed by the Secretary General (formerly the Executive Director).",
     None, "Astana"),
]
organs = []
for slug_, name, short, fact_name, reports_to, rank, cadence, role, cadence_note, seat in ORGANS:
    f = organ_facts[fact_name]
    cadence["provenance"] = described(note=cadence_note, confidence="confirmed")
    if cadence_note:
        cadence["provenance"]["sources"] += [s["id"] for s in f["source"]]
    organs.append({
        "slug": slug_, "name": name, "shortName": short,
        "formerName": f.get("former_name"), "renamedOn": partial_date(f.get("renamed")),
        "role": role, "reportsTo": reports_to, "rank": rank,
        "seat": seat, "cadence": cadence,
        "provenance": prov(f, extra_sources=[DESCRIPTION]),
    })

# ---------------------------------------------------------------- meetings
meetings = []
mf = facts["meetings"]


def date_range(item):
    if "date_range" in item:
        a, b = item["date_range"].split(" ")[0].split("/")
        return a, b
    d = partial_date(item["date"])
    return d, d


for s in mf["summits"]:
    start, end = date_range(s)
    planned = "planned" in (s["date"] or "")
    meetings.append({
        "id": f"summit-{s['number']}", "organ": "summit", "kind": "regular", "number": s["number"],
        "title": f"{ORDINAL[s['number']]} CICA Summit",
        "start": start, "end": end, "city": s["city"], "countryCode": s["country"],
        "format": "inPerson", "status": "planned" if planned else "held",
        "outcomes": s.get("outcomes", []), "provenance": prov(s),
    })
for s in mf["ministerial_meetings"]:
    start, end = date_range(s)
    online = s.get("format", "").startswith("online")
    title = (f"{ORDINAL[s['number']]} Meeting of the CICA Ministerial Council" if s["number"] >= 7
             else f"{ORDINAL[s['number']]} CICA Ministerial Meeting")
    meetings.append({
        "id": f"ministerial-council-{s['number']}", "organ": "ministerial-council", "kind": "regular",
        "number": s["number"], "title": title, "start": start, "end": end,
        "city": None if online else s["city"].split(" (")[0],
        "countryCode": "AZ" if online else CITY_COUNTRY.get(s["city"]),
        "format": "online" if online else "inPerson", "status": "held",
        "outcomes": s.get("outcomes", []),
        "provenance": prov(s, note="Hosted online by Azerbaijan." if online else None),
    })
for s in mf["informal_and_special_ministerial_meetings"]:
    kind = "special" if s["type"].startswith("Special") else "informal"
    place = s["place"]
    online = place == "videoconference"
    title, _, outcome = s["type"].partition(": ")
    meetings.append({
        "id": f"ministerial-council-{s['date']}", "organ": "ministerial-council", "kind": kind,
        "number": None,
        "title": {"informal": "Informal Meeting of CICA Ministers of Foreign Affairs",
                  "special": "Special Meeting of CICA Ministers of Foreign Affairs"}[kind]
                 + (" (on the sidelines of the UN General Assembly)" if place.startswith("New York") else ""),
        "start": s["date"], "end": s["date"],
        "city": None if online else "New York", "countryCode": None if online else "US",
        "format": "videoconference" if online else "inPerson", "status": "held",
        "outcomes": [o.strip() for o in outcome.split(";")] if outcome else [title],
        "provenance": prov(s),
    })

# Senior Officials Committee and Special Working Group meetings that the sources date.
BODY_MEETINGS = [
    ("senior-officials-committee", "2016-01-13", None, ["Action Plan on the development of SMEs 2016-2018 approved"], ["SCICA_SME_2016"], "confirmed"),
    ("senior-officials-committee", "2021-06-23", None, ["List of coordinating and co-coordinating countries of the priority areas adopted", "General Guidelines for Conducting Events on Implementation of CICA CBMs", "Turkmenistan granted observer status", "Regulations of the Council of Eminent Persons approved"], ["SCICA_SOC_2021_06"], "confirmed"),
    ("senior-officials-committee", "2021-10-07", None, ["Regulations of the CICA Think Tank Forum adopted"], ["SCICA_TTF"], "confirmed"),
    ("senior-officials-committee", "2022-06-15", None, ["Eight economic priority areas named"], ["SCICA_SOC_2022_06"], "confirmed"),
    ("senior-officials-committee", "2022-10-12", None, ["Concept papers approved (transport corridors, human dimension, ICT security)"], ["TDI_2022"], "inferred"),
    ("special-working-group", "2022-12-12", None, [], ["SCICA_SWG_2022_12"], "confirmed"),
    ("senior-officials-committee", "2022-12-14", None, ["Concept papers on tourism and agriculture approved"], ["SCICA_SWG_2022_12", "EL_KZ_2022", "KT_EEC"], "inferred"),
    ("senior-officials-committee", "2023-04-19", None, ["Concept paper on sustainable development approved", "First discussion of the draft Road Map for CICA Transformation"], ["SCICA_SOC_2023_04", "ASTANATIMES_2023_04"], "confirmed"),
    ("special-working-group", "2023-05-16", None, ["Draft Road Map for CICA Transformation discussed"], ["INFORM_ROADMAP"], "inferred"),
    ("senior-officials-committee", "2023-08-22", None, ["Road Map for CICA Transformation finalised", "Coordinators of ICT security for 2024-2025 approved"], ["SCICA_SOC_2023_08"], "confirmed"),
    ("senior-officials-committee", "2023-12-12", None, ["Concept papers on environment protection and natural disaster management approved", "Saudi Arabia's observer status pre-approved"], ["ASTANATIMES_SOC_2023_12"], "confirmed"),
    ("senior-officials-committee", "2024-03-14", None, ["Four of the eight Road Map clusters reviewed", "Memorandum on the Partnership Network of Leading Universities approved", "Partnership with UN ESCAP endorsed"], ["ASTANATIMES_2024_03"], "confirmed"),
    ("senior-officials-committee", "2024-06-27", None, ["Draft CICA Charter and updated Rules of Procedure discussed"], ["SCICA_SOC_2024_06"], "confirmed"),
    ("special-working-group", "2024-12-03", None, ["Coordinators and co-coordinators of the priority areas considered"], ["ASTANATIMES_SOC_2024_12"], "inferred"),
    ("senior-officials-committee", "2024-12-04", None, ["Coordinators and co-coordinators of the priority areas considered"], ["ASTANATIMES_SOC_2024_12"], "inferred"),
]
for organ, start, end, outcomes, srcs, conf in BODY_MEETINGS:
    name = {"senior-officials-committee": "Meeting of the Senior Officials Committee",
            "special-working-group": "Meeting of the Special Working Group"}[organ]
    meetings.append({
        "id": f"{organ}-{start}", "organ": organ, "kind": "regular", "number": None,
        "title": name, "start": start, "end": end or start, "city": None, "countryCode": None,
        "format": "inPerson", "status": "held", "outcomes": outcomes,
        "provenance": {"confidence": conf, "sources": srcs,
                       "note": None if conf == "confirmed" else "Date read from a report of the meeting; venue not stated."},
    })
for m in meetings:
    if m["format"] == "inPerson" and m["city"] is None and m["status"] == "held":
        m["format"] = "unknown"

# ---------------------------------------------------------------- chairmanships
chairmanships = []
for c in facts["chairmanships"]:
    n = sum(1 for x in chairmanships if x["state"] == c["iso_alpha2"]) + 1
    end = partial_date(c["to"])
    planned = "planned" in c["to"]
    chairmanships.append({
        "id": f"{c['iso_alpha2'].lower()}-{n}", "state": c["iso_alpha2"],
        "start": partial_date(c["from"]), "startNote": c["from"] if partial_date(c["from"]) != c["from"] else None,
        "end": None if planned else end, "endNote": c["to"] if planned else None,
        "provenance": prov(c),
    })

# ---------------------------------------------------------------- secretariat
POSTS = {"Executive Director": "executiveDirector", "Executive Director, then Secretary General": "secretaryGeneral",
         "Deputy Executive Director": "deputyExecutiveDirector",
         "Deputy Executive Director (former)": "deputyExecutiveDirector",
         "Deputy Secretary General": "deputySecretaryGeneral"}
TERMS = {  # start, end read from the term text
    "2006-2010": ("2006", "2010"),
    "from June 2010 (end 2012 or 2014 not confirmed)": ("2010-06", None),
    "c. 2014 - 2018-09-24": ("2014", "2018-09-24"),
    "2018-09-24 - 2020-09-24": ("2018-09-24", "2020-09-24"),
    "c. 2014-2018": ("2014", "2018"),
    "not found": (None, None),
    "to Sept 2023": (None, "2023-09"),
    "from 2023-09-21": ("2023-09-21", None),
}
secretariat_heads = []
for h in facts["secretariat_heads"] + facts["deputy_heads"]:
    term = h["term"]
    start, end = TERMS.get(term, ("2020-09-24", None))
    secretariat_heads.append({
        "id": slug(h["name"]) if h["name"] else slug(f"{h['title']} {start}"),
        "post": POSTS[h["title"]], "title": h["title"], "name": h["name"],
        "nationality": h["nationality"].split(" ")[0], "term": term, "start": start, "end": end,
        "provenance": prov(h),
    })

# ---------------------------------------------------------------- catalogue
DIMENSIONS = [("economic", "Economic dimension"), ("environmental", "Environmental dimension"),
              ("human", "Human dimension"), ("new_challenges_and_threats", "New challenges and threats"),
              ("military_political", "Military-political dimension")]
dimensions = [{"slug": s.replace("_", "-"), "name": n, "order": i + 1,
               "provenance": described()} for i, (s, n) in enumerate(DIMENSIONS)]
dim_order = [s for s, _ in DIMENSIONS]
areas = sorted(facts["priority_areas"], key=lambda a: dim_order.index(a["dimension"]))
priority_areas = []
for i, a in enumerate(areas):
    priority_areas.append({
        "slug": slug(a["priority_area"].replace("Security of and in the use of ICTs", "Security in the use of ICTs")),
        "dimension": a["dimension"].replace("_", "-"), "name": a["priority_area"], "order": i + 1,
        "coordinator": a["coordinator"],
        "coordinatorConfidence": (a.get("coordinator_confidence") or a["confidence"]).replace("not_found", "notFound") if a["coordinator"] else None,
        "coCoordinators": a["co_coordinators"],
        "provenance": prov(a),
    })

rm = facts["roadmap_areas"]
road_map = {
    "title": "Road Map for CICA Transformation", "endorsed": "2023-09-21",
    "endorsedAt": "ministerial-council-2023-09-21",
    "provenance": {"confidence": "confirmed", "sources": [s["id"] for s in rm["source"]] + [DESCRIPTION],
                   "note": "Endorsed by the Ministerial Council on the sidelines of the UN General Assembly, New York; eight areas (clusters) of reform. " + rm["drafting"] + "."},
    "areas": [],
}
for i, title in enumerate(rm["areas_as_reported"]):
    note = rm["notes"]
    if i == 7:
        title, _, _ = title.partition(" (")
        note = "Listed separately in the Kazinform report; it appears to duplicate the budget and human resources areas. " + note
    road_map["areas"].append({
        "number": i + 1, "title": title,
        "provenance": {"confidence": "uncertain", "sources": ["INFORM_ROADMAP"], "note": note},
    })

# ---------------------------------------------------------------- documents
KINDS = {"basic document": "basicDocument", "political declaration": "politicalDeclaration",
         "statement": "statement", "action plan": "actionPlan", "concept paper": "conceptPaper",
         "legal": "legalInstrument", "regulations": "regulations", "guidelines": "guidelines",
         "road map": "roadMap", "draft": "draft", "draft (superseded)": "draft"}
SHORT = {"Declaration on Principles Guiding Relations between CICA Member States": "declaration-on-principles-1999",
         "Almaty Act (charter of CICA)": "almaty-act-2002",
         "CICA Catalogue of Confidence Building Measures": "catalogue-of-cbms-2004",
         "Updated CICA Catalogue of Confidence Building Measures": "catalogue-of-cbms-2021",
         "Road Map for CICA Transformation": "road-map-for-cica-transformation-2023",
         "CICA Rules of Procedure": "rules-of-procedure-2004"}


def meeting_on(date, place):
    if not date or len(date) < 10:
        return None
    for m in meetings:
        if m["status"] == "held" and m["start"] <= date <= (m["end"] or m["start"]) and m["organ"] in ("summit", "ministerial-council"):
            return m["id"]
    return None


documents = []
for d in facts["documents"]:
    date = partial_date(d["date"])
    did = SHORT.get(d["title"]) or slug(d["title"], words=7) + (f"-{date[:4]}" if date else "")
    documents.append({
        "id": did, "title": d["title"], "kind": KINDS[d["type"]], "date": date,
        "dateNote": d["date"] if d["date"] and d["date"] != date else None,
        "place": d["place"], "meeting": meeting_on(date, d["place"]), "access": "public",
        "provenance": prov(d),
    })
assert len({d["id"] for d in documents}) == len(documents)

official_days = [{
    "slug": "cica-day", "name": "CICA Day", "month": 10, "day": 5,
    "description": "The idea of convening CICA was proposed by the First President of Kazakhstan, Nursultan Nazarbayev, on 5 October 1992 at the 47th Session of the United Nations General Assembly.",
    "provenance": {"confidence": "confirmed",
                   "sources": [s["id"] for s in facts["summary_counts"]["cica_day"]["source"]]
                   + [s["id"] for s in facts["summary_counts"]["idea_proposed"]["source"]] + [DESCRIPTION],
                   "note": None},
}]

# ---------------------------------------------------------------- notes where sources disagree
SUBJECTS = {
    "Thailand accession": ["member-state/TH"], "Mongolia accession": ["member-state/MN"],
    "Convention on Privileges and Immunities signing": [
        "document/" + next(d["id"] for d in documents if d["title"].startswith("Convention on Privileges"))],
    "Qatar status in 2008": ["member-state/QA"],
    "Ministerial periodicity": ["organ/ministerial-council"], "SOC frequency": ["organ/senior-officials-committee"],
    "Seventh Ministerial venue/date": ["meeting/ministerial-council-7"], "Observer counts over time": ["observers"],
    "Kazakhstan first chairmanship start": ["chairmanship/kz-1"],
    "Number of priority areas (18)": ["catalogue"], "Human dimension coordinator": ["priority-area/human-dimension"],
}
notes = []
for d in facts["disagreements"]:
    notes.append({
        "id": slug(d["topic"]), "topic": d["topic"], "values": d["values"], "preferred": d["preferred"],
        "subjects": SUBJECTS[d["topic"]], "sources": [s["id"] for s in d.get("source", [])],
    })
founding = [m for m in facts["members"] if m["founding_signatory_1999"] and m["confidence"] != "confirmed"]
notes.append({
    "id": "founding-members", "topic": "The fifteen founding members",
    "values": ["No single source lists the fifteen states that signed the Declaration on Principles on 14 September 1999.",
               "The list is inferred from the sixteen participants named in 2001-2004 minus Mongolia (member since 2001); "
               + ", ".join(m["name"] for m in founding) + " remain inferred."],
    "preferred": "The fifteen states flagged as founding members (inferred where marked)",
    "subjects": ["member-states"] + [f"member-state/{m['iso_alpha2']}" for m in founding],
    "sources": ["MIDRU_2004", "PRAVDA_2001", "SCICA_MONGOLIA_SG"],
})
notes.append({
    "id": "working-languages", "topic": "Working languages",
    "values": [facts["languages"]["notes"].split(" Unverified")[0]],
    "preferred": "Not stated: the platform's interface is offered in English (Russian is coming), without claiming either as an official language",
    "subjects": ["documents"], "sources": [],
})
notes.append({
    "id": "partners-pending", "topic": "Partners beyond the nine memoranda",
    "values": [f"{p['partner']} ({p['acronym']}): {p.get('instrument', '')}; {p['notes']}" for p in pending_partners]
              + ["Former observers: " + "; ".join(f"{x['name']}: {x['notes']}" for x in facts["observers"]["former_or_converted"])],
    "preferred": "The nine partners named in CICA's description",
    "subjects": ["partners", "observers"],
    "sources": sorted({s["id"] for p in pending_partners for s in p["source"]}
                      | {s["id"] for x in facts["observers"]["former_or_converted"] for s in x["source"]}),
})

dataset = {
    "datasetVersion": "2026-11-29.1",
    "compiledFrom": "shared/reference/cica-facts.json (" + facts["_meta"]["compiled"] + "); countries.json; CICA's description",
    "eligibilityRule": {"text": facts["eligibility"]["rule"], "provenance": prov(facts["eligibility"], extra_sources=[DESCRIPTION])},
    "sources": sources,
    "memberStates": member_states,
    "observers": observers,
    "partners": partners,
    "externalRelations": external_relations,
    "organs": organs,
    "meetings": meetings,
    "chairmanships": chairmanships,
    "secretariatHeads": secretariat_heads,
    "dimensions": dimensions,
    "priorityAreas": priority_areas,
    "roadMap": road_map,
    "documents": documents,
    "officialDays": official_days,
    "notes": notes,
}
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "cica-dataset.json").write_text(json.dumps(dataset, ensure_ascii=False, indent=1) + "\n")
(OUT / "countries.json").write_text(json.dumps(countries, ensure_ascii=False, indent=1) + "\n")
print(f"members {len(member_states)}, observers {len(observers)}, partners {len(partners)}, organs {len(organs)}, "
      f"meetings {len(meetings)}, priority areas {len(priority_areas)}, documents {len(documents)}, notes {len(notes)}")
