import Foundation

/// Decisions and declarations in Akoma Ntoso 3.0 (OASIS LegalDocML), one XML document per language version: the FRBR
/// work (the decision or declaration), its expression in that language, and the manifestation (this XML); the text as
/// paragraphs; for a decision, every Member State's current position on the final text and the statements attached.
///
/// Identifiers follow the Akoma Ntoso naming convention, with CICA as the author and `int` for the jurisdiction:
/// work `/akn/int/doc/decision/cica/2026-03-05/CICA-SOC-DEC-2026-1/!main`, expression `…/eng@`, manifestation `…/eng@.akn`.
public enum AkomaNtoso {
    public static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

    /// ISO 639-2 codes, which Akoma Ntoso uses for languages, for the registry's ISO 639-1 codes.
    public static let languages: [String: String] = [
        "en": "eng", "ru": "rus", "zh": "zho", "ar": "ara", "fr": "fra", "es": "spa", "kk": "kaz", "tr": "tur", "fa": "fas", "ko": "kor",
        "mn": "mon", "uz": "uzb", "ky": "kir", "tg": "tgk", "az": "aze", "vi": "vie", "th": "tha", "ur": "urd", "hi": "hin", "bn": "ben",
        "he": "heb", "km": "khm", "ps": "pus", "ta": "tam",
    ]

    /// A state's position as recorded.
    public struct PositionLine: Sendable, Equatable {
        public var state: String
        public var stateName: String
        public var option: Popolo.Option
        public var statementKind: StatementKind?
        public var statement: String?
        public var reason: String?
        public init(state: String, stateName: String, option: Popolo.Option, statementKind: StatementKind?, statement: String?, reason: String?) {
            self.state = state
            self.stateName = stateName
            self.option = option
            self.statementKind = statementKind
            self.statement = statement
            self.reason = reason
        }
    }

    /// One language version of a decision or declaration.
    public struct Act: Sendable {
        /// `decision`, or the registry's kind of document (`declaration`, `basicDocument`…): the `name` of the document and
        /// the subtype of the work.
        public var kind: String
        public var symbol: String
        public var title: String
        /// The language of this version (ISO 639-1), and the one the text was written in (the others translate it).
        public var language: String
        public var original: String
        /// The day of the work (adopted, or drafted), and the day of this expression.
        public var workDate: CivilDate
        public var workDateName: String
        public var expressionDate: CivilDate
        public var organ: String?
        public var organName: String?
        public var text: String
        public var positions: [PositionLine]
        public var status: String?

        public init(kind: String, symbol: String, title: String, language: String, original: String, workDate: CivilDate, workDateName: String,
                    expressionDate: CivilDate, organ: String?, organName: String?, text: String, positions: [PositionLine] = [], status: String? = nil) {
            self.kind = kind
            self.symbol = symbol
            self.title = title
            self.language = language
            self.original = original
            self.workDate = workDate
            self.workDateName = workDateName
            self.expressionDate = expressionDate
            self.organ = organ
            self.organName = organName
            self.text = text
            self.positions = positions
            self.status = status
        }
    }

    public static func language(_ code: String) -> String { languages[code] ?? code }

    /// The languages a decision's current text is in: the one it was drafted in, then its translations.
    public static func languages(of version: TextVersion) -> [String] {
        [version.language] + version.translations.keys.sorted().filter { $0 != version.language }
    }

    /// A decision in one of the languages of its current text (nil for a language it is not in). The work's day is the
    /// day it was adopted (closed), else the day the sources record, else the day it was drafted.
    public static func decision(_ d: Decision, version: TextVersion, language: String, positions: [Position], stateNames: [String: String],
                                organName: String?) -> Act? {
        guard let text = language == version.language ? version.text : version.translations[language] else { return nil }
        let work: (CivilDate, String)
        if let closed = d.closedAt, !d.historical {
            work = (CivilDate(closed), "closure")
        } else if let recorded = d.recordedDate {
            // Akoma Ntoso wants a day; a decision the sources date to the month or the year gets the first day of it, and
            // the date's name says how much of it is known.
            work = (CivilDate(year: recorded.year, month: recorded.month ?? 1, day: recorded.day ?? 1),
                    recorded.day != nil ? "adoption" : recorded.month != nil ? "adoption, month recorded" : "adoption, year recorded")
        } else {
            work = (CivilDate(d.createdAt), "drafting")
        }
        let current = ConsensusRule.current(positions, on: d.currentVersion).values.sorted { $0.state < $1.state }
        return Act(kind: "decision", symbol: d.symbol, title: d.title, language: language, original: version.language, workDate: work.0,
                   workDateName: work.1, expressionDate: CivilDate(version.createdAt), organ: d.organRecorded ? d.organ : nil,
                   organName: d.organRecorded ? organName : nil, text: text,
                   positions: current.map { p in
                       PositionLine(state: p.state, stateName: stateNames[p.state] ?? p.state, option: Popolo.Option(p.request),
                                    statementKind: p.statementKind, statement: p.statement, reason: p.reason)
                   },
                   status: d.status.rawValue)
    }

    /// The documents of the registry that are acts, and so have an Akoma Ntoso form: the basic documents (the Almaty Act,
    /// the rules of procedure), declarations, statements and decisions registered as documents.
    public static let documentKinds: Set<DocumentKind> = [.basicDocument, .declaration, .statement, .decision]

    /// A document that is an act, in one of its language versions (nil for another kind or a language it is not in). The
    /// work's day is the document's when the sources give it to the day, else the day its first version was registered;
    /// the original language is that of the first version.
    public static func document(_ document: Document, versions: [LanguageVersion], language: String, organName: String?) -> Act? {
        guard documentKinds.contains(document.kind), let version = versions.filter({ $0.language == language }).max(by: { $0.revision < $1.revision }),
              let first = versions.min(by: { ($0.createdAt, $0.revision) < ($1.createdAt, $1.revision) }) else { return nil }
        let work: (CivilDate, String)
        if let date = document.date, let month = date.month, let day = date.day {
            work = (CivilDate(year: date.year, month: month, day: day), "adoption")
        } else {
            work = (CivilDate(first.createdAt), "registration")
        }
        return Act(kind: document.kind.rawValue, symbol: document.symbol, title: version.title, language: language, original: first.language,
                   workDate: work.0, workDateName: work.1, expressionDate: CivilDate(version.createdAt), organ: document.organ,
                   organName: organName, text: version.text ?? "")
    }

    /// A symbol as one segment of an IRI: `/` and spaces become `-`.
    public static func segment(_ symbol: String) -> String {
        String(symbol.map { $0 == "/" || $0 == " " ? "-" : $0 })
    }

    /// The work's IRI (without `!main`).
    public static func work(_ act: Act) -> String {
        "/akn/int/doc/\(act.kind)/cica/\(act.workDate)/\(segment(act.symbol))"
    }

    public static func expression(_ act: Act) -> String { work(act) + "/\(language(act.language))@" }

    public static func xml(_ act: Act) -> String {
        var x = XMLText()
        let work = Self.work(act), expression = Self.expression(act), manifestation = expression + ".akn"
        let lang = language(act.language)
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        x.raw("<akomaNtoso xmlns=\"\(namespace)\">\n<doc name=\"\(act.kind)\">\n<meta>\n<identification source=\"#cica\">\n")
        x.raw("<FRBRWork>\n")
        x.empty("FRBRthis", ["value": work + "/!main"])
        x.empty("FRBRuri", ["value": work])
        x.empty("FRBRdate", ["date": act.workDate.description, "name": act.workDateName])
        x.empty("FRBRauthor", ["href": act.organ.map { "#\(organId($0))" } ?? "#cica"])
        x.empty("FRBRcountry", ["value": "int"])
        x.empty("FRBRsubtype", ["value": act.kind])
        x.empty("FRBRnumber", ["value": act.symbol])
        x.empty("FRBRname", ["value": act.title])
        x.raw("</FRBRWork>\n<FRBRExpression>\n")
        x.empty("FRBRthis", ["value": expression + "/!main"])
        x.empty("FRBRuri", ["value": expression])
        x.empty("FRBRdate", ["date": act.expressionDate.description, "name": "version"])
        x.empty("FRBRauthor", ["href": "#cica"])
        x.empty("FRBRlanguage", ["language": lang])
        if act.original != act.language {
            x.empty("FRBRtranslation", ["href": work + "/\(language(act.original))@", "fromLanguage": language(act.original), "by": "#cica"])
        }
        x.raw("</FRBRExpression>\n<FRBRManifestation>\n")
        x.empty("FRBRthis", ["value": manifestation + "/!main.xml"])
        x.empty("FRBRuri", ["value": manifestation])
        x.empty("FRBRdate", ["date": act.expressionDate.description, "name": "generation"])
        x.empty("FRBRauthor", ["href": "#cica"])
        x.empty("FRBRformat", ["value": "application/akn+xml"])
        x.raw("</FRBRManifestation>\n</identification>\n")
        x.raw("<references source=\"#cica\">\n")
        x.empty("TLCOrganization", ["eId": "cica", "href": "/ontology/organization/cica", "showAs": "CICA"])
        if let organ = act.organ {
            x.empty("TLCOrganization", ["eId": organId(organ), "href": "/ontology/organization/cica/\(organ)", "showAs": act.organName ?? organ])
        }
        for position in act.positions {
            x.empty("TLCOrganization", ["eId": stateId(position.state), "href": "/ontology/organization/\(position.state.lowercased())",
                                        "showAs": position.stateName])
        }
        x.raw("</references>\n</meta>\n<preface>\n<p>")
        x.element("docNumber", act.symbol)
        x.raw("</p>\n<p>")
        x.element("docTitle", act.title)
        x.raw("</p>\n")
        if let status = act.status {
            x.raw("<p>")
            x.element("docStatus", status)
            x.raw("</p>\n")
        }
        x.raw("</preface>\n<mainBody>\n")
        let paragraphs = act.text.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if paragraphs.isEmpty { x.raw("<p eId=\"para_1\"/>\n") }
        for (index, paragraph) in paragraphs.enumerated() {
            x.raw("<p eId=\"para_\(index + 1)\">")
            x.text(paragraph)
            x.raw("</p>\n")
        }
        x.raw("</mainBody>\n")
        if !act.positions.isEmpty {
            x.raw("<conclusions>\n<container name=\"positions\" eId=\"positions\">\n")
            for position in act.positions {
                x.raw("<p eId=\"position_\(position.state)\"><organization refersTo=\"#\(stateId(position.state))\">")
                x.text(position.stateName)
                x.raw("</organization>: ")
                x.text(position.option.rawValue)
                x.raw("</p>\n")
            }
            x.raw("</container>\n")
            let statements = act.positions.filter { $0.statement != nil || $0.reason != nil }
            if !statements.isEmpty {
                x.raw("<container name=\"statements\" eId=\"statements\">\n")
                for position in statements {
                    x.raw("<p eId=\"statement_\(position.state)\" class=\"\(position.statementKind?.rawValue ?? "reason")\"><organization refersTo=\"#\(stateId(position.state))\">")
                    x.text(position.stateName)
                    x.raw("</organization>: ")
                    x.text(position.statement ?? position.reason ?? "")
                    x.raw("</p>\n")
                }
                x.raw("</container>\n")
            }
            x.raw("</conclusions>\n")
        }
        x.raw("</doc>\n</akomaNtoso>\n")
        return x.text
    }

    static func organId(_ slug: String) -> String { "organ-\(slug)" }
    static func stateId(_ code: String) -> String { "state-\(code)" }
}

/// XML written by hand: text and attribute values escaped, element names from the code.
struct XMLText {
    private(set) var text = ""

    mutating func raw(_ markup: String) { text += markup }

    mutating func text(_ value: String) { text += Self.escape(value) }

    mutating func element(_ name: String, _ value: String) { text += "<\(name)>\(Self.escape(value))</\(name)>" }

    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        text += "<\(name)"
        for (key, value) in attributes { text += " \(key)=\"\(Self.escape(value))\"" }
        text += "/>\n"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Characters XML 1.0 cannot carry are left out (the platform refuses them at the door; this is a guard).
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
