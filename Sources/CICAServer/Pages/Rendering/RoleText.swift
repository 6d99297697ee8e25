import Foundation
import Hummingbird
import CICACore

/// Roles in words, as the header and the account pages show them.
enum RoleText {
    static func describe(_ role: Role, localizer l: Localizer) -> String {
        l(role.message)
    }

    static func list(_ roles: [Role], localizer l: Localizer) -> String {
        roles.isEmpty ? l("role.none") : roles.map { describe($0, localizer: l) }.joined(separator: ", ")
    }
}
