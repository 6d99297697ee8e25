import CICACore
import CICAStore

extension Platform {
    /// Every meeting (of one organ), newest first, read page by page.
    public func allMeetings(organ: String?) async throws -> [Meeting] {
        try await Page.all { try await organs.meetings(MeetingFilter(organ: organ), page: $0) }.map(\.value)
    }
}
