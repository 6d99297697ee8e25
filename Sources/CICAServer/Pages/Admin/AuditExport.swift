import CICACore
import CICAStore

/// Every audit entry matching a filter, page by page.
enum AuditExport {
    static func all(_ audit: any AuditRepository, filter: AuditFilter) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var page = try await audit.entries(filter, page: PageRequest(limit: PageRequest.maximumLimit))
        entries += page.items
        while let cursor = page.nextCursor {
            page = try await audit.entries(filter, page: try PageRequest.parse(limit: PageRequest.maximumLimit, cursor: cursor))
            entries += page.items
        }
        return entries
    }
}
