import Foundation
import CICACore
import CICAStore

/// A user as the administration pages show them.
struct UserRow: Sendable {
    struct Grant: Sendable {
        var role: String
        var revokeURL: SiteURL
    }
    var id: String
    var url: SiteURL
    var email: String
    var name: String
    var roles: String
    var grants: [Grant]
    var disabled: Bool
    var created: String
    /// How public records name the account.
    var pseudonym: String

    init(_ user: UserAccount, localizer l: Localizer) {
        id = user.id
        url = .user(user.id)
        email = user.email
        name = user.displayName
        roles = RoleText.list(user.roles, localizer: l)
        grants = user.grants.map { Grant(role: RoleText.describe($0.role, localizer: l), revokeURL: .revokeRole(user.id, $0.id)) }
        disabled = user.disabled
        created = l.date(CivilDate(user.createdAt))
        pseudonym = Actor.pseudonym(userId: user.id)
    }
}

