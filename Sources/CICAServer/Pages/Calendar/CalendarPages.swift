import Foundation
import Hummingbird
import CICACore
import CICAStore

/// The calendar: a page by year or month, and the iCalendar feeds a calendar client subscribes to.
struct CalendarPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.calendar()) { request, context in try await page(request, context) }
        router.get(.calendarFeed) { _, context in try await feed(organ: nil, context) }
        router.get(.privateCalendar(.parameter("secret"))) { _, context in
            // Anyone with the address reads it, as a calendar application does; a revoked or unknown one names nothing.
            guard let user = try await platform.accounts.calendarFeedUser(secret: try context.parameters.require("secret")) else {
                throw NotFound(entity: Message("entity.calendarFeed"), key: "…", list: SiteURL.account().href)
            }
            return try await feed(organ: nil, for: user, context)
        }
        router.get(.organCalendar(.parameter("slug"))) { _, context in
            let slug = try context.parameters.require("slug")
            guard try await platform.organs.organs().contains(where: { $0.organ.slug == slug }) else {
                throw NotFound(entity: Message("entity.organ"), key: slug, list: SiteURL.organs.href)
            }
            return try await feed(organ: slug, context)
        }
    }

    /// Every meeting (of one organ), CICA's official days and the open silence procedures' deadlines (for a user's private
    /// feed, the meetings and deadlines that concern them), worded for the reader.
    func events(organ: String?, for user: UserAccount? = nil, _ l: Localizer) async throws -> [ICalendar.Event] {
        var meetings = try await platform.allMeetings(organ: organ)
        if let user {
            let registered = try await platform.meetings.meetings(registeredBy: CalendarFeed.delegations(of: user.principal))
            meetings = meetings.filter { CalendarFeed.concerns($0, principal: user.principal, registered: registered.contains($0.id)) }
        }
        var deadlines: [CalendarFeed.Deadline] = []
        let open = try await platform.decisions.decisions(DecisionFilter(status: .open, organ: organ), page: PageRequest(limit: PageRequest.maximumLimit))
        for d in open.items {
            if let user {
                let positions = try await platform.decisions.decision(id: d.id)?.positions ?? []
                let taken = Set(positions.filter { $0.request.version == d.currentVersion }.map(\.request.state))
                guard CalendarFeed.concerns(user.principal, statesWithPosition: taken) else { continue }
            }
            if let deadline = d.procedure?.deadline {
                deadlines.append(CalendarFeed.Deadline(decision: d.id, symbol: d.symbol, title: d.title, deadline: deadline, openedAt: d.openedAt ?? d.createdAt))
            }
        }
        let info = try await platform.sources.datasetInfo()
        let stamp = (info["dataset_version"]?.prefix(10)).flatMap { CivilDate(String($0)) }?.startUTC ?? Date(timeIntervalSince1970: 0)
        return CalendarFeed.events(meetings: meetings, organNames: l.organNames(try await platform.organs.organs().map(\.organ)), countries: l.countries(try await platform.membership.countryNames()),
                                   officialDays: organ == nil ? try await platform.documents.officialDays().map(\.value) : [],
                                   deadlines: deadlines, referenceStamp: stamp, localizer: l)
    }

    func feed(organ: String?, for user: UserAccount? = nil, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let name = try await organ.asyncMap { slug in
            try await platform.organs.organs().first { $0.organ.slug == slug }.map { l.name(of: $0.organ) } ?? slug
        } ?? user.map(\.displayName)
        let calendar = ICalendar(name: name.map { l("calendar.feedOf", ["organ": $0]) } ?? l("calendar.feed"), events: try await events(organ: organ, for: user, l))
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: calendar.text)))
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let today = platform.today()
        let year = try QueryParameters.int(request, "year", in: Limits.years) ?? today.year
        let month = try QueryParameters.int(request, "month", in: 1...12)
        let view = CalendarView.make(events: try await events(organ: nil, l), year: year, month: month, today: today, localizer: l)
        return platform.pages.render(view, title: l("calendar.title"), section: .calendar, context: context)
    }
}
