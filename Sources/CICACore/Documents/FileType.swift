/// The kinds of file the registry accepts, recognised by their content, never by their name or declared type alone.
public enum FileType: String, Codable, Sendable, CaseIterable {
    case pdf, docx, odt, text, png, jpeg

    /// The media type the file is served with.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .text: "text/plain; charset=utf-8"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// The file name endings that fit the type.
    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .docx: ["docx"]
        case .odt: ["odt"]
        case .text: ["txt", "text"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        }
    }

    /// The type a declared media type names (`image/jpeg; x=y` is `.jpeg`); nil for one that names none of them.
    public static func declared(_ mediaType: String) -> FileType? {
        let name = mediaType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if name == "image/jpg" || name == "image/pjpeg" { return .jpeg }
        return allCases.first { $0.mediaType.hasPrefix(name) && !name.isEmpty && ($0.mediaType == name || $0.mediaType.hasPrefix(name + ";")) }
    }

    /// How many bytes of the start of a file `detect` reads.
    public static let headLength = 96

    /// What a file is, from its first bytes (`headLength`), the entry names of its ZIP directory (for DOCX and ODT) and
    /// whether the whole file is UTF-8 text without control characters; nil when it is none of the accepted types.
    public static func detect(head: [UInt8], zipEntries: [String]?, isText: Bool) -> FileType? {
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]), let entries = zipEntries {
            // ODF: the first entry is an uncompressed `mimetype` holding the media type (ODF 1.2 part 3, 3.3).
            let odf = Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
            if head.count >= 30 + odf.count, Array(head[30..<(30 + odf.count)]) == odf, entries.contains("content.xml") { return .odt }
            if entries.contains("[Content_Types].xml"), entries.contains("word/document.xml") { return .docx }
            return nil
        }
        return isText && !head.isEmpty ? .text : nil
    }
}

/// Checks, a chunk at a time, that a byte stream is UTF-8 text: well-formed, with no control character (C0 or C1) but
/// tab, line feed, carriage return and form feed. Holds a few bytes of state, never the stream.
public struct TextCheck: Sendable {
    public private(set) var isText = true
    /// Continuation bytes still expected, and the range the next one must fall in.
    private var pending = 0
    private var nextLow: UInt8 = 0x80
    private var nextHigh: UInt8 = 0xBF

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        guard isText else { return }
        for byte in bytes {
            if pending > 0 {
                guard byte >= nextLow && byte <= nextHigh else { isText = false; return }
                pending -= 1
                nextLow = 0x80
                nextHigh = 0xBF
                continue
            }
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x20...0x7E: continue
            // U+0080–U+009F (C2 80–C2 9F) are control characters too.
            case 0xC2: pending = 1; nextLow = 0xA0
            case 0xC3...0xDF: pending = 1
            case 0xE0: pending = 2; nextLow = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: pending = 2
            case 0xED: pending = 2; nextHigh = 0x9F
            case 0xF0: pending = 3; nextLow = 0x90
            case 0xF1...0xF3: pending = 3
            case 0xF4: pending = 3; nextHigh = 0x8F
            default: isText = false; return
            }
        }
    }

    /// Whether the stream, now ended, was text (it may not end in the middle of a character).
    public var endedAsText: Bool { isText && pending == 0 }
}

/// Reads the entry names of a ZIP file's central directory, from the bytes at the end of the file and then the
/// directory itself, so that a DOCX or an ODT is recognised without reading the whole file.
public enum ZIPDirectory {
    /// How many bytes from the end of the file hold the end-of-central-directory record, whatever its comment.
    public static let tailLength = 22 + 65_535
    /// The largest directory read; a document's is a few kilobytes.
    public static let maximumDirectory = 1 << 20

    /// Where the central directory is (offset from the start of the file, size), from the file's last `tailLength` bytes.
    public static func locate(tail: [UInt8], fileSize: Int) -> (offset: Int, size: Int)? {
        guard tail.count >= 22 else { return nil }
        var index = tail.count - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
                let size = Int(le32(tail, index + 12)), offset = Int(le32(tail, index + 16))
                guard size <= maximumDirectory, offset + size <= fileSize else { return nil }
                return (offset, size)
            }
            index -= 1
        }
        return nil
    }

    /// The names of the entries of a central directory.
    public static func names(directory: [UInt8]) -> [String] {
        var names: [String] = []
        var index = 0
        while index + 46 <= directory.count, le32(directory, index) == 0x0201_4B50 {
            let nameLength = Int(le16(directory, index + 28)), extraLength = Int(le16(directory, index + 30)), commentLength = Int(le16(directory, index + 32))
            guard index + 46 + nameLength <= directory.count else { break }
            names.append(String(decoding: directory[(index + 46)..<(index + 46 + nameLength)], as: UTF8.self))
            index += 46 + nameLength + extraLength + commentLength
        }
        return names
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

/// A file larger than the configured limit: refused as it arrives, before it is kept.
public struct FileTooLarge: Error, Sendable, Equatable {
    public var limit: Int
    public init(limit: Int) { self.limit = limit }
    public var reason: Message { Message("reason.file.tooLarge", ["limit": .message(UploadRules.megabytes(limit))]) }
}
