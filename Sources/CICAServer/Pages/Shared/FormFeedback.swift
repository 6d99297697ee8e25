import Foundation
import Hummingbird
import CICACore
import CICAStore

/// Why a submitted form was refused, shown above the form that was sent, which keeps what the person typed.
struct FormFeedback: Sendable {
    /// The forms whose refusals are shown on their own page.
    enum Kind: String, Sendable, CaseIterable {
        /// A delegation's position, or its amendment, on the decision page.
        case position, amendment
        /// The Secretariat's steps on the decision page: revise, table, circulate, close, withdraw.
        case conduct
        /// A new draft decision.
        case draft
        /// User administration and one's own account.
        case account
        /// A delegation's page: accreditations, keys, required signatures.
        case delegation
        /// The registry: a new document, a language version and its file, a revision, a change.
        case document
        /// A meeting: its planning, agenda, steps, registrations and report.
        case meeting
        /// A step of a state's admission.
        case admission
        /// The Secretariat's personnel.
        case secretariat
        /// Mandates and follow-up on the Committee's page.
        case organ
        /// A memorandum with a partner.
        case partner
        /// An offer to coordinate a priority area.
        case coordination
        /// A milestone of the Road Map.
        case roadMap
        /// A yearly implementation report, or a year's deadline.
        case report
        /// A measure of a Catalogue edition; a paper of a priority area; an activity of one.
        case measure, paper, activity
        /// Notifications marked read or unread.
        case notifications
    }

    /// Which form of the page was sent.
    var form: Kind
    var detail: String
    var errors: [Problem.FieldProblem]

    /// Reads the form `request` carries and runs its action. When the input is refused — a 400 or a 409: a missing
    /// reason, an ineligible state, a version overtaken meanwhile — `redisplay` shows the page again with the reasons
    /// and the person's input kept, instead of an error page. Sign-in, permission and unknown pages still go to the
    /// error handling.
    static func answering(_ form: Kind, _ request: Request, context: AppRequestContext,
                          action: (Form) async throws -> Response,
                          redisplay: (Form, FormFeedback, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        var request = request
        let values = try await request.form()
        do {
            var response = try await action(values)
            // Done: the page the person is sent to says so, once (`Notice`).
            if response.status == .seeOther { response.setCookie(Notice.cookie(for: form, secure: context.overTLS)) }
            return response
        } catch {
            guard let problem = Problem.describe(error, path: request.uri.path, localizer: context.localizer),
                  problem.status == .badRequest || problem.status == .conflict else { throw error }
            return try await redisplay(values, FormFeedback(form: form, detail: problem.pageDetail(context.localizer), errors: problem.errors), problem.status)
        }
    }
}

/// "Saved": the line a page shows once after a form of `FormFeedback.Kind` did what it was sent to do. The form's answer
/// (a redirect) sets a short-lived cookie naming the kind of form; the next page shows the line and clears the cookie.
enum Notice {
    static let name = "cica_notice"

    static func cookie(for kind: FormFeedback.Kind, secure: Bool) -> Cookie {
        Cookie(name: name, value: kind.rawValue, maxAge: 120, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The kind of form a request's cookie names, if it names one.
    static func kind(_ request: Request) -> FormFeedback.Kind? {
        request.cookies[name].flatMap { FormFeedback.Kind(rawValue: $0.value) }
    }

    /// The line for a kind of form, in the reader's language.
    static func text(_ kind: FormFeedback.Kind, _ l: Localizer) -> String {
        l("notice.\(kind.rawValue)")
    }
}
