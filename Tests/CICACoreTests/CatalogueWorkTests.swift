import Foundation
import Testing
@testable import CICACore

@Suite("The Catalogue's editions and measures, and the areas' papers and activities")
struct CatalogueWorkTests {
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 1_790_000_000), by: "secretariat")
    static let today = CivilDate(year: 2026, month: 11, day: 30)

    // MARK: editions and measures

    static let measureContext = CatalogueRules.Context(dimensions: ["economic", "human"], areas: ["tourism": "economic", "human-dimension": "human"],
                                                       numbersTaken: ["1.1"], measureCount: 1)

    static func measure(_ fields: MeasureFields, existing: CatalogueMeasure? = nil) throws -> CatalogueMeasure {
        try CatalogueRules.measure(fields, existing: existing, edition: "e-2021", context: measureContext, stamp: stamp)
    }

    @Test("the edition in force is the last adopted on or before the day")
    func inForce() {
        let e2004 = CatalogueEdition(id: "e-2004", symbol: "", title: "Catalogue", adopted: PartialDate(year: 2004, month: 10, day: 22))
        let e2021 = CatalogueEdition(id: "e-2021", symbol: "", title: "Updated Catalogue", adopted: PartialDate(year: 2021, month: 10))
        let future = CatalogueEdition(id: "e-2030", symbol: "", title: "Next", adopted: PartialDate(year: 2030))
        #expect(CatalogueRules.inForce([e2021, e2004, future], today: Self.today)?.id == "e-2021")
        #expect(CatalogueRules.inForce([e2004, e2021], today: CivilDate(year: 2021, month: 9, day: 30))?.id == "e-2004")
        // An edition adopted in a month is in force from its first day.
        #expect(CatalogueRules.inForce([e2004, e2021], today: CivilDate(year: 2021, month: 10, day: 1))?.id == "e-2021")
        #expect(CatalogueRules.inForce([future], today: Self.today) == nil)
        // Only a public edition is in force: every reader is told the same one.
        let restricted = CatalogueEdition(id: "e-2025", symbol: "", title: "Draft update", adopted: PartialDate(year: 2025), access: .memberStates)
        #expect(CatalogueRules.inForce([e2004, e2021, restricted], today: Self.today)?.id == "e-2021")
        #expect(CatalogueRules.ordered([future, e2021, e2004]).map(\.id) == ["e-2004", "e-2021", "e-2030"])
        // Compared: by default the last against the one before; an unknown edition is refused naming the parameter.
        let pair = try? CatalogueRules.compared([e2021, e2004], from: nil, to: nil)
        #expect(pair?.from?.id == "e-2004" && pair?.to?.id == "e-2021")
        #expect((try? CatalogueRules.compared([e2021, e2004], from: "", to: " "))?.from?.id == "e-2004")
        #expect((try? CatalogueRules.compared([e2004], from: nil, to: nil)).map { $0.from == nil && $0.to?.id == "e-2004" } == true)
        #expect { try CatalogueRules.compared([e2004], from: "e-1999", to: nil) } throws: { ($0 as? InvalidInput)?.errors.first?.field == "from" }
    }

    @Test("a measure's number: one to four groups of one to three digits", arguments: [
        ("2", true), ("2.1", true), ("10.2.3.4", true), ("999.1", true), ("", false), ("2.", false), (".1", false), ("1.2.3.4.5", false),
        ("1000", false), ("2.a", false), ("٢.١", false), ("2..1", false), ("01.1", false), ("1.01", false), ("0", true), ("1.0", true),
    ])
    func number(text: String, valid: Bool) {
        #expect(CatalogueRules.isNumber(text) == valid)
    }

    @Test("a measure is refused naming the field and the reason", arguments: [
        (MeasureFields(number: "x", dimension: "economic", title: "t", description: "d"), "number", "reason.measure.number"),
        (MeasureFields(number: "1.1", dimension: "economic", title: "t", description: "d"), "number", "reason.measure.numberTaken"),
        (MeasureFields(number: "1.2", dimension: "political", title: "t", description: "d"), "dimension", "reason.measure.dimension"),
        (MeasureFields(number: "1.2", dimension: "economic", priorityArea: "mars", title: "t", description: "d"), "priorityArea", "reason.measure.area"),
        (MeasureFields(number: "1.2", dimension: "economic", priorityArea: "human-dimension", title: "t", description: "d"), "priorityArea",
         "reason.measure.areaDimension"),
        (MeasureFields(number: "1.2", dimension: "economic", description: "d"), "title", "reason.meeting.required"),
        (MeasureFields(number: "1.2", dimension: "economic", title: "a\nb", description: "d"), "title", "reason.meeting.oneLine"),
        (MeasureFields(number: "1.2", dimension: "economic", title: "t"), "description", "reason.meeting.required"),
        (MeasureFields(number: "1.2", dimension: "economic", title: String(repeating: "e\u{301}", count: 151), description: "d"), "title", "reason.meeting.tooLong"),
    ])
    func measureRefused(fields: MeasureFields, field: String, reason: String) {
        #expect {
            try Self.measure(fields)
        } throws: { error in
            (error as? InvalidInput)?.errors.contains { $0.field == field && $0.reason.key == reason } ?? false
        }
    }

    @Test("a measure is added, and changed keeping its number and what is not sent; an edition has a limit")
    func measureChanged() throws {
        let m = try Self.measure(MeasureFields(number: "2.1", dimension: "economic", priorityArea: "tourism", title: "Tourism exchanges",
                                               description: "Exchange of tour operators.\nTwice a year.", procedure: "Through the Secretariat."))
        #expect(m.number == "2.1" && m.priorityArea == "tourism" && m.description.contains("\n") && m.procedure == "Through the Secretariat.")
        let changed = try Self.measure(MeasureFields(title: "Tourism exchanges and fairs"), existing: m)
        #expect(changed.title == "Tourism exchanges and fairs" && changed.description == m.description && changed.priorityArea == "tourism")
        // An empty area or procedure clears it; the number cannot change; a change that changes nothing is refused.
        let cleared = try Self.measure(MeasureFields(priorityArea: "", procedure: ""), existing: m)
        #expect(cleared.priorityArea == nil && cleared.procedure == nil)
        #expect { try Self.measure(MeasureFields(number: "2.2"), existing: m) } throws: { ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.measure.numberFixed" }
        #expect { try Self.measure(MeasureFields(title: m.title), existing: m) } throws: { ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.measure.nothingChanged" }
        let full = CatalogueRules.Context(dimensions: ["economic"], areas: [:], numbersTaken: [], measureCount: CatalogueRules.maximumMeasures)
        #expect {
            try CatalogueRules.measure(MeasureFields(number: "1", dimension: "economic", title: "t", description: "d"), edition: "e", context: full, stamp: Self.stamp)
        } throws: { ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.measure.tooMany" }
    }

    @Test("two editions compared by number: added, removed, changed field by field, unchanged; in number order")
    func compared() {
        func m(_ number: String, _ title: String, area: String? = nil, procedure: String? = nil) -> CatalogueMeasure {
            CatalogueMeasure(edition: "x", number: number, dimension: "economic", priorityArea: area, title: title, description: "d", procedure: procedure, recorded: Self.stamp)
        }
        let old = [m("1.1", "Trade fairs"), m("1.2", "Customs"), m("1.10", "Statistics"), m("2.1", "Tourism")]
        let new = [m("1.1", "Trade fairs"), m("1.2", "Customs cooperation", procedure: "Annual meeting"), m("1.9", "Investment"), m("2.1", "Tourism", area: "tourism")]
        let c = CatalogueRules.compare(from: old, to: new)
        #expect(c.added.map(\.number) == ["1.9"])
        #expect(c.removed.map(\.number) == ["1.10"])
        #expect(c.changed.map(\.number) == ["1.2", "2.1"])
        #expect(c.changed[0].fields == ["title", "procedure"] && c.changed[1].fields == ["priorityArea"])
        #expect(c.changed[0].before.title == "Customs" && c.changed[0].after.title == "Customs cooperation")
        #expect(c.unchanged.map(\.number) == ["1.1"])
        // The edition and who entered a measure are not changes.
        var moved = old[0]
        moved.edition = "y"
        moved.recorded = Stamp(at: Date(timeIntervalSince1970: 0), by: "other")
        #expect(CatalogueRules.compare(from: [old[0]], to: [moved]).unchanged.count == 1)
        #expect(CatalogueRules.precedes("1.9", "1.10") && !CatalogueRules.precedes("2", "1.10"))
    }

    // MARK: activities

    static let activityContext = ActivityRules.Context(
        areas: ["human-dimension", "tourism"], memberStates: ["KZ", "CN", "IN", "UZ"], observers: ["BY", "osce"],
        running: [CoordinationTerm(id: "t1", priorityArea: "human-dimension", state: "UZ", role: .coordinator, from: nil),
                  CoordinationTerm(id: "t2", priorityArea: "human-dimension", state: "KZ", role: .coCoordinator, from: nil),
                  CoordinationTerm(id: "t3", priorityArea: "tourism", state: "IN", role: .coCoordinator, from: nil, until: CivilDate(year: 2025, month: 1, day: 1),
                                   ending: .replaced)])

    static func record(_ fields: ActivityFields, existing: AreaActivity? = nil, area: String = "human-dimension") throws -> AreaActivity {
        try ActivityRules.record(fields, existing: existing, area: area, context: activityContext, id: "a-1", today: today, stamp: stamp)
    }

    @Test("a coordinating or co-coordinating state's delegate proposes; another state, or one whose term ended, is refused")
    func proposed() throws {
        let fields = ActivityFields(kind: "seminar", title: "Seminar on youth exchanges", start: "2027-04-10", end: "2027-04-11", host: "kz",
                                    participants: "CN, in, BY, osce")
        let a = try ActivityRules.propose(fields, area: "human-dimension", by: "KZ", context: Self.activityContext, id: "a-1", today: Self.today, stamp: Self.stamp)
        #expect(a.status == .proposed && a.proposedBy == "KZ" && a.host == "KZ" && a.participants == ["CN", "IN", "BY", "osce"] && a.outcome == nil)
        #expect(a.active == ["KZ", "CN", "IN", "BY", "osce"])
        for (area, state) in [("human-dimension", "CN"), ("tourism", "IN")] {
            #expect {
                try ActivityRules.propose(fields, area: area, by: state, context: Self.activityContext, id: "a", today: Self.today, stamp: Self.stamp)
            } throws: { ($0 as? StepRefusal)?.reason.key == "refusal.activity.notCoordinating" }
        }
        // A proposal is a proposal: its outcome is the Secretariat's to record.
        var held = fields
        held.status = "held"
        #expect {
            try ActivityRules.propose(held, area: "human-dimension", by: "UZ", context: Self.activityContext, id: "a", today: Self.today, stamp: Self.stamp)
        } throws: { ($0 as? InvalidInput)?.errors.first?.field == "status" }
        #expect(throws: InvalidInput.self) {
            try ActivityRules.propose(fields, area: "mars", by: "UZ", context: Self.activityContext, id: "a", today: Self.today, stamp: Self.stamp)
        }
    }

    @Test("an activity is refused naming the field and the reason", arguments: [
        (ActivityFields(kind: "party", title: "t", start: "2026-01-01"), "kind", "reason.meeting.oneOf"),
        (ActivityFields(kind: "seminar", start: "2026-01-01"), "title", "reason.meeting.required"),
        (ActivityFields(kind: "seminar", title: "t"), "start", "reason.meeting.day"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-13-01"), "start", "reason.meeting.day"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", end: "2026-03-01"), "end", "reason.activity.endBeforeStart"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", host: "BY"), "host", "reason.activity.host"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", participants: "KZ, XX"), "participants", "reason.activity.participant"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", status: "held"), "outcome", "reason.activity.outcomeMissing"),
        (ActivityFields(kind: "seminar", title: "t", start: "2027-03-02", status: "held", outcome: "Fine"), "status", "reason.activity.heldFuture"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", outcome: "Fine"), "outcome", "reason.activity.outcomeProposed"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", status: "postponed"), "status", "reason.meeting.oneOf"),
        (ActivityFields(kind: "seminar", title: "t", start: "2026-03-02", participants: Array(repeating: "Q", count: 81).joined(separator: ",")), "participants",
         "reason.activity.tooMany"),
    ])
    func activityRefused(fields: ActivityFields, field: String, reason: String) {
        #expect {
            try Self.record(fields)
        } throws: { error in
            (error as? InvalidInput)?.errors.contains { $0.field == field && $0.reason.key == reason } ?? false
        }
    }

    @Test("the Secretariat records what came of an activity; who was active in which area in a year")
    func outcome() throws {
        let planned = try Self.record(ActivityFields(kind: "training", title: "Training for diplomats", start: "2026-05-04", end: "2026-05-08", host: "UZ",
                                                     participants: "KZ, CN"))
        #expect(planned.status == .proposed && planned.end == CivilDate(year: 2026, month: 5, day: 8))
        let held = try Self.record(ActivityFields(status: "held", outcome: "Twenty-four diplomats trained."), existing: planned)
        #expect(held.status == .held && held.outcome == "Twenty-four diplomats trained." && held.title == planned.title && held.host == "UZ")
        #expect { try Self.record(ActivityFields(status: "held"), existing: held) } throws: { ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.measure.nothingChanged" }
        // An empty outcome clears it: a cancelled activity can be put back to proposed.
        let cancelled = try Self.record(ActivityFields(status: "cancelled", outcome: "Postponed by the host."), existing: planned)
        let reopened = try Self.record(ActivityFields(status: "proposed", outcome: ""), existing: cancelled)
        #expect(reopened.status == .proposed && reopened.outcome == nil)
        // Active in 2026: the host and the participants of the held activity, in its area only; a proposed one does not count.
        let proposed = try Self.record(ActivityFields(kind: "seminar", title: "Tourism seminar", start: "2026-09-01", host: "IN"), area: "tourism")
        let active = ActivityRules.active([held, proposed], year: 2026)
        #expect(active == [Coordination.Key(state: "UZ", area: "human-dimension"), Coordination.Key(state: "KZ", area: "human-dimension"),
                           Coordination.Key(state: "CN", area: "human-dimension")])
        #expect(ActivityRules.active([held], year: 2025).isEmpty)
        let overview = ImplementationOverview.make(year: 2026, states: ["CN", "IN", "KZ"], areas: [("tourism", "economic"), ("human-dimension", "human")],
                                                   coordinations: [], readableReports: [], activities: [held, proposed])
        #expect(overview.cells.joined().filter(\.active).map(\.state) == ["CN", "KZ"])
        #expect(overview.dimensions.map(\.active) == [0, 2])
        #expect(overview.csv(stateNames: [:], areaNames: [:]).contains("2026,KZ,KZ,human-dimension,human-dimension,,,yes\r\n"))
    }

    // MARK: papers

    static let paperContext = PaperRules.Context(
        areas: ["tourism"], documents: ["doc-1"], documentSymbols: ["CICA/SOC/CP/2027/1": "doc-1"],
        decisions: ["d-adopted": PaperRules.Endorsement(decision: "d-adopted", organ: "senior-officials-committee", day: CivilDate(year: 2026, month: 6, day: 1)),
                    "d-open": PaperRules.Endorsement?.none] as [String: PaperRules.Endorsement?],
        decisionSymbols: ["CICA/SOC/DEC/2026/4": "d-adopted", "CICA/SOC/DEC/2026/5": "d-open"])

    @Test("a paper is recorded as a draft, or endorsed by an adopted decision; refusals name the field", arguments: [
        (PaperFields(kind: "memo", title: "t"), "kind", "reason.meeting.oneOf"),
        (PaperFields(kind: "conceptPaper"), "title", "reason.meeting.required"),
        (PaperFields(kind: "actionPlan", title: "t", period: "2029-2027"), "period", "reason.paper.period"),
        (PaperFields(kind: "actionPlan", title: "t", period: "soon"), "period", "reason.paper.period"),
        (PaperFields(kind: "conceptPaper", title: "t", document: "nowhere"), "document", "reason.milestone.unknown.documents"),
        (PaperFields(kind: "conceptPaper", title: "t", decision: "CICA/SOC/DEC/2026/5"), "decision", "reason.paper.notAdopted"),
        (PaperFields(kind: "conceptPaper", title: "t", decision: "d-none"), "decision", "reason.milestone.unknown.decisions"),
    ])
    func paperRefused(fields: PaperFields, field: String, reason: String) {
        #expect {
            try PaperRules.record(fields, area: "tourism", context: Self.paperContext, id: "p", today: Self.today)
        } throws: { error in
            (error as? InvalidInput)?.errors.contains { $0.field == field && $0.reason.key == reason } ?? false
        }
    }

    @Test("endorsing a draft supersedes the paper of the same kind endorsed before it, not another kind's or area's")
    func endorsed() throws {
        let draft = try PaperRules.record(PaperFields(kind: "conceptPaper", title: "Concept paper on tourism 2027", period: "2027-2029", document: "CICA/SOC/CP/2027/1"),
                                          area: "tourism", context: Self.paperContext, id: "p-new", today: CivilDate(year: 2026, month: 5, day: 1))
        #expect(draft.status == .draft && draft.document == "doc-1" && draft.period == "2027-2029" && draft.decision == nil)
        let earlier = AreaPaper(id: "p-2022", priorityArea: "tourism", kind: .conceptPaper, title: "2022", status: .endorsed, endorsed: PartialDate(year: 2022, month: 12))
        let plan = AreaPaper(id: "p-plan", priorityArea: "tourism", kind: .actionPlan, title: "Plan", status: .endorsed, endorsed: PartialDate(year: 2023))
        let other = AreaPaper(id: "p-other", priorityArea: "agriculture", kind: .conceptPaper, title: "Other", status: .endorsed)
        let changed = try PaperRules.endorse(draft, decision: "CICA/SOC/DEC/2026/4", papers: [earlier, plan, other, draft], context: Self.paperContext)
        #expect(changed.map(\.id) == ["p-new", "p-2022"])
        #expect(changed[0].status == .endorsed && changed[0].decision == "d-adopted" && changed[0].endorsedBy == "senior-officials-committee"
                && changed[0].endorsed == PartialDate(year: 2026, month: 6, day: 1))
        #expect(changed[1].status == .superseded && changed[1].supersededBy == "p-new")
        // Only a draft is endorsed; a decision is needed.
        #expect { try PaperRules.endorse(changed[0], decision: "d-adopted", papers: [], context: Self.paperContext) } throws: { $0 is StepRefusal }
        #expect { try PaperRules.endorse(draft, decision: " ", papers: [], context: Self.paperContext) } throws: { ($0 as? InvalidInput)?.errors.first?.field == "decision" }
        // Recorded as endorsed straight away, it supersedes in the same way.
        let direct = try PaperRules.record(PaperFields(kind: "conceptPaper", title: "Direct", decision: "d-adopted"), area: "tourism", context: Self.paperContext,
                                           id: "p-d", today: Self.today)
        #expect(direct.status == .endorsed && PaperRules.supersession(of: direct, papers: [earlier, plan, other]).map(\.id) == ["p-2022"])
        #expect(PaperRules.supersession(of: draft, papers: [earlier]).isEmpty)
        // Endorsed by a decision older than the paper in force, it is the one superseded, and nothing else changes.
        let later = AreaPaper(id: "p-2027", priorityArea: "tourism", kind: .conceptPaper, title: "2027", status: .endorsed, endorsed: PartialDate(year: 2027, month: 2))
        let placed = PaperRules.supersession(of: direct, papers: [earlier, later])
        #expect(placed.count == 1 && placed[0].id == "p-d" && placed[0].status == .superseded && placed[0].supersededBy == "p-2027")
        // A decision adopted before the draft was recorded does not endorse it; nor one of an organ that does not endorse papers.
        var recent = draft
        recent.recorded = CivilDate(year: 2026, month: 7, day: 1)
        #expect { try PaperRules.endorse(recent, decision: "d-adopted", papers: [], context: Self.paperContext) } throws: {
            ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.paper.beforeDraft"
        }
        var summit = Self.paperContext
        summit.decisions["d-summit"] = PaperRules.Endorsement(decision: "d-summit", organ: "summit", day: CivilDate(year: 2026, month: 6, day: 2))
        #expect { try PaperRules.endorse(draft, decision: "d-summit", papers: [], context: summit) } throws: {
            ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.paper.organ"
        }
    }
}
