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


def prov(item, note=None, extra_sources=(), lead=None, confidence=None):
    """A fact's provenance: its sources and confidence as the reference gives them, and its note.

    `lead` goes before the reference's own note (a qualifier the reader must see first); `confidence`
    overrides the reference's only where the fact's cited sources disagree (the legend's `uncertain`)."""
    ids = [s["id"] for s in item.get("source", [])] + list(extra_sources)
    for i in ids:
        assert i in source_ids, i
    notes = [n for n in (lead, item.get("notes"), note) if n]
    return {
        "confidence": (confidence or item.get("confidence", "confirmed")).replace("not_found", "notFound"),
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
# The organ and meeting that admitted each state, where the reference's admission context names them ("Admitted at
# Third Ministerial Meeting", "admitted ... at Sixth Summit"). Where it names none ("Joined during 2011", "formalised
# ... before Fourth Summit", "signed ... in Beijing"), none is given: the platform shows "not recorded in the sources".
ADMITTED_BY = {
    "TH": ("ministerial-council", "ministerial-council-2"),
    "KR": ("summit", "summit-2"),
    "JO": ("ministerial-council", "ministerial-council-3"),
    "AE": ("ministerial-council", "ministerial-council-3"),
    "IQ": ("summit", "summit-3"),
    "VN": ("summit", "summit-3"),
    "QA": ("summit", "summit-4"),
    "KW": ("summit", "summit-6"),
}
member_states = []
for m in facts["members"]:
    name = {"Turkey (Türkiye)": "Türkiye"}.get(m["name"], m["name"])
    member_states.append({
        "code": m["iso_alpha2"],
        "name": name,
        "accession": m["joined_date"] or partial_date(m["joined_year"]),
        "founding": m["founding_signatory_1999"],
        "context": m["admission_context"],
        "admittedBy": ADMITTED_BY.get(m["iso_alpha2"], (None, None))[0],
        "admittedAt": ADMITTED_BY.get(m["iso_alpha2"], (None, None))[1],
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

# Observers that later became Member States keep their observer period, ended at their accession: the reference lists
# them together ("Republic of Korea, Thailand, Vietnam, Qatar (2008), Bangladesh (2010), Sri Lanka (2012)"), giving a
# year for three; Qatar's day comes from its admission context ("Observer from 25 Aug 2008"). No start is invented.
converted = next(x for x in facts["observers"]["former_or_converted"] if x["name"] == "Observers that later became members")
FORMER_OBSERVER_SINCE = {"KR": None, "TH": None, "VN": None, "QA": "2008-08-25", "BD": "2010", "LK": "2012"}
for code, since in FORMER_OBSERVER_SINCE.items():
    member = next(m for m in member_states if m["code"] == code)
    observers.append({
        "id": code, "kind": "state", "countryCode": code, "name": member["name"], "acronym": None,
        "since": since, "sinceDate": partial_date(since) if since else None, "until": member["accession"],
        "provenance": {"confidence": converted["confidence"], "sources": [x["id"] for x in converted["source"]],
                       "note": "Observer before it became a Member State: " + converted["notes"]},
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
    notes_ = []
    if p["date"] and re.fullmatch(r"\S+ \(inferred\)", p["date"]):
        # The whole date is the reference's inference ("2008-08-25 (inferred)"): no source states it, so it is
        # not stored as a date; its wording stays in signedNote and the note says so.
        notes_.append(f"Signing date inferred, not stated in any source: the reference gives '{p['date']}' "
                      f"(the day of the Third Ministerial Meeting), so the dataset records no signing date.")
        signed = None
    elif p["date"] and "inferred" in p["date"]:
        # Only part of it is inferred ("2008 (2008-08-25 inferred)"): keep the stated part as a partial date.
        notes_.append(f"Only {signed} is stated; the reference gives the date as '{p['date']}', the exact day inferred.")
    lead = " ".join(notes_) or None
    note = None
    if p["acronym"] == "EEC":
        note = "CICA's description names the Eurasian Economic Union (EAEU); the memorandum was signed with its executive body, the Eurasian Economic Commission."
    partners.append({
        "id": pid, "acronym": acronym, "name": name,
        "instrument": p.get("instrument", "Memorandum of Understanding"),
        "signed": signed, "signedNote": date_note, "place": p.get("place"),
        "provenance": prov(p, note=note, extra_sources=[DESCRIPTION], lead=lead),
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
# Each cadence rule is the description's (the default where sources disagree). Its provenance cites the
# description and the organ's own sources; where those disagree with the description the confidence is
# `uncertain` (the reference's legend: "weak/single/conflicting source"), and the note says which reading
# the platform applies and why.
soc_note = ("The platform applies at least two meetings a year, because the description of CICA states it "
            "('as often as necessary, but not less than twice a year') and the description is the default where "
            "sources disagree. The s-cica.org structure page, the Istanbul chairmanship site and MFA Kazakhstan "
            "say at least once a year.")
mc_note = ("The platform applies a regular meeting every two years, because the description of CICA states it "
           "('Its regular meetings are held once every two years') and the description is the default where sources "
           "disagree. MFA Kazakhstan says every four years, two years after the Summit (so that a Summit or a "
           "Ministerial Council meets every two years); a 2006 Kremlin summary says once every two years.")
swg_note = ("No source states how often the Special Working Group must meet, so the platform sets no minimum. "
            "The sources say it usually meets back to back with the Senior Officials Committee; it first met in March 1995.")
secretariat_note = ("A standing body, so no cadence applies: the description calls it CICA's administrative body, "
                    "located in Astana, with its own staff. Established 17 June 2006 (Agreement on the CICA Secretariat).")
# (slug, name, short name, fact name, rank, cadence rule, role, (cadence confidence, cites the description?, note), seat)
ORGANS = [
    ("summit", "Council of Heads of State or Government", "Summit",
     "Council of Heads of State or Government (Summit)", 1,
     {"kind": "everyYears", "count": 1, "years": 4},
     "The highest decision-making organ: conducts consultations, reviews progress and sets priorities for CICA activities.",
     ("confirmed", True, None), None),
    ("ministerial-council", "Council of Ministers of Foreign Affairs", "Ministerial Council",
     "Council of Ministers of Foreign Affairs (Ministerial Council)", 2,
     {"kind": "everyYears", "count": 1, "years": 2},
     "The central forum for consultations and examination of all issues related to CICA activities.",
     ("uncertain", True, mc_note), None),
    ("senior-officials-committee", "Senior Officials Committee", "SOC",
     "Senior Officials Committee (SOC)", 3,
     {"kind": "atLeast", "count": 2, "years": 1},
     "Meets as often as necessary to follow up previous decisions, consult on current issues, oversee the Special Working Group and coordinate the work of other meetings.",
     ("uncertain", True, soc_note), None),
    ("special-working-group", "Special Working Group", "SWG",
     "Special Working Group (SWG)", 4,
     {"kind": "asNecessary", "count": None, "years": None},
     "Studies specific issues, carries out the tasks mandated to it and reports to the Senior Officials Committee.",
     ("inferred", False, swg_note), None),
    ("secretariat", "Secretariat", "Secretariat", "Secretariat", 5,
     {"kind": "permanent", "count": None, "years": None},
     "The administrative body of CICA, headed by the Secretary General (formerly the Executive Director).",
     ("inferred", True, secretariat_note), "Astana"),
]
# A reporting line only where a source states one. The description: "The Special Working Group ... submits
# reports to the Senior Officials Committee"; cica-facts.json: SWG "reports to SOC". No source states that the
# Ministerial Council reports to the Summit, the SOC to the Ministerial Council, or the Secretariat to any organ.
REPORTS_TO = {"special-working-group": "senior-officials-committee"}
assert "reports to SOC" in organ_facts["Special Working Group (SWG)"]["role"]
organs = []
for slug_, name, short, fact_name, rank, cadence, role, (cad_conf, cites_description, cadence_note), seat in ORGANS:
    f = dict(organ_facts[fact_name])
    if f.get("notes"):
        # The reference calls the description "the brief"; say which text is meant.
        f["notes"] = f["notes"].replace("The brief's 'at least twice a year'", "The description's 'at least twice a year'")
    cadence["provenance"] = {
        "confidence": cad_conf,
        "sources": list(dict.fromkeys(([DESCRIPTION] if cites_description else []) + [s["id"] for s in f["source"]])),
        "note": cadence_note,
    }
    organs.append({
        "slug": slug_, "name": name, "shortName": short,
        "formerName": f.get("former_name"), "renamedOn": partial_date(f.get("renamed")),
        "role": role, "reportsTo": REPORTS_TO.get(slug_), "rank": rank,
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
        # The sources give no format for a planned Summit whose city is not known.
        "format": "inPerson" if s["city"] else "unknown", "status": "planned" if planned else "held",
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
                 # Only where the reference says so ("New York (UNGA78 margins)"); 24 Sep 2018 is given as "New York".
                 + (" (on the sidelines of the UN General Assembly)" if "UNGA" in place else ""),
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
# Why a body meeting's date is only inferred, as the reference gives it.
BODY_NOTES = {
    "senior-officials-committee-2022-10-12": "Date inferred: 12 October 2022 is the date of The Diplomatic Insight's report; "
        "the reference gives the approvals only as October 2022. Venue not stated.",
    "senior-officials-committee-2022-12-14": "Date as the reference's tourism entry gives it ('Concept paper approved by SOC "
        "14 Dec 2022'), read from reports of the December 2022 meetings. Venue not stated.",
    "special-working-group-2023-05-16": "Date as the reference's account of the Road Map's drafting gives it ('SWG 16 May 2023'), "
        "read from a news report. Venue not stated.",
    "special-working-group-2024-12-03": "The report gives 'SWG/SOC 3-4 Dec 2024'; which body met on which day is inferred. Venue not stated.",
    "senior-officials-committee-2024-12-04": "The report gives 'SWG/SOC 3-4 Dec 2024'; which body met on which day is inferred. Venue not stated.",
}
for organ, start, end, outcomes, srcs, conf in BODY_MEETINGS:
    name = {"senior-officials-committee": "Meeting of the Senior Officials Committee",
            "special-working-group": "Meeting of the Special Working Group"}[organ]
    meetings.append({
        "id": f"{organ}-{start}", "organ": organ, "kind": "regular", "number": None,
        "title": name, "start": start, "end": end or start, "city": None, "countryCode": None,
        "format": "inPerson", "status": "held", "outcomes": outcomes,
        "provenance": {"confidence": conf, "sources": srcs,
                       "note": None if conf == "confirmed" else BODY_NOTES[f"{organ}-{start}"]},
    })
for m in meetings:
    if m["format"] == "inPerson" and m["city"] is None and m["status"] == "held":
        m["format"] = "unknown"

# ---------------------------------------------------------------- chairmanships
chairmanships = []
# Where the cited sources disagree on a term, its confidence is `uncertain` (the legend) and the note says what is applied.
CHAIR_DISPUTED = {
    "kz-1": "Start uncertain: the cited sources disagree (1999, as founding chair; 2002 in the ICAF list 'Kazakhstan (2002-2010)'). "
            "The platform applies 1999, the year of the founding meeting Kazakhstan hosted, as the reference's chairmanship list gives it.",
}
for c in facts["chairmanships"]:
    n = sum(1 for x in chairmanships if x["state"] == c["iso_alpha2"]) + 1
    cid = f"{c['iso_alpha2'].lower()}-{n}"
    end = partial_date(c["to"])
    planned = "planned" in c["to"]
    chairmanships.append({
        "id": cid, "state": c["iso_alpha2"],
        "start": partial_date(c["from"]), "startNote": c["from"] if partial_date(c["from"]) != c["from"] else None,
        "end": None if planned else end, "endNote": c["to"] if planned else None,
        "provenance": prov(c, lead=CHAIR_DISPUTED.get(cid), confidence="uncertain" if cid in CHAIR_DISPUTED else None),
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
    nationality = h["nationality"].split(" ")[0]
    qualifiers = []
    if h["nationality"] != nationality:
        # "CN (inferred)": the field holds a code; the qualifier goes to the note, first.
        qualifiers.append(f"Nationality inferred, not stated: the reference gives it as '{h['nationality']}'.")
    if term.startswith("c. "):
        qualifiers.append(f"Dates approximate: the reference gives the term as '{term}'.")
    secretariat_heads.append({
        "id": slug(h["name"]) if h["name"] else slug(f"{h['title']} {start}"),
        "post": POSTS[h["title"]], "title": h["title"], "name": h["name"],
        "nationality": nationality, "term": term, "start": start, "end": end,
        "provenance": prov(h, lead=" ".join(qualifiers) or None),
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
KINDS = {"basic document": "basicDocument", "political declaration": "declaration",
         "statement": "statement", "action plan": "actionPlan", "concept paper": "conceptPaper",
         "legal": "legalInstrument", "regulations": "rules", "guidelines": "rules",
         "road map": "roadMap", "draft": "draft", "draft (superseded)": "draft"}
# The registry's kinds where the facts' type is broader: the Catalogue's editions, and a statement made by the chair.
KIND_OF = {"CICA Catalogue of Confidence Building Measures": "catalogueEdition",
           "Updated CICA Catalogue of Confidence Building Measures": "catalogueEdition",
           "Statement by the Chairmanship on the Sixth Meeting of CICA Ministers of Foreign Affairs": "chairsStatement"}
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
        "id": did, "title": d["title"], "kind": KIND_OF.get(d["title"], KINDS[d["type"]]), "date": date,
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
# The reading the platform applies for each disagreement, and why, in plain words. The reference's own
# "preferred" is not always what the platform applies (the description is the default where sources
# disagree), so every topic needs an entry here: a new disagreement in the reference stops the build.
APPLIED = {
    "Thailand accession":
        "The platform applies 22 October 2004 (admitted at the Second Ministerial Meeting, Almaty), because CICA's own page "
        "on that meeting states it, as do the Small Arms Survey and a June 2006 Kazakh embassy bulletin that lists Thailand "
        "among the 17 members before the Second Summit; China Daily (2014) says 2006.",
    "Mongolia accession":
        "The platform applies 2001, year only and uncertain, because CICA's Executive Director said in May 2022 that Mongolia "
        "has been a member since 2001 and a 2001 Pravda item already counts it among 16 members; sources that count 16 "
        "members at the 2002 Summit only imply 2002. No source gives the exact date or the organ that admitted it.",
    "Convention on Privileges and Immunities signing":
        "The platform applies 8 June 2010 (signed in Istanbul), because the Kazakh law ratifying the Convention states it; "
        "the August 2008 bulletin announced a signing planned before the event.",
    "Qatar status in 2008":
        "The platform records Qatar as an observer from 25 August 2008 (in its accession context) and as a Member State from "
        "May 2014 (Fourth Summit; month inferred), because the outcome bulletin of the Third Ministerial Meeting says Qatar "
        "was approved as an observer; the pre-event bulletin had expected its admission as a member.",
    "Ministerial periodicity":
        "The platform applies a regular meeting every two years, because the description of CICA states it ('Its regular "
        "meetings are held once every two years') and the description is the default where sources disagree. MFA "
        "Kazakhstan says every four years, two years after the Summit; that four-year reading is not applied.",
    "SOC frequency":
        "The platform applies at least two meetings a year, because the description of CICA states it ('not less than "
        "twice a year') and the description is the default where sources disagree. The s-cica.org structure page, the "
        "Istanbul chairmanship site and MFA Kazakhstan say at least once a year (newer rules may differ).",
    "Seventh Ministerial venue/date":
        "The platform applies: held online on 17 December 2024, hosted by Azerbaijan, because Trend and The Astana Times "
        "report it as held; Baku on 11 November 2024 and 'within COP29' were earlier plans.",
    "Observer counts over time":
        "The platform applies 10 observer states and 5 observer organizations, because the description of CICA states them "
        "('Ten countries and five multi-national organizations'); the lower counts were those of their time.",
    "Kazakhstan first chairmanship start":
        "The platform applies 1999, the year of the founding meeting Kazakhstan hosted, as the start of its first "
        "chairmanship, because the reference's chairmanship list gives 1999 (founding chair); the ICAF list gives "
        "2002-2010, so the start is marked uncertain.",
    "Number of priority areas (18)":
        "The platform applies 18 areas as CICA's own pages give them: the human dimension; the eight economic areas; "
        "new challenges and threats (general), combating terrorism, security in the use of ICTs, combating illicit drugs, "
        "and epidemiological safety, public health and pharmaceuticals as one area; the three environmental areas; the "
        "military-political dimension, because the description counts 18 and these pages name them; no source states the "
        "number 18 or splits epidemiological safety from public health, so the reconciliation is inferred. Volunteerism "
        "(proposed 2024) is not an area until a source confirms its adoption.",
    "Human dimension coordinator":
        "The platform applies Uzbekistan as coordinator, with China, India, Kazakhstan and Kyrgyzstan as co-coordinators, "
        "because CICA's current Human Dimension page names them; Kazakhstan volunteered as coordinating country in 2007, "
        "which the platform reads as an earlier period (a change over time, not a conflict).",
}
# The values in the sources' words; where the reference calls the description "the brief", say which text is meant.
VALUE_WORDING = {
    "at least twice a year (brief/source document)": "at least twice a year (the description of CICA)",
    "every 2 years (Kremlin 2006)": "every 2 years (the description of CICA; Kremlin 2006)",
}
# Notes whose reference entry cites no source: the sources of the facts they concern.
NOTE_SOURCES = {
    "Ministerial periodicity": [DESCRIPTION] + [s["id"] for s in organ_facts["Council of Ministers of Foreign Affairs (Ministerial Council)"]["source"]],
    "SOC frequency": [DESCRIPTION] + [s["id"] for s in organ_facts["Senior Officials Committee (SOC)"]["source"]],
}
assert set(APPLIED) == {d["topic"] for d in facts["disagreements"]}, "a disagreement without the reading applied"
notes = []
for d in facts["disagreements"]:
    notes.append({
        "id": slug(d["topic"]), "topic": d["topic"], "values": [VALUE_WORDING.get(v, v) for v in d["values"]],
        "preferred": APPLIED[d["topic"]],
        "subjects": SUBJECTS[d["topic"]],
        "sources": [s["id"] for s in d.get("source", [])] or NOTE_SOURCES.get(d["topic"], []),
    })
founding = [m for m in facts["members"] if m["founding_signatory_1999"] and m["confidence"] != "confirmed"]
notes.append({
    "id": "founding-members", "topic": "The fifteen founding members",
    "values": ["No single source lists the fifteen states that signed the Declaration on Principles on 14 September 1999.",
               "The list is inferred from the sixteen participants named in 2001-2004 minus Mongolia (a member by 2001, uncertain); "
               + ", ".join(m["name"] for m in founding) + " remain inferred."],
    "preferred": "The platform applies the fifteen states flagged as founding members in the reference, with confidence "
                 "'inferred' for " + ", ".join(m["name"] for m in founding) + ", because the description states that fifteen "
                 "states signed the Declaration in 1999 and the sixteen participants named in 2001-2004, less Mongolia, are "
                 "these fifteen; no single source lists them.",
    "subjects": ["member-states"] + [f"member-state/{m['iso_alpha2']}" for m in founding],
    "sources": [DESCRIPTION, "MIDRU_2004", "PRAVDA_2001", "SCICA_MONGOLIA_SG"],
})
notes.append({
    "id": "working-languages", "topic": "Working languages",
    "values": [facts["languages"]["notes"].split(" Unverified")[0]],
    "preferred": "The platform applies none, because no source states CICA's official or working languages: the dataset "
                 "claims none; the interface is offered in English and Russian without claiming either as an official language.",
    "subjects": ["documents"], "sources": [],
})
notes.append({
    "id": "partners-pending", "topic": "Partners beyond the nine memoranda",
    "values": [f"{p['partner']} ({p['acronym']}): {p.get('instrument', '')}; {p['notes']}" for p in pending_partners]
              + ["Former observers: " + "; ".join(f"{x['name']}: {x['notes']}" for x in facts["observers"]["former_or_converted"])],
    "preferred": "The platform applies the nine partners named in the description of CICA, because the description is the "
                 "default; UN ESCAP (a draft memorandum, signing not confirmed) and the former observers are recorded in this note only.",
    "subjects": ["partners", "observers"],
    "sources": sorted({s["id"] for p in pending_partners for s in p["source"]}
                      | {s["id"] for x in facts["observers"]["former_or_converted"] for s in x["source"]}),
})

dataset = {
    "datasetVersion": "2026-11-30.2",
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
