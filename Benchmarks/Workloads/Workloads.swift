import Crypto
import Foundation
import Logging
import CICACore
import CICAServer
import CICAStore

/// A piece of the platform's work as the micro-benchmarks measure it (`cd Benchmarks && swift package benchmark`).
///
/// Each prepares its input, then does the work `iterations` times between `start()` and `stop()` (the harness's clock),
/// and answers whether the last result was right. The test suite runs every workload once and checks that answer
/// (`WorkloadTests`), so a benchmark can neither stop compiling nor go on measuring work that no longer does what it says.
public struct Workload: Sendable {
    public var name: String
    public var run: @Sendable (_ iterations: Int, _ start: () -> Void, _ stop: () -> Void) async throws -> Bool

    public init(_ name: String, run: @escaping @Sendable (_ iterations: Int, _ start: () -> Void, _ stop: () -> Void) async throws -> Bool) {
        self.name = name
        self.run = run
    }

    /// Runs the work once, untimed: what the test suite does.
    public func once() async throws -> Bool { try await run(1, {}, {}) }
}

public enum Workloads {
    public static let all: [Workload] = [
        consensus, ledgerChain, ledgerSignatures, logAppend, logProofs, canonicalJSON, eligibility, calendar,
        memberStatesFromSQLite, memberStatesPage, memberStatesJSON,
    ]

    /// Does `work` `iterations` times between the clock's start and stop, keeping the last result.
    static func timed<R>(_ iterations: Int, _ start: () -> Void, _ stop: () -> Void, _ work: () throws -> R) rethrows -> R? {
        var last: R?
        start()
        for _ in 0..<iterations { last = try work() }
        stop()
        return last
    }

    /// Two hundred Member States of a forum a hundred times CICA's size (`S001`…`S200`: codes no country has).
    static let states = (1...200).map { "S" + String(format: "%03d", $0) }
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    // MARK: consensus

    /// The outcome of a decision over 200 positions: every state joins version 3, after an objection to version 2 and
    /// statements on the way, so that only the positions on the final version may decide.
    static let consensus = Workload("Consensus: the outcome over 200 positions") { iterations, start, stop in
        var positions: [Position] = []
        for (i, state) in states.enumerated() {
            if i % 10 == 0 { positions.append(Position(state: state, version: 2, kind: .objects, reason: "Not yet.", actor: "bench", takenAt: t0)) }
            positions.append(Position(state: state, version: 3, kind: .joins, actor: "bench", takenAt: t0.addingTimeInterval(Double(i))))
        }
        let outcome = timed(iterations, start, stop) { ConsensusRule.outcome(positions: positions, finalVersion: 3) }
        // One objection to the final version, and the outcome turns.
        let objected = positions + [Position(state: "S007", version: 3, kind: .objects, reason: "No.", actor: "bench", takenAt: t0.addingTimeInterval(999))]
        return outcome == .adopted && ConsensusRule.outcome(positions: objected, finalVersion: 3) == .notAdopted
    }

    // MARK: the ledger

    /// A chain of `count` entries over `decisions` decisions, each payload canonical JSON; every tenth signed by its
    /// state's delegation key when `signed`.
    static func ledger(count: Int, decisions: Int, signed: Bool) -> (entries: [LedgerEntry], keys: [DelegationKey]) {
        let privateKeys = Dictionary(uniqueKeysWithValues: states.prefix(20).map { ($0, Curve25519.Signing.PrivateKey()) })
        let keys = privateKeys.map { DelegationKey(id: "key-\($0.key)", state: $0.key, publicKey: $0.value.publicKey.rawRepresentation.base64EncodedString(),
                                                   registeredAt: t0) }
        var last: [String: String] = [:]
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(count)
        for sequence in 1...count {
            let decision = "decision-\(sequence % decisions)"
            let state = states[sequence % 20]
            var fields: [String: CanonicalJSON] = ["decision": .string(decision), "kind": "position", "state": .string(state), "version": 1,
                                                   "position": "joins", "takenAt": .string(Timestamp.string(t0.addingTimeInterval(Double(sequence))))]
            var signature: String?
            if signed && sequence % 10 == 0 {
                let statement: CanonicalJSON = ["decision": .string(decision), "state": .string(state), "version": 1, "position": "joins"]
                fields["signed"] = statement
                signature = try? privateKeys[state]!.signature(for: Data(statement.text.utf8)).base64EncodedString()
            }
            let payload = CanonicalJSON.object(fields).text
            let prevHash = last[decision] ?? Ledger.genesis
            let hash = Ledger.hash(prevHash: prevHash, payload: payload)
            last[decision] = hash
            entries.append(LedgerEntry(sequence: sequence, decision: decision, kind: .position, payload: payload, prevHash: prevHash, hash: hash,
                                       signature: signature, keyId: signature == nil ? nil : "key-\(state)"))
        }
        return (entries, keys)
    }

    /// What `cica verify` does to the decisions' ledger: 10,000 entries, their canonical payloads, hashes and chains.
    static let ledgerChain = Workload("Ledger: verify 10,000 entries (payloads, hashes, chains)") { iterations, start, stop in
        let (entries, keys) = ledger(count: 10_000, decisions: 500, signed: false)
        let problem = timed(iterations, start, stop) { Ledger.verify(entries, keys: keys, gapless: true) }
        var tampered = entries
        tampered[5_000].payload = tampered[5_000].payload.replacingOccurrences(of: "joins", with: "objects")
        return problem == .some(nil) && Ledger.verify(tampered, keys: keys, gapless: true)?.sequence == 5_001
    }

    /// The same with 1,000 of 10,000 entries signed by a delegation (Ed25519), each signature checked.
    static let ledgerSignatures = Workload("Ledger: verify 10,000 entries with 1,000 Ed25519 signatures") { iterations, start, stop in
        let (entries, keys) = ledger(count: 10_000, decisions: 500, signed: true)
        let problem = timed(iterations, start, stop) { Ledger.verify(entries, keys: keys, gapless: true) }
        var forged = entries
        forged[9].signature = forged[19].signature
        return entries.filter { $0.signature != nil }.count == 1_000 && problem == .some(nil)
            && Ledger.verify(forged, keys: keys, gapless: true)?.sequence == 10
    }

    // MARK: the transparency log

    static func leaves(_ count: Int) -> [MerkleLog.Hash] { (0..<count).map { MerkleLog.leafHash(Array("leaf \($0)".utf8)) } }

    /// Appending 100,000 leaves to the log's frontier and taking the root, as checkpoints are made.
    static let logAppend = Workload("Transparency log: append 100,000 leaves, then the root") { iterations, start, stop in
        let hashes = leaves(100_000)
        let root = timed(iterations, start, stop) { () -> MerkleLog.Hash in
            var frontier = MerkleLog.Frontier()
            for leaf in hashes { frontier.append(leaf) }
            return frontier.root
        }
        return root == MerkleLog.root(hashes)
    }

    /// Inclusion proofs of 64 leaves and a consistency proof in a tree of 4,096, made and verified.
    static let logProofs = Workload("Transparency log: 64 inclusion proofs and a consistency proof over 4,096 leaves") { iterations, start, stop in
        let hashes = leaves(4_096)
        let root = MerkleLog.root(hashes), oldRoot = MerkleLog.root(Array(hashes.prefix(1_000)))
        let verified = timed(iterations, start, stop) { () -> Bool in
            var all = true
            for index in stride(from: 0, to: 4_096, by: 64) {
                let proof = MerkleLog.inclusionProof(index, hashes[...])
                all = all && MerkleLog.verifyInclusion(index: index, size: 4_096, leafHash: hashes[index], proof: proof, root: root)
            }
            let consistency = MerkleLog.consistencyProof(old: 1_000, hashes)
            return all && MerkleLog.verifyConsistency(old: 1_000, new: 4_096, oldRoot: oldRoot, newRoot: root, proof: consistency)
        }
        // A proof for another leaf does not verify.
        let wrong = MerkleLog.verifyInclusion(index: 1, size: 4_096, leafHash: hashes[1], proof: MerkleLog.inclusionProof(2, hashes[...]), root: root)
        return verified == true && !wrong
    }

    // MARK: canonical JSON

    /// A position's payload parsed, written canonically and hashed: what each log entry costs.
    static let canonicalJSON = Workload("Canonical JSON: parse, write and hash a position's payload") { iterations, start, stop in
        let payload = #"{"version":2,"takenAt":"2027-01-15T10:00:00Z","statement":"Kazakhstan joins — «с оговоркой» \u00e9","state":"KZ","position":"joins","kind":"position","decision":"d-1"}"#
        let hash = timed(iterations, start, stop) { () -> String? in
            guard let json = CanonicalJSON(parsing: payload) else { return nil }
            return Ledger.hash(prevHash: Ledger.genesis, payload: json.text)
        }
        let canonical = CanonicalJSON(parsing: payload)?.text
        return canonical?.hasPrefix(#"{"decision":"d-1","kind":"position""#) == true && hash == Ledger.hash(prevHash: Ledger.genesis, payload: canonical ?? "")
    }

    // MARK: membership and the calendar

    static let eligibility = Workload("Eligibility of every ISO 3166-1 entry") { iterations, start, stop in
        let dataset = try ReferenceDataset.shipped()
        let members = Dictionary(uniqueKeysWithValues: dataset.memberStates.map { ($0.code, $0) })
        let counted = timed(iterations, start, stop) { () -> Int in
            dataset.countries.filter { Eligibility.assess($0, memberState: members[$0.alpha2], observer: nil).verdict == .alreadyMember }.count
        }
        return counted == dataset.memberStates.count
    }

    /// The public calendar: every meeting of CICA since 1999 and the official days, as iCalendar text.
    static let calendar = Workload("iCalendar: every CICA meeting and the official days") { iterations, start, stop in
        let dataset = try ReferenceDataset.shipped()
        let l = Localizer(.en)
        let organs = Dictionary(uniqueKeysWithValues: dataset.organs.map { ($0.slug, $0.name) })
        let text = timed(iterations, start, stop) { () -> String in
            let events = CalendarFeed.events(meetings: dataset.meetings, organNames: organs, countries: [:], officialDays: dataset.officialDays,
                                             deadlines: [], referenceStamp: t0, localizer: l)
            return ICalendar(name: "CICA", events: events).text
        }
        let events = CalendarFeed.events(meetings: dataset.meetings, organNames: organs, countries: [:], officialDays: dataset.officialDays,
                                         deadlines: [], referenceStamp: t0, localizer: l)
        return events.count > 20 && text?.components(separatedBy: "BEGIN:VEVENT").count == events.count + 1
    }

    // MARK: Member States, from the database and from memory

    /// A fresh SQLite database with CICA's data, for `body`, removed after.
    static func withShippedData<R: Sendable>(_ body: (Store) async throws -> R) async throws -> R {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cica-workload-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var logger = Logger(label: "cica.workloads")
        logger.logLevel = .error
        return try await Database.withOpen(.sqlite(path: path), logger: logger) { database in
            try await MigrationRunner().run(on: database)
            try await ReferenceData.seed(into: database)
            return try await body(Store(database: database))
        }
    }

    static let memberStatesFromSQLite = Workload("SQLite: the Member States with their provenance") { iterations, start, stop in
        try await withShippedData { store in
            var count = 0
            start()
            for _ in 0..<iterations { count = try await store.membership.memberStates(founding: nil, page: PageRequest(limit: PageRequest.maximumLimit)).items.count }
            stop()
            return count == 28
        }
    }

    static let memberStatesPage = Workload("Rendering: the Member States page (HTML) from memory") { iterations, start, stop in
        let (states, notes) = try await withShippedData { store in
            (try await store.membership.memberStates(founding: nil, page: PageRequest(limit: PageRequest.maximumLimit)).items,
             try await store.sources.notes(about: [.memberStates]))
        }
        let page = timed(iterations, start, stop) { RenderingWork.memberStatesPage(states, notes: notes, language: .en) }
        let html = String(decoding: page ?? [], as: UTF8.self)
        return html.hasPrefix("<!DOCTYPE html>") && html.contains(">Kazakhstan<") && html.contains("</html>")
    }

    static let memberStatesJSON = Workload("Rendering: the API's list of Member States (JSON) from memory") { iterations, start, stop in
        let states = try await withShippedData { store in
            try await store.membership.memberStates(founding: nil, page: PageRequest(limit: PageRequest.maximumLimit)).items
        }
        let json = try timed(iterations, start, stop) { try RenderingWork.memberStatesJSON(states) }
        let decoded = try JSONSerialization.jsonObject(with: Data(json ?? [])) as? [String: Any]
        return (decoded?["items"] as? [Any])?.count == 28
    }
}
