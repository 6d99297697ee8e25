import Foundation
import SQLKit
import CICACore

/// The Merkle log in the database: a leaf is added in the transaction that writes its row, and the transaction's
/// last step signs a checkpoint over every leaf (`seal`).
///
/// On PostgreSQL one transaction at a time adds leaves (an advisory lock held to its commit), so that the leaves
/// are numbered without gaps and each checkpoint extends the one before.
enum TransparencyLog {
    /// Takes the log's lock until the transaction ends (PostgreSQL; SQLite has one writer). Keyed by the schema too, so
    /// that deployments (and tests) sharing one PostgreSQL database in different schemas do not wait for each other.
    static func lock(_ sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(7411001, hashtext(current_schema()))").run()
    }

    /// Adds the leaf for a row just written.
    static func add(_ leaf: LogLeaf, sql: any SQLDatabase) async throws {
        try await lock(sql)
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("idx")), as: "last").from("log_leaves").first()?
            .decode(column: "last", as: Int?.self)
        try await sql.insert(into: "log_leaves").columns("idx", "source", "ref", "leaf_hash")
            .values([Cell.int((last ?? -1) + 1), .text(leaf.source.rawValue), .text(leaf.ref), .text(MerkleLog.hex(leaf.hash))].map(\.expression))
            .run()
    }

    /// Signs a checkpoint over every leaf when the newest one covers fewer; nothing when it covers them all, unless
    /// `force` (a new key signs the size the old one signed last).
    static func seal(_ sql: any SQLDatabase, key: PlatformKey, now: Date, force: Bool = false) async throws {
        let heads = try await sql.raw("""
            SELECT (SELECT MAX(idx) FROM log_leaves) AS leaves, (SELECT MAX(size) FROM checkpoints) AS signed
            """).first()
        let count = (try heads?.decode(column: "leaves", as: Int?.self)).flatMap { $0 }.map { $0 + 1 } ?? 0
        let signed = (try heads?.decode(column: "signed", as: Int?.self)).flatMap { $0 }
        guard count > (signed ?? -1) || force else { return }
        try await lock(sql)
        let signer = Hex.string(key.verifier.keyHash)
        var frontier = MerkleLog.Frontier()
        if let signed, let row = try await sql.select().columns("frontier", "signer").from("checkpoints").where("size", .equal, signed).first() {
            let lastSigner = try row.string("signer")
            if force && count == signed && lastSigner == signer { return }
            frontier = try Self.frontier(size: signed, text: try row.string("frontier"))
        }
        for row in try await sql.select().column("leaf_hash").from("log_leaves").where("idx", .greaterThanOrEqual, frontier.size)
            .orderBy("idx").all() {
            guard let hash = MerkleLog.hash(hex: try row.string("leaf_hash")) else { throw CorruptRow(table: "log_leaves", column: "leaf_hash", value: "") }
            frontier.append(hash)
        }
        let checkpoint = Checkpoint(origin: key.name, size: frontier.size, root: frontier.root)
        try await sql.insert(into: "checkpoints").columns("size", "signer", "root", "frontier", "note", "signed_at")
            .values([Cell.int(frontier.size), .text(signer), .text(MerkleLog.hex(frontier.root)),
                     .text(frontier.nodes.map(MerkleLog.hex).joined(separator: ",")),
                     .text(checkpoint.signed(by: key)), .text(Timestamp.string(now))].map(\.expression))
            .ignoringConflicts(with: ["size", "signer"])
            .run()
    }

    static func frontier(size: Int, text: String) throws -> MerkleLog.Frontier {
        let nodes = text.isEmpty ? [] : text.split(separator: ",").compactMap { MerkleLog.hash(hex: String($0)) }
        guard let frontier = MerkleLog.Frontier(size: size, nodes: nodes) else { throw CorruptRow(table: "checkpoints", column: "frontier", value: text) }
        return frontier
    }

    // MARK: reading

    /// The leaf every logged table's rows give now: ledger entries by sequence, keys by registration, audit lines by sequence.
    static func rows(_ sql: any SQLDatabase) async throws -> [LogLeaf] {
        var leaves = try SQLDecisionRepository.entries(try await sql.select().column("*").from("ledger").orderBy("seq").all()).map(LogLeaf.ledger)
        leaves += try await sql.select().columns("id", "state", "public_key", "registered_at").from("delegation_keys")
            .orderBy("registered_at").orderBy("id").all().map(keyLeaf)
        leaves += try await sql.select().column("*").from("audit_log").orderBy("seq").all().map(AuditLog.leaf)
        // Absent before migration 0007, which logs its own rows.
        if try await sql.raw("SELECT 1 AS one FROM schema_migrations WHERE version = 7").first() != nil {
            leaves += try await DelegationStore.acts(state: nil, sql: sql).map(\.leaf)
        }
        return leaves
    }

    /// A delegation key's leaf, from its row as stored.
    static func keyLeaf(_ row: any SQLRow) throws -> LogLeaf {
        LogLeaf.key(id: try row.string("id"), state: try row.string("state"), publicKey: try row.string("public_key"),
                    registeredAt: try row.string("registered_at"))
    }

    static func leaves(_ sql: any SQLDatabase) async throws -> [StoredLeaf] {
        try await sql.select().columns("idx", "source", "ref", "leaf_hash").from("log_leaves").orderBy("idx").all().map { row in
            let hashText = try row.string("leaf_hash")
            guard let source = LogSource(rawValue: try row.string("source")), let hash = MerkleLog.hash(hex: hashText) else {
                throw CorruptRow(table: "log_leaves", column: "source", value: hashText)
            }
            return StoredLeaf(index: try row.int("idx"), source: source, ref: try row.string("ref"), hash: hash)
        }
    }

    static func checkpoints(_ sql: any SQLDatabase) async throws -> [StoredCheckpoint] {
        try await sql.select().columns("size", "note").from("checkpoints").orderBy("size").all().map {
            StoredCheckpoint(size: try $0.int("size"), note: try $0.string("note"))
        }
    }
}

/// The log as the platform serves and checks it.
public protocol LogRepository: Sendable {
    /// Signs a checkpoint over every leaf not yet covered (after migrations, or when the server starts).
    func seal(now: Date, force: Bool) async throws
    /// The newest checkpoint, or the one of `size` leaves.
    func checkpoint(size: Int?) async throws -> StoredCheckpoint?
    /// The inclusion proof of leaf `index` in the tree of `size` leaves; nil when there is no such leaf or tree.
    func inclusion(index: Int, size: Int) async throws -> (leafHash: MerkleLog.Hash, proof: [MerkleLog.Hash])?
    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves; nil when `new` exceeds the log.
    func consistency(old: Int, new: Int) async throws -> [MerkleLog.Hash]?
    /// Checks the log, its checkpoints against `keys`, and every decision's tables against its record. Nil when all holds.
    func verify(keys: [NoteVerifier], distrusted: [NoteVerifier], progress: (@Sendable (VerifyStep) -> Void)?) async throws -> LogVerification
    /// A decision's entries and keys as leaves proven against the newest checkpoint.
    func proof(decision: String) async throws -> RecordProof?
}

extension LogRepository {
    public func verify(keys: [NoteVerifier], distrusted: [NoteVerifier]) async throws -> LogVerification {
        try await verify(keys: keys, distrusted: distrusted, progress: nil)
    }
}

/// A step of a verification, for a progress line on the terminal.
public enum VerifyStep: Sendable, Equatable {
    /// The log's entries against its signed checkpoints.
    case log(leaves: Int, checkpoints: Int)
    /// The ledger's entries, chained and signed.
    case ledger(entries: Int)
    /// Each decision's tables against its entries: so many done of all.
    case decisions(done: Int, of: Int)
}

/// What `LogRepository.verify` found: the first problem, and what it read.
public struct LogVerification: Sendable {
    public var problem: Message?
    public var leaves: Int
    public var checkpoint: Int?
    public var decisions: Int
}

/// `LogRepository` on SQLKit.
public struct SQLLogRepository: LogRepository {
    let database: Database
    let key: PlatformKey?

    public func seal(now: Date, force: Bool = false) async throws {
        guard let key else { return }
        try await database.write(sealed: false) { sql in try await TransparencyLog.seal(sql, key: key, now: now, force: force) }
    }

    public func checkpoint(size: Int?) async throws -> StoredCheckpoint? {
        try await database.read { sql in
            let query = sql.select().columns("size", "note").from("checkpoints")
            if let size { query.where("size", .equal, size) } else { query.orderBy("size", .descending) }
            // The newest signature first, when a rotation signed the same size again.
            query.orderBy("signed_at", .descending).limit(1)
            return try await query.first().map { StoredCheckpoint(size: try $0.int("size"), note: try $0.string("note")) }
        }
    }

    static func hashes(upTo size: Int, sql: any SQLDatabase) async throws -> [MerkleLog.Hash] {
        try await sql.select().column("leaf_hash").from("log_leaves").where("idx", .lessThan, size).orderBy("idx").all().map {
            guard let hash = MerkleLog.hash(hex: try $0.string("leaf_hash")) else { throw CorruptRow(table: "log_leaves", column: "leaf_hash", value: "") }
            return hash
        }
    }

    public func inclusion(index: Int, size: Int) async throws -> (leafHash: MerkleLog.Hash, proof: [MerkleLog.Hash])? {
        guard index >= 0, index < size else { return nil }
        return try await database.read { sql in
            let leaves = try await Self.hashes(upTo: size, sql: sql)
            guard leaves.count == size else { return nil }
            return (leaves[index], MerkleLog.inclusionProof(index, leaves[...]))
        }
    }

    public func consistency(old: Int, new: Int) async throws -> [MerkleLog.Hash]? {
        guard old >= 0, old <= new else { return nil }
        return try await database.read { sql in
            let leaves = try await Self.hashes(upTo: new, sql: sql)
            guard leaves.count == new else { return nil }
            return MerkleLog.consistencyProof(old: old, leaves)
        }
    }

    public func verify(keys: [NoteVerifier], distrusted: [NoteVerifier] = [], progress: (@Sendable (VerifyStep) -> Void)? = nil) async throws -> LogVerification {
        // One snapshot: a write committing half-way through the reads would look like a row written around the log.
        try await database.snapshot { sql in
            let leaves = try await TransparencyLog.leaves(sql)
            let checkpoints = try await TransparencyLog.checkpoints(sql)
            progress?(.log(leaves: leaves.count, checkpoints: checkpoints.count))
            var result = LogVerification(problem: nil, leaves: leaves.count, checkpoint: checkpoints.last?.size, decisions: 0)
            result.problem = LogCheck.verify(leaves: leaves, rows: try await TransparencyLog.rows(sql), checkpoints: checkpoints, keys: keys, distrusted: distrusted)
            if result.problem != nil { return result }
            let ledger = try SQLDecisionRepository.entries(try await sql.select().column("*").from("ledger").orderBy("seq").all())
            progress?(.ledger(entries: ledger.count))
            let delegationKeys = try await sql.select().column("*").from("delegation_keys").all().map(SQLDecisionRepository.key)
            if let problem = Ledger.verify(ledger, keys: delegationKeys, gapless: true) {
                result.problem = Message("reason.log.ledger", ["problem": .message(problem.message)])
                return result
            }
            let byDecision = Dictionary(grouping: ledger, by: \.decision)
            let decisions = try await sql.select().column("id").from("decisions").orderBy("id").all()
            for row in decisions {
                let id = try row.string("id")
                let state = try await SQLDecisionRepository.state(id, sql: sql, engine: database.engine, lock: false)
                result.decisions += 1
                // A line every 100 decisions, and at the last.
                if result.decisions % 100 == 0 || result.decisions == decisions.count { progress?(.decisions(done: result.decisions, of: decisions.count)) }
                if let problem = RecordAgreement.check(state, entries: byDecision[id] ?? []) {
                    result.problem = problem
                    return result
                }
            }
            let acts = try await DelegationStore.acts(state: nil, sql: sql)
            result.problem = DelegationCheck.positions(ledger, acts: acts)
            return result
        }
    }

    public func proof(decision: String) async throws -> RecordProof? {
        try await database.snapshot { sql in try await Self.proof(decision: decision, sql: sql)?.proof }
    }

    /// The decision's entries and their proof against the newest checkpoint, read on one snapshot so that the newest
    /// checkpoint covers every entry.
    static func proof(decision: String, sql: any SQLDatabase) async throws -> (entries: [LedgerEntry], proof: RecordProof)? {
        guard let checkpoint = try await sql.select().columns("size", "note").from("checkpoints").orderBy("size", .descending)
            .orderBy("signed_at", .descending).limit(1).first()
        else { return nil }
        let size = try checkpoint.int("size")
        let leaves = try await SQLLogRepository.hashes(upTo: size, sql: sql)
        let entries = try SQLDecisionRepository.entries(try await sql.select().column("*").from("ledger").where("decision_id", .equal, decision)
            .orderBy("seq").all())
        var wanted = entries.map(LogLeaf.ledger)
        let keyIds = Set(entries.compactMap(\.keyId))
        if !keyIds.isEmpty {
            wanted += try await sql.select().columns("id", "state", "public_key", "registered_at").from("delegation_keys")
                .where("id", .in, SQLBind.group(Array(keyIds))).all().map(TransparencyLog.keyLeaf)
        }
        var included: [IncludedLeaf] = []
        for leaf in wanted {
            guard let row = try await sql.select().column("idx").from("log_leaves").where("source", .equal, leaf.source.rawValue)
                .where("ref", .equal, leaf.ref).first() else { continue }
            let index = try row.int("idx")
            guard index < size else { continue }
            included.append(IncludedLeaf(index: index, leaf: leaf, proof: MerkleLog.inclusionProof(index, leaves[...]).map(MerkleLog.hex)))
        }
        return (entries, RecordProof(checkpoint: try checkpoint.string("note"), leaves: included))
    }
}
