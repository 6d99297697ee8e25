import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// An SMTP server on loopback that takes every letter (and refuses the recipients it is told to), keeping what it got.
final class SMTPSink: Sendable {
    struct Received: Sendable, Equatable {
        var recipient: String
        var data: String
    }
    let received = Mutex<[Received]>([])
    let refused: Set<String>
    let port: Int
    private let server: NIOAsyncChannel<NIOAsyncChannel<String, ByteBuffer>, Never>

    private init(server: NIOAsyncChannel<NIOAsyncChannel<String, ByteBuffer>, Never>, refused: Set<String>) {
        self.server = server
        self.refused = refused
        self.port = server.channel.localAddress?.port ?? 0
    }

    /// Runs `body` with a sink listening, and stops it after.
    static func withRunning<R: Sendable>(refusing refused: Set<String> = [], _ body: (SMTPSink) async throws -> R) async throws -> R {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyLines()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let sink = SMTPSink(server: server, refused: refused)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sink.serve() }
            defer { group.cancelAll() }
            do {
                let result = try await body(sink)
                try? await server.channel.close()
                return result
            } catch {
                try? await server.channel.close()
                throw error
            }
        }
    }

    private func serve() async throws {
        try await server.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    group.addTask { try? await self.converse(connection) }
                }
            }
        }
    }

    private func converse(_ connection: NIOAsyncChannel<String, ByteBuffer>) async throws {
        try await connection.executeThenClose { lines, out in
            func say(_ text: String) async throws { try await out.write(ByteBuffer(string: text + "\r\n")) }
            try await say("220 sink ready")
            var recipient = "", data: [String]? = nil
            for try await line in lines {
                if var message = data {
                    if line == "." {
                        received.withLock { $0.append(Received(recipient: recipient, data: message.joined(separator: "\r\n"))) }
                        data = nil
                        try await say("250 taken")
                    } else {
                        message.append(line)
                        data = message
                    }
                    continue
                }
                let command = line.uppercased()
                if command.hasPrefix("EHLO") { try await say("250-sink\r\n250 SMTPUTF8") }
                else if command.hasPrefix("MAIL FROM:") { try await say("250 sender ok") }
                else if command.hasPrefix("RCPT TO:<") {
                    recipient = String(line.dropFirst(9).dropLast())
                    try await say(refused.contains(recipient) ? "550 no such mailbox" : "250 recipient ok")
                } else if command == "DATA" { data = []; try await say("354 go ahead") }
                else if command == "RSET" { try await say("250 reset") }
                else if command == "QUIT" { try await say("221 bye"); return }
                else { try await say("502 not implemented") }
            }
        }
    }
}

@Suite("Letters: written with the event, sent once through the operator's SMTP server")
struct LetterTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let settings = Letters.Settings(site: "https://platform.example.org", decisionPath: { SiteURL.decision($0).href })
    static let actor = Actor.commandLine(user: "t")

    /// Delegates of Kazakhstan and India, an observer and an officer; then a draft circulated under silence.
    static func circulated(_ store: Store) async throws -> Decision {
        for (email, role, scope) in [("kz@example.org", RoleKind.delegate, "KZ"), ("in@example.org", .delegate, "IN"),
                                     ("un@example.org", .observer, "un"), ("officer@example.org", .secretariat, nil)] {
            _ = try await store.accounts.addUser(email: email, displayName: email, password: "a long enough password", roles: [(role, scope)], actor: actor)
        }
        let draft = try await store.decisions.create(NewDraft(title: "On letters", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                              effectKind: "none", effectParameters: [:]), actor: actor, now: t0)
        return try await store.decisions.circulate(id: draft.id, deadline: t0.addingTimeInterval(3600), actor: actor, now: t0)
    }

    static func outbox(_ database: Database) async throws -> [(key: String, recipient: String, sent: Bool)] {
        try await database.read { sql in
            try await sql.raw("SELECT letter_key, recipient, sent_at FROM outbox ORDER BY letter_key").all().map {
                (try $0.decode(column: "letter_key", as: String.self), try $0.decode(column: "recipient", as: String.self),
                 try $0.decode(column: "sent_at", as: String?.self) != nil)
            }
        }
    }

    @Test("circulating and closing write one letter per delegate in their own transaction; none without letters turned on",
          arguments: TestEngine.all)
    func written(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let store = Store(database: database, letters: Self.settings)
            let decision = try await Self.circulated(store)
            let owed = try await Self.outbox(database)
            #expect(owed.map(\.recipient).sorted() == ["in@example.org", "kz@example.org"])
            #expect(owed.allSatisfy { $0.key.hasPrefix("circulated:\(decision.id):1:") && !$0.sent })
            // A position leaves the decision open: nothing new. Closing it tells the same delegates.
            _ = try await store.decisions.takePosition(id: decision.id, PositionRequest(state: "KZ", version: 1, kind: .joins),
                                                       actor: Actor(userId: "u-KZ", label: "kz", role: "delegate of KZ", requestId: nil, address: nil),
                                                       now: Self.t0.addingTimeInterval(60))
            #expect(try await Self.outbox(database).count == 2)
            let closed = try await store.decisions.closeDue(actor: SilenceProcedureCloser.actor, now: Self.t0.addingTimeInterval(7200))
            #expect(closed.map(\.id) == [decision.id])
            #expect(try await Self.outbox(database).filter { $0.key.hasPrefix("closed:") }.map(\.recipient).sorted() == ["in@example.org", "kz@example.org"])
        }
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            _ = try await Self.circulated(Store(database: database))
            #expect(try await Self.outbox(database).isEmpty)
        }
    }

    /// On SQLite here; two instances sending through one PostgreSQL database are `Tests/e2e/test_instances.py`'s part, with
    /// real servers and aiosmtpd, in CI (in this suite, among hundreds of PostgreSQL tests at once on two cores, its
    /// connection waits made it the slowest case by far).
    @Test("two senders on one database hand each letter to the SMTP server once; a refused recipient is given up, not retried",
          .timeLimit(.minutes(5)), arguments: [TestEngine.sqlite])
    func sentOnce(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let store = Store(database: database, letters: Self.settings)
            // More letters than one batch: three drafts circulated, to the two delegates of `circulated` and to ten more
            // (a delegate each of ten Member States), so that both senders have letters to claim at once.
            _ = try await Self.circulated(store)
            let others = ["AZ", "CN", "EG", "IR", "MN", "PK", "RU", "TH", "TR", "UZ"]
            for state in others {
                _ = try await store.accounts.addUser(email: "\(state.lowercased())@example.org", displayName: state, password: "a long enough password",
                                                     roles: [(.delegate, state)], actor: Self.actor)
            }
            for n in 0..<2 {
                let draft = try await store.decisions.create(NewDraft(title: "Letter \(n)", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                                      effectKind: "none", effectParameters: [:]), actor: Self.actor, now: Self.t0)
                _ = try await store.decisions.circulate(id: draft.id, deadline: Self.t0.addingTimeInterval(3600), actor: Self.actor, now: Self.t0)
            }
            let written = try await Self.outbox(database)
            #expect(written.count == 2 + 2 * 12)
            try await SMTPSink.withRunning(refusing: ["in@example.org"]) { sink in
                let relay = SMTPRelay(host: "127.0.0.1", port: sink.port, from: "cica-platform@example.org", site: "https://platform.example.org",
                                      interval: .milliseconds(200))
                let senders = (0..<2).map { _ in LetterSender(outbox: store.outbox, relay: relay, now: { Self.t0.addingTimeInterval(10) }, logger: TestDatabase.logger) }
                // Both at once, round after round, until neither finds a letter to claim (a bounded number of rounds).
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    for sender in senders {
                        tasks.addTask {
                            for _ in 0..<20 where try await sender.round() > 0 {}
                        }
                    }
                    try await tasks.waitForAll()
                }
                let received = sink.received.withLock { $0 }
                // Every letter was taken once, but India's delegate's: its address was refused each time, and given up.
                #expect(received.count == 23 && !received.contains { $0.recipient == "in@example.org" })
                // Each delegate once per draft: Kazakhstan's three, the ten others' two each.
                var expected = Dictionary(uniqueKeysWithValues: others.map { ("\($0.lowercased())@example.org", 2) })
                expected["kz@example.org"] = 3
                #expect(Dictionary(grouping: received, by: \.recipient).mapValues(\.count) == expected)
                let ids = received.compactMap { $0.data.split(separator: "\r\n").first { $0.hasPrefix("Message-ID:") } }
                #expect(Set(ids).count == 23)
                let counts = try await store.outbox.counts()
                #expect(counts.waiting == 0 && counts.sent == 23 && counts.givenUp == 3)
                // What the reader gets: the subject in encoded words, the body in base64 of UTF-8, the link to the page.
                let first = try #require(received.first?.data)
                #expect(first.contains("Subject: =?UTF-8?B?") && first.contains("Content-Transfer-Encoding: base64"))
                // From the site by its name in the tables, in an encoded word like the subject.
                #expect(first.contains("From: =?UTF-8?B?\(Data("CICA Platform".utf8).base64EncodedString())?= <cica-platform@example.org>"))
                let body = first.components(separatedBy: "\r\n\r\n").dropFirst().joined().replacingOccurrences(of: "\r\n", with: "")
                let text = String(decoding: try #require(Data(base64Encoded: body)), as: UTF8.self)
                #expect(text.contains("https://platform.example.org/decisions/") && text.contains("процедуре умолчания"))
            }
        }
    }

    @Test("an SMTP server that cannot be reached leaves the letters for later, to be tried again", arguments: TestEngine.all)
    func unreachable(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let store = Store(database: database, letters: Self.settings)
            _ = try await Self.circulated(store)
            // A port nobody listens on: the one a sink had a moment ago.
            let closedPort = try await SMTPSink.withRunning { $0.port }
            let sender = LetterSender(outbox: store.outbox, relay: SMTPRelay(host: "127.0.0.1", port: closedPort, from: "cica@example.org", site: "https://x.org"),
                                      now: { Self.t0 }, logger: TestDatabase.logger)
            await #expect(throws: (any Error).self) { try await sender.round() }
            #expect(try await store.outbox.counts() == (waiting: 2, sent: 0, givenUp: 0))
            // Not claimed again before the retry delay; claimed after it.
            #expect(try await store.outbox.claim(by: "other", limit: 10, lease: .seconds(60), now: Self.t0.addingTimeInterval(30)).isEmpty)
            #expect(try await store.outbox.claim(by: "other", limit: 10, lease: .seconds(60), now: Self.t0.addingTimeInterval(61)).count == 2)
        }
    }

    @Test("the settings for letters are checked, naming the setting", arguments: [
        ("smtp.example.org", 25, "cica@example.org", "https://platform.example.org", 5, nil),
        ("smtp.example.org", 0, "cica@example.org", "https://platform.example.org", 5, "mail.smtpPort"),
        ("smtp.example.org", 25, nil, "https://platform.example.org", 5, "mail.from"),
        ("smtp.example.org", 25, "cica <cica@example.org>", "https://platform.example.org", 5, "mail.from"),
        ("smtp.example.org", 25, "cica@example.org\r\nRCPT TO:<x@y.z>", "https://platform.example.org", 5, "mail.from"),
        ("smtp.example.org", 25, "cica@example.org", nil, 5, "mail.site"),
        ("smtp.example.org", 25, "cica@example.org", "platform.example.org", 5, "mail.site"),
        ("smtp.example.org", 25, "cica@example.org", "https://platform.example.org", 0, "mail.checkSeconds"),
    ] as [(String, Int, String?, String?, Int, String?)])
    func settingsChecked(host: String, port: Int, from: String?, site: String?, seconds: Int, field: String?) {
        do {
            let relay = try SMTPRelay(host: host, port: port, from: from, site: site, intervalSeconds: seconds)
            #expect(field == nil && relay?.host == host)
        } catch {
            #expect(error.errors.map(\.field) == [field].compactMap { $0 })
        }
    }

    @Test("without a host there are no letters, whatever else is set")
    func off() throws {
        #expect(try SMTPRelay(host: nil, port: 25, from: nil, site: nil, intervalSeconds: 5) == nil)
        #expect(try SMTPRelay(host: "", port: 0, from: "x", site: "y", intervalSeconds: 0) == nil)
    }
}
