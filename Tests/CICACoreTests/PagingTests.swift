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
            #expect(error.errors.allSatisfy { !$0.reason.description.isEmpty })
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

@Suite("Stored text")
struct StoredTextTests {
    @Test("control characters are refused, naming the character and where it is", arguments: [
        ("\u{0}", "U+0000", 1), ("a\u{0}b", "U+0000", 2), ("Astana\u{1}", "U+0001", 7), ("x\u{1B}[0m", "U+001B", 2),
        ("\u{7F}", "U+007F", 1), ("né\u{85}", "U+0085", 3), ("\u{9F}", "U+009F", 1),
    ])
    func refused(value: String, codePoint: String, position: Int) throws {
        let problem = try #require(StoredText.problem(field: "title", value: value))
        #expect(problem.field == "title")
        #expect(problem.reason.description.contains(codePoint))
        #expect(problem.reason.description.contains("position \(position)"))
    }

    @Test("text, line breaks, tabs and every script are accepted", arguments: [
        "", "Astana", "Concept paper\n\nSecond paragraph\r\n", "a\tb", "Совещание министров", "亚洲相互协作与信任措施会议",
        "مؤتمر", "emoji 🕊️", "\u{A0}non-breaking", "\u{200B}zero width",
    ])
    func accepted(value: String) {
        #expect(StoredText.problem(field: "text", value: value) == nil)
    }
}
