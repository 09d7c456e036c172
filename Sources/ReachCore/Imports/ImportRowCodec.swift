/// The compact form an import's rows wait in until a worker takes them: length-prefixed UTF-8,
/// an order of magnitude smaller and faster than JSON, and independent of the wire format.
enum ImportRowCodec {
    static func encode(_ rows: [ImportRow]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 200)
        append(UInt32(rows.count), to: &bytes)
        for row in rows {
            append(UInt32(row.cells.count), to: &bytes)
            for cell in row.cells {
                switch cell.field {
                case .label(let label):
                    bytes.append(0)
                    append(label, to: &bytes)
                case .id(let id):
                    bytes.append(1)
                    append(UInt64(bitPattern: id.rawValue), to: &bytes)
                case .unknownID(let text):
                    bytes.append(2)
                    append(text, to: &bytes)
                }
                append(cell.value, to: &bytes)
            }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> [ImportRow] {
        var reader = Reader(bytes: bytes)
        let rowCount = try reader.uint32()
        var rows: [ImportRow] = []
        rows.reserveCapacity(Int(rowCount))
        for _ in 0..<rowCount {
            let cellCount = try reader.uint32()
            var cells: [ImportCell] = []
            cells.reserveCapacity(Int(cellCount))
            for _ in 0..<cellCount {
                let field: FieldReference
                switch try reader.byte() {
                case 0: field = .label(try reader.string())
                case 1: field = .id(FieldID(Int64(bitPattern: try reader.uint64())))
                case 2: field = .unknownID(try reader.string())
                default: throw ImportPayloadError()
                }
                cells.append(ImportCell(field: field, value: try reader.string()))
            }
            rows.append(ImportRow(cells: cells))
        }
        guard reader.offset == bytes.count else { throw ImportPayloadError() }
        return rows
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        append(UInt32(utf8.count), to: &bytes)
        bytes.append(contentsOf: utf8)
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw ImportPayloadError() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw ImportPayloadError() }
            var value: UInt32 = 0
            for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
            offset += 4
            return value
        }

        mutating func uint64() throws -> UInt64 {
            guard offset + 8 <= bytes.count else { throw ImportPayloadError() }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
            offset += 8
            return value
        }

        mutating func string() throws -> String {
            let count = Int(try uint32())
            guard offset + count <= bytes.count else { throw ImportPayloadError() }
            defer { offset += count }
            return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        }
    }
}

struct ImportPayloadError: Error {}
