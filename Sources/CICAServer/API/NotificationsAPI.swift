import CICACore
import CICAStore
import Foundation
import OpenAPIRuntime

/// What needs the caller's action, and the marks they set: the same door as the notifications page (`Platform.awaited`).
extension PlatformAPI {
    private var request: RequestInfo { RequestInfo.current }

    private func signedIn() throws -> Principal { try NotificationPages.signedIn(request.principal) }

    static func notifications(_ awaited: AwaitedActs) throws -> Components.Schemas.NotificationList {
        Components.Schemas.NotificationList(items: try awaited.acts.map { act in
            var dueAt: Date?, dueOn: String?
            switch act.due {
            case .at(let instant)?: dueAt = instant
            case .on(let day)?: dueOn = day.description
            case nil: break
            }
            return Components.Schemas.Notification(key: act.key, kind: try act.kind.onWire(), subject: act.subject, delegation: act.delegation,
                                                    title: act.title, dueAt: dueAt, dueOn: dueOn, overdue: act.overdue,
                                                    read: awaited.read.contains(act.key), url: act.page.href)
        }, unread: awaited.unread)
    }

    func listMyNotifications(_ input: Operations.ListMyNotifications.Input) async throws -> Operations.ListMyNotifications.Output {
        .ok(.init(body: .json(try Self.notifications(try await platform.awaited(try signedIn())))))
    }

    func markMyNotificationsRead(_ input: Operations.MarkMyNotificationsRead.Input) async throws -> Operations.MarkMyNotificationsRead.Output {
        let principal = try signedIn()
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        return .ok(.init(body: .json(try Self.notifications(try await platform.mark(principal, acts: body.acts ?? [], all: body.all ?? false, read: true)))))
    }

    func markMyNotificationsUnread(_ input: Operations.MarkMyNotificationsUnread.Input) async throws -> Operations.MarkMyNotificationsUnread.Output {
        let principal = try signedIn()
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        return .ok(.init(body: .json(try Self.notifications(try await platform.mark(principal, acts: body.acts ?? [], all: body.all ?? false, read: false)))))
    }
}
