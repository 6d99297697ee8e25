import Foundation

/// A document's fields as a form or the API sends them: text, checked by `DocumentRules` for both doors alike.
/// A blank field counts as an absent one.
public struct DocumentFields: Sendable, Equatable {
    public var title: String?
    public var kind: String?
    public var date: String?
    public var place: String?
    public var organ: String?
    public var meeting: String?
    public var decision: String?
    public var access: String?
    /// CICA's own symbol, when known; the platform assigns one otherwise.
    public var symbol: String?
    /// The language of the first language version (and of `title`).
    public var language: String?
    public var text: String?

    public init(title: String? = nil, kind: String? = nil, date: String? = nil, place: String? = nil, organ: String? = nil,
                meeting: String? = nil, decision: String? = nil, access: String? = nil, symbol: String? = nil,
                language: String? = nil, text: String? = nil) {
        self.title = given(title)
        self.kind = given(kind)
        self.date = given(date)
        self.place = given(place)
        self.organ = given(organ)
        self.meeting = given(meeting)
        self.decision = given(decision)
        self.access = given(access)
        self.symbol = given(symbol)
        self.language = given(language)
        // A text keeps its own spacing; only an all-blank one is absent.
        self.text = given(text) == nil ? nil : text
    }
}

/// What a registration is checked against: the organs, meetings and decisions there are, and the symbols taken.
public struct RegistryContext: Sendable {
    /// Organ slugs with the short name a symbol is made from.
    public var organs: [String: String]
    /// Meeting ids with their organ's slug.
    public var meetings: [String: String]
    /// Decision ids with their symbols.
    public var decisions: [String: String]
    /// Every symbol given to a document or a decision.
    public var taken: Set<String>

    public init(organs: [String: String], meetings: [String: String], decisions: [String: String], taken: Set<String>) {
        self.organs = organs
        self.meetings = meetings
        self.decisions = decisions
        self.taken = taken
    }
}

/// The languages a document may have versions in: two-letter ISO 639-1 codes, the working languages first.
public enum DocumentLanguage {
    /// CICA's working languages, the United Nations' other official languages and the Member States' languages.
    public static let codes = ["en", "ru", "zh", "ar", "fr", "es", "kk", "tr", "fa", "ko", "mn", "uz", "ky", "tg", "az", "vi", "th", "ur",
                               "hi", "bn", "he", "km", "ps", "ta"]

    public static func check(_ code: String?, field: String) throws(InvalidInput) -> String {
        guard let code = code?.lowercased(), codes.contains(code) else {
            throw InvalidInput(field: field, reason: Message("reason.document.language", ["codes": .text(codes.joined(separator: ", "))]))
        }
        return code
    }
}

/// A field as a form or the API sends it: trimmed, and nil when blank (a blank field counts as an absent one).
func given(_ text: String?) -> String? {
    guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
    return trimmed
}

/// Every problem of an input, collected so that a refusal names them all at once.
struct FieldErrors {
    var errors: [FieldError] = []

    /// The value `body` checks, or nil with its problems noted.
    mutating func attempt<T>(_ body: () throws(InvalidInput) -> T) -> T? {
        do { return try body() } catch { errors += error.errors; return nil }
    }
}

/// The registry's rules: what a document, a language version and a file must be. Pure: the store loads what they need,
/// calls them and writes what they return.
public enum DocumentRules {
    public static let maximumTitle = 500
    public static let maximumPlace = 200
    /// The longest text kept in the platform (characters); longer texts are uploaded as files.
    public static let maximumText = 400_000

    /// A new document, with its symbol, from the Secretariat's registration. Every problem is named at once.
    public static func register(_ fields: DocumentFields, id: String, context: RegistryContext) throws(InvalidInput) -> Document {
        var found = FieldErrors()
        let title = found.attempt { () throws(InvalidInput) in try self.title(fields.title, field: "title") }
        let kind = found.attempt { () throws(InvalidInput) in try self.kind(fields.kind) }
        let access = found.attempt { () throws(InvalidInput) in try self.access(fields.access) }
        let date = found.attempt { () throws(InvalidInput) in try self.date(fields.date) } ?? nil
        let place = found.attempt { () throws(InvalidInput) in try self.place(fields.place) } ?? nil
        _ = found.attempt { () throws(InvalidInput) in try DocumentLanguage.check(fields.language ?? "en", field: "language") }
        _ = found.attempt { () throws(InvalidInput) in try self.text(fields.text) }
        var organ = fields.organ
        if let slug = organ, context.organs[slug] == nil {
            found.errors.append(FieldError(field: "organ", reason: Message("reason.document.organ", ["organs": .text(context.organs.keys.sorted().joined(separator: ", "))])))
            organ = nil
        }
        if let meeting = fields.meeting {
            if let meetingOrgan = context.meetings[meeting] {
                if let organ, organ != meetingOrgan {
                    found.errors.append(FieldError(field: "organ", reason: Message("reason.document.organOfMeeting", ["organ": .organ(meetingOrgan)])))
                }
                organ = meetingOrgan
            } else {
                found.errors.append(FieldError(field: "meeting", reason: Message("reason.document.meeting", ["meeting": .text(meeting)])))
            }
        }
        // A decision is named by its symbol, as its page shows it (or by its id).
        var decision: String? = nil
        if let named = fields.decision {
            decision = context.decisions[named] != nil ? named : context.decisions.first { $0.value == named }?.key
            if decision == nil {
                found.errors.append(FieldError(field: "decision", reason: Message("reason.document.decision", ["decision": .text(named)])))
            }
        }
        let own = fields.symbol.flatMap { text in found.attempt { () throws(InvalidInput) in try DocumentSymbol.own(text, field: "symbol", taken: context.taken) } }
        guard found.errors.isEmpty, let title, let kind, let access else { throw InvalidInput(found.errors) }
        var document = Document(id: id, symbol: own ?? "", symbolAssigned: own == nil, title: title, kind: kind, date: date, dateNote: nil,
                                place: place, organ: organ, meeting: fields.meeting, decision: decision, access: access,
                                provenance: Provenance(confidence: .confirmed, sources: [], note: nil))
        if own == nil {
            document.symbol = DocumentSymbol.assign([document], organShortNames: context.organs, decisionSymbols: context.decisions,
                                                    taken: context.taken)[id] ?? ""
        }
        return document
    }

    /// A revision, corrigendum or addendum of `base`: a new document with the base's kind, organ, meeting and decision,
    /// its own title, date and access level, and the base's symbol with the next suffix.
    /// Without a date it is dated `today`, the day it is issued.
    public static func successor(of base: Document, relation text: String?, _ fields: DocumentFields, id: String, today: CivilDate,
                                 context: RegistryContext) throws(InvalidInput) -> Document {
        var found = FieldErrors()
        let relation = text.flatMap(SuccessorRelation.init(rawValue:))
        if relation == nil {
            found.errors.append(FieldError(field: "relation", reason: Message("reason.document.relation",
                                                                        ["relations": .text(SuccessorRelation.allCases.map(\.rawValue).joined(separator: ", "))])))
        }
        let title = found.attempt { () throws(InvalidInput) in try self.title(fields.title, field: "title") }
        let access = fields.access == nil ? base.access : found.attempt { () throws(InvalidInput) in try self.access(fields.access) }
        let date = found.attempt { () throws(InvalidInput) in try self.date(fields.date) } ?? nil
        let place = found.attempt { () throws(InvalidInput) in try self.place(fields.place) } ?? nil
        _ = found.attempt { () throws(InvalidInput) in try DocumentLanguage.check(fields.language ?? "en", field: "language") }
        _ = found.attempt { () throws(InvalidInput) in try self.text(fields.text) }
        guard found.errors.isEmpty, let relation, let title, let access else { throw InvalidInput(found.errors) }
        return Document(id: id, symbol: DocumentSymbol.successor(of: base.symbol, relation, taken: context.taken), symbolAssigned: base.symbolAssigned,
                        title: title, kind: base.kind, date: date ?? PartialDate(today), dateNote: nil,
                        // The place carries over only to readers of the same level: a public revision says nothing of a restricted original.
                        place: place ?? (access == base.access ? base.place : nil), organ: base.organ,
                        meeting: base.meeting, decision: base.decision, successorOf: base.id, relation: relation, access: access,
                        provenance: Provenance(confidence: .confirmed, sources: [], note: nil))
    }

    /// The document with what the Secretariat changed: its access level, date and place. The symbol, the kind and what
    /// it belongs to stay: a document that must say something else is revised (`successor`).
    public static func amend(_ document: Document, _ fields: DocumentFields) throws(InvalidInput) -> Document {
        var found = FieldErrors()
        var amended = document
        if fields.access != nil, let access = found.attempt({ () throws(InvalidInput) in try self.access(fields.access) }) { amended.access = access }
        // A field sent back as it was changes nothing (a date the sources word otherwise keeps their wording).
        if fields.date != nil, let date = found.attempt({ () throws(InvalidInput) in try self.date(fields.date) }), date != document.date {
            amended.date = date
            amended.dateNote = nil
        }
        if fields.place != nil, let place = found.attempt({ () throws(InvalidInput) in try self.place(fields.place) }) { amended.place = place }
        guard found.errors.isEmpty else { throw InvalidInput(found.errors) }
        guard amended != document else { throw InvalidInput(field: "access", reason: Message("reason.document.nothingChanged")) }
        return amended
    }

    /// The next revision of a language version: the new title, text or file, and what the previous revision had for the rest.
    /// A first version needs a title; a new file replaces the old one, which stays in the earlier revision.
    public static func version(language code: String?, title: String?, text: String?, file: StoredFile?, document: Document,
                               current: [LanguageVersion], by: String, now: Date) throws(InvalidInput) -> LanguageVersion {
        var found = FieldErrors()
        let language = found.attempt { () throws(InvalidInput) in try DocumentLanguage.check(code, field: "language") }
        let previous = language.flatMap { l in current.filter { $0.language == l }.max { $0.revision < $1.revision } }
        let title = title == nil ? previous?.title : found.attempt { () throws(InvalidInput) in try self.title(title, field: "title") }
        let text = text == nil ? previous?.text : found.attempt { () throws(InvalidInput) in try self.text(text) } ?? nil
        if title == nil, found.errors.isEmpty {
            found.errors.append(FieldError(field: "title", reason: Message("reason.document.versionTitle")))
        }
        if let previous, found.errors.isEmpty, title == previous.title, text == previous.text, file == nil || file == previous.file {
            found.errors.append(FieldError(field: "text", reason: Message("reason.document.nothingChanged")))
        }
        guard found.errors.isEmpty, let language, let title else { throw InvalidInput(found.errors) }
        return LanguageVersion(document: document.id, language: language, revision: (previous?.revision ?? 0) + 1, title: title, text: text,
                               file: file ?? previous?.file, createdAt: now, createdBy: by)
    }

    static func title(_ text: String?, field: String) throws(InvalidInput) -> String {
        guard let text else { throw InvalidInput(field: field, reason: Message("reason.document.titleMissing")) }
        guard text.count <= maximumTitle else { throw InvalidInput(field: field, reason: Message("reason.document.title", ["maximum": "\(maximumTitle)"])) }
        return text
    }

    static func kind(_ text: String?) throws(InvalidInput) -> DocumentKind {
        guard let kind = text.flatMap(DocumentKind.init(rawValue:)) else {
            throw InvalidInput(field: "kind", reason: Message("reason.document.kind",
                                                              ["kinds": .allOf(DocumentKind.allCases.map { .message(Message("document.kind.\($0.rawValue)")) })]))
        }
        return kind
    }

    static func access(_ text: String?) throws(InvalidInput) -> AccessLevel {
        guard let access = text.flatMap(AccessLevel.init(rawValue:)) else {
            throw InvalidInput(field: "access", reason: Message("reason.document.access"))
        }
        return access
    }

    static func date(_ text: String?) throws(InvalidInput) -> PartialDate? {
        guard let text else { return nil }
        guard let date = PartialDate(text), Limits.years.contains(date.year) else {
            throw InvalidInput(field: "date", reason: Message("reason.document.date", ["text": .text(text)]))
        }
        return date
    }

    static func place(_ text: String?) throws(InvalidInput) -> String? {
        guard let text else { return nil }
        guard text.count <= maximumPlace else { throw InvalidInput(field: "place", reason: Message("reason.document.place", ["maximum": "\(maximumPlace)"])) }
        return text
    }

    static func text(_ text: String?) throws(InvalidInput) -> String? {
        guard let text else { return nil }
        guard text.count <= maximumText else { throw InvalidInput(field: "text", reason: Message("reason.document.text", ["maximum": "\(maximumText)"])) }
        return text
    }
}

/// The rules for an uploaded file: its size, its type as its content shows, and its name.
public enum UploadRules {
    /// The default largest file: 50 MiB.
    public static let defaultLimit = 50 << 20
    /// The longest file name kept, in UTF-8 bytes (what file systems allow).
    public static let maximumFilename = 255

    /// The name to keep: the last part of what the browser sent (some send a whole path), trimmed; nil when unusable.
    public static func filename(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let name = last.trimmingCharacters(in: .whitespacesAndNewlines)
        // No control character at all, not even those texts may hold (tab, line breaks): a name is one line.
        guard !name.isEmpty, name != ".", name != "..", name.utf8.count <= maximumFilename,
              !name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }),
              StoredText.firstDirectionOverride(in: name) == nil else { return nil }
        return name
    }

    /// Refuses a file that is empty, of a type not accepted, or labelled as another type than its content
    /// (by its declared media type or by its name's ending); returns what it is.
    public static func check(size: Int, detected: FileType?, declared: String?, filename raw: String?) throws(InvalidInput) -> (FileType, String) {
        if size == 0 { throw InvalidInput(field: "file", reason: Message("reason.file.empty")) }
        guard let filename = filename(raw) else { throw InvalidInput(field: "filename", reason: Message("reason.file.name", ["maximum": "\(maximumFilename)"])) }
        let allowed = FileType.allCases.map { $0.extensions[0].uppercased() }.joined(separator: ", ")
        guard let detected else { throw InvalidInput(field: "file", reason: Message("reason.file.type", ["types": .text(allowed)])) }
        let what = detected.extensions[0].uppercased()
        // The name first: a browser declares the type its name's ending says.
        if let dot = filename.lastIndex(of: "."), filename.index(after: dot) < filename.endIndex {
            let ending = filename[filename.index(after: dot)...].lowercased()
            let known = FileType.allCases.flatMap(\.extensions)
            if known.contains(ending), !detected.extensions.contains(ending) {
                throw InvalidInput(field: "filename", reason: Message("reason.file.mislabelledName",
                                                                      ["ending": .text(ending), "detected": .text(what), "right": .text(detected.extensions[0])]))
            }
        }
        if let declared, mediaName(declared) != "application/octet-stream", FileType.declared(declared) != detected {
            throw InvalidInput(field: "file", reason: Message("reason.file.mislabelled", ["declared": .text(mediaName(declared)), "detected": .text(what)]))
        }
        // A name whose ending says nothing the platform knows (`update.bat`, `notes`) gets the ending of what the file is,
        // so that no download opens as something else on the reader's computer.
        let ending = filename.lastIndex(of: ".").map { filename[filename.index(after: $0)...].lowercased() }
        if !(ending.map(detected.extensions.contains) ?? false) {
            return (detected, filename + "." + detected.extensions[0])
        }
        return (detected, filename)
    }

    /// `50 MB`, as the limit is told to a person (in mebibytes, as it is set).
    public static func megabytes(_ bytes: Int) -> Message {
        Message("file.megabytes", ["count": .text(String(bytes >> 20))])
    }

    /// The two routes a file arrives by, whose bodies may be as large as a file: the API's
    /// `PUT /api/v1/documents/{id}/versions/{language}/file` and the document page's form `POST /documents/{id}/versions`.
    public static func isUpload(method: String, path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        switch method {
        case "PUT": return parts.count == 7 && Array(parts.prefix(3)) == ["api", "v1", "documents"] && parts[parts.startIndex + 4] == "versions" && parts.last == "file"
        case "POST": return parts.count == 3 && parts.first == "documents" && parts.last == "versions"
        default: return false
        }
    }

    static func mediaName(_ declared: String) -> String {
        declared.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}
