import Foundation

/// An input that was refused, naming the field and what is wrong with it.
public struct FieldError: Error, Sendable, Equatable, Codable {
    /// The parameter or form field, as the caller named it (`limit`, `cursor`, `code`).
    public var field: String
    /// What is wrong and what to do instead, in a sentence (worded in the reader's language when shown).
    public var reason: Message

    public init(field: String, reason: Message) {
        self.field = field
        self.reason = reason
    }
}

/// Input that cannot be used, with every problem found; nothing was changed.
public struct InvalidInput: Error, Sendable, Equatable {
    public var errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(field: String, reason: Message) { self.errors = [FieldError(field: field, reason: reason)] }
}

/// A thing that was asked for by its key and does not exist.
public struct NotFound: Error, Sendable, Equatable {
    /// What kind of thing (`entity.memberState`: "Member State").
    public var entity: Message
    /// The key that was asked for.
    public var key: String
    /// Where to look instead, e.g. the list to pick from.
    public var hint: Message?
    /// The page that lists what there is, for a person to pick from (a path of the site).
    public var list: String?

    public init(entity: Message, key: String, hint: Message? = nil, list: String? = nil) {
        self.entity = entity
        self.key = key
        self.hint = hint
        self.list = list
    }
}

/// One page of a list: how many items and after which item, as a list request asks.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public var limit: Int
    /// The sort key of the last item of the previous page; nil for the first page.
    public var after: String?

    public init(limit: Int = PageRequest.defaultLimit, after: String? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Validates `limit` and `cursor` as a client sent them.
    public static func parse(limit: Int?, cursor: String?) throws(InvalidInput) -> PageRequest {
        var errors: [FieldError] = []
        let resolvedLimit = limit ?? defaultLimit
        if !(1...maximumLimit).contains(resolvedLimit) {
            errors.append(FieldError(field: "limit", reason: Message("reason.mustBetweenGot", ["maximumLimit": "\(maximumLimit)", "resolvedLimit": "\(resolvedLimit)"])))
        }
        var after: String?
        if let cursor {
            if let key = Cursor.decode(cursor) {
                after = key
            } else {
                errors.append(FieldError(field: "cursor", reason: Message("reason.cursorApiIssuedPass")))
            }
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        return PageRequest(limit: resolvedLimit, after: after)
    }
}

/// A page of a list and the cursor of the next page, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// Builds a page from up to `limit + 1` fetched rows: the extra row only tells that more follow.
    public init(fetched: [Item], limit: Int, sortKey: (Item) -> String) {
        if fetched.count > limit {
            items = Array(fetched.prefix(limit))
            nextCursor = Cursor.encode(sortKey(items[limit - 1]))
        } else {
            items = fetched
            nextCursor = nil
        }
    }

    public func map<T>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), nextCursor: nextCursor)
    }
}

/// The opaque cursor of keyset pagination: the last sort key, base64url-encoded with a version prefix.
public enum Cursor {
    private static let prefix = "v1:"

    public static func encode(_ sortKey: String) -> String {
        Data((prefix + sortKey).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard base64.count <= 1024 else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix(prefix) else { return nil }
        return String(text.dropFirst(prefix.count))
    }
}

/// Sort keys that order the same on SQLite and PostgreSQL: ASCII, lower case, then a unique id.
public enum SortKey {
    /// A name folded to lower-case ASCII ("Türkiye" → "turkiye"), then the id to make it unique.
    public static func byName(_ name: String, id: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
            .unicodeScalars.map { $0.isASCII ? String($0) : "" }.joined()
        return folded + "|" + id.lowercased()
    }

    /// A date's ISO text, then the id: "2022-10-12|summit-6". Unknown dates sort as year 0000, so they
    /// come last in newest-first lists.
    public static func byDate(_ date: PartialDate?, id: String) -> String {
        (date?.description ?? "0000") + "|" + id
    }
}

/// The limits the platform's inputs share: the contract (`openapi.yaml`, checked by a test), the pages' forms and the rules
/// all read them from here.
public enum Limits {
    /// Years a filter may name: from before CICA's first meeting to well after today.
    public static let years = 1990...2100
}

extension Page {
    /// Every item of a list, read page by page, each page as large as a list gives.
    public static func all(_ fetch: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        repeat {
            let page = try await fetch(try PageRequest.parse(limit: PageRequest.maximumLimit, cursor: cursor))
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return items
    }
}
