import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The registry over HTTP: a Secretariat officer registers a language version with its file, a visitor downloads it
/// checked; access levels hold in every list, count, page, file and API answer; refused uploads keep nothing.
@Suite("The registry over HTTP")
struct RegistryTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    static func sha256(_ bytes: [UInt8]) -> String { Hex.string(SHA256.hash(data: bytes)) }

    /// The files kept (not counting `incoming/`, which must be empty between requests).
    static func stored(_ p: TestPlatform) throws -> [String] {
        let root = p.platform.files.directory
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/incoming") == [], "a refused or finished upload leaves nothing in incoming/")
        return try FileManager.default.subpathsOfDirectory(atPath: root).filter { !$0.hasPrefix("incoming") && $0.count > 3 }
    }

    @Test("the Almaty Act's Russian version with its file: registered by the Secretariat, downloaded and checked by a visitor", arguments: TestEngine.all)
    func almatyAct(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let name = "Алматинский акт (2002).pdf"
            let sent = try await p.client.submitMultipart("/documents/almaty-act-2002/versions",
                                                          [("language", "ru"), ("title", "Алматинский акт"), ("text", "")],
                                                          file: (name, "application/pdf", Self.pdf), as: session)
            #expect(sent.status == .seeOther, "\(sent.text.prefix(500))")
            #expect(sent.headers[.location] == "/documents/almaty-act-2002#versions")

            let page = try await p.client.get("/documents/almaty-act-2002?lang=ru")
            #expect(page.status == .ok)
            let checksum = Self.sha256(Self.pdf)
            #expect(page.text.contains("Алматинский акт") && page.text.contains(checksum) && page.text.contains("CICA/SUMMIT/BD/2002/1"))
            let link = "/api/v1/documents/almaty-act-2002/versions/ru/file?revision=1"
            #expect(page.text.contains("href=\"\(link)\""))

            let download = try await p.client.get(link)
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == Self.pdf)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(download.headers[HTTPField.Name("X-Checksum-SHA256")!] == checksum)
            #expect(download.headers[HTTPField.Name("Repr-Digest")!] == "sha-256=:\(Data(SHA256.hash(data: Self.pdf)).base64EncodedString()):")
            let disposition = try #require(download.headers[.contentDisposition])
            #expect(ContentDisposition.parameters(disposition)["filename"] == name, "the Cyrillic name survives: \(disposition)")

            // The API tells the same, and the newest revision is the one downloaded by default.
            let json = try await p.client.json("/api/v1/documents/almaty-act-2002")
            let ru = try #require(json["document"]["versions"].array.first { $0["language"].string == "ru" })
            #expect(ru["file"]["sha256"].string == checksum && ru["file"]["filename"].string == name && ru["file"]["url"].string == link)
            #expect(try await p.client.get("/api/v1/documents/almaty-act-2002/versions/ru/file").status == .ok)

            // A file damaged on disk is not served.
            try Data("%PDF-forged".utf8).write(to: URL(fileURLWithPath: p.platform.files.path(of: checksum)))
            let damaged = try await p.client.get(link)
            #expect(damaged.status == .internalServerError && damaged.text.contains("checksum"), "\(damaged.text.prefix(300))")
        }
    }

    @Test("each role × each access level: list, count, page, API and file", arguments: TestEngine.all)
    func accessLevels(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let actor = Actor.commandLine(user: "secretariat")
            var ids: [AccessLevel: String] = [:]
            for level in AccessLevel.allCases {
                let d = try await p.platform.documents.register(DocumentFields(title: "Registry note \(level.rawValue)", kind: "noteVerbale", access: level.rawValue),
                                                                actor: actor, now: p.clock.now)
                let received = try await p.platform.files.receive(AsyncStream { $0.yield(ArraySlice("Note \(level).\n".utf8)); $0.finish() })
                _ = try await p.platform.addVersion(document: d.id, language: "en", title: nil, text: nil, file: received, declared: "text/plain",
                                                    filename: "note-\(level.rawValue).txt", actor: actor)
                ids[level] = d.id
            }
            let readers: [(String, (RoleKind, String?)?, [AccessLevel])] = [
                ("anonymous", nil, [.public]), ("administrator", (.administrator, nil), [.public]), ("observer", (.observer, "JP"), [.public]),
                ("delegate", (.delegate, "KZ"), [.public, .memberStates]), ("secretariat", (.secretariat, nil), [.public, .memberStates, .secretariat]),
            ]
            for (who, role, levels) in readers {
                var token: String? = nil, cookie: HTTPFields = [:]
                if let role {
                    let user = try await p.user("\(who)@example.org", role)
                    token = try await p.token(for: user)
                    cookie[.cookie] = "cica_session=\(try #require(try await p.signIn(user.email)).cookie)"
                }
                let list = try JSON(try await p.client.api("/api/v1/documents?kind=noteVerbale", token: token).body)
                #expect(list["total"].int == levels.count, "\(who): the count")
                #expect(Set(list["items"].array.compactMap { $0["id"].string }) == Set(levels.compactMap { ids[$0] }), "\(who): the list")
                let page = try await p.client.get("/documents?kind=noteVerbale", headers: cookie)
                #expect(page.text.contains(levels.count == 1 ? "1 document" : "\(levels.count) documents"), "\(who): the page's count")
                for level in AccessLevel.allCases {
                    let id = try #require(ids[level])
                    let readable = levels.contains(level)
                    #expect(page.text.contains("Registry note \(level.rawValue)") == readable, "\(who) × \(level): listed")
                    #expect(try await p.client.get("/documents/\(id)", headers: cookie).status == (readable ? .ok : .notFound), "\(who) × \(level): page")
                    #expect(try await p.client.api("/api/v1/documents/\(id)", token: token).status == (readable ? .ok : .notFound), "\(who) × \(level): API")
                    #expect(try await p.client.api("/api/v1/documents/\(id)/versions/en/file", token: token).status == (readable ? .ok : .notFound),
                            "\(who) × \(level): file")
                }
            }
        }
    }

    @Test("refused uploads say why, keep nothing and record nothing", arguments: TestEngine.all)
    func refusals(engine: TestEngine) async throws {
        try await withPlatform(engine, fileLimit: 1 << 20) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let session = try #require(try await p.signIn(officer.email))
            let path = "/api/v1/documents/almaty-act-2002/versions/en/file"
            let cases: [(String, String, [UInt8], HTTPResponse.Status, String)] = [
                ("big.txt", "text/plain", Array(repeating: 0x41, count: (1 << 20) + 1), .contentTooLarge, "larger than the limit of 1 MB"),
                ("tool.exe", "application/octet-stream", [0x4D, 0x5A, 0x90, 0x00, 0x03], .badRequest, "not one of the accepted types"),
                ("scan.png", "application/pdf", Self.png, .badRequest, "is a PNG file, though it was sent as application/pdf"),
                ("scan.pdf", "image/png", Self.png, .badRequest, "ends in .pdf, but the file is a PNG: rename it to end in .png"),
                ("empty.txt", "text/plain", [], .badRequest, "is empty"),
            ]
            for (name, type, content, status, words) in cases {
                let response = try await p.client.upload("\(path)?filename=\(name)", token: token, type: type, content: content)
                #expect(response.status == status, "\(name): \(response.text.prefix(300))")
                #expect(response.text.contains(words), "\(name): \(response.text.prefix(300))")
            }
            // A type the contract does not take at all.
            let zip = try await p.client.upload("\(path)?filename=a.zip", token: token, type: "application/zip", content: [0x50, 0x4B, 0x03, 0x04])
            #expect(zip.status == .badRequest || zip.status == .unsupportedMediaType, "\(zip.status) \(zip.text.prefix(200))")
            // The page's form refuses the same way and shows the form again with the reason.
            let form = try await p.client.submitMultipart("/documents/almaty-act-2002/versions", [("language", "en")],
                                                          file: ("scan.pdf", "application/pdf", Self.png), as: session)
            #expect(form.status == .badRequest && form.text.contains("ends in .pdf, but the file is a PNG") && form.text.contains("form-feedback"))
            let large = try await p.client.submitMultipart("/documents/almaty-act-2002/versions", [("language", "en")],
                                                           file: ("big.txt", "text/plain", Array(repeating: 0x41, count: (1 << 20) + 10)), as: session)
            #expect(large.status == .contentTooLarge && large.text.contains("larger than the limit"))
            // Without the CSRF token first, nothing of the file is read.
            let forged = try await p.client.submitMultipart("/documents/almaty-act-2002/versions", [("language", "en")],
                                                            file: ("a.pdf", "application/pdf", Self.pdf), as: session, csrf: "forged")
            #expect(forged.status == .forbidden)
            var noCookie: HTTPFields = [.contentType: "multipart/form-data; boundary=x", .cookie: "cica_session=\(session.cookie)"]
            noCookie[.contentLength] = "10"
            let tokenless = try await p.client.execute(uri: "/documents/almaty-act-2002/versions", method: .post, headers: noCookie,
                                                       body: ByteBuffer(string: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--x--\r\n"))
            #expect(tokenless.status == .forbidden || tokenless.status == .badRequest)
            // A body over the file limit and the form allowance is refused as the middleware reads it, in the same words.
            let over = try await p.client.upload("\(path)?filename=a.txt", token: token, type: "text/plain", content: Array(repeating: 0x41, count: (2 << 20) + 1))
            #expect(over.status == .contentTooLarge && over.text.contains("larger than the limit of 1 MB"))
            // A form cut off inside its file part is refused, and its partial file removed.
            let boundary = "cut"
            var cut: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "cica_session=\(session.cookie)"]
            cut[.contentLength] = nil
            let truncated = "--cut\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n--cut\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n"
                + "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhalf a file"
            let cutOff = try await p.client.execute(uri: "/documents/almaty-act-2002/versions", method: .post, headers: cut, body: ByteBuffer(string: truncated))
            #expect(cutOff.status == .badRequest, "\(cutOff.text.prefix(300))")
            #expect(try Self.stored(p) == [])
            let act = try #require(try await p.platform.documents.document(id: "almaty-act-2002", readership: .platform))
            #expect(act.revisions.count == 1, "nothing was recorded")
            // Anyone else is refused before anything is read.
            let observer = try await p.user("observer@example.org", (.observer, "JP"))
            #expect(try await p.client.upload("\(path)?filename=a.pdf", token: try await p.token(for: observer), type: "application/pdf", content: Self.pdf).status == .forbidden)
            #expect(try await p.client.upload("\(path)?filename=a.pdf", token: nil, type: "application/pdf", content: Self.pdf).status == .unauthorized)
        }
    }

    @Test("a public revision of a restricted document does not name it, nor carry its place", arguments: TestEngine.all)
    func successorOfRestricted(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let secret = try JSON(try await p.client.api("/api/v1/documents", method: .post, token: token,
                                                         json: #"{"title":"Hidden","kind":"noteVerbale","access":"secretariat","place":"Somewhere secret"}"#).body)
            let id = try #require(secret["document"]["id"].string)
            let revision = try await p.client.api("/api/v1/documents/\(id)/successors", method: .post, token: token,
                                                  json: #"{"relation":"revision","title":"Public revision","access":"public"}"#)
            #expect(revision.status == .created)
            let publicId = try #require(try JSON(revision.body)["document"]["id"].string)
            let seen = try await p.client.json("/api/v1/documents/\(publicId)")
            #expect(seen["document"]["successorOf"].isNull && seen["follows"].isNull && seen["document"]["place"].isNull)
            #expect(!(try await p.client.get("/documents/\(publicId)").text.contains(id)))
            let listed = try await p.client.json("/api/v1/documents?kind=noteVerbale")
            #expect(listed["items"].array.allSatisfy { $0["successorOf"].string != id })
            let officerSees = try JSON(try await p.client.api("/api/v1/documents/\(publicId)", token: token).body)
            #expect(officerSees["document"]["successorOf"].string == id)
        }
    }

    @Test("a document registered through the form gets its symbol; its revision follows it; a change is audited", arguments: TestEngine.all)
    func registerAndRevise(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let refused = try await p.client.submit("/documents/new", ["title": "Report", "kind": "report", "access": "public", "date": "2026-13-01",
                                                                       "meeting": "no-such-meeting", "decision": "CICA/SOC/DEC/1999/9"], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("no-such-meeting") && refused.text.contains("value=\"Report\""))
            #expect(refused.text.contains("CICA/SOC/DEC/1999/9") && refused.text.contains("<option value=\"report\" selected>"))
            let made = try await p.client.submit("/documents/new", ["title": "Report of the SOC", "kind": "report", "access": "memberStates",
                                                                    "date": "2025-06-12", "organ": "senior-officials-committee", "language": "en",
                                                                    "text": "The Committee met."], as: session)
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            let page = try await p.client.get(location, headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(page.text.contains("CICA/SOC/REP/2025/1") && page.text.contains("The Committee met."))
            #expect(try await p.client.get(location).status == .notFound, "a Member States' document is not the public's")
            let id = String(location.dropFirst("/documents/".count))
            let revised = try await p.client.submit("/documents/\(id)/successors", ["relation": "revision", "title": "Report of the SOC, revised"], as: session)
            #expect(revised.status == .seeOther)
            let next = try await p.client.get(try #require(revised.headers[.location]), headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(next.text.contains("CICA/SOC/REP/2025/1/Rev.1"))
            let amended = try await p.client.submit("/documents/\(id)/amend", ["access": "public"], as: session)
            #expect(amended.status == .seeOther)
            #expect(try await p.client.get(location).status == .ok)
            let audit = try await p.platform.audit.entries(AuditFilter(), page: PageRequest(limit: 50))
            #expect(audit.items.contains { $0.action == "document.amend" && $0.entity == "document/\(id)" })
            #expect(audit.items.contains { $0.action == "document.register" && $0.entity == "document/\(id)" })
        }
    }
}
