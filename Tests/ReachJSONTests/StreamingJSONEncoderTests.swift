import Foundation
import Testing

@testable import ReachJSON

@Suite struct StreamingJSONEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
    }

    struct Outer: Codable, Equatable {
        var id: String
        var count: Int
        var ratio: Double
        var flag: Bool
        var optional: String?
        var inner: Inner
        var list: [Inner]
        var map: [String: Int]
        var raw: JSONValue
    }

    struct Manual: Encodable {
        enum Keys: String, CodingKey { case a, nested, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            var nested = container.nestedUnkeyedContainer(forKey: .nested)
            try nested.encode("x")
            try nested.encodeNil()
            try container.encodeNil(forKey: .b)
        }
    }

    @Test func writesMembersInDeclarationOrderAndRoundTrips() throws {
        let value = Outer(
            id: "a\"b", count: 3, ratio: 0.5, flag: true, optional: nil, inner: Inner(name: "é", tags: []),
            list: [Inner(name: "x", tags: ["1", "2"])], map: ["k": 1], raw: ["z": [1, nil]])
        let bytes = try StreamingJSONEncoder().encode(value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"id":"a\"b","count":3,"ratio":0.5,"flag":true,"inner":{"name":"é","tags":[]}"#))
        #expect(try JSONDecoder().decode(Outer.self, from: Data(bytes)) == value)
    }

    @Test func closesNestedContainersWhenTheParentMovesOn() throws {
        let text = String(decoding: try StreamingJSONEncoder().encode(Manual()), as: UTF8.self)
        #expect(text == #"{"a":1,"nested":["x",null],"b":null}"#)
    }

    @Test func writesTopLevelPrimitivesAndWholeDoubles() throws {
        #expect(String(decoding: try StreamingJSONEncoder().encode([1.0, 2.25]), as: UTF8.self) == "[1,2.25]")
        #expect(String(decoding: try StreamingJSONEncoder().encode("x"), as: UTF8.self) == #""x""#)
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(Double.nan) }
    }
}
