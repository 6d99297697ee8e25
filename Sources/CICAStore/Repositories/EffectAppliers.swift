import Foundation
import SQLKit
import CICACore

/// Applies one kind of effect to the registry, inside the transaction that adopts the decision.
protocol EffectApplier: Sendable {
    var kind: String { get }
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws
}

/// Every applier, by the kind of effect it applies; adding an effect adds one line here.
enum EffectAppliers {
    static let all: [any EffectApplier] = [
        NoEffectApplier(), AdmitMemberStateApplier(), GrantObserverStatusApplier(), AdoptDocumentApplier(), AssignCoordinatorApplier(),
        AppointSecretaryGeneralApplier(), AssumeChairmanshipApplier(),
    ]

    static func applier(for kind: String) -> (any EffectApplier)? { all.first { $0.kind == kind } }

    /// Records that a fact comes from the decision: the decision becomes a source, the fact cites it after the sources it
    /// already had (a fact the sources recorded keeps them), and the fact is marked decided, so that seeding leaves it alone.
    static func cite(_ decision: Decision, for subject: Subject, sql: any SQLDatabase) async throws {
        let source = "decision-" + decision.id
        try await ReferenceData.upsert(sql, "sources", key: ["id"], columns: ["id", "url", "title", "sort_key"], rows: [
            [.text(source), .text("/decisions/\(decision.id)"), .text("Decision \(decision.symbol): \(decision.title)"),
             .text(SortKey.byName("Decision " + decision.symbol, id: source))],
        ])
        // A fact new to the registry is confirmed by the decision; one the sources recorded keeps its confidence and note.
        try await sql.insert(into: "provenance").columns("subject", "confidence", "note")
            .values([Cell.text(subject.rawValue), .text(Confidence.confirmed.rawValue), .text(nil)].map(\.expression))
            .ignoringConflicts(with: ["subject"]).run()
        let cited = try await sql.select().columns("source_id", "position").from("provenance_sources").where("subject", .equal, subject.rawValue).all()
            .map { (source: try $0.string("source_id"), position: try $0.int("position")) }
        if !cited.contains(where: { $0.source == source }) {
            try await sql.insert(into: "provenance_sources").columns("subject", "position", "source_id")
                .values([Cell.text(subject.rawValue), .int((cited.map(\.position).max() ?? -1) + 1), .text(source)].map(\.expression)).run()
        }
        try await decided(decision, subject, sql: sql)
    }

    /// Marks `subject` as changed by `decision`: seeding leaves it as decided.
    static func decided(_ decision: Decision, _ subject: Subject, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "decided_facts").columns("subject", "decision_id")
            .values([Cell.text(subject.rawValue), .text(decision.id)].map(\.expression))
            .ignoringConflicts(with: ["subject", "decision_id"]).run()
    }

    static func day(_ date: Date) -> String { CivilDate(date).description }
}

struct NoEffectApplier: EffectApplier {
    let kind = NoEffect.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {}
}

struct AdmitMemberStateApplier: EffectApplier {
    let kind = AdmitMemberState.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {
        guard let admit = effect as? AdmitMemberState,
              let country = try await sql.select().column("name").from("countries").where("code", .equal, admit.state).first() else { return }
        let name = try country.string("name")
        try await sql.insert(into: "member_states").columns("code", "name", "accession", "founding", "context", "sort_key")
            .values([Cell.text(admit.state), .text(name), .text(EffectAppliers.day(at)), .bool(false),
                     .text("Admitted by decision \(decision.symbol)"), .text(SortKey.byName(name, id: admit.state))].map(\.expression))
            .run()
        // A Member State is no longer an observer: its observer period ends here and stays in its history.
        let observers = try await sql.select().column("id").from("observers").where("country_code", .equal, admit.state)
            .currentObservers().all().map { try $0.string("id") }
        for id in observers {
            try await sql.update("observers").set("until_date", to: EffectAppliers.day(at)).set("ended_by", to: decision.id)
                .where("id", .equal, id).run()
            try await EffectAppliers.cite(decision, for: .observer(id), sql: sql)
        }
        try await EffectAppliers.cite(decision, for: .memberState(admit.state), sql: sql)
    }
}

struct GrantObserverStatusApplier: EffectApplier {
    let kind = GrantObserverStatus.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {
        guard let grant = effect as? GrantObserverStatus else { return }
        var name = grant.name
        if grant.observerKind == .state, let row = try await sql.select().column("name").from("countries").where("code", .equal, grant.id).first() {
            name = try row.string("name")
        }
        try await sql.insert(into: "observers").columns("id", "kind", "country_code", "name", "acronym", "since_text", "since_date", "sort_key")
            .values([Cell.text(grant.id), .text(grant.observerKind.rawValue), .text(grant.observerKind == .state ? grant.id : nil), .text(name),
                     .text(grant.observerKind == .organization ? grant.id.uppercased() : nil), .text(EffectAppliers.day(at)),
                     .text(EffectAppliers.day(at)), .text(SortKey.byName(name, id: grant.id))].map(\.expression))
            .run()
        try await EffectAppliers.cite(decision, for: .observer(grant.id), sql: sql)
    }
}

struct AdoptDocumentApplier: EffectApplier {
    let kind = AdoptDocument.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {
        guard let adopt = effect as? AdoptDocument else { return }
        let id = AdoptDocument.documentID(decision: decision.id)
        let date = PartialDate(CivilDate(at))
        // A document of the registry: numbered (a decision document carries the decision's symbol), with its English version.
        let context = try await DocumentStore.context(sql)
        var document = Document(id: id, title: adopt.title, kind: adopt.documentKind, date: date, dateNote: nil, place: nil,
                                organ: decision.organRecorded ? decision.organ : nil, meeting: decision.meeting, decision: decision.id, access: .public,
                                provenance: Provenance(confidence: .confirmed, sources: []))
        document.symbol = DocumentSymbol.assign([document], organShortNames: context.organs, decisionSymbols: context.decisions.merging([decision.id: decision.symbol]) { a, _ in a },
                                                taken: context.taken)[id] ?? ""
        try await DocumentStore.insert(document, registeredBy: nil, at: nil, sql: sql)
        // Its text is the text adopted, in the language it was drafted in.
        let adopted = try await sql.select().columns("text", "language").from("decision_versions").where("decision_id", .equal, decision.id)
            .where("number", .equal, decision.currentVersion).first()
        try await DocumentStore.insert(LanguageVersion(document: id, language: try adopted?.optionalString("language") ?? "en", revision: 1, title: adopt.title,
                                                       text: try adopted?.optionalString("text"), file: nil, createdAt: at, createdBy: decision.symbol), sql: sql)
        try await EffectAppliers.cite(decision, for: .document(id), sql: sql)
    }
}

struct AssignCoordinatorApplier: EffectApplier {
    let kind = AssignCoordinator.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {
        guard let assign = effect as? AssignCoordinator else { return }
        // A state holds one role in an area; a new coordinator replaces the previous one.
        try await sql.delete(from: "coordinations").where("priority_area", .equal, assign.priorityArea).where("state", .equal, assign.state).run()
        if assign.role == .coordinator {
            try await sql.delete(from: "coordinations").where("priority_area", .equal, assign.priorityArea).where("role", .equal, CoordinationRole.coordinator.rawValue).run()
        }
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "last").from("coordinations")
            .where("priority_area", .equal, assign.priorityArea).first()?.decode(column: "last", as: Int?.self) ?? -1
        try await sql.insert(into: "coordinations").columns("priority_area", "state", "role", "position")
            .values([Cell.text(assign.priorityArea), .text(assign.state), .text(assign.role.rawValue),
                     .int(assign.role == .coordinator ? -1 : last + 1)].map(\.expression))
            .run()
        // The history: the terms it ends, and the one it begins on the day of adoption.
        let (ended, started) = CoordinationRules.assign(assign, running: try await CoordinationStore.terms(area: assign.priorityArea, runningOnly: true, sql: sql),
                                                        on: CivilDate(at), decision: decision.id, newId: CoordinationStore.newId())
        for term in ended { try await CoordinationStore.end(term, sql: sql) }
        try await CoordinationStore.insert(started, sql: sql)
        try await EffectAppliers.cite(decision, for: .priorityArea(assign.priorityArea), sql: sql)
    }
}

struct AppointSecretaryGeneralApplier: EffectApplier {
    let kind = AppointSecretaryGeneral.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {
        guard let appoint = effect as? AppointSecretaryGeneral else { return }
        let day = EffectAppliers.day(at)
        let serving = try await sql.select().column("id").from("secretariat_appointments")
            .where("post", .equal, SecretariatPost.secretaryGeneral.rawValue).where("end_date", .is, SQLLiteral.null).all()
            .map { try $0.string("id") }
        for previous in serving {
            try await sql.update("secretariat_appointments").set("end_date", to: day).where("id", .equal, previous).run()
            try await EffectAppliers.cite(decision, for: .appointment(previous), sql: sql)
        }
        let id = AppointSecretaryGeneral.appointmentID(decision: decision.id)
        try await sql.insert(into: "secretariat_appointments")
            .columns("id", "post", "title", "name", "nationality", "term", "start_date", "end_date", "sort_key")
            .values([Cell.text(id), .text(SecretariatPost.secretaryGeneral.rawValue), .text("Secretary General"), .text(appoint.name),
                     .text(appoint.nationality), .text("from \(day)"), .text(day), .text(nil),
                     .text(SortKey.byDate(PartialDate(day), id: id))].map(\.expression))
            .run()
        try await EffectAppliers.cite(decision, for: .appointment(id), sql: sql)
    }
}

/// The chair passes: the term running ends on the day of adoption, and the new one begins that day.
struct AssumeChairmanshipApplier: EffectApplier {
    let kind = AssumeChairmanship.kind
    func apply(_ effect: any DecisionEffect, decision: Decision, at: Date, sql: any SQLDatabase) async throws {
        guard let assume = effect as? AssumeChairmanship else { return }
        let day = EffectAppliers.day(at)
        for previous in try await sql.select().column("id").from("chairmanships").where("end_date", .is, SQLLiteral.null).all().map({ try $0.string("id") }) {
            try await sql.update("chairmanships").set("end_date", to: day).where("id", .equal, previous).run()
            try await EffectAppliers.cite(decision, for: .chairmanship(previous), sql: sql)
        }
        let id = AssumeChairmanship.chairmanshipID(decision: decision.id)
        try await sql.insert(into: "chairmanships").columns("id", "state", "start_date", "start_note", "end_date", "end_note", "sort_key")
            .values([Cell.text(id), .text(assume.state), .text(day), .text(nil), .text(nil), .text(nil), .text(SortKey.byDate(PartialDate(day), id: id))].map(\.expression))
            .run()
        try await EffectAppliers.cite(decision, for: .chairmanship(id), sql: sql)
    }
}

