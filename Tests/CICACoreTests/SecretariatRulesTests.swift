import Foundation
import Testing
@testable import CICACore

@Suite("The Secretariat's rules")
struct SecretariatRulesTests {
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 1_790_000_000), by: "secretariat")
    static let members: Set<String> = ["KZ", "CN", "IN"]

    static func appoint(_ fields: StaffFields, serving: [StaffAppointment] = []) throws -> StaffAppointment {
        try SecretariatRules.appoint(fields, id: "s", serving: serving, memberStates: members, stamp: stamp)
    }

    @Test("each category with what it needs", arguments: [
        (StaffFields(category: "professional", title: "Counsellor", name: "A", secondedBy: "IN", start: "2026-01-10"), nil as String?),
        (StaffFields(category: "professional", title: "Counsellor", name: "A", start: "2026-01-10"), "secondedBy"),
        (StaffFields(category: "professional", title: "Counsellor", name: "A", secondedBy: "US", start: "2026-01-10"), "secondedBy"),
        (StaffFields(category: "support", title: "Driver", name: "B", contractEnd: "2027-01-09", start: "2026-01-10"), nil),
        (StaffFields(category: "support", title: "Driver", name: "B", start: "2026-01-10"), "contractEnd"),
        (StaffFields(category: "support", title: "Driver", name: "B", contractEnd: "2025-12-31", start: "2026-01-10"), "contractEnd"),
        (StaffFields(category: "chauffeur", title: "Driver", name: "B", start: "2026-01-10"), "category"),
        (StaffFields(category: "professional", title: "Counsellor", name: "A", secondedBy: "IN", contractEnd: "2027-01-01", start: "2026-01-10"), "contractEnd"),
        (StaffFields(category: "professional", title: "Counsellor", name: "A\u{202E}B", secondedBy: "IN", start: "2026-01-10"), "name"),
        (StaffFields(category: "professional", title: " ", name: "A", secondedBy: "IN", start: "2026-01-10"), "title"),
        (StaffFields(category: "professional", title: "Counsellor", name: "A", secondedBy: "IN", start: "10 January"), "start"),
    ])
    func categories(fields: StaffFields, field: String?) throws {
        if let field {
            #expect { try Self.appoint(fields) } throws: { error in (error as? InvalidInput)?.errors.contains { $0.field == field } == true }
        } else {
            let a = try Self.appoint(fields)
            #expect(a.secondedBy == (fields.category == "professional" ? "IN" : nil) && (a.contractEnd != nil) == (fields.category == "support"))
        }
    }

    @Test("one Secretary General and one Deputy at a time")
    func oneAtATime() throws {
        let sg = try Self.appoint(StaffFields(category: "secretaryGeneral", title: "Secretary General", name: "K", start: "2022-10-13"))
        #expect(throws: StepRefusal.self) {
            try Self.appoint(StaffFields(category: "secretaryGeneral", title: "Secretary General", name: "L", start: "2026-10-13"), serving: [sg])
        }
        let deputy = try Self.appoint(StaffFields(category: "deputySecretaryGeneral", title: "Deputy", name: "Z", start: "2023-09-21"), serving: [sg])
        #expect(deputy.category == .deputySecretaryGeneral)
        let ended = try SecretariatRules.end(sg, on: "2026-10-12")
        let next = try Self.appoint(StaffFields(category: "secretaryGeneral", title: "Secretary General", name: "L", start: "2026-10-13"), serving: [ended])
        #expect(next.name == "L")
        #expect(throws: StepRefusal.self) { try SecretariatRules.end(ended, on: "2026-10-20") }
        #expect(throws: InvalidInput.self) { try SecretariatRules.end(sg, on: "2020-01-01") }
    }

    @Test("the contracts ending within 90 days, soonest first")
    func contracts() throws {
        let today = CivilDate(year: 2026, month: 11, day: 30)
        func support(_ name: String, _ end: String) throws -> StaffAppointment {
            try Self.appoint(StaffFields(category: "support", title: "Assistant", name: name, contractEnd: end, start: "2025-01-01"))
        }
        let list = [try support("far", "2027-06-01"), try support("soon", "2026-12-15"), try support("edge", "2027-02-28"), try support("past", "2026-11-29")]
        #expect(SecretariatRules.contractsEnding(list, today: today).map(\.name) == ["soon", "edge"])
    }

    @Test("the head's title and the seat as they changed", arguments: [
        ("2010-01-01", "executiveDirector", "Almaty"), ("2016-01-01", "executiveDirector", "Astana"),
        ("2022-10-12", "executiveDirector", "Astana"), ("2022-10-13", "secretaryGeneral", "Astana"),
    ])
    func history(day: String, title: String, seat: String) {
        let date = CivilDate(day)!
        #expect(SecretariatRules.on(date, in: SecretariatRules.titles)?.what == title)
        #expect(SecretariatRules.on(date, in: SecretariatRules.seats)?.what == seat)
    }
}
