import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The day the server tests run "on", so that the current chair and the next CICA Day do not drift.
let testToday = CivilDate(year: 2026, month: 11, day: 29)

/// Builds the real application on a fresh database of `engine` and drives it through HummingbirdTesting.
func withApplication(_ engine: TestEngine, today: CivilDate = testToday,
                     _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    try await TestDatabase.withFresh(engine) { database in
        let app = try await buildApplication(ServerConfiguration(today: { today }), database: database, logger: TestDatabase.logger)
        try await app.test(.router) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    /// GETs `uri` and returns the response.
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    /// GETs `uri`, expects JSON, and returns it parsed.
    func json(_ uri: String, status: HTTPResponse.Status = .ok, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSON {
        let response = try await get(uri)
        #expect(response.status == status, "\(uri): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try JSON(response.body)
    }
}

/// A parsed JSON value, read with subscripts: `json["items"][0]["code"].string`.
struct JSON: @unchecked Sendable {
    let value: Any?

    init(_ buffer: ByteBuffer) throws {
        value = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }

    private init(value: Any?) { self.value = value }

    subscript(key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(value: nil) }
        return JSON(value: array[index])
    }
    var string: String? { value as? String }
    var int: Int? { value as? Int }
    var bool: Bool? { value as? Bool }
    var array: [JSON] { (value as? [Any])?.map { JSON(value: $0) } ?? [] }
    var isNull: Bool { value == nil || value is NSNull }
    var keys: Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
}
