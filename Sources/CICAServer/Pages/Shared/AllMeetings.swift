import CICACore
import CICAStore

extension Platform {
    /// Every meeting (of one organ), newest first, read page by page.
    public func allMeetings(organ: String?) async throws -> [Meeting] {
        var meetings: [Meeting] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        while true {
            let found = try await organs.meetings(MeetingFilter(organ: organ), page: page)
            meetings += found.items.map(\.value)
            guard let cursor = found.nextCursor else { return meetings }
            page = try PageRequest.parse(limit: PageRequest.maximumLimit, cursor: cursor)
        }
    }
}
