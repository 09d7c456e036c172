import Foundation
import Testing

@testable import ReachCore

struct Base64URLTests {
    /// The same text as Foundation's base64 with the URL-safe alphabet and no padding, for every
    /// length of the last group.
    @Test func matchesBase64WithTheURLAlphabetUnpadded() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected, "length \(length)")
        }
    }

    /// Links in emails already sent must keep verifying: the signature of a resource is fixed
    /// (computed independently with Python's hmac and base64 modules).
    @Test func aLinkSignatureStaysTheSame() {
        let signer = LinkSigner(secret: Array(repeating: 5, count: 32))
        #expect(signer.sign("open:42", expires: 253_402_300_799).signature == "xKELG8l2OtG_kVhBITm1_RKaFLjmUTMDfk02yBSuZSY")
    }
}
