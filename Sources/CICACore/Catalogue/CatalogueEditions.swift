import Foundation

/// An edition of the Catalogue of CBMs: a registry document of the kind `catalogueEdition` (the Catalogue adopted in
/// 2004; its update of 2021), with the day it was adopted.
public struct CatalogueEdition: Sendable, Equatable {
    /// The registry document's id.
    public var id: String
    public var symbol: String
    public var title: String
    public var adopted: PartialDate
    /// Who may read the edition's document; only a public edition can be in force.
    public var access: AccessLevel

    public init(id: String, symbol: String, title: String, adopted: PartialDate, access: AccessLevel = .public) {
        self.id = id
        self.symbol = symbol
        self.title = title
        self.adopted = adopted
        self.access = access
    }
}

/// A measure of an edition of the Catalogue, entered by the Secretariat: its number in the edition, its dimension (and
/// priority area, where it belongs to one), what it is and how it is implemented.
public struct CatalogueMeasure: Sendable, Equatable {
    public var edition: String
    /// Its number in the edition (`2.1`); a later edition's measure with the same number is the same measure, changed
    /// or not.
    public var number: String
    public var dimension: String
    public var priorityArea: String?
    public var title: String
    public var description: String
    public var procedure: String?
    public var recorded: Stamp

    public init(edition: String, number: String, dimension: String, priorityArea: String?, title: String, description: String, procedure: String?,
                recorded: Stamp) {
        self.edition = edition
        self.number = number
        self.dimension = dimension
        self.priorityArea = priorityArea
        self.title = title
        self.description = description
        self.procedure = procedure
        self.recorded = recorded
    }

    /// What a comparison looks at: everything but when and by whom it was entered.
    var content: [String: String] {
        ["dimension": dimension, "priorityArea": priorityArea ?? "", "title": title, "description": description, "procedure": procedure ?? ""]
    }
}

/// A measure as a form or the API sends it; a blank field counts as an absent one. On a change, an absent field keeps
/// its value, and an empty priority area or procedure clears it.
public struct MeasureFields: Sendable, Equatable {
    public var number: String?
    public var dimension: String?
    public var priorityArea: String?
    public var title: String?
    public var description: String?
    public var procedure: String?

    public init(number: String? = nil, dimension: String? = nil, priorityArea: String? = nil, title: String? = nil, description: String? = nil,
                procedure: String? = nil) {
        self.number = given(number)
        self.dimension = given(dimension)
        self.priorityArea = priorityArea?.trimmingCharacters(in: .whitespaces)
        self.title = given(title)
        self.description = given(description)
        self.procedure = procedure
    }
}

/// What changed between two editions: measures added, removed and changed (field by field), matched by number.
public struct EditionComparison: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var number: String
        /// The fields that changed (`title`, `description`, `procedure`, `dimension`, `priorityArea`), in that order.
        public var fields: [String]
        public var before: CatalogueMeasure
        public var after: CatalogueMeasure
    }
    public var added: [CatalogueMeasure]
    public var removed: [CatalogueMeasure]
    public var changed: [Change]
    public var unchanged: [CatalogueMeasure]
}

/// The Catalogue's editions and measures: which edition is in force, what a measure must be, and what changed between
/// editions. Pure: the store loads what they need, calls them and writes what they return.
public enum CatalogueRules {
    public static let maximumTitle = 300
    public static let maximumDescription = 20_000
    public static let maximumMeasures = 500

    /// The edition in force on a day: the last public edition adopted on or before it (an edition adopted in a month
    /// counts from its first day). An edition not yet published to everyone is not in force, so that every reader is
    /// told the same edition, and none is told of one they may not read.
    public static func inForce(_ editions: [CatalogueEdition], today: CivilDate) -> CatalogueEdition? {
        editions.filter { $0.access == .public && $0.adopted.earliest <= today }.max { $0.adopted < $1.adopted }
    }

    /// Editions oldest first.
    public static func ordered(_ editions: [CatalogueEdition]) -> [CatalogueEdition] {
        editions.sorted { ($0.adopted, $0.id) < ($1.adopted, $1.id) }
    }

    /// What a measure is checked against: the dimensions, the priority areas and their dimensions, and the numbers the
    /// edition already uses.
    public struct Context: Sendable {
        public var dimensions: Set<String>
        /// Priority area slug → its dimension.
        public var areas: [String: String]
        public var numbersTaken: Set<String>
        public var measureCount: Int
        public init(dimensions: Set<String>, areas: [String: String], numbersTaken: Set<String>, measureCount: Int) {
            self.dimensions = dimensions
            self.areas = areas
            self.numbersTaken = numbersTaken
            self.measureCount = measureCount
        }
    }

    /// A measure's number: one to four groups of one to three digits, separated by dots (`2`, `2.1`, `3.4.1`), none
    /// with a leading zero (so that `01.1` is not a second `1.1`).
    public static func isNumber(_ text: String) -> Bool {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...4).contains(groups.count) && groups.allSatisfy {
            (1...3).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } && ($0.count == 1 || $0.first != "0")
        }
    }

    /// A new measure of `edition`, or `existing` changed, from the fields; every problem named at once. The number of a
    /// measure does not change (it is how editions are compared).
    public static func measure(_ fields: MeasureFields, existing: CatalogueMeasure? = nil, edition: String, context: Context,
                               stamp: Stamp) throws(InvalidInput) -> CatalogueMeasure {
        var found = FieldErrors()
        var number = existing?.number
        if existing == nil {
            if let text = fields.number, isNumber(text) {
                if context.numbersTaken.contains(text) {
                    found.errors.append(FieldError(field: "number", reason: Message("reason.measure.numberTaken", ["number": .text(text)])))
                } else {
                    number = text
                }
                if context.measureCount >= maximumMeasures {
                    found.errors.append(FieldError(field: "number", reason: Message("reason.measure.tooMany", ["maximum": "\(maximumMeasures)"])))
                }
            } else {
                found.errors.append(FieldError(field: "number", reason: Message("reason.measure.number")))
            }
        } else if let text = fields.number, text != existing?.number {
            found.errors.append(FieldError(field: "number", reason: Message("reason.measure.numberFixed")))
        }
        let dimension = fields.dimension ?? existing?.dimension
        if dimension == nil || !context.dimensions.contains(dimension ?? "") {
            found.errors.append(FieldError(field: "dimension", reason: Message("reason.measure.dimension",
                                                                               ["dimensions": .text(context.dimensions.sorted().joined(separator: ", "))])))
        }
        var area = existing?.priorityArea
        if let text = fields.priorityArea { area = text.isEmpty ? nil : text }
        if let slug = area {
            if let of = context.areas[slug] {
                if let dimension, of != dimension {
                    found.errors.append(FieldError(field: "priorityArea", reason: Message("reason.measure.areaDimension", ["area": .priorityArea(slug)])))
                }
            } else {
                found.errors.append(FieldError(field: "priorityArea", reason: Message("reason.measure.area", ["area": .text(slug)])))
            }
        }
        let title = found.attempt { () throws(InvalidInput) in
            try MeetingRules.text(fields.title ?? existing?.title, field: "title", maximum: maximumTitle, required: true)
        } ?? nil
        let description = found.attempt { () throws(InvalidInput) in
            try MeetingRules.text(fields.description ?? existing?.description, field: "description", maximum: maximumDescription, required: true, multiline: true)
        } ?? nil
        let procedure: String?? = fields.procedure == nil ? .some(existing?.procedure) : found.attempt { () throws(InvalidInput) in
            try MeetingRules.text(fields.procedure, field: "procedure", maximum: maximumDescription, required: false, multiline: true)
        }
        guard found.errors.isEmpty, let number, let dimension, let title, let description, let procedure else { throw InvalidInput(found.errors) }
        let measure = CatalogueMeasure(edition: edition, number: number, dimension: dimension, priorityArea: area, title: title, description: description,
                                       procedure: procedure, recorded: existing?.recorded ?? stamp)
        if let existing, measure == existing { throw InvalidInput(field: "title", reason: Message("reason.measure.nothingChanged")) }
        return measure
    }

    /// The two editions to compare, named by id in `from` and `to`: by default the last edition and the one before it.
    public static func compared(_ editions: [CatalogueEdition], from: String?, to: String?) throws(InvalidInput)
        -> (from: CatalogueEdition?, to: CatalogueEdition?) {
        let ordered = ordered(editions)
        func find(_ id: String?, field: String, fallback: CatalogueEdition?) throws(InvalidInput) -> CatalogueEdition? {
            guard let id = given(id) else { return fallback }
            guard let e = ordered.first(where: { $0.id == id }) else {
                throw InvalidInput(field: field, reason: Message("reason.edition.unknown", ["id": .text(id)]))
            }
            return e
        }
        return (try find(from, field: "from", fallback: ordered.dropLast().last), try find(to, field: "to", fallback: ordered.last))
    }

    /// Orders measure numbers as numbers: `2.10` after `2.9`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        return x.lexicographicallyPrecedes(y)
    }

    /// What changed from the measures of one edition to those of another, each list in number order.
    public static func compare(from old: [CatalogueMeasure], to new: [CatalogueMeasure]) -> EditionComparison {
        let before = Dictionary(old.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let order = ["title", "description", "procedure", "dimension", "priorityArea"]
        var result = EditionComparison(added: [], removed: [], changed: [], unchanged: [])
        for number in Set(before.keys).union(after.keys).sorted(by: precedes) {
            switch (before[number], after[number]) {
            case (nil, let a?): result.added.append(a)
            case (let b?, nil): result.removed.append(b)
            case (let b?, let a?):
                let fields = order.filter { b.content[$0] != a.content[$0] }
                if fields.isEmpty { result.unchanged.append(a) } else { result.changed.append(.init(number: number, fields: fields, before: b, after: a)) }
            case (nil, nil): break
            }
        }
        return result
    }
}
