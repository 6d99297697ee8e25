import Crypto
import Foundation

/// Where a draft decision stands.
public enum DecisionStatus: String, Codable, Sendable, CaseIterable {
    /// Being drafted by the Secretariat; no positions yet.
    case drafting
    /// Tabled in a meeting or circulated under silence procedure: positions are taken.
    case open
    case adopted
    case notAdopted
    case withdrawn

    /// A closed decision never changes.
    public var isClosed: Bool { self == .adopted || self == .notAdopted || self == .withdrawn }
}

/// How a decision is taken.
public enum Procedure: Sendable, Equatable {
    /// In a meeting: the chair (the Secretariat on the chair's behalf) closes it.
    case inMeeting
    /// Circulated with a deadline: adopted at the deadline unless a Member State breaks silence by objecting.
    case silence(deadline: Date)

    public var kind: String {
        switch self {
        case .inMeeting: "inMeeting"
        case .silence: "silence"
        }
    }

    public var deadline: Date? {
        if case .silence(let deadline) = self { return deadline }
        return nil
    }
}

/// A Member State's position on a version.
public enum PositionKind: String, Codable, Sendable, CaseIterable {
    case joins, noObjection, objects
}

/// What a delegation not objecting may attach.
public enum StatementKind: String, Codable, Sendable, CaseIterable {
    case reservation, interpretativeStatement
}

/// One text version of a draft, identified by the SHA-256 of its canonical text.
public struct TextVersion: Sendable, Equatable {
    public var number: Int
    /// The language the text was drafted in (ISO 639-1).
    public var language: String
    /// The text in `language`, canonical.
    public var text: String
    /// The text in each other language it has, canonical.
    public var translations: [String: String]
    /// The hash of every language's text (`DecisionText.hash(texts:)`): a position on this version binds to all of them.
    public var textHash: String
    public var createdBy: String
    public var createdAt: Date
    /// The amendments folded into this version.
    public var folds: [String]

    public init(number: Int, text: String, language: String = "en", translations: [String: String] = [:], createdBy: String, createdAt: Date,
                folds: [String] = []) {
        self.number = number
        self.language = language
        self.text = DecisionText.canonical(text)
        self.translations = translations.filter { $0.key != language }.mapValues(DecisionText.canonical)
        self.textHash = DecisionText.hash(texts: self.translations.merging([language: text]) { _, original in original })
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.folds = folds
    }

    /// Every language's text, the original among them.
    public var texts: [String: String] { translations.merging([language: text]) { _, original in original } }

    /// The text in `language` if the version has it, else in the language it was drafted in.
    public func text(in wanted: String) -> (language: String, text: String) {
        if wanted != language, let translation = translations[wanted] { return (wanted, translation) }
        return (language, text)
    }
}

/// The canonical form of a decision's text, and its hash.
public enum DecisionText {
    /// The longest title a decision may have, in characters.
    public static let maximumTitle = 300

    /// Unicode NFC, line ends as LF, no trailing spaces on a line, no blank lines at either end.
    public static func canonical(_ text: String) -> String {
        let lines = text.precomposedStringWithCanonicalMapping
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
            .map { line in String(line.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()) }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// SHA-256 of the canonical text's UTF-8, hex.
    public static func hash(_ text: String) -> String {
        Hex.string(SHA256.hash(data: Data(canonical(text).utf8)))
    }

    /// The hash of a version's texts: a version in one language hashes its text alone (as every version did before
    /// versions had several); one in several, SHA-256 of the canonical JSON object language → canonical text, so that
    /// changing any language changes the hash.
    public static func hash(texts: [String: String]) -> String {
        if texts.count == 1, let only = texts.first { return hash(only.value) }
        return Hex.string(SHA256.hash(data: Data(CanonicalJSON.object(texts.mapValues { .string(canonical($0)) }).text.utf8)))
    }
}

/// The languages every decision's text must be in before it is put to the Member States: configuration, by default
/// English and Russian. The first is the one drafts are written in.
public struct WorkingLanguages: Sendable, Equatable {
    public let codes: [String]
    public var primary: String { codes[0] }

    public static let `default` = WorkingLanguages(unchecked: ["en", "ru"])
    /// English alone: a deployment (or a test) that works in one language.
    public static let english = WorkingLanguages(unchecked: ["en"])

    init(unchecked codes: [String]) { self.codes = codes }

    /// From a list like `en,ru`: two-letter lower-case codes, at least one, none twice.
    public init(_ list: String) throws(InvalidInput) {
        let codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !codes.isEmpty, Set(codes).count == codes.count,
              codes.allSatisfy({ $0.count == 2 && $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) } }) else {
            throw InvalidInput(field: "decisions.workingLanguages", reason: Message("reason.workingLanguages"))
        }
        self.codes = codes
    }

    public init(_ codes: [String]) throws(InvalidInput) { try self.init(codes.joined(separator: ",")) }

    /// Translations given with a draft or a revision: only into the other working languages, none empty.
    public func checkTranslations(_ translations: [String: String]) throws(DecisionError) -> [String: String] {
        var kept: [String: String] = [:]
        for (code, text) in translations {
            guard codes.dropFirst().contains(code) else {
                throw .invalid(FieldError(field: "text.\(code)", reason: Message("reason.notAWorkingLanguage", ["languages": "\(codes.dropFirst().joined(separator: ", "))"])))
            }
            let canonical = DecisionText.canonical(text)
            if !canonical.isEmpty { kept[code] = canonical }
        }
        return kept
    }

    /// The working languages a version has no text in.
    public func missing(in version: TextVersion) -> [String] { codes.filter { version.texts[$0] == nil } }

    /// A version is put to the Member States only with a text in every working language.
    public func check(_ version: TextVersion?) throws(DecisionError) {
        guard let version, let code = missing(in: version).first else { return }
        throw .invalid(FieldError(field: "text.\(code)", reason: Message("reason.textMissingInLanguage", ["language": "\(code)"])))
    }
}

/// A position as a delegation sends it: what the state says on which version, and its signature if any.
public struct PositionRequest: Sendable, Equatable {
    public var state: String
    public var version: Int
    public var kind: PositionKind
    public var statementKind: StatementKind?
    public var statement: String?
    public var reason: String?
    /// Ed25519 signature (base64) over `PositionStatement.signed(…)`, with the id of a key registered for the state.
    public var signature: String?
    public var keyId: String?

    public init(state: String, version: Int, kind: PositionKind, statementKind: StatementKind? = nil, statement: String? = nil, reason: String? = nil,
                signature: String? = nil, keyId: String? = nil) {
        self.state = state
        self.version = version
        self.kind = kind
        self.statementKind = statementKind
        self.statement = statement
        self.reason = reason
        self.signature = signature
        self.keyId = keyId
    }
}

/// A position as taken: what the delegation sent, by whom and when. The current one per (version, state)
/// counts; earlier ones stay as history. Reads through to the request (`position.kind`, `position.reason`).
@dynamicMemberLookup
public struct Position: Sendable, Equatable {
    public var request: PositionRequest
    public var actor: String
    public var takenAt: Date
    /// The accreditation of the delegate who took it (nil for positions recorded before delegations were).
    public var accreditation: String?

    public init(_ request: PositionRequest, actor: String, takenAt: Date, accreditation: String? = nil) {
        self.request = request
        self.actor = actor
        self.takenAt = takenAt
        self.accreditation = accreditation
    }

    public init(state: String, version: Int, kind: PositionKind, statementKind: StatementKind? = nil, statement: String? = nil,
                reason: String? = nil, actor: String, takenAt: Date, signature: String? = nil, keyId: String? = nil, accreditation: String? = nil) {
        self.init(PositionRequest(state: state, version: version, kind: kind, statementKind: statementKind, statement: statement, reason: reason,
                                  signature: signature, keyId: keyId),
                  actor: actor, takenAt: takenAt, accreditation: accreditation)
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<PositionRequest, Value>) -> Value {
        get { request[keyPath: keyPath] }
        set { request[keyPath: keyPath] = newValue }
    }
}

/// An amendment a delegation proposes to a version.
public struct Amendment: Sendable, Equatable {
    public var id: String
    public var state: String
    public var version: Int
    public var text: String
    public var rationale: String?
    public var proposedBy: String
    public var proposedAt: Date
    /// The version it was folded into, once the Secretariat accepted it.
    public var foldedInto: Int?

    public init(id: String, state: String, version: Int, text: String, rationale: String?, proposedBy: String, proposedAt: Date, foldedInto: Int? = nil) {
        self.id = id
        self.state = state
        self.version = version
        self.text = text
        self.rationale = rationale
        self.proposedBy = proposedBy
        self.proposedAt = proposedAt
        self.foldedInto = foldedInto
    }
}

/// A draft decision and where it stands.
public struct Decision: Sendable, Equatable {
    public var id: String
    /// CICA/SOC/DEC/2026/3.
    public var symbol: String
    public var title: String
    public var organ: String
    public var meeting: String?
    public var effectKind: String
    public var effectParameters: [String: String]
    /// Nil while drafting.
    public var procedure: Procedure?
    public var status: DecisionStatus
    public var currentVersion: Int
    /// The earlier draft this one takes up again (after silence was broken, for instance).
    public var continues: String?
    /// Taken before the platform existed, recorded from the sources.
    public var historical: Bool
    public var createdBy: String
    public var createdAt: Date
    public var openedAt: Date?
    public var closedAt: Date?
    public var closedBy: String?
    /// Why it ended as it did, worded when shown ("Silence broken by India.").
    public var outcomeNote: Message?
    /// Set when it should have closed but could not: it stays open until the Secretariat resolves it.
    public var attention: Attention?
    /// Under silence procedure: the Member States the circulation could not reach (no delegate accredited), which
    /// cannot be counted as silent.
    public var notNotified: [String]
    /// False for a historical decision whose organ the sources do not name: `organ` then only files it (the symbol, the
    /// organ's list) and is never shown as the organ that took it.
    public var organRecorded: Bool
    /// A historical decision's date at the precision the sources give ("2011"); nil for decisions taken on the platform.
    public var recordedDate: PartialDate?

    public init(id: String, symbol: String, title: String, organ: String, meeting: String?, effectKind: String, effectParameters: [String: String],
                procedure: Procedure?, status: DecisionStatus, currentVersion: Int, continues: String?, historical: Bool, createdBy: String,
                createdAt: Date, openedAt: Date?, closedAt: Date?, closedBy: String?, outcomeNote: Message?, attention: Attention? = nil,
                organRecorded: Bool = true, recordedDate: PartialDate? = nil, notNotified: [String] = []) {
        self.notNotified = notNotified
        self.attention = attention
        self.organRecorded = organRecorded
        self.recordedDate = recordedDate
        self.id = id
        self.symbol = symbol
        self.title = title
        self.organ = organ
        self.meeting = meeting
        self.effectKind = effectKind
        self.effectParameters = effectParameters
        self.procedure = procedure
        self.status = status
        self.currentVersion = currentVersion
        self.continues = continues
        self.historical = historical
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.outcomeNote = outcomeNote
    }

    /// The effect, read from its kind and parameters.
    public var effect: (any DecisionEffect)? { try? Effects.make(kind: effectKind, parameters: effectParameters) }
}

/// Why a decision whose silence procedure ended could not be closed: its effect no longer holds against the registry
/// (the state was admitted meanwhile, the area is gone). The closer leaves it open, marked, and goes on with the others;
/// the Secretariat resolves it (withdraws it, or closes it once the registry allows).
public struct Attention: Sendable, Equatable {
    public var reason: Message
    public var since: Date

    public init(reason: Message, since: Date) {
        self.reason = reason
        self.since = since
    }

    /// The effect could not be applied: `problem` names the parameter and the reason.
    public init(effectFailed problem: EffectError, at date: Date) {
        self.init(reason: Message("decision.attention.effectFailed", ["field": .text(problem.field), "reason": .message(problem.reason)]), since: date)
    }
}

/// How decisions are numbered: CICA/<organ>/DEC/<year>/<n>.
public enum DecisionSymbol {
    /// SOC, MC, SWG, SUMMIT: the short name itself when one word, else its initials.
    public static func abbreviation(_ shortName: String) -> String {
        let words = shortName.split(separator: " ")
        return words.count == 1 ? shortName.uppercased() : words.compactMap(\.first).map(String.init).joined().uppercased()
    }

    public static func make(organShortName: String, year: Int, number: Int) -> String {
        "CICA/\(abbreviation(organShortName))/DEC/\(year)/\(number)"
    }

    /// The next symbol of the organ in `year`, after those `given` already (of any organ).
    public static func next(organShortName: String, year: Int, given: [String]) -> String {
        let prefix = make(organShortName: organShortName, year: year, number: 0).dropLast()
        let numbers = given.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }
        return make(organShortName: organShortName, year: year, number: (numbers.max() ?? 0) + 1)
    }
}

/// The payload a delegation signs for a position: what it decides, not when or by whom it was sent.
public enum PositionStatement {
    public static func signed(decision: String, version: Int, textHash: String, state: String, kind: PositionKind,
                              statementKind: StatementKind?, statement: String?, reason: String?) -> CanonicalJSON {
        ["decision": .string(decision), "version": .int(version), "textHash": .string(textHash), "state": .string(state),
         "position": .string(kind.rawValue), "statementKind": .optional(statementKind?.rawValue), "statement": .optional(statement),
         "reason": .optional(reason)]
    }
}
