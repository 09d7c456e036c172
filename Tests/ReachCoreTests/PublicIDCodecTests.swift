import Testing

@testable import ReachCore

@Suite struct PublicIDCodecTests {
    let codec = PublicIDCodec(secret: Array("0123456789abcdef0123456789abcdef".utf8))

    @Test func roundTripsIds() {
        for raw: Int64 in [1, 2, 3, 99, 1_000, 123_456_789, (1 << 48) - 1] {
            let text = codec.encode(raw, kind: .client)
            #expect(text.count == 11)
            #expect(codec.decode(text, kind: .client) == raw)
        }
    }

    @Test func neighbouringIdsLookUnrelated() {
        let first = codec.encode(EntityID<Client>(1))
        let second = codec.encode(EntityID<Client>(2))
        #expect(first != second)
        #expect(zip(first, second).filter { $0 == $1 }.count < 4)
    }

    @Test func eachKindHasItsOwnIds() {
        let asClient = codec.encode(7, kind: .client)
        #expect(codec.encode(7, kind: .user) != asClient)
        // One kind's id does not read as another kind's id of the same row.
        #expect(codec.decode(asClient, kind: .user) != 7)
    }

    @Test func anotherInstallationCannotReadTheIds() {
        let other = PublicIDCodec(secret: Array("fedcba9876543210fedcba9876543210".utf8))
        #expect(other.decode(codec.encode(42, kind: .client), kind: .client) != 42)
    }

    @Test(arguments: ["", "short", "0123456789", "0123456789!!", "zzzzzzzzzzz", "with space "])
    func rejectsWhatItCouldNotHaveIssued(text: String) {
        #expect(codec.decode(text, kind: .client) == nil)
    }
}
