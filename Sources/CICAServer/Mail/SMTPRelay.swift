import Foundation
import NIOCore
import NIOPosix
import CICACore
import CICAStore

/// The SMTP server the operator hands letters to (`mail.smtpHost`): a relay on loopback or on the deployment's own
/// network, such as the host's Postfix, which takes care of TLS, signing and delivery. The platform speaks plain SMTP
/// to it (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT), one connection per batch of letters.
public struct SMTPRelay: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The address letters come from.
    public var from: String
    /// The public address of the site, for the links in letters.
    public var site: String
    /// How often the outbox is looked at.
    public var interval: Duration

    public init(host: String, port: Int = 25, from: String, site: String, interval: Duration = .seconds(5)) {
        self.host = host
        self.port = port
        self.from = from
        self.site = site
        self.interval = interval
    }

    /// From the settings `mail.smtpHost`, `mail.smtpPort`, `mail.from` and `mail.site`: nil when no host is set (no letters).
    init?(host: String?, port: Int, from: String?, site: String?, intervalSeconds: Int) throws(InvalidInput) {
        guard let host, !host.isEmpty else { return nil }
        var errors: [FieldError] = []
        if !(1...65535).contains(port) {
            errors.append(FieldError(field: "mail.smtpPort", reason: Message("reason.mustBetweenGot2", ["port": "\(port)"])))
        }
        if !Self.isAddress(from) { errors.append(FieldError(field: "mail.from", reason: Message("reason.mail.from"))) }
        let site = site ?? ""
        if !(site.hasPrefix("https://") || site.hasPrefix("http://")) || site.contains(where: \.isWhitespace) || site.count > 200 {
            errors.append(FieldError(field: "mail.site", reason: Message("reason.mail.site")))
        }
        if !(1...3600).contains(intervalSeconds) {
            errors.append(FieldError(field: "mail.checkSeconds", reason: Message("reason.mail.interval")))
        }
        guard errors.isEmpty, let from else { throw InvalidInput(errors) }
        self.init(host: host, port: port, from: from, site: site, interval: .seconds(intervalSeconds))
    }

    /// An address SMTP can carry as it is: `local@domain`, printable ASCII, no spaces, angle brackets or line breaks.
    static func isAddress(_ text: String?) -> Bool {
        guard let text, text.count <= 254, text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }

    /// The SMTP server answered a command with an error, or broke off.
    struct Refusal: Error, CustomStringConvertible {
        var command: String
        var reply: String
        /// A 5xx answer to RCPT or the message: this letter will not go, whatever is tried; the next may.
        var permanent: Bool
        var description: String { "\(command): \(reply)" }
    }

    /// Opens one connection and hands over `letters` one after the other; `done` is told of each as it is taken or
    /// refused. A failure of the connection itself is thrown (the letters not yet handed over are tried again later).
    func send(_ letters: [OutboxLetter], timeout: Duration = .seconds(30),
              done: @escaping @Sendable (OutboxLetter, Refusal?) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyLines()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await withDeadline(timeout * max(letters.count, 1)) {
            try await channel.executeThenClose { inbound, outbound in
                var replies = inbound.makeAsyncIterator()
                func expect(_ command: String, _ codes: ClosedRange<Int>, permanentFailure: Bool = false) async throws {
                    let reply = try await Self.reply(&replies)
                    guard codes.contains(reply.code) else {
                        throw Refusal(command: command, reply: reply.text, permanent: permanentFailure && (500...599).contains(reply.code))
                    }
                }
                func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                try await expect("greeting", 220...220)
                try await say("EHLO cica-platform")
                try await expect("EHLO", 250...250)
                for letter in letters {
                    do {
                        guard Self.isAddress(letter.recipient) else {
                            throw Refusal(command: "RCPT", reply: "not an address SMTP can carry", permanent: true)
                        }
                        try await say("MAIL FROM:<\(from)>")
                        try await expect("MAIL", 250...250)
                        try await say("RCPT TO:<\(letter.recipient)>")
                        do { try await expect("RCPT", 250...251, permanentFailure: true) } catch let refusal as Refusal {
                            try await say("RSET")
                            try await expect("RSET", 250...250)
                            throw refusal
                        }
                        try await say("DATA")
                        try await expect("DATA", 354...354)
                        try await outbound.write(ByteBuffer(string: LetterMessage(letter, from: from).text + ".\r\n"))
                        try await expect("message", 250...250, permanentFailure: true)
                        try await done(letter, nil)
                    } catch let refusal as Refusal where refusal.permanent {
                        try await done(letter, refusal)
                    }
                }
                try await say("QUIT")
                _ = try? await Self.reply(&replies)
            }
        }
    }

    /// One reply, its lines gathered ("250-…" continues, "250 …" ends).
    static func reply(_ lines: inout NIOAsyncChannelInboundStream<String>.AsyncIterator) async throws -> (code: Int, text: String) {
        var text: [String] = []
        while let line = try await lines.next() {
            text.append(line)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                throw Refusal(command: "reply", reply: String(line.prefix(200)), permanent: false)
            }
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return (code, text.joined(separator: " ")) }
        }
        throw Refusal(command: "reply", reply: "the connection was closed", permanent: false)
    }
}

/// Runs `body`, giving up with a timeout after `limit` (an SMTP server that stops answering must not hold the sender).
func withDeadline<R: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> R) async throws -> R {
    try await withThrowingTaskGroup(of: R?.self) { group in
        group.addTask { try await body() }
        group.addTask { try await Task.sleep(for: limit); return nil }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw SMTPRelay.Refusal(command: "connection", reply: "no answer within \(limit)", permanent: false)
        }
        return result
    }
}

/// Splits what the SMTP server sends into lines (CRLF, or a bare LF), each at most 1,000 bytes as RFC 5321 allows.
struct SMTPReplyLines: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 1000 { throw SMTPRelay.Refusal(command: "reply", reply: "a line over 1,000 bytes", permanent: false) }
            return .needMoreData
        }
        let length = end - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

/// A letter as an Internet message (RFC 5322): UTF-8 text in base64, so that no line of it can end the message early
/// or break SMTP's line limit, and a Message-ID made from the outbox's id, so that a letter handed over twice (the
/// instance died between the server's "250" and marking it sent) is one message to the reader's mail system.
struct LetterMessage {
    var text: String

    init(_ letter: OutboxLetter, from: String, date: Date = Date()) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var lines = [
            "From: " + Self.encodedWords(Localizer(.en)("site.name")) + " <\(from)>",
            "To: <\(letter.recipient)>",
            "Subject: " + Self.encodedWords(letter.subject),
            "Date: " + formatter.string(from: date),
            "Message-ID: <\(letter.id)@\(from.split(separator: "@").last ?? "cica-platform")>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
        ]
        let body = Data(letter.body.replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString()
        var rest = Substring(body)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(76)))
            rest = rest.dropFirst(76)
        }
        text = lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A header's text as RFC 2047 encoded words, each under 76 characters, never splitting a character.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = [], chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }
}
