import Foundation
import Hummingbird
import NIOCore
import OpenAPIRuntime
import CICACore
import CICAStore

/// An error as a person should read it: status, title, what went wrong and what to do, field by field.
struct Problem: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    var errors: [FieldError] = []
    /// Seconds to wait before trying again (429, 503).
    var retryAfter: Int? = nil

    /// Not signed in, or the credential sent is not valid.
    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, title: "Sign in", detail: detail)
    }

    /// Describes an error thrown by a handler; nil for an error nobody expected (a 500).
    static func describe(_ error: any Error, path: String, localizer l: Localizer) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let notFound as NotFound:
            var detail = l("error.notFound", ["entity": notFound.entity, "key": notFound.key])
            if let hint = notFound.hint { detail += " " + hint }
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: detail)
        case let invalid as InvalidInput:
            return badRequest(invalid.errors, localizer: l)
        case EligibilityError.malformedCode(let text):
            return badRequest([FieldError(field: "code", reason: l("eligibility.error.malformed", ["code": text]))], localizer: l)
        case EligibilityError.unknownCode(let code):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("eligibility.error.unknown", ["code": code]))
        case let denied as AccessDenied:
            switch denied.verdict {
            case .allow: return nil
            case .signInRequired(let reason): return Problem(status: .unauthorized, title: l("error.signIn.title"), detail: reason)
            case .forbidden(let reason): return Problem(status: .forbidden, title: l("error.forbidden.title"), detail: reason)
            }
        case let account as AccountError:
            return account.problem(localizer: l)
        case let decision as DecisionError:
            return decision.problem(localizer: l)
        case is NotAForm:
            return Problem(status: .unsupportedMediaType, title: l("error.badRequest.title"), detail: l("error.notAForm"))
        case let throttled as SignInThrottled:
            return Problem(status: .tooManyRequests, title: l("error.busy.title"), detail: AccountPages.waitMessage(throttled.wait, l),
                           retryAfter: throttled.wait.seconds)
        case let busy as HashingBusy:
            return Problem(status: busy.addressAtLimit ? .tooManyRequests : .serviceUnavailable, title: l("error.busy.title"),
                           detail: l("login.busy"), retryAfter: busy.retryAfter)
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, title: l("error.tooLarge.title"), detail: l("error.tooLarge"))
        case let unavailable as DatabaseUnavailable:
            return Problem(status: .serviceUnavailable, title: l("error.unavailable.title"), detail: "The database does not answer (\(unavailable.location)); try again shortly.")
        case let serverError as ServerError:
            if let inner = describe(serverError.underlyingError, path: path, localizer: l) { return inner }
            if let instant = serverError.underlyingError as? InstantTranscoder.NotAnInstant {
                let field = QueryParameterRules.instantFields[serverError.operationID] ?? "body"
                return badRequest([FieldError(field: field, reason: instant.reason)], localizer: l)
            }
            if let decoding = serverError.underlyingError as? DecodingError {
                let query = serverError.request.path.flatMap { $0.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) }
                let named = QueryParameterRules.problems(operationID: serverError.operationID, query: query)
                return badRequest(named.isEmpty ? [field(of: decoding)] : named, localizer: l)
            }
            if (400..<500).contains(serverError.httpStatus.code) {
                return Problem(status: serverError.httpStatus, title: l("error.badRequest.title"), detail: serverError.causeDescription)
            }
            return nil
        case let http as HTTPError:
            switch http.status {
            case .notFound:
                let key = path.hasPrefix("/api/") ? "error.noOperation" : "error.noPage"
                return Problem(status: .notFound, title: l("error.notFound.title"), detail: l(key, ["path": path]))
            case .methodNotAllowed:
                return Problem(status: .methodNotAllowed, title: l("error.methodNotAllowed.title"), detail: l("error.methodNotAllowed"))
            default:
                guard http.status.code < 500 else { return nil }
                return Problem(status: http.status, title: http.status.reasonPhrase, detail: http.body ?? http.status.reasonPhrase)
            }
        default:
            return nil
        }
    }

    static func badRequest(_ errors: [FieldError], localizer l: Localizer) -> Problem {
        let details = errors.map { "\($0.field): \($0.reason)" }.joined(separator: " ")
        return Problem(status: .badRequest, title: l("error.badRequest.title"), detail: l("error.badRequest", ["details": details]), errors: errors)
    }

    /// The parameter a decoding failure is about, and why.
    static func field(of error: DecodingError) -> FieldError {
        let context: DecodingError.Context
        let expected: String?
        switch error {
        case .typeMismatch(let type, let c): context = c; expected = String(describing: type)
        case .valueNotFound(let type, let c): context = c; expected = String(describing: type)
        case .keyNotFound(let key, _): return FieldError(field: key.stringValue, reason: "is required.")
        case .dataCorrupted(let c): context = c; expected = nil
        @unknown default: return FieldError(field: "request", reason: "could not be read.")
        }
        let name = context.codingPath.last?.stringValue ?? "request"
        let reason: String
        switch expected {
        case "Int", "Int32", "Int64", "Swift.Int": reason = "must be a whole number."
        case "Bool", "Swift.Bool": reason = "must be true or false."
        default: reason = "has a value this API does not accept; see /openapi.yaml for the allowed values."
        }
        return FieldError(field: name, reason: reason)
    }

    struct Body: Encodable {
        var type = "about:blank"
        var title: String
        var status: Int
        var detail: String
        var instance: String
        var requestId: String
        var errors: [FieldError]?
    }

    func json(instance: String, requestId: String) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(title: title, status: Int(status.code), detail: detail, instance: instance, requestId: requestId,
                        errors: errors.isEmpty ? nil : errors)
        return ByteBuffer(data: (try? encoder.encode(body)) ?? Data())
    }
}

extension AccountError {
    /// The problem as a person reads it, naming the field at fault.
    func problem(localizer l: Localizer) -> Problem {
        switch self {
        case .emailTaken(let email):
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: "An account with the e-mail \(email) already exists.",
                           errors: [FieldError(field: "email", reason: "already has an account; use another address, or manage that account.")])
        case .noSuchUser(let id):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("error.notFound", ["entity": "account", "key": id]))
        case .noSuchGrant(let id):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("error.notFound", ["entity": "role", "key": id]))
        case .noSuchToken(let id):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("error.notFound", ["entity": "API token", "key": id]))
        case .lastAdministrator:
            return Problem(status: .conflict, title: l("error.conflict.title"),
                           detail: "This is the last active administrator: grant the administrator role to someone else first, so that accounts can still be managed.")
        case .secondFactorAlreadyOn:
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l("error.secondFactor.alreadyOn"))
        case .secondFactorNotStarted:
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l("error.secondFactor.notStarted"))
        case .secondFactorOff:
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l("error.secondFactor.off"))
        case .secondFactorRequired:
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l("error.secondFactor.required"))
        case .role(let error):
            let reason: String
            switch error {
            case .notAMemberState(let code): reason = "\(code) is not a Member State; a delegate acts for a Member State (see /member-states)."
            case .notAnObserver(let id): reason = "\(id) is not an observer; an observer role is for an observer state (ISO code) or organization (e.g. un)."
            case .scopeMismatch(let kind):
                reason = kind == .delegate || kind == .observer
                    ? "a \(kind.rawValue) role needs the Member State or observer it acts for."
                    : "the \(kind.rawValue) role acts for nobody in particular; leave the state empty."
            case .alreadyHeld(let role):
                return Problem(status: .conflict, title: l("error.conflict.title"), detail: "The account already holds the role \(role).",
                               errors: [FieldError(field: "role", reason: "is already held.")])
            }
            return Problem.badRequest([FieldError(field: "scope", reason: reason)], localizer: l)
        }
    }
}

extension DecisionError {
    /// The problem as a person reads it, naming the field at fault or the step that cannot be taken.
    func problem(localizer l: Localizer) -> Problem {
        func conflict(_ detail: String) -> Problem { Problem(status: .conflict, title: l("decision.error.title"), detail: detail) }
        switch self {
        case .noSuchDecision(let id):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("error.notFound", ["entity": "decision", "key": id]))
        case .notPossible(let step, let status):
            return conflict(l("decision.error.notPossible", ["step": l("decision.step.\(step.rawValue)"), "status": l("decision.status.\(status.rawValue)")]))
        case .effect(let error):
            return Problem.badRequest([FieldError(field: error.field, reason: error.reason)], localizer: l)
        case .invalid(let field):
            return Problem.badRequest([field], localizer: l)
        case .silenceRunning(let deadline):
            return conflict(l("decision.error.silenceRunning", ["deadline": l.instant(deadline)]))
        case .effectFailed(let error):
            return conflict(l("decision.error.effectFailed", ["reason": error.reason]))
        case .position(let error):
            switch error {
            case .notOpen(let status): return conflict(l("decision.error.notOpen", ["status": l("decision.status.\(status.rawValue)")]))
            case .notCurrentVersion(let current): return conflict(l("decision.error.notCurrentVersion", ["version": String(current)]))
            case .deadlinePassed(let deadline): return conflict(l("decision.error.deadlinePassed", ["deadline": l.instant(deadline)]))
            case .notAMemberState(let state):
                return Problem.badRequest([FieldError(field: "state", reason: l("decision.error.notAMemberState", ["state": state]))], localizer: l)
            case .reasonRequired:
                return Problem.badRequest([FieldError(field: "reason", reason: l("decision.error.reasonRequired"))], localizer: l)
            case .reasonOnlyForObjection:
                return Problem.badRequest([FieldError(field: "reason", reason: l("decision.error.reasonOnlyForObjection"))], localizer: l)
            case .statementOnlyWithoutObjection:
                return Problem.badRequest([FieldError(field: "statement", reason: l("decision.error.statementOnlyWithoutObjection"))], localizer: l)
            case .statementKindRequired:
                return Problem.badRequest([FieldError(field: "statementKind", reason: l("decision.error.statementKindRequired"))], localizer: l)
            case .statementTextRequired:
                return Problem.badRequest([FieldError(field: "statement", reason: l("decision.error.statementTextRequired"))], localizer: l)
            }
        }
    }
}
