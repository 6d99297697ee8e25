import Foundation
import Logging
import NIOCore
import Synchronization
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import CICACore

/// The platform's database: SQLite or PostgreSQL behind one SQLKit query path.
///
/// Reads run on a reader session; every write runs in one transaction on a writer session
/// (`write`). SQLite has one writer connection, so writes are serialized; readers use their own
/// connections and, in WAL mode, never wait for the writer. PostgreSQL uses one pool for both.
public final class Database: Sendable {
    /// Which engine is behind the handle.
    public enum Engine: String, Sendable {
        case sqlite, postgresql
    }

    public let engine: Engine
    public let location: DatabaseLocation
    let sessions: any SQLSessions
    /// The reference facts every visitor reads, kept while no write has touched them (`ReferenceReads`).
    let referenceReads = ReferenceReads()

    init(engine: Engine, location: DatabaseLocation, sessions: any SQLSessions) {
        self.engine = engine
        self.location = location
        self.sessions = sessions
    }

    /// Opens (and, for SQLite, creates) the database at `location`, runs `body`, and closes it however `body` ends.
    ///
    /// PostgreSQL's connection pool runs in a child task of this call for as long as `body` does: structured, so that it
    /// cannot outlive the command or the server that opened it, and ends after them (the server's services have stopped
    /// by the time `body` returns). It is not a service of the application because migrations and seeding need it before
    /// the application starts.
    public static func withOpen<R: Sendable>(
        _ location: DatabaseLocation, logger: Logger, schema: String? = nil, leaseTimeout: Duration = PostgresSessions.leaseTimeout,
        _ body: (Database) async throws -> R
    ) async throws -> R {
        switch location {
        case .sqlite(let path):
            let database = Database(engine: .sqlite, location: location, sessions: try await SQLiteSessions.open(path: path, logger: logger))
            do {
                let result = try await body(database)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        case .postgres(let url):
            let client = try PostgresSessions.client(url: url, logger: logger, searchPath: schema)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                // Lease only once run() has begun: PostgresClient warns about leases that come before it.
                let (started, signal) = AsyncStream<Void>.makeStream()
                group.addTask {
                    signal.finish()
                    await client.run()
                }
                defer { group.cancelAll() }
                for await _ in started {}
                await Task.yield()
                let database = Database(engine: .postgresql, location: location, sessions: PostgresSessions(client: client, location: location, leaseTimeout: leaseTimeout))
                do {
                    _ = try await database.read { sql in try await sql.raw("SELECT 1 AS one").first() }
                } catch {
                    throw DatabaseUnavailable(location: location, underlying: String(reflecting: error))
                }
                return try await body(database)
            }
        }
    }

    /// Runs `body` on a reader session. A single statement sees a consistent snapshot.
    public func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sessions.withReader(body)
    }

    /// Signs a checkpoint of the Merkle log as the last step of every write that added to it; set by `Store`.
    let sealer = Mutex<(@Sendable (any SQLDatabase) async throws -> Void)?>(nil)

    /// Runs `body` in one transaction: all of its writes happen, or (when it throws) none. Unless `sealed` is false
    /// (migrations), the transaction ends by signing a checkpoint over what it added to the log.
    ///
    /// The transaction runs in a task of its own, which the caller's cancellation does not reach: a write once begun ends
    /// with its COMMIT or its ROLLBACK. Cancelled half-way (a server shutting down, a test's time limit), it would
    /// otherwise give its connection back inside an open transaction, holding its locks, and every later write would
    /// wait for them.
    public func write<R: Sendable>(sealed: Bool = true, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let seal = sealed ? sealer.withLock { $0 } : nil
        return try await Task { try await transaction(seal: seal, body) }.value
    }

    private func transaction<R: Sendable>(seal: (@Sendable (any SQLDatabase) async throws -> Void)?,
                                          _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sessions.withWriter { sql in
            // IMMEDIATE takes SQLite's write lock at once, so a transaction never fails half-way to upgrade it.
            if self.engine == .sqlite {
                try await sql.raw("BEGIN IMMEDIATE").run()
            } else {
                try await sql.raw("BEGIN").run()
            }
            do {
                let result = try await body(sql)
                if let seal { try await seal(sql) }
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Runs `body` on one consistent state of the database: every statement sees the same rows (a transaction; on
    /// PostgreSQL at REPEATABLE READ; on SQLite it holds the write lock). For checks that compare several tables.
    public func snapshot<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await write(sealed: false) { sql in
            if self.engine == .postgresql { try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").run() }
            return try await body(sql)
        }
    }

    /// Answers whether the database responds.
    public func ping() async throws {
        _ = try await read { sql in try await sql.raw("SELECT 1 AS one").first() }
    }

    /// Closes every connection.
    public func close() async {
        await sessions.close()
    }
}

/// Hands out database sessions: one connection for the duration of a closure.
protocol SQLSessions: Sendable {
    func withReader<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func withWriter<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func close() async
}

/// Connections lent out one closure at a time, first come, first served; opened when needed, up to `limit`.
///
/// A lock, not an actor: borrowing and giving back are a few instructions under the lock on the borrower's own
/// thread, where an actor cost two hops to its executor and back for every read.
final class ConnectionLender<Connection: Sendable>: Sendable {
    private struct Lending: Sendable {
        var idle: [Connection]
        var opened: [Connection]
        var opening = 0
        var waiting: [CheckedContinuation<Connection, Never>] = []
    }
    private enum Next { case ready(Connection), open, wait }
    private let lending: Mutex<Lending>
    private let limit: Int
    private let open: @Sendable () async throws -> Connection

    /// `first` is lent at once; up to `limit` in all are opened with `open` when every opened one is out.
    init(first: Connection, limit: Int, open: @escaping @Sendable () async throws -> Connection) {
        lending = Mutex(Lending(idle: [first], opened: [first]))
        self.limit = max(1, limit)
        self.open = open
    }

    /// Every connection opened so far.
    var connections: [Connection] { lending.withLock { $0.opened } }

    func borrow() async throws -> Connection {
        let next = lending.withLock { lending -> Next in
            if let connection = lending.idle.popLast() { return .ready(connection) }
            guard lending.opened.count + lending.opening < limit else { return .wait }
            lending.opening += 1
            return .open
        }
        switch next {
        case .ready(let connection):
            return connection
        case .open:
            do {
                let connection = try await open()
                lending.withLock { lending in
                    lending.opening -= 1
                    lending.opened.append(connection)
                }
                return connection
            } catch {
                lending.withLock { $0.opening -= 1 }
                throw error
            }
        case .wait:
            return await withCheckedContinuation { continuation in
                // Looked at again under the lock: a connection may have come back since.
                let ready = lending.withLock { lending -> Connection? in
                    if let connection = lending.idle.popLast() { return connection }
                    lending.waiting.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    func giveBack(_ connection: Connection) {
        let next = lending.withLock { lending -> CheckedContinuation<Connection, Never>? in
            guard !lending.waiting.isEmpty else {
                lending.idle.append(connection)
                return nil
            }
            return lending.waiting.removeFirst()
        }
        next?.resume(returning: connection)
    }

    func with<R: Sendable>(_ body: (Connection) async throws -> R) async throws -> R {
        let connection = try await borrow()
        defer { giveBack(connection) }
        return try await body(connection)
    }
}

/// SQLite: one writer connection and a few reader connections on one file in WAL mode.
struct SQLiteSessions: SQLSessions {
    let writer: ConnectionLender<SQLiteConnection>
    let readers: ConnectionLender<SQLiteConnection>
    /// At most this many reads at once. A read spends much of its time waiting for NIO's thread pool to run its
    /// statements and hand the rows back; with two readers the Member States page left a third of the two cores idle
    /// under load, with eight it keeps them busy (Benchmarks/README.md). Readers are opened as reads need them, so a
    /// quiet server (or a test) holds one or two.
    static let readerLimit = 8

    static func open(path: String, logger: Logger) async throws -> SQLiteSessions {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        @Sendable func connect() async throws -> SQLiteConnection {
            let connection = try await SQLiteConnection.open(storage: .file(path: url.path), logger: logger)
            // busy_timeout covers the moments another process holds the write lock.
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000", "PRAGMA synchronous = NORMAL"] {
                _ = try await connection.query(pragma)
            }
            return connection
        }
        let writer = try await connect()
        _ = try await writer.query("PRAGMA journal_mode = WAL")
        return SQLiteSessions(writer: ConnectionLender(first: writer, limit: 1, open: connect),
                              readers: ConnectionLender(first: try await connect(), limit: readerLimit, open: connect))
    }

    func withReader<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await readers.with { try await body(SQLiteSession(connection: $0)) }
    }

    func withWriter<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await writer.with { try await body(SQLiteSession(connection: $0)) }
    }

    func close() async {
        for connection in writer.connections + readers.connections {
            try? await connection.close()
        }
    }
}

/// PostgreSQL: PostgresNIO's connection pool, shared by reads and writes; it runs in `Database.withOpen`'s task group.
public struct PostgresSessions: SQLSessions {
    let client: PostgresClient
    let location: DatabaseLocation
    /// How long a request waits for a connection (`leaseTimeout` unless the opener says otherwise: the tests, which open
    /// hundreds of databases at once on two cores, wait longer).
    let waitForConnection: Duration

    static func client(url: String, logger: Logger, searchPath: String?) throws -> PostgresClient {
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        var client = PostgresClient.Configuration(
            host: configuration.host ?? "127.0.0.1", port: configuration.port ?? 5432,
            username: configuration.username, password: configuration.password, database: configuration.database,
            tls: configuration.tls.isEnforced ? .require(configuration.tls.sslContext!.configuration)
                : configuration.tls.isAllowed ? .prefer(configuration.tls.sslContext!.configuration) : .disable
        )
        client.options.maximumConnections = 16
        if let searchPath {
            client.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        return PostgresClient(configuration: client, backgroundLogger: logger)
    }

    /// A connection that cannot be had (PostgreSQL is down or restarting: the pool's attempts fail, then its circuit
    /// breaker answers at once) or that the server dropped during the work is `DatabaseUnavailable`, which the site and the
    /// API answer with 503 and `Retry-After`; the pool connects again by itself once PostgreSQL is back. Any other error
    /// of the work is passed on as it is.
    func withReader<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do {
            return try await withLeaseTimeout { lease in
                try await client.withConnection { connection in
                    // The connection came in time, or too late: then the work is not begun (the caller has its 503).
                    guard lease.begin() else { throw LeaseTimedOut() }
                    do { return try await body(connection.sql()) } catch { throw WorkFailed(error: error) }
                }
            }
        } catch let failed as WorkFailed {
            if let psql = failed.error as? PSQLError, Self.lostConnection.contains(psql.code) {
                throw DatabaseUnavailable(location: location, underlying: String(reflecting: psql))
            }
            throw failed.error
        } catch {
            throw DatabaseUnavailable(location: location, underlying: String(reflecting: error))
        }
    }

    /// How long a request waits for a connection. PostgresNIO's pool keeps a request waiting while it tries to connect
    /// again (with growing pauses) for as long as PostgreSQL is down; past this the request is answered 503.
    public static let leaseTimeout: Duration = .seconds(5)

    init(client: PostgresClient, location: DatabaseLocation, leaseTimeout: Duration) {
        self.client = client
        self.location = location
        self.waitForConnection = leaseTimeout
    }

    /// Runs `work`, failing with `LeaseTimedOut` (and cancelling the wait for a connection) when it has not got one
    /// within `leaseTimeout`. Whichever comes first, the connection or the timeout, decides under one lock (`Lease`): work
    /// that has begun runs to its end however long it takes and is never answered as timed out; a connection that comes
    /// after the timeout is given back without running the work.
    private func withLeaseTimeout<R: Sendable>(_ work: @escaping @Sendable (Lease) async throws -> R) async throws -> R {
        let lease = Lease()
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask { try await work(lease) }
            group.addTask {
                try await Task.sleep(for: waitForConnection)
                if lease.expire() { throw LeaseTimedOut() }
                return nil
            }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw LeaseTimedOut()
        }
    }

    /// Waiting for a connection, then either begun or timed out, never both.
    final class Lease: Sendable {
        private enum State { case waiting, begun, expired }
        private let state = Mutex(State.waiting)
        /// True when the work may begin (the timeout has not come).
        func begin() -> Bool { state.withLock { if $0 == .waiting { $0 = .begun; return true }; return false } }
        /// True when the timeout came first (the work has not begun).
        func expire() -> Bool { state.withLock { if $0 == .waiting { $0 = .expired; return true }; return false } }
    }

    private struct LeaseTimedOut: Error {}

    /// An error of the work done on a connection, told apart from the failure to get one.
    private struct WorkFailed: Error { var error: any Error }

    static let lostConnection: [PSQLError.Code] = [.serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection]

    func withWriter<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withReader(body)
    }

    /// The pool ends with the task group that runs it.
    func close() async {}
}

/// The database could not be reached.
public struct DatabaseUnavailable: Error, CustomStringConvertible {
    public var location: DatabaseLocation
    public var underlying: String
    public init(location: DatabaseLocation, underlying: String) {
        self.location = location
        self.underlying = underlying
    }
    public var description: String { "Cannot connect to \(location): \(underlying)" }
}


