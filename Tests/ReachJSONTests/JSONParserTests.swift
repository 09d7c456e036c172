import Foundation
import Testing

@testable import ReachJSON

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5, 3e2, true, false, null, "x"], "b": {}, "c": []}"#)
        #expect(value == ["a": [1, -2.5, 300.0, true, false, nil, "x"], "b": [:], "c": []])
    }

    @Test func keepsIntegersExactAndWidensWhatDoesNotFit() throws {
        #expect(try JSONParser.parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(try JSONParser.parse("-0") == .integer(0))
        #expect(try JSONParser.parse("1.0") == .double(1.0))
        #expect(try JSONParser.parse("99999999999999999999") == .double(1e20))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""q\"b\\s\/ \b\f\n\r\t \u00e9 \ud83d\ude00""#)
        #expect(value == .string("q\"b\\s/ \u{8}\u{c}\n\r\t é 😀"))
    }

    @Test func keepsUTF8TextAsWritten() throws {
        #expect(try JSONParser.parse(#"{"Größe":"Zoë 日本"}"#) == ["Größe": "Zoë 日本"])
    }

    @Test(arguments: [
        ("{\"a\":1,}", "a property name"),
        ("[1,]", "a value was expected"),
        ("{\"a\" 1}", "':' was expected"),
        ("\"abc", "unterminated string"),
        ("\"a\u{1}b\"", "control character"),
        ("01", "after the end of the document"),
        ("1.", "after the decimal point"),
        ("tru", "unexpected end of input"),
        ("\"\\ud800\"", "unpaired UTF-16 surrogate"),
        ("\"\\x\"", "invalid escape"),
        ("\"a\\u0000b\"", "NUL character"),
        ("", "unexpected end of input"),
        ("{} {}", "after the end of the document"),
    ])
    func rejectsMalformedInput(text: String, reason: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONSyntaxError)?.reason.contains(reason) == true
        }
    }

    @Test func reportsLineAndColumn() {
        #expect(throws: JSONSyntaxError(reason: "unexpected '}', a value was expected", line: 3, column: 8)) {
            try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": }")
        }
    }

    @Test func rejectsInvalidUTF8InsteadOfRepairingIt() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
        let allowed = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect((try? JSONParser.parse(allowed)) != nil)
    }

    /// The parser agrees with Foundation on generated documents.
    @Test func agreesWithFoundationOnGeneratedDocuments() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let document = Self.randomValue(depth: 0, using: &generator)
            let data = try JSONEncoder().encode(document)
            #expect(Self.normalized(try JSONParser.parse(data)) == Self.normalized(document))
        }
    }

    /// Foundation writes a whole double without a fraction, which then reads as an integer.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number) where number.rounded() == number: .integer(Int64(number))
        case .array(let elements): .array(elements.map(normalized))
        case .object(let members): .object(members.mapValues(normalized))
        default: value
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let choice = depth > 3 ? Int.random(in: 0..<5, using: &generator) : Int.random(in: 0..<7, using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator))
        case 3: return .double(Double(Int.random(in: -100_000...100_000, using: &generator)) / 64.0 + 0.5)
        case 4:
            let scalars = (0..<Int.random(in: 0..<12, using: &generator)).map { _ in
                Character(Unicode.Scalar([0x22, 0x5C, 0x0A, 0x41, 0xE9, 0x65E5, 0x1F600, 0x7F, 0x2028].randomElement(using: &generator)!)!)
            }
            return .string(String(scalars))
        case 5:
            return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0..<5, using: &generator) {
                members["k\(index)é"] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }
}

/// A deterministic generator, so a failing case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
