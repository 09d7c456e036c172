/// Encodes `Encodable` values straight into JSON bytes, in one pass and in the order the
/// values encode their members (declaration order for synthesized conformances).
///
/// Codable has no "container finished" callback, so a container is closed when the value that
/// opened it returns from `encode(to:)`, or when its parent writes its next member. That holds
/// for every conformance that uses its containers in sequence, which synthesized ones do.
public struct StreamingJSONEncoder: Sendable {
    public init() {}

    public func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let writer = Writer()
        try writer.encodeValue(value, codingPath: [])
        return writer.bytes
    }
}

private final class Writer {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    func write(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    func writeString(_ text: String) {
        JSONWriter.writeString(text, into: &bytes)
    }

    /// Writes a value, directly when it is a primitive, otherwise through its conformance.
    func encodeValue<Value: Encodable>(_ value: Value, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: writeString(text)
        case let flag as Bool: write(flag ? "true" : "false")
        case let number as Int: write(String(number))
        case let number as Int64: write(String(number))
        case let number as Int32: write(String(number))
        case let number as UInt64: write(String(number))
        case let number as Double: try writeDouble(number, codingPath: codingPath)
        case let json as JSONValue: JSONWriter.write(json, into: &bytes)
        default:
            let frame = Frame(writer: self)
            try value.encode(to: StreamEncoder(frame: frame, codingPath: codingPath))
            frame.close()
        }
    }

    func writeDouble(_ number: Double, codingPath: [any CodingKey]) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath, debugDescription: "JSON has no \(number)"))
        }
        write(number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number))
    }
}

/// What one value opened: an object, an array, a single value, or nothing yet.
private final class Frame {
    enum Kind { case none, object, array, single }

    let writer: Writer
    var kind = Kind.none
    var count = 0
    var openChild: Frame?

    init(writer: Writer) { self.writer = writer }

    func open(_ newKind: Kind) {
        guard kind == .none else { return }
        kind = newKind
        switch newKind {
        case .object: writer.write("{")
        case .array: writer.write("[")
        default: break
        }
    }

    /// Before a member is written: closes a nested container left open, adds a comma.
    func beginMember() {
        openChild?.close()
        openChild = nil
        if count > 0 { writer.write(",") }
        count += 1
    }

    func close() {
        openChild?.close()
        openChild = nil
        switch kind {
        case .object: writer.write("}")
        case .array: writer.write("]")
        case .single: break
        case .none: writer.write("{}")
        }
        kind = .single  // closed: a second close writes nothing
    }
}

private struct StreamEncoder: Encoder {
    let frame: Frame
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        frame.open(.object)
        return KeyedEncodingContainer(KeyedContainer<Key>(frame: frame, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        frame.open(.array)
        return UnkeyedContainer(frame: frame, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(frame: frame, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let frame: Frame
    let codingPath: [any CodingKey]

    func writeKey(_ key: Key) {
        frame.beginMember()
        frame.writer.writeString(key.stringValue)
        frame.writer.write(":")
    }

    mutating func encodeNil(forKey key: Key) throws {
        writeKey(key)
        frame.writer.write("null")
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writeKey(key)
        try frame.writer.encodeValue(value, codingPath: codingPath + [key])
    }

    // Concrete primitives: no dynamic cast on the hot path.
    mutating func encode(_ value: String, forKey key: Key) throws {
        writeKey(key)
        frame.writer.writeString(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        writeKey(key)
        frame.writer.write(value ? "true" : "false")
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        writeKey(key)
        frame.writer.write(String(value))
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        writeKey(key)
        frame.writer.write(String(value))
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        writeKey(key)
        try frame.writer.writeDouble(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writeKey(key)
        let child = Frame(writer: frame.writer)
        frame.openChild = child
        return StreamEncoder(frame: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writeKey(key)
        let child = Frame(writer: frame.writer)
        frame.openChild = child
        return StreamEncoder(frame: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(forKey: Key(stringValue: "super")!)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writeKey(key)
        let child = Frame(writer: frame.writer)
        frame.openChild = child
        return StreamEncoder(frame: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let frame: Frame
    let codingPath: [any CodingKey]
    var count: Int { frame.count }

    mutating func encodeNil() throws {
        frame.beginMember()
        frame.writer.write("null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        frame.beginMember()
        try frame.writer.encodeValue(value, codingPath: codingPath)
    }

    mutating func encode(_ value: String) throws {
        frame.beginMember()
        frame.writer.writeString(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        frame.beginMember()
        let child = Frame(writer: frame.writer)
        frame.openChild = child
        return StreamEncoder(frame: child, codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        frame.beginMember()
        let child = Frame(writer: frame.writer)
        frame.openChild = child
        return StreamEncoder(frame: child, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        frame.beginMember()
        let child = Frame(writer: frame.writer)
        frame.openChild = child
        return StreamEncoder(frame: child, codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let frame: Frame
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        frame.open(.single)
        frame.writer.write("null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        frame.open(.single)
        try frame.writer.encodeValue(value, codingPath: codingPath)
    }
}
