/// A sentence to show a person, kept as a key of the localization tables and the values it names, and worded in the
/// reader's language only when it is shown (`Localizer`). Rules, repositories and checks refuse with messages, never
/// with English text.
public struct Message: Sendable, Hashable, Codable, CustomStringConvertible {
    public var key: String
    public var values: [String: Value]
    /// For a sentence whose words depend on a number (CLDR plural rules): the number, also available as `{count}`.
    public var count: Int?

    public init(_ key: String, _ values: [String: Value] = [:], count: Int? = nil) {
        self.key = key
        self.values = values
        self.count = count
    }

    /// A value named in a message: text as it is (a code, a name, a number), another message to be worded too, or a
    /// country or priority area named in the reader's language.
    public enum Value: Sendable, Hashable, Codable, ExpressibleByStringInterpolation {
        case text(String)
        case message(Message)
        /// A country by its ISO code, shown by its name.
        case country(String)
        /// A priority area of the Catalogue by its slug, shown by its name.
        case priorityArea(String)
        /// An organ by its slug, shown by the name people call it ("Summit", "Senior Officials Committee").
        case organ(String)
        /// One of several: "A", "A or B", "A, B or C".
        case anyOf([Value])
        /// Each of several: "A", "A and B", "A, B and C".
        case allOf([Value])
        /// Text the dataset records in English, worded by a table's `term.<key>` when it has one.
        case term(String, recorded: String)
        /// A date at the precision known (ISO 8601: "2014-05"), written as the reader writes dates.
        case date(String)

        public init(stringLiteral value: String) { self = .text(value) }
        public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }
    }

    /// The message in English, for logs and for the few places that have no reader (a crash report).
    public var description: String { Localizer(.en)(self) }
}

/// The plural category of a number in a language, by CLDR's rules for whole numbers.
public enum PluralCategory: String, Sendable, CaseIterable {
    case one, few, many, other

    public static func of(_ n: Int, in language: Language) -> PluralCategory {
        let n = abs(n)
        switch language {
        case .en:
            return n == 1 ? .one : .other
        case .ru:
            // one: 1, 21, 31…; few: 2–4, 22–24…; many: 0, 5–20, 25–30…
            let mod10 = n % 10, mod100 = n % 100
            if mod10 == 1 && mod100 != 11 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .many
        }
    }

    /// The categories a language's table must give for each plural key.
    public static func used(by language: Language) -> [PluralCategory] {
        switch language {
        case .en: [.one, .other]
        case .ru: [.one, .few, .many]
        }
    }
}

extension Message {

    /// The message as stored in a text column: its canonical JSON.
    public var stored: String { CanonicalJSON(self).text }

    /// A message read back from a text column; text stored before messages were (plain English) is shown as it was written.
    public init(stored text: String) {
        if let json = CanonicalJSON(parsing: text), let message = Message(json) { self = message } else { self = Message("text.asRecorded", ["text": .text(text)]) }
    }

    /// The message as canonical JSON: `{"key": …, "values": {…}}`, nested messages as objects, `count` when it has one.
    init?(_ json: CanonicalJSON) {
        guard let key = json["key"]?.stringValue, case .object(let fields)? = json["values"] ?? .object([:]) else { return nil }
        var values: [String: Value] = [:]
        for (name, field) in fields {
            guard let value = Value(field) else { return nil }
            values[name] = value
        }
        self.init(key, values, count: json["count"]?.intValue)
    }
}

extension Message.Value {
    /// A value read from canonical JSON: a string, `{"country": …}`, `{"priorityArea": …}`, `{"organ": …}`, `{"anyOf": […]}`, `{"allOf": […]}`
    /// or a nested message.
    init?(_ json: CanonicalJSON) {
        if let text = json.stringValue {
            self = .text(text)
        } else if let code = json["country"]?.stringValue {
            self = .country(code)
        } else if let slug = json["priorityArea"]?.stringValue {
            self = .priorityArea(slug)
        } else if let slug = json["organ"]?.stringValue {
            self = .organ(slug)
        } else if let key = json["term"]?.stringValue, let recorded = json["recorded"]?.stringValue {
            self = .term(key, recorded: recorded)
        } else if let date = json["date"]?.stringValue {
            self = .date(date)
        } else if case .array(let items)? = json["anyOf"] ?? json["allOf"] {
            let values = items.compactMap(Message.Value.init)
            guard values.count == items.count else { return nil }
            self = json["anyOf"] != nil ? .anyOf(values) : .allOf(values)
        } else if let inner = Message(json) {
            self = .message(inner)
        } else {
            return nil
        }
    }
}

extension CanonicalJSON {
    /// A message as canonical JSON, for the record and for storage.
    public init(_ message: Message) {
        var fields: [String: CanonicalJSON] = ["key": .string(message.key)]
        fields["values"] = .object(message.values.mapValues(CanonicalJSON.init))
        if let count = message.count { fields["count"] = .int(count) }
        self = .object(fields)
    }

    /// A value of a message as canonical JSON.
    init(_ value: Message.Value) {
        switch value {
        case .text(let text): self = .string(text)
        case .message(let inner): self.init(inner)
        case .country(let code): self = .object(["country": .string(code)])
        case .priorityArea(let slug): self = .object(["priorityArea": .string(slug)])
        case .organ(let slug): self = .object(["organ": .string(slug)])
        case .anyOf(let items): self = .array(items.map(CanonicalJSON.init)).wrapped("anyOf")
        case .allOf(let items): self = .array(items.map(CanonicalJSON.init)).wrapped("allOf")
        case .term(let key, let recorded): self = .object(["term": .string(key), "recorded": .string(recorded)])
        case .date(let date): self = .object(["date": .string(date)])
        }
    }

    private func wrapped(_ name: String) -> CanonicalJSON { .object([name: self]) }
}
