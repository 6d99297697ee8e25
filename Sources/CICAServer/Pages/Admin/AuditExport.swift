import CICACore
import CICAStore

/// Every audit entry matching a filter, page by page.
enum AuditExport {
    static func all(_ audit: any AuditRepository, filter: AuditFilter) async throws -> [AuditEntry] {
        try await Page.all { try await audit.entries(filter, page: $0) }
    }
}
