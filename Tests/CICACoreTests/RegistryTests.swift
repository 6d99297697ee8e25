import Foundation
import Testing
@testable import CICACore

@Suite("The registry's rules")
struct RegistryRulesTests {
    // MARK: Symbols

    @Test("a symbol counts within its organ, kind and year, after every symbol taken", arguments: [
        (["CICA/SOC/DEC/2025/1"], "CICA/SOC/DEC/2025/2"),
        (["CICA/SOC/DEC/2025/1", "CICA/SOC/DEC/2025/7/Rev.1", "CICA/SOC/DEC/2024/9"], "CICA/SOC/DEC/2025/8"),
        (["CICA/SOC/DEC/20251/3", "CICA/MC/DEC/2025/4"], "CICA/SOC/DEC/2025/1"),
        ([], "CICA/SOC/DEC/2025/1"),
    ])
    func numbering(taken: [String], expected: String) {
        #expect(DocumentSymbol.next(prefix: DocumentSymbol.prefix(organ: "SOC", kind: .decision, year: 2025), taken: taken) == expected)
    }

    @Test("the prefix leaves out an organ or a year it does not know")
    func prefixes() {
        #expect(DocumentSymbol.prefix(organ: "Ministerial Council", kind: .declaration, year: 2024) == "CICA/MC/DECL/2024/")
        #expect(DocumentSymbol.prefix(organ: nil, kind: .noteVerbale, year: 2026) == "CICA/NV/2026/")
        #expect(DocumentSymbol.prefix(organ: nil, kind: .basicDocument, year: nil) == "CICA/BD/")
    }

    @Test("revisions count from the original; corrigenda and addenda from the document they follow", arguments: [
        ("CICA/MC/DECL/2024/1", SuccessorRelation.revision, [String](), "CICA/MC/DECL/2024/1/Rev.1"),
        ("CICA/MC/DECL/2024/1/Rev.1", .revision, ["CICA/MC/DECL/2024/1/Rev.1"], "CICA/MC/DECL/2024/1/Rev.2"),
        ("CICA/MC/DECL/2024/1/Rev.1", .corrigendum, ["CICA/MC/DECL/2024/1/Corr.1"], "CICA/MC/DECL/2024/1/Rev.1/Corr.1"),
        ("CICA/MC/DECL/2024/1", .addendum, ["CICA/MC/DECL/2024/1/Add.1", "CICA/MC/DECL/2024/1/Add.2"], "CICA/MC/DECL/2024/1/Add.3"),
        ("CICA/MC/DECL/2024/1/Rev.2/Corr.1", .revision, ["CICA/MC/DECL/2024/1/Rev.2"], "CICA/MC/DECL/2024/1/Rev.3"),
    ])
    func successors(base: String, relation: SuccessorRelation, taken: [String], expected: String) {
        #expect(DocumentSymbol.successor(of: base, relation, taken: taken) == expected)
    }

    @Test("CICA's own symbol: printable, bounded, not taken", arguments: [
        ("CICA/SOC/2024/3", true), ("A/RES/62/1", true), ("", false), (" /CICA", false), ("CICA SOC 1", false), ("CICA/СВМДА/1", false),
        (String(repeating: "A", count: 101), false), ("CICA/MC/DECL/2024/1", false),
    ])
    func ownSymbols(text: String, accepted: Bool) {
        let result = Result { () throws(InvalidInput) in try DocumentSymbol.own(text, field: "symbol", taken: ["CICA/MC/DECL/2024/1"]) }
        #expect(((try? result.get()) != nil) == accepted)
    }

    @Test("the dataset is numbered in date order; a decision document takes its decision's symbol")
    func assignment() {
        func doc(_ id: String, _ date: String?, kind: DocumentKind = .declaration, organ: String? = "ministerial-council", decision: String? = nil) -> Document {
            Document(id: id, title: id, kind: kind, date: date.flatMap(PartialDate.init), dateNote: nil, place: nil, organ: organ, meeting: nil,
                     decision: decision, access: .public, provenance: Provenance(confidence: .confirmed, sources: []))
        }
        let symbols = DocumentSymbol.assign([doc("later", "2004-10-22"), doc("earlier", "2004-01-01"), doc("undated", nil, organ: nil),
                                             doc("adopted", "2025-03-01", kind: .decision, organ: "senior-officials-committee", decision: "d1")],
                                            organShortNames: ["ministerial-council": "Ministerial Council", "senior-officials-committee": "SOC"],
                                            decisionSymbols: ["d1": "CICA/SOC/DEC/2025/4"], taken: ["CICA/MC/DECL/2004/1"])
        #expect(symbols == ["earlier": "CICA/MC/DECL/2004/2", "later": "CICA/MC/DECL/2004/3", "undated": "CICA/DECL/1", "adopted": "CICA/SOC/DEC/2025/4"])
    }

    @Test("every document of the shipped dataset gets a symbol of its own")
    func shippedSymbols() throws {
        let dataset = try ReferenceDataset.shipped()
        let organOf = Dictionary(uniqueKeysWithValues: dataset.meetings.map { ($0.id, $0.organ) })
        let documents = dataset.documents.map { d in var d = d; d.organ = d.meeting.flatMap { organOf[$0] }; return d }
        let symbols = DocumentSymbol.assign(documents, organShortNames: Dictionary(uniqueKeysWithValues: dataset.organs.map { ($0.slug, $0.shortName) }),
                                            decisionSymbols: [:], taken: [])
        #expect(symbols.count == dataset.documents.count)
        #expect(Set(symbols.values).count == symbols.count)
        #expect(symbols["almaty-act-2002"] == "CICA/SUMMIT/BD/2002/1")
        #expect(symbols["declaration-on-principles-1999"] == "CICA/MC/BD/1999/1")
    }

    // MARK: Who reads what

    @Test("who reads which level", arguments: [
        (Principal.anonymous, [AccessLevel.public]),
        (Principal(userId: "a", roles: [.administrator]), [.public]),
        (Principal(userId: "o", roles: [.observer(observer: "JP")]), [.public]),
        (Principal(userId: "d", roles: [.delegate(state: "KZ")]), [.public, .memberStates]),
        (Principal(userId: "s", roles: [.secretariat]), [.public, .memberStates, .secretariat]),
        (Principal(userId: "n", roles: []), [.public]),
    ])
    func readership(principal: Principal, levels: [AccessLevel]) {
        #expect(Readership(principal).levels == levels)
        for level in AccessLevel.allCases { #expect(Readership(principal).mayRead(level) == levels.contains(level)) }
    }

    // MARK: Files

    /// A ZIP file with stored (uncompressed) entries, as a DOCX or an ODT is laid out.
    static func zip(_ entries: [(String, String)]) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xffff) + le16(v >> 16 & 0xffff) }
        var file: [UInt8] = [], directory: [UInt8] = []
        for (name, content) in entries {
            let offset = file.count, n = Array(name.utf8), c = Array(content.utf8)
            file += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(0) + le32(0) + le32(0) + le32(c.count) + le32(c.count) + le16(n.count) + le16(0) + n + c
            directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0) + le32(c.count) + le32(c.count)
                + le16(n.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + n
        }
        let start = file.count
        return file + directory + [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count) + le32(directory.count) + le32(start) + le16(0)
    }

    static func detect(_ bytes: [UInt8]) -> FileType? {
        var text = TextCheck()
        text.feed(bytes)
        var entries: [String]? = nil
        if let (offset, size) = ZIPDirectory.locate(tail: Array(bytes.suffix(ZIPDirectory.tailLength)), fileSize: bytes.count) {
            entries = ZIPDirectory.names(directory: Array(bytes[offset..<(offset + size)]))
        }
        return FileType.detect(head: Array(bytes.prefix(FileType.headLength)), zipEntries: entries, isText: text.endedAsText)
    }

    @Test("a file is what its content says", arguments: [
        (Array("%PDF-1.7\n%âãÏÓ\n".utf8), FileType?.some(.pdf)),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], .png),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 16], .jpeg),
        (zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]), .docx),
        (zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>")]), .odt),
        (zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")]), nil),
        (zip([("payload.exe", "MZ")]), nil),
        (Array("Алматинский акт\r\n\tText.\n".utf8), .text),
        ([0x4D, 0x5A, 0x90, 0x00], nil),
        ([], nil),
        ([0x41, 0x00, 0x42], nil),
    ])
    func detection(bytes: [UInt8], expected: FileType?) {
        #expect(Self.detect(bytes) == expected)
    }

    @Test("text is checked a chunk at a time, a character split between chunks included", arguments: [
        (["Алма", "ты"], true), (["\u{0410}"].map { $0 }, true), (["abc\u{7}"], false), (["caf", "é"], true),
    ])
    func textChunks(chunks: [String], isText: Bool) {
        var check = TextCheck()
        for chunk in chunks { check.feed(Array(chunk.utf8)) }
        #expect(check.endedAsText == isText)
        // The same bytes split one at a time.
        var bytewise = TextCheck()
        for byte in chunks.joined().utf8 { bytewise.feed([byte]) }
        #expect(bytewise.endedAsText == isText)
    }

    @Test("malformed UTF-8 and C1 controls are not text",
          arguments: [[0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x28, 0xA1], [0xFF], [0x61, 0xC2, 0x85]] as [[UInt8]])
    func malformed(bytes: [UInt8]) {
        var check = TextCheck()
        check.feed(bytes)
        #expect(!check.endedAsText)
    }

    @Test("an upload is refused, naming the field and the reason, when it is empty, unknown or mislabelled", arguments: [
        (0, FileType?.some(.pdf), String?.none, "a.pdf", "file", "reason.file.empty") as (Int, FileType?, String?, String, String, String),
        (10, nil, nil, "a.exe", "file", "reason.file.type"),
        (10, .png, "application/pdf", "scan.png", "file", "reason.file.mislabelled"),
        (10, .png, "image/png", "scan.pdf", "filename", "reason.file.mislabelledName"),
        (10, .png, nil, "", "filename", "reason.file.name"),
        (10, .png, nil, "../..", "filename", "reason.file.name"),
        (10, .png, nil, "x\r\n9999 FORGED.png", "filename", "reason.file.name"),
        (10, .png, nil, "tab\there.png", "filename", "reason.file.name"),
    ])
    func refusals(size: Int, detected: FileType?, declared: String?, filename: String, field: String, key: String) {
        #expect(throws: InvalidInput(field: field, reason: Self.reason(key, detected: detected, declared: declared, filename: filename))) {
            try UploadRules.check(size: size, detected: detected, declared: declared, filename: filename)
        }
    }

    static func reason(_ key: String, detected: FileType?, declared: String?, filename: String) -> Message {
        switch key {
        case "reason.file.type": Message(key, ["types": "PDF, DOCX, ODT, TXT, PNG, JPG"])
        case "reason.file.mislabelled": Message(key, ["declared": .text(declared ?? ""), "detected": "PNG"])
        case "reason.file.mislabelledName": Message(key, ["ending": "pdf", "detected": "PNG", "right": "png"])
        case "reason.file.name": Message(key, ["maximum": "255"])
        default: Message(key)
        }
    }

    @Test("an upload is accepted as what it is: a generic type, a path sent as its name, an unknown ending", arguments: [
        (FileType.pdf, String?.some("application/octet-stream"), "C:\\Scans\\Акт.pdf", "Акт.pdf"),
        (.jpeg, "image/jpg", "photo.JPEG", "photo.JPEG"),
        (.text, "text/plain; charset=utf-8", "notes", "notes.txt"),
        (.text, "application/octet-stream", "update.bat", "update.bat.txt"),
        (.pdf, "application/pdf", "report.pdf.js", "report.pdf.js.pdf"),
        (.docx, nil, "report.final.v2.docx", "report.final.v2.docx"),
    ])
    func accepted(type: FileType, declared: String?, filename: String, kept: String) throws {
        let (detected, name) = try UploadRules.check(size: 10, detected: type, declared: declared, filename: filename)
        #expect(detected == type && name == kept)
    }

    @Test("only the two file routes take a file's size", arguments: [
        ("PUT", "/api/v1/documents/almaty-act-2002/versions/ru/file", true), ("POST", "/documents/almaty-act-2002/versions", true),
        ("POST", "/api/v1/documents/almaty-act-2002/versions/ru/file", false), ("PUT", "/api/v1/documents/x/versions/ru", false),
        ("POST", "/documents/new", false), ("POST", "/documents/a/b/versions", false), ("GET", "/documents/a/versions", false),
    ])
    func uploadRoutes(method: String, path: String, upload: Bool) {
        #expect(UploadRules.isUpload(method: method, path: path) == upload)
    }

    @Test("Content-Disposition: a form part's name read in any script, a download's name written for every client")
    func contentDisposition() {
        #expect(ContentDisposition.parameters(#"form-data; name="file"; filename="Алматинский акт.pdf""#)
                == ["name": "file", "filename": "Алматинский акт.pdf"])
        #expect(ContentDisposition.parameters(#"form-data; name="a;b"; filename="x\"y.txt""#) == ["name": "a;b", "filename": "x\"y.txt"])
        #expect(ContentDisposition.parameters("attachment; filename=\"a.pdf\"; filename*=UTF-8''%D0%90%D0%BA%D1%82.pdf")["filename"] == "Акт.pdf")
        let header = ContentDisposition.attachment(filename: "Алматинский акт \"2002\".pdf")
        #expect(header == "attachment; filename=\"___________ ___ _2002_.pdf\"; filename*=UTF-8''%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9%20%D0%B0%D0%BA%D1%82%20%222002%22.pdf")
        #expect(ContentDisposition.parameters(header)["filename"] == "Алматинский акт \"2002\".pdf")
    }

    // MARK: Registration and versions

    static let context = RegistryContext(organs: ["summit": "Summit", "senior-officials-committee": "SOC"], meetings: ["summit-6": "summit"],
                                         decisions: ["d1": "CICA/SOC/DEC/2025/1"], taken: ["CICA/SUMMIT/STAT/2022/1", "CICA/SOC/DEC/2025/1"])

    @Test("a registration names every problem at once, and changes nothing")
    func registrationRefused() {
        let fields = DocumentFields(title: " ", kind: "memo", date: "2022-13", organ: "senior-officials-committee", meeting: "summit-6", decision: "nope",
                                    access: "everyone", symbol: "CICA/SOC/DEC/2025/1", language: "xx")
        #expect(throws: InvalidInput.self) { try DocumentRules.register(fields, id: "x", context: Self.context) }
        do {
            _ = try DocumentRules.register(fields, id: "x", context: Self.context)
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["title", "kind", "date", "organ", "decision", "access", "symbol", "language"])
        }
    }

    @Test("a registration takes the meeting's organ and the next symbol")
    func registration() throws {
        let document = try DocumentRules.register(DocumentFields(title: "Statement", kind: "statement", date: "2022-10-13", meeting: "summit-6",
                                                                 access: "memberStates"), id: "x", context: Self.context)
        #expect(document.organ == "summit" && document.symbol == "CICA/SUMMIT/STAT/2022/2" && document.symbolAssigned)
        let own = try DocumentRules.register(DocumentFields(title: "Note", kind: "noteVerbale", access: "public", symbol: "CICA/NV/2025/77"),
                                             id: "y", context: Self.context)
        #expect(own.symbol == "CICA/NV/2025/77" && !own.symbolAssigned)
    }

    @Test("a language version's revisions carry over what they do not change")
    func versions() throws {
        let document = Document(id: "d", symbol: "CICA/BD/1", title: "Act", kind: .basicDocument, date: nil, dateNote: nil, place: nil, meeting: nil,
                                access: .public, provenance: Provenance(confidence: .confirmed, sources: []))
        let now = Date(timeIntervalSince1970: 0)
        #expect(throws: InvalidInput(field: "title", reason: Message("reason.document.versionTitle"))) {
            try DocumentRules.version(language: "ru", title: nil, text: "Текст", file: nil, document: document, current: [], by: "s", now: now)
        }
        let first = try DocumentRules.version(language: "ru", title: "Акт", text: nil, file: nil, document: document, current: [], by: "s", now: now)
        let file = StoredFile(sha256: String(repeating: "a", count: 64), size: 3, type: .pdf, filename: "Акт.pdf")
        let second = try DocumentRules.version(language: "ru", title: nil, text: nil, file: file, document: document, current: [first], by: "s", now: now)
        #expect(second.revision == 2 && second.title == "Акт" && second.file == file)
        let third = try DocumentRules.version(language: "ru", title: nil, text: "Текст", file: nil, document: document, current: [first, second], by: "s", now: now)
        #expect(third.revision == 3 && third.file == file && third.text == "Текст")
        #expect(throws: InvalidInput(field: "text", reason: Message("reason.document.nothingChanged"))) {
            try DocumentRules.version(language: "ru", title: "Акт", text: "Текст", file: file, document: document, current: [first, second, third], by: "s", now: now)
        }
        #expect(throws: InvalidInput.self) {
            try DocumentRules.version(language: "klingon", title: "Act", text: nil, file: nil, document: document, current: [], by: "s", now: now)
        }
    }

    @Test("names kept in decisions recorded before the registry still read", arguments: [
        ("politicalDeclaration", DocumentKind.declaration), ("regulations", .rules), ("guidelines", .rules), ("report", .report),
    ])
    func legacyKinds(name: String, kind: DocumentKind) {
        #expect(DocumentKind.named(name) == kind)
    }
}

@Suite("CSV")
struct CSVTableTests {
    @Test("a field with a line break of any kind is quoted, so it cannot start a row of its own; a formula is defused", arguments: [
        ("x\r\n9999 FORGED", "\"x\r\n9999 FORGED\""), ("x\n1", "\"x\n1\""), ("x\r1", "\"x\r1\""), ("a,b", "\"a,b\""), ("plain", "plain"),
        ("say \"hi\"", "\"say \"\"hi\"\"\""), ("=1+1", "\"'=1+1\""), ("+7 (727)", "\"'+7 (727)\""), ("-2", "\"'-2\""), ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\t=1", "\"'\t=1\""), ("\r=1", "\"'\r=1\""), ("a=1", "a=1"), ("", ""), ("Алматы", "Алматы"),
        // A quotation mark a combining mark follows is doubled too: it must not close the field and start a cell.
        ("made\"\u{301},=2+3", "\"made\"\"\u{301},=2+3\""), ("x\"\u{20DD}", "\"x\"\"\u{20DD}\""),
    ])
    func quoting(text: String, field: String) {
        #expect(CSVTable.field(text) == field)
    }

    @Test("a table: the header, a row per record, CRLF after every line")
    func table() {
        #expect(CSVTable(header: ["code", "name"], rows: [["KZ", "Kazakhstan"], ["CN", "China, People's Republic"]]).text
                == "code,name\r\nKZ,Kazakhstan\r\nCN,\"China, People's Republic\"\r\n")
        #expect(CSVTable(header: ["a"]).text == "a\r\n")
    }
}
