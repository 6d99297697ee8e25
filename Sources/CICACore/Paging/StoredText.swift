/// What text the platform accepts from a person: anything but control characters.
///
/// Tab, line feed and carriage return are text (a concept paper has paragraphs); every other control
/// character (U+0000–U+001F, U+007F–U+009F) is refused where it arrives — in an address, a query parameter,
/// a form field or a JSON string — because it is never meant, cannot be shown, and PostgreSQL cannot store
/// U+0000 at all. Refusing it at the door keeps both databases answering the same way.
public enum StoredText {
    /// The first character of `value` that cannot be accepted, with its position (counting from 1).
    public static func firstRefused(in value: String) -> (scalar: Unicode.Scalar, position: Int)? {
        for (offset, scalar) in value.unicodeScalars.enumerated() where isRefused(scalar) {
            return (scalar, offset + 1)
        }
        return nil
    }

    /// Whether a character is a control character other than tab, line feed and carriage return.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Why `value`, sent as `field`, is refused; nil when it is acceptable.
    public static func problem(field: String, value: String) -> FieldError? {
        guard let (scalar, position) = firstRefused(in: value) else { return nil }
        return FieldError(field: field, reason: Message("reason.containsControlCharacterAt", ["scalar": "\(codePoint(scalar))", "position": "\(position)"]))
    }

    /// The first character of `value` that overrides the direction of the text around it (U+202A–U+202E, U+2066–U+2069).
    /// Names shown among others (a person's, a token's) refuse them, since they can make one name read as another.
    public static func firstDirectionOverride(in value: String) -> Unicode.Scalar? {
        value.unicodeScalars.first { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
    }

    /// Why a name is refused for a direction override; nil when it has none.
    public static func nameProblem(field: String, value: String) -> FieldError? {
        guard let scalar = firstDirectionOverride(in: value) else { return nil }
        return FieldError(field: field, reason: Message("reason.containsWhichReversesDirection", ["scalar": "\(codePoint(scalar))"]))
    }

    /// U+XXXX, as the Unicode Standard writes a code point.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
