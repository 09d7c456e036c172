import Testing

@testable import ReachAPI
import ReachJSON

@Suite struct SchemaValidatorTests {
    let schema: JSONSchema = .object([
        .required("title", .string(minLength: 1, maxLength: 10)),
        .optional("sort", .string(oneOf: ["ASC", "DESC"])),
        .optional("size", .integer(minimum: 1, maximum: 100)),
        .optional("ids", .array(of: .id, maxItems: 2)),
        .optional("nested", .object([.required("flag", .boolean)])),
    ])

    func messages(_ value: JSONValue) -> [String] {
        schema.violations(of: value).map(\.message)
    }

    @Test func acceptsAValidDocument() {
        #expect(messages(["title": "Hi", "sort": "ASC", "size": 5, "ids": ["abc", 12], "nested": ["flag": true]]).isEmpty)
    }

    @Test func namesAMissingRequiredField() {
        #expect(messages([:]) == ["title is required"])
    }

    @Test func rejectsUnknownPropertiesTheWaySaleshandyDoes() {
        #expect(messages(["title": "Hi", "sequenceId": "x"]) == ["property sequenceId should not exist"])
    }

    @Test func namesTheWrongType() {
        #expect(messages(["title": 3]) == ["title must be a string"])
        #expect(messages(["title": "a", "size": "big"]) == ["size must be an integer number"])
        #expect(messages(["title": "a", "nested": ["flag": "yes"]]) == ["nested.flag must be a boolean value"])
    }

    @Test func listsTheAllowedValuesOfAnEnum() {
        #expect(messages(["title": "a", "sort": "UP"]) == ["sort must be one of the following values: ASC, DESC"])
    }

    @Test func checksBoundsAndLengths() {
        #expect(messages(["title": "", "size": 0]) == ["title should not be empty", "size must not be less than 1"])
        #expect(messages(["title": "12345678901"]) == ["title must be shorter than or equal to 10 characters"])
        #expect(messages(["title": "a", "ids": ["a", "b", "c"]]) == ["ids must contain no more than 2 elements"])
    }

    @Test func countsLengthsInCodePointsAsJSONSchemaDoes() {
        // Ten graphemes, but each e carries a combining accent: 20 code points.
        let accented = String(repeating: "e\u{301}", count: 10)
        #expect(accented.count == 10)
        #expect(messages(["title": .string(accented)]) == ["title must be shorter than or equal to 10 characters"])
    }

    @Test func namesElementsOfArraysByIndex() {
        #expect(messages(["title": "a", "ids": ["a", true]]) == ["ids[1] must be a string or an integer number"])
    }

    @Test func requiresAnObjectAtTheTop() {
        #expect(messages([1, 2]) == ["request body must be an object"])
    }

    @Test func treatsAWholeDoubleAsAnInteger() {
        #expect(messages(["title": "a", "size": 5.0]).isEmpty)
        #expect(messages(["title": "a", "size": 5.5]) == ["size must be an integer number"])
    }

    @Test func requiresOneOfSeveralPropertiesWhenAsked() {
        let schema: JSONSchema = .object([.optional("a", .string), .optional("b", .string)], requiresOneOf: ["a", "b"])
        #expect(schema.violations(of: [:]).map(\.message) == ["provide at least one of a or b"])
        #expect(schema.violations(of: ["b": "x"]).isEmpty)
    }

    @Test func checksMapValues() {
        let schema: JSONSchema = .map(of: .string)
        #expect(schema.violations(of: ["First Name": "Ann", "Age": 3]).map(\.message) == ["Age must be a string"])
    }

    @Test func readsQueryTextAsTheSchemaSays() {
        #expect(Parameter.query("n", .integer).value(from: ["12"]) == .integer(12))
        #expect(Parameter.query("n", .integer).value(from: ["twelve"]) == .string("twelve"))
        #expect(Parameter.query("b", .boolean).value(from: ["TRUE"]) == .bool(true))
        #expect(Parameter.query("a", .array(of: .integer)).value(from: ["1,2", "3"]) == [1, 2, 3])
    }
}
