import Testing
@testable import CICACore

@Suite("Paging")
struct PagingTests {
    @Test("limits and cursors as clients send them", arguments: [
        (nil as Int?, nil as String?, 50, nil as String?),
        (1, nil, 1, nil),
        (200, Cursor.encode("abc|kz"), 200, "abc|kz"),
    ])
    func accepted(limit: Int?, cursor: String?, expectedLimit: Int, expectedAfter: String?) throws {
        let page = try PageRequest.parse(limit: limit, cursor: cursor)
        #expect(page.limit == expectedLimit)
        #expect(page.after == expectedAfter)
    }

    @Test("bad limits and cursors are refused, naming the field", arguments: [
        (0 as Int?, nil as String?, ["limit"]),
        (201, nil, ["limit"]),
        (-5, nil, ["limit"]),
        (10, "not-a-cursor", ["cursor"]),
        (10, "djE6", []),
        (0, "%%%", ["limit", "cursor"]),
    ])
    func refused(limit: Int?, cursor: String?, fields: [String]) {
        do {
            _ = try PageRequest.parse(limit: limit, cursor: cursor)
            #expect(fields.isEmpty, "accepted")
        } catch {
            #expect(error.errors.map(\.field) == fields)
            #expect(error.errors.allSatisfy { !$0.reason.isEmpty })
        }
    }

    @Test("cursors round-trip any sort key, including non-ASCII text")
    func roundTrip() {
        for key in ["", "a|b", "turkiye|tr", "2022-10-12|summit-6", "Ü?/+="] {
            #expect(Cursor.decode(Cursor.encode(key)) == key)
        }
    }

    @Test("a page keeps the first `limit` rows and points after the last")
    func page() {
        let page = Page(fetched: ["a", "b", "c"], limit: 2, sortKey: { $0 })
        #expect(page.items == ["a", "b"])
        #expect(page.nextCursor.flatMap(Cursor.decode) == "b")
        #expect(Page(fetched: ["a", "b"], limit: 2, sortKey: { $0 }).nextCursor == nil)
    }

    @Test("sort keys fold names to lower-case ASCII", arguments: [
        ("Türkiye", "TR", "turkiye|tr"), ("Republic of Korea", "KR", "republic of korea|kr"), ("Çınar", "x", "cnar|x"),
    ])
    func sortKeys(name: String, id: String, expected: String) {
        #expect(SortKey.byName(name, id: id) == expected)
    }
}
