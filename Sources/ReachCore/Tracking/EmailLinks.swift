import Foundation

/// The signed public links written into sent emails, and their verification. An unsubscribe link
/// names the prospect and the sequence that wrote to them, so nobody can unsubscribe someone else
/// by editing it. The open pixel and click links name the outbound message; a click link's
/// signature also covers its target, so it only ever redirects to the URL it was written for and
/// Reach can never be used as an open redirect. None expires: an email read a year later must
/// still let its reader leave.
public struct EmailLinks: Sendable {
    let publicURL: String
    let signer: LinkSigner
    let codec: PublicIDCodec

    public init(publicURL: String, signer: LinkSigner, codec: PublicIDCodec) {
        self.publicURL = publicURL
        self.signer = signer
        self.codec = codec
    }

    public func unsubscribeURL(prospect: ProspectID, sequence: SequenceID) -> String {
        "\(publicURL)/unsubscribe/\(codec.encode(prospect))/\(codec.encode(sequence))/\(sign(Self.unsubscribeResource(prospect, sequence)))"
    }

    /// The prospect and sequence an unsubscribe link names, or nil when it is not one of this installation's.
    public func verifyUnsubscribe(prospect prospectText: String, sequence sequenceText: String, signature: String, now: Date) -> (ProspectID, SequenceID)? {
        guard let prospect = codec.decode(prospectText, as: Prospect.self), let sequence = codec.decode(sequenceText, as: EmailSequence.self),
              signer.verify(Self.unsubscribeResource(prospect, sequence), expires: LinkSigner.neverExpires, signature: signature, now: now)
        else { return nil }
        return (prospect, sequence)
    }

    public func openPixelURL(for message: OutboundMessageID) -> String {
        "\(publicURL)/t/o/\(codec.encode(message))/\(sign(Self.openResource(message)))"
    }

    public func clickURL(for message: OutboundMessageID, target: String) -> String {
        let encodedTarget = target.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? target
        return "\(publicURL)/t/c/\(codec.encode(message))/\(sign(Self.clickResource(message, target)))?url=\(encodedTarget)"
    }

    /// The message an open pixel names, or nil when the link is not one of this installation's.
    public func verifyOpen(message text: String, signature: String, now: Date) -> OutboundMessageID? {
        guard let message = codec.decode(text, as: OutboundMessage.self),
              signer.verify(Self.openResource(message), expires: LinkSigner.neverExpires, signature: signature, now: now)
        else { return nil }
        return message
    }

    /// The message a click link names, when `target` is the URL it was signed for.
    public func verifyClick(message text: String, target: String, signature: String, now: Date) -> OutboundMessageID? {
        guard let message = codec.decode(text, as: OutboundMessage.self),
              signer.verify(Self.clickResource(message, target), expires: LinkSigner.neverExpires, signature: signature, now: now)
        else { return nil }
        return message
    }

    func sign(_ resource: String) -> String {
        signer.sign(resource, expires: LinkSigner.neverExpires).signature
    }

    static func unsubscribeResource(_ prospect: ProspectID, _ sequence: SequenceID) -> String {
        "unsubscribe:\(prospect.rawValue):\(sequence.rawValue)"
    }
    static func openResource(_ message: OutboundMessageID) -> String { "open:\(message.rawValue)" }
    static func clickResource(_ message: OutboundMessageID, _ target: String) -> String { "click:\(message.rawValue):\(target)" }

    /// Unreserved characters only: the target keeps its own `&`, `=`, `#` and `%` inside the value.
    static let queryValueCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
