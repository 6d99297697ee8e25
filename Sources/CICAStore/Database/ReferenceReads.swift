import SQLKit
import Synchronization

/// Reads of the reference facts that every visitor asks for and that change rarely (the Member States and their
/// sources), kept in memory while the database says that nothing they are read from has changed.
///
/// Every write to a table they are read from changes a token in the same transaction (`read_generations`, kept by the
/// triggers of migration 25, whichever program writes: this server, another instance, `cica seed` or `cica import`).
/// A read asks for the token first and answers from memory only when the value was read under that same token, so an
/// answer is never older than the last write committed before the read began, on any instance. The token is read
/// before the rows: a write landing between the two can only leave a value filed under the older token, which the next
/// read then reads again. The token is random, not a counter, so that a restored database can never repeat one.
///
/// A hit still costs one small statement; it saves the statements, the decoding and the joins of the read itself.
final class ReferenceReads: Sendable {
    /// The tables the cached reads read; a write to any of them changes the token.
    static let watched = ["member_states", "provenance", "provenance_sources", "sources", "source_notes", "source_note_subjects"]
    /// More distinct reads than this and the memory is emptied: the keys come from a few fixed queries.
    static let capacity = 256

    private struct Entry { let token: String; let value: any Sendable }
    private let entries = Mutex<[String: Entry]>([:])
    /// How many times a value was read from the database rather than from memory.
    let loads = Atomic<Int>(0)

    /// The value of `load` as of now: from memory when it was read under the database's current token, else read and kept.
    func value<V: Sendable>(_ key: String, sql: any SQLDatabase, _ load: (any SQLDatabase) async throws -> V) async throws -> V {
        guard let token = try await sql.raw("SELECT token FROM read_generations WHERE name = 'reference'").first()?
            .decode(column: "token", as: String.self) else { return try await load(sql) }
        if let hit = entries.withLock({ $0[key] }), hit.token == token, let value = hit.value as? V { return value }
        let value = try await load(sql)
        loads.add(1, ordering: .relaxed)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(token: token, value: value)
        }
        return value
    }
}
