import Foundation
import Hummingbird
import NIOCore
import OpenAPIRuntime
import CICACore
import CICAStore

/// An error as a person should read it, in their language: status, title, what went wrong and what to do, field by field.
struct Problem: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    var errors: [FieldProblem] = []
    /// Seconds to wait before trying again (429, 503).
    var retryAfter: Int? = nil
    /// For a page: the list to pick from instead (a path of the site).
    var list: String? = nil

    /// What a page says above the list of fields: the fields are listed with their labels, so the detail (which names
    /// them as the API does) gives way to a sentence that introduces the list.
    func pageDetail(_ l: Localizer) -> String { errors.isEmpty ? detail : l("error.checkFields") }

    /// A field and what is wrong with it, worded.
    struct FieldProblem: Sendable, Equatable, Encodable {
        var field: String
        var reason: String
    }

    /// Not signed in, or the credential sent is not valid.
    static func unauthorized(_ detail: Message, _ l: Localizer) -> Problem {
        Problem(status: .unauthorized, title: l("error.signIn.title"), detail: l(detail))
    }

    /// Describes an error thrown by a handler; nil for an error nobody expected (a 500).
    static func describe(_ error: any Error, path: String, localizer l: Localizer) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let notFound as NotFound:
            var detail = l("error.notFound", ["entity": l(notFound.entity), "key": notFound.key])
            if let hint = notFound.hint { detail += " " + l(hint) }
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: detail, list: notFound.list)
        case let invalid as InvalidInput:
            return badRequest(invalid.errors, localizer: l)
        case EligibilityError.malformedCode(let text):
            return badRequest([FieldError(field: "code", reason: Message("eligibility.error.malformed", ["code": "\(text)"]))], localizer: l)
        case EligibilityError.unknownCode(let code):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("eligibility.error.unknown", ["code": code]))
        case let denied as AccessDenied:
            switch denied.verdict {
            case .allow: return nil
            case .signInRequired(let reason): return Problem(status: .unauthorized, title: l("error.signIn.title"), detail: l(reason))
            case .forbidden(let reason): return Problem(status: .forbidden, title: l("error.forbidden.title"), detail: l(reason))
            }
        case let account as AccountError:
            return account.problem(localizer: l)
        case let decision as DecisionError:
            return decision.problem(localizer: l)
        case let refusal as StepRefusal:
            return Problem(status: .conflict, title: l("step.error.title"), detail: l(refusal.reason))
        case is NotAForm:
            return Problem(status: .unsupportedMediaType, title: l("error.badRequest.title"), detail: l("error.notAForm"))
        case let throttled as SignInThrottled:
            return Problem(status: .tooManyRequests, title: l("error.busy.title"), detail: AccountPages.waitMessage(throttled.wait, l),
                           retryAfter: throttled.wait.seconds)
        case let busy as HashingBusy:
            return Problem(status: busy.addressAtLimit ? .tooManyRequests : .serviceUnavailable, title: l("error.busy.title"),
                           detail: l("login.busy"), retryAfter: busy.retryAfter)
        case let tooLarge as FileTooLarge:
            var problem = badRequest([FieldError(field: "file", reason: tooLarge.reason)], localizer: l)
            problem.status = .contentTooLarge
            problem.title = l("error.tooLarge.title")
            return problem
        case is DocumentFiles.Damaged:
            return Problem(status: .internalServerError, title: l("error.fileDamaged.title"), detail: l("error.fileDamaged"))
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, title: l("error.tooLarge.title"), detail: l("error.tooLarge"))
        case is DatabaseUnavailable:
            return Problem(status: .serviceUnavailable, title: l("error.unavailable.title"),
                           detail: l("error.unavailable"), retryAfter: 5)
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
                return Problem(status: serverError.httpStatus, title: l("error.badRequest.title"), detail: l("error.requestUnreadable"))
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
                return Problem(status: http.status, title: l("error.badRequest.title"), detail: l("error.requestUnreadable"))
            }
        default:
            return nil
        }
    }

    static func badRequest(_ errors: [FieldError], localizer l: Localizer) -> Problem {
        let worded = errors.map { FieldProblem(field: $0.field, reason: l($0.reason)) }
        let details = worded.map { "\($0.field): \($0.reason)" }.joined(separator: " ")
        return Problem(status: .badRequest, title: l("error.badRequest.title"), detail: l("error.badRequest", ["details": details]), errors: worded)
    }

    /// The parameter a decoding failure is about, and why.
    static func field(of error: DecodingError) -> FieldError {
        let context: DecodingError.Context
        let expected: String?
        switch error {
        case .typeMismatch(let type, let c): context = c; expected = String(describing: type)
        case .valueNotFound(let type, let c): context = c; expected = String(describing: type)
        case .keyNotFound(let key, _): return FieldError(field: key.stringValue, reason: Message("reason.required2"))
        case .dataCorrupted(let c): context = c; expected = nil
        @unknown default: return FieldError(field: "request", reason: Message("reason.couldRead"))
        }
        let name = context.codingPath.last?.stringValue ?? "request"
        let reason: Message
        switch expected {
        case "Int", "Int32", "Int64", "Swift.Int": reason = Message("reason.wholeNumber")
        case "Bool", "Swift.Bool": reason = Message("reason.trueOrFalse")
        default: reason = Message("reason.notAccepted")
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
        var errors: [FieldProblem]?
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
        case .noSuchUser, .noSuchGrant, .noSuchToken:
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l(message))
        case .emailTaken:
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l(message),
                           errors: [Problem.FieldProblem(field: "email", reason: l("reason.alreadyHasAccountUse"))])
        case .role(.alreadyHeld):
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l(message),
                           errors: [Problem.FieldProblem(field: "role", reason: l("reason.alreadyHeld"))])
        case .role:
            return Problem.badRequest([FieldError(field: "scope", reason: message)], localizer: l)
        case .lastAdministrator, .secondFactorAlreadyOn, .secondFactorNotStarted, .secondFactorOff, .secondFactorRequired:
            return Problem(status: .conflict, title: l("error.conflict.title"), detail: l(message))
        }
    }
}

extension DecisionError {
    /// The problem as a person reads it, naming the field at fault or the step that cannot be taken.
    func problem(localizer l: Localizer) -> Problem {
        func conflict(_ detail: String) -> Problem { Problem(status: .conflict, title: l("decision.error.title"), detail: detail) }
        func field(_ name: String, _ key: String, _ values: [String: Message.Value] = [:]) -> Problem {
            Problem.badRequest([FieldError(field: name, reason: Message(key, values))], localizer: l)
        }
        switch self {
        case .noSuchDecision(let id):
            return Problem(status: .notFound, title: l("error.notFound.title"), detail: l("error.notFound", ["entity": l("entity.decision"), "key": id]))
        case .notPossible(let step, let status):
            return conflict(l("decision.error.notPossible", ["step": l("decision.step.\(step.rawValue)"), "status": l("decision.status.\(status.rawValue)")]))
        case .effect(let error):
            return Problem.badRequest([FieldError(field: error.field, reason: error.reason)], localizer: l)
        case .invalid(let field):
            return Problem.badRequest([field], localizer: l)
        case .silenceRunning(let deadline):
            return conflict(l("decision.error.silenceRunning", ["deadline": l.instant(deadline)]))
        case .effectFailed(let error):
            return conflict(l("decision.error.effectFailed", ["reason": l(error.reason)]))
        case .meetingNotInSession(let meeting, let status):
            return conflict(l(status == .planned ? "decision.error.meetingNotInSession" : "decision.error.meetingOver",
                              ["meeting": meeting, "status": l("meeting.status.\(status.rawValue)")]))
        case .position(let error):
            switch error {
            case .notOpen(let status): return conflict(l("decision.error.notOpen", ["status": l("decision.status.\(status.rawValue)")]))
            case .notCurrentVersion(let current): return conflict(l("decision.error.notCurrentVersion", ["version": String(current)]))
            case .deadlinePassed(let deadline): return conflict(l("decision.error.deadlinePassed", ["deadline": l.instant(deadline)]))
            case .notAMemberState(let state): return field("state", "decision.error.notAMemberState", ["state": "\(state)"])
            case .reasonRequired: return field("reason", "decision.error.reasonRequired")
            case .reasonOnlyForObjection: return field("reason", "decision.error.reasonOnlyForObjection")
            case .statementOnlyWithoutObjection: return field("statement", "decision.error.statementOnlyWithoutObjection")
            case .statementKindRequired: return field("statementKind", "decision.error.statementKindRequired")
            case .statementTextRequired: return field("statement", "decision.error.statementTextRequired")
            }
        }
    }
}
