import Foundation
import Hummingbird
import CICACore

/// Roles in words, as the header and the account pages show them.
enum RoleText {
    static func describe(_ role: Role, localizer l: Localizer) -> String {
        switch role {
        case .administrator: l("role.administrator")
        case .secretariat: l("role.secretariat")
        case .delegate(let state): l("role.delegate", ["state": state])
        case .observer(let observer): l("role.observer", ["observer": observer])
        }
    }

    static func list(_ roles: [Role], localizer l: Localizer) -> String {
        roles.isEmpty ? l("role.none") : roles.map { describe($0, localizer: l) }.joined(separator: ", ")
    }
}
