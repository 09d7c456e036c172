import Foundation

/// The per-prospect unsubscribe links written into emails, and their verification. A link names
/// the prospect and the sequence that sent the email, and is signed so that nobody can
/// unsubscribe someone else by editing it. Links never expire: an email read a year later must
/// still let its reader leave.
public struct UnsubscribeLinks: Sendable {
    let publicURL: String
    let signer: LinkSigner
    let codec: PublicIDCodec

    /// 9999-12-31: far enough to mean never, and what `LinkSigner` checks against.
    static let neverExpires = 253_402_300_799

    public init(publicURL: String, signer: LinkSigner, codec: PublicIDCodec) {
        self.publicURL = publicURL
        self.signer = signer
        self.codec = codec
    }

    public func url(prospect: ProspectID, sequence: SequenceID) -> String {
        let prospectText = codec.encode(prospect)
        let sequenceText = codec.encode(sequence)
        let signature = signer.sign(Self.resource(prospect, sequence), expires: Self.neverExpires).signature
        return "\(publicURL)/unsubscribe/\(prospectText)/\(sequenceText)/\(signature)"
    }

    /// The prospect and sequence a link names, or nil when it is not one of this installation's.
    public func verify(prospect prospectText: String, sequence sequenceText: String, signature: String, now: Date) -> (ProspectID, SequenceID)? {
        guard let prospect = codec.decode(prospectText, as: Prospect.self), let sequence = codec.decode(sequenceText, as: EmailSequence.self),
              signer.verify(Self.resource(prospect, sequence), expires: Self.neverExpires, signature: signature, now: now)
        else { return nil }
        return (prospect, sequence)
    }

    static func resource(_ prospect: ProspectID, _ sequence: SequenceID) -> String {
        "unsubscribe:\(prospect.rawValue):\(sequence.rawValue)"
    }
}
