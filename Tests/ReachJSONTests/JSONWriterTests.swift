import Testing

@testable import ReachJSON

@Suite struct JSONWriterTests {
    @Test func writesCompactlyWithSortedKeys() {
        #expect(JSONWriter.string(["b": [1, 2.5, true, nil], "a": "x"]) == #"{"a":"x","b":[1,2.5,true,null]}"#)
        #expect(JSONWriter.string(["z": "1", "a": "2"] as [String: String]) == #"{"a":"2","z":"1"}"#)
    }

    @Test func escapesWhatJSONRequires() throws {
        let text = "q\"b\\ \n\t\u{1} é 😀"
        let written = JSONWriter.string(.string(text))
        #expect(written == #""q\"b\\ \n\t\u0001 é 😀""#)
        #expect(try JSONParser.parse(written) == .string(text))
    }

    @Test func roundTripsThroughTheParser() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let value = JSONParserTests.randomValue(depth: 0, using: &generator)
            #expect(JSONParserTests.normalized(try JSONParser.parse(JSONWriter.string(value))) == JSONParserTests.normalized(value))
        }
    }
}
