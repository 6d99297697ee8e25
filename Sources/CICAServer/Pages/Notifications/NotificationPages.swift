import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// "What needs my action": the signed-in person's notifications, and the forms that mark them read or unread.
struct NotificationPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.notifications) { _, context in try await page(context) }
        router.post(.notificationsRead) { request, context in try await mark(request, context, read: true) }
        router.post(.notificationsUnread) { request, context in try await mark(request, context, read: false) }
    }

    /// What the public is told: what waits is each signed-in person's own.
    static let signInRequired = AccessDenied(verdict: .signInRequired(reason: Message("notifications.signIn")))

    /// The person asking, who must be signed in (the page, its forms and the API ask the same).
    static func signedIn(_ principal: Principal) throws(AccessDenied) -> Principal {
        guard !principal.isAnonymous else { throw signInRequired }
        return principal
    }

    /// The acts as lists show them (the first `limit` of them, or all), with the names of the delegations they are for.
    static func rows(_ awaited: AwaitedActs, limit: Int? = nil, platform: Platform, localizer l: Localizer) async throws -> [AwaitedRow] {
        let acts = Array(awaited.acts.prefix(limit ?? awaited.acts.count))
        let names = try await delegationNames(acts, platform: platform, localizer: l)
        let now = platform.now()
        return acts.map { AwaitedRow($0, read: awaited.read.contains($0.key), names: names, now: now, localizer: l) }
    }

    func mark(_ request: Request, _ context: AppRequestContext, read: Bool) async throws -> Response {
        let principal = try Self.signedIn(context.principal)
        return try await FormFeedback.answering(.notifications, request, context: context, action: { form in
            _ = try await platform.mark(principal, acts: form.all("act"), all: form["all"] == "true", read: read)
            return Response(status: .seeOther, headers: [.location: SiteURL.notifications.href])
        }, redisplay: { _, feedback, status in try await page(context, feedback: feedback, status: status) })
    }

    func page(_ context: AppRequestContext, feedback: FormFeedback? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let awaited = try await platform.awaited(try Self.signedIn(context.principal))
        let view = NotificationsView(rows: try await Self.rows(awaited, platform: platform, localizer: l), unread: awaited.unread, feedback: feedback)
        return platform.pages.render(view, title: l("notifications.title"), section: .notifications, context: context, status: status)
    }

    /// The names of the delegations the acts are for: Member States by their country names, observers by theirs.
    static func delegationNames(_ acts: [AwaitedAct], platform: Platform, localizer l: Localizer) async throws -> [String: String] {
        let wanted = Set(acts.compactMap(\.delegation))
        guard !wanted.isEmpty else { return [:] }
        var names = l.countries(try await platform.membership.countryNames()).filter { wanted.contains($0.key) }
        if wanted.contains(where: { names[$0] == nil }) {
            for observer in try await Page.all({ try await platform.membership.observers(kind: nil, page: $0) }) where wanted.contains(observer.value.id) {
                names[observer.value.id] = l.name(of: observer.value)
            }
        }
        return names
    }
}
