import CICACore
@testable import CICAServer
import Foundation
import Testing

/// openapi.yaml and CICACore name the same cases: an answer never needs a case the schema lacks (that would be a 500,
/// `SchemaDrift`), and a request never carries a case the core refuses as unknown.
@Suite("Schema enums and core enums")
struct SchemaEnumTests {
    typealias S = Components.Schemas

    struct Pair: CustomTestStringConvertible, Sendable {
        let name: String
        let core: [String]
        let schema: [String]
        var testDescription: String { name }

        init<Core: RawRepresentable & CaseIterable, Wire: RawRepresentable & CaseIterable>(_ core: Core.Type, _ schema: Wire.Type)
        where Core.RawValue == String, Wire.RawValue == String {
            name = "\(Core.self) ↔ \(Wire.self)"
            self.core = Core.allCases.map(\.rawValue)
            self.schema = Wire.allCases.map(\.rawValue)
        }

        init<Wire: RawRepresentable & CaseIterable>(_ name: String, core: [String], _ schema: Wire.Type) where Wire.RawValue == String {
            self.name = name
            self.core = core
            self.schema = Wire.allCases.map(\.rawValue)
        }
    }

    static let pairs: [Pair] = [
        Pair(Confidence.self, S.Confidence.self),
        Pair(AsiaExtent.self, S.Geography.AsiaPayload.self),
        Pair(Statehood.self, S.Geography.StatehoodPayload.self),
        Pair(ObserverKind.self, S.ObserverKind.self),
        Pair(CoordinationRole.self, S.Coordination.RolePayload.self),
        Pair(CadenceRule.Kind.self, S.CadenceRule.KindPayload.self),
        Pair(CadenceReport.Year.Status.self, S.CadenceYear.StatusPayload.self),
        Pair(MeetingKind.self, S.MeetingKind.self),
        Pair(MeetingFormat.self, S.Meeting.FormatPayload.self),
        Pair(MeetingStatus.self, S.Meeting.StatusPayload.self),
        Pair(DocumentKind.self, S.DocumentKind.self),
        Pair(AccessLevel.self, S.AccessLevel.self),
        Pair(SuccessorRelation.self, S.Document.RelationPayload.self),
        Pair(EligibilityVerdict.self, S.Eligibility.VerdictPayload.self),
        Pair(RoleKind.self, S.RoleKind.self),
        Pair(DecisionStatus.self, S.DecisionStatus.self),
        Pair("Procedure ↔ Decision.ProcedurePayload", core: [Procedure.inMeeting.kind, Procedure.silence(deadline: Date(timeIntervalSince1970: 0)).kind],
             S.Decision.ProcedurePayload.self),
        Pair(PositionKind.self, S.PositionEntry.PositionPayload.self),
        Pair(PositionKind.self, S.NewPosition.PositionPayload.self),
        Pair(StatementKind.self, S.PositionEntry.StatementKindPayload.self),
        Pair(StatementKind.self, S.NewPosition.StatementKindPayload.self),
        Pair(LedgerKind.self, S.LedgerEntry.KindPayload.self),
    ]

    @Test("both list the same cases", arguments: pairs)
    func sameCases(_ pair: Pair) {
        #expect(Set(pair.core).subtracting(pair.schema).sorted() == [], "core cases missing from openapi.yaml")
        #expect(Set(pair.schema).subtracting(pair.core).sorted() == [], "openapi.yaml cases the core does not know")
    }

    @Test("a case the core does not know is refused, naming the field")
    func unknownInbound() throws {
        let error = #expect(throws: InvalidInput.self) { try Unknown.sabbatical.inCore(RoleKind.self, field: "kind") }
        #expect(error?.errors.map(\.field) == ["kind"])
        #expect(error?.errors.first?.reason.description == "must be one of administrator, secretariat, delegate, observer; got 'sabbatical'.")
        #expect(try S.RoleKind.delegate.inCore(RoleKind.self, field: "kind") == .delegate)
    }

    @Test("a case the schema does not list fails the answer instead of becoming another case")
    func unknownOutbound() throws {
        let error = #expect(throws: SchemaDrift.self) { try Unknown.sabbatical.onWire(S.RoleKind.self) }
        #expect(error?.description == "'sabbatical' is not a case of RoleKind in openapi.yaml")
        #expect(try RoleKind.secretariat.onWire(S.RoleKind.self) == .secretariat)
    }

    enum Unknown: String { case sabbatical }
}
