import Foundation
import CICACore
import CICAStore

/// An authenticator app being set up: its QR code (inline SVG) and the secret in groups of four.
struct EnrolmentView: Sendable {
    /// The QR code as inline SVG, drawn here: markup from the server itself.
    var qr: Markup
    var secret: String

    init(totp: TOTP, account: String, localizer l: Localizer) {
        let uri = totp.provisioningURI(account: account, issuer: l("site.name"))
        qr = Markup(bytes: Array(((try? QRCode(text: uri).svg(title: l("secondFactor.qrLabel"))) ?? "").utf8))
        secret = stride(from: 0, to: totp.base32.count, by: 4).map { offset in
            let start = totp.base32.index(totp.base32.startIndex, offsetBy: offset)
            return String(totp.base32[start..<(totp.base32.index(start, offsetBy: 4, limitedBy: totp.base32.endIndex) ?? totp.base32.endIndex)])
        }.joined(separator: " ")
    }
}


extension EnrolmentView {
    func write(_ html: inout HTML, _ l: Localizer) {
        html("""
            <div class="enrolment">
            <figure class="qr">\(trusted: qr)<figcaption>\(l("secondFactor.scan"))</figcaption></figure>
            <p>\(l("secondFactor.typeSecret")) <code class="secret" id="totp-secret">\(secret)</code></p>
            </div>

            """)
    }
}
