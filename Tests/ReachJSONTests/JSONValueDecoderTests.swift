import Foundation
import Testing

@testable import ReachJSON

@Suite struct JSONValueDecoderTests {
    struct Model: Decodable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var tags: [String]
        var note: String?
        var when: Date
        var raw: JSONValue
    }

    @Test func decodesAModelFromATree() throws {
        let model = try JSONValueDecoder().decode(
            Model.self,
            from: ["name": "a", "count": 3.0, "ratio": 2, "tags": ["x"], "when": "2026-11-26T10:00:00Z", "raw": ["k": 1]])
        #expect(model == Model(name: "a", count: 3, ratio: 2, tags: ["x"], note: nil, when: Date(timeIntervalSince1970: 1_795_687_200), raw: ["k": 1]))
    }

    @Test func readsDatesWithFractionsAndBareDays() {
        #expect(ISO8601Parsing.date(from: "2026-11-26T10:00:00.250Z") == Date(timeIntervalSince1970: 1_795_687_200.25))
        #expect(ISO8601Parsing.date(from: "2026-11-26") == Date(timeIntervalSince1970: 1_795_651_200))
        #expect(ISO8601Parsing.date(from: "26/11/2026") == nil)
    }

    @Test func namesTheMissingKey() {
        #expect {
            try JSONValueDecoder().decode(Model.self, from: ["name": "a"])
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _)? = error as? DecodingError else { return false }
            return key.stringValue == "count"
        }
    }
}
