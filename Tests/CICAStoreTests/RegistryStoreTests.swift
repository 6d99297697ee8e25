import Foundation
import Testing
import SQLKit
import Synchronization
import CICACore
@testable import CICAStore
import CICATestSupport

/// The registry in the database: symbols, language versions that are never changed, and access levels that hold in
/// lists, counts and reads, on both engines.
@Suite("The registry in the database")
struct RegistryStoreTests {
    static let secretariat = DecisionTests.secretariat
    static let t0 = DecisionTests.t0
    static let delegate = Readership(Principal(userId: "d", roles: [.delegate(state: "KZ")]))
    static let observer = Readership(Principal(userId: "o", roles: [.observer(observer: "JP")]))
    static let officer = Readership(Principal(userId: "s", roles: [.secretariat]))
    static let today = CivilDate(year: 2026, month: 11, day: 30)

    @Test("the shipped documents are numbered and have their English version; a reseed keeps both", arguments: TestEngine.all)
    func shipped(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let documents = SQLDocumentRepository(database: database)
            let act = try #require(try await documents.document(id: "almaty-act-2002", readership: .everyone))
            #expect(act.document.value.symbol == "CICA/SUMMIT/BD/2002/1" && act.document.value.symbolAssigned)
            #expect(act.document.value.organ == "summit")
            #expect(act.current.map(\.language) == ["en"] && act.current[0].text == nil && act.current[0].createdBy == "dataset")
            let all = try await documents.count(DocumentFilter(), readership: .everyone)
            #expect(all == 36)
            try await ReferenceData.seed(into: database)
            let again = try #require(try await documents.document(id: "almaty-act-2002", readership: .everyone))
            #expect(again.document.value.symbol == "CICA/SUMMIT/BD/2002/1" && again.revisions.count == 1)
        }
    }

    @Test("a restricted document is not listed, counted, read or cited for those who may not read it", arguments: TestEngine.all)
    func access(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let documents = SQLDocumentRepository(database: database)
            let secret = try await documents.register(DocumentFields(title: "Internal memo", kind: "memorandum", meeting: "summit-6", access: "secretariat"),
                                                      actor: Self.secretariat, now: Self.t0)
            let shared = try await documents.register(DocumentFields(title: "Note to delegations", kind: "noteVerbale", meeting: "summit-6", access: "memberStates"),
                                                      actor: Self.secretariat, now: Self.t0)
            for (readership, seen) in [(Readership.everyone, [String]()), (Self.observer, []), (Self.delegate, [shared.id]), (Self.officer, [shared.id, secret.id])] {
                let filter = DocumentFilter(kind: nil, year: nil, organ: "summit")
                let listed = try await documents.documents(filter, page: PageRequest(limit: 200), readership: readership).items.map(\.document.value.id)
                #expect(Set(listed).intersection([secret.id, shared.id]) == Set(seen))
                #expect(try await documents.count(filter, readership: readership) == listed.count)
                let found = try await documents.document(id: secret.id, readership: readership) != nil
                #expect(found == seen.contains(secret.id))
                let version = try await documents.version(document: shared.id, language: "en", revision: nil, readership: readership)
                #expect((version != nil) == seen.contains(shared.id))
                let meeting = try #require(try await SQLOrganRepository(database: database).meeting(id: "summit-6", readership: readership))
                #expect(Set(meeting.documents.map(\.value.id)).intersection([secret.id, shared.id]) == Set(seen))
            }
            // A shipped document made restricted is no longer cited on its sources' pages, nor counted there.
            _ = try await documents.amend(id: "almaty-act-2002", DocumentFields(access: "secretariat"), actor: Self.secretariat, now: Self.t0)
            let sources = SQLSourceRepository(database: database)
            let everyone = try #require(try await sources.source(id: "OUTLOOK_ALMATYACT", readership: .everyone))
            #expect(!everyone.subjects.contains(.document("almaty-act-2002")))
            #expect(try #require(try await sources.source(id: "OUTLOOK_ALMATYACT", readership: Self.officer)).subjects.contains(.document("almaty-act-2002")))
            let counted = { (r: Readership) in try await sources.sources(readership: r).first { $0.source.id == "OUTLOOK_ALMATYACT" }?.facts ?? -1 }
            #expect(try await counted(.everyone) == (try await counted(Self.officer)) - 1)
            // The reseed leaves the amended document as the Secretariat left it.
            try await ReferenceData.seed(into: database)
            #expect(try await documents.document(id: "almaty-act-2002", readership: .everyone) == nil)
        }
    }

    @Test("revisions, corrigenda and addenda get the next suffix; versions are added, never changed", arguments: TestEngine.all)
    func successorsAndVersions(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let documents = SQLDocumentRepository(database: database)
            let rev1 = try await documents.issue(following: "almaty-act-2002", relation: "revision", DocumentFields(title: "Almaty Act, revised"),
                                                 actor: Self.secretariat, now: Self.t0, today: Self.today)
            let rev2 = try await documents.issue(following: rev1.id, relation: "revision", DocumentFields(title: "Almaty Act, revised again"),
                                                 actor: Self.secretariat, now: Self.t0, today: Self.today)
            let corr = try await documents.issue(following: rev2.id, relation: "corrigendum", DocumentFields(title: "Corrigendum"),
                                                 actor: Self.secretariat, now: Self.t0, today: Self.today)
            #expect(rev1.date == PartialDate(Self.today), "issued without a date: dated the day it is issued")
            #expect([rev1.symbol, rev2.symbol, corr.symbol] == ["CICA/SUMMIT/BD/2002/1/Rev.1", "CICA/SUMMIT/BD/2002/1/Rev.2", "CICA/SUMMIT/BD/2002/1/Rev.2/Corr.1"])
            let base = try #require(try await documents.document(id: "almaty-act-2002", readership: .everyone))
            #expect(base.followedBy.map(\.id) == [rev1.id])
            #expect(try await documents.document(id: corr.id, readership: .everyone)?.follows?.id == rev2.id)
            await #expect(throws: InvalidInput.self) {
                try await documents.issue(following: "almaty-act-2002", relation: "reprint", DocumentFields(title: "x"), actor: Self.secretariat, now: Self.t0, today: Self.today)
            }

            let ru = try await documents.addVersion(document: "almaty-act-2002", language: "ru", title: "Алматинский акт", text: "Текст.", file: nil,
                                                    keep: nil, actor: Self.secretariat, now: Self.t0)
            #expect(ru.revision == 1)
            let file = StoredFile(sha256: String(repeating: "b", count: 64), size: 5, type: .pdf, filename: "Алматинский акт.pdf")
            let kept = Mutex(false)
            let second = try await documents.addVersion(document: "almaty-act-2002", language: "ru", title: nil, text: nil, file: file,
                                                        keep: { kept.withLock { $0 = true } }, actor: Self.secretariat, now: Self.t0)
            #expect(kept.withLock { $0 } && second.revision == 2 && second.text == "Текст." && second.file == file)
            // A refused version does not keep its file.
            let keptRefused = Mutex(false)
            await #expect(throws: InvalidInput.self) {
                try await documents.addVersion(document: "almaty-act-2002", language: "de", title: "Akt", text: nil, file: file,
                                               keep: { keptRefused.withLock { $0 = true } }, actor: Self.secretariat, now: Self.t0)
            }
            #expect(!keptRefused.withLock { $0 })
            let latest = try await documents.version(document: "almaty-act-2002", language: "ru", revision: nil, readership: .everyone)
            #expect(latest?.revision == 2)
            #expect(try await documents.version(document: "almaty-act-2002", language: "ru", revision: 1, readership: .everyone)?.file == nil)
            // Not even the database lets a version be changed.
            await #expect(throws: (any Error).self) {
                try await database.write(sealed: false) { sql in
                    try await sql.update("document_versions").set("title", to: "Forged").where("document", .equal, "almaty-act-2002").run()
                }
            }
            // Each registration, version and file is in the audit log.
            let actions = try await database.read { sql in
                try await sql.select().column("action").from("audit_log").where("entity", .equal, "document/almaty-act-2002").all().map { try $0.string("action") }
            }
            #expect(actions.contains("document.version") && actions.contains("document.upload"))
        }
    }
}
