import Foundation
import ReachAPI
import ReachClient
import ReachJSON

/// `reach prospects import FILE.csv`: reads a CSV of any size, sends it in requests of up to
/// 100,000 rows (and well under the 90 MB body limit), waits for each import to finish with a
/// progress line on a terminal, and prints the counts and where each report is.
///
/// The header row names the fields (`--map "Email=work_email"` renames a column to a Reach
/// field label); `--sequence`/`--step` enrol the prospects at a step; `--tag` (repeatable) tags
/// them; `--conflict` is the import's conflictAction (noUpdate by default, which never changes
/// a prospect already there).
struct CSVImport {
    let client: ReachClient
    let invocation: ResourceCommand.Invocation
    let environment: [String: String]

    static let rowsPerRequest = 100_000
    /// The server takes 90 MB; a request is closed well before that.
    static let bytesPerRequest = 64 * 1024 * 1024

    static func isCSVPath(_ argument: String) -> Bool {
        argument.lowercased().hasSuffix(".csv") || argument == "-"
    }

    struct Options {
        var mapping: [String: String] = [:]
        var tags: [String] = []
        var conflict = "noUpdate"
        var step: String?
        var verify = false
        var batchRows = CSVImport.rowsPerRequest
    }

    func options() throws -> Options {
        var options = Options()
        for (name, value) in invocation.options {
            switch name {
            case "map":
                for pair in value.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw UsageError("--map takes FIELD=column pairs, got \(pair)") }
                    options.mapping[parts[1]] = parts[0]
                }
            case "tag": options.tags.append(value)
            case "conflict": options.conflict = value
            case "step": options.step = value
            case "sequence": break  // Checked against the step in run().
            case "verify": options.verify = value == "true"
            case "batch":
                guard let rows = Int(value), rows > 0, rows <= Self.rowsPerRequest else { throw UsageError("--batch is 1 to \(Self.rowsPerRequest) rows") }
                options.batchRows = rows
            default: throw UsageError("unknown option --\(name) for a CSV import (see reach prospects import --help)")
            }
        }
        if invocation.options.contains(where: { $0.name == "sequence" }), options.step == nil {
            throw UsageError("--sequence needs --step: prospects are enrolled at a step")
        }
        return options
    }

    func run() async throws -> Int32 {
        let options = try options()
        guard invocation.positional.count == 1, let path = invocation.positional.first else { throw UsageError("give one CSV file") }
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.isReadableFile(atPath: path) else { throw UsageError("cannot read \(path)") }
            // Mapped, not read: the pages of a large file come in as the parser reaches them.
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        }
        if let sequence = invocation.options.last(where: { $0.name == "sequence" })?.value, let step = options.step {
            // The step names its sequence; a step of another sequence would enrol them there.
            _ = try await client.call(.get, try SequenceStepsAPI.get.path(with: ["sequenceId": sequence, "stepId": step]))
        }
        var reader = CSVReader(data)
        guard let header = try reader.next() else { throw UsageError("\(path) is empty") }
        let fields = header.map { column in options.mapping[column.trimmingCharacters(in: .whitespaces)] ?? column.trimmingCharacters(in: .whitespaces) }
        let progress = Progress(enabled: isatty(STDERR_FILENO) == 1 && invocation.format != .quiet)
        var totals: [String: Int64] = [:]
        var reports: [String] = []
        var batch: [JSONValue] = []
        var batchBytes = 0
        var sent = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let status = try await importBatch(batch, options: options, progress: progress, before: sent)
            sent += batch.count
            for key in ["created", "updated", "unchanged", "skipped"] { totals[key, default: 0] += status[key]?.integerValue ?? 0 }
            if (status["skipped"]?.integerValue ?? 0) > 0, let report = status["reportURL"]?.stringValue { reports.append(report) }
            if status["status"] == "failed" { throw ClientError.api(status: 200, code: nil, message: "the import failed: \(status["error"]?.stringValue ?? "no reason given")") }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        while let record = try reader.next() {
            if record.count == 1, record[0].isEmpty { continue }
            var row: [String: JSONValue] = [:]
            for (index, value) in record.enumerated() where index < fields.count && !fields[index].isEmpty {
                row[fields[index]] = .string(value)
                batchBytes += fields[index].utf8.count + value.utf8.count + 6
            }
            batch.append(.object(row))
            if batch.count >= options.batchRows || batchBytes >= Self.bytesPerRequest { try await flush() }
        }
        try await flush()
        progress.finish()
        let summary: JSONValue = [
            "rows": .integer(Int64(sent)), "created": .integer(totals["created"] ?? 0), "updated": .integer(totals["updated"] ?? 0),
            "unchanged": .integer(totals["unchanged"] ?? 0), "skipped": .integer(totals["skipped"] ?? 0),
            "reports": .array(reports.map(JSONValue.string)),
        ]
        Output(format: invocation.format, environment: environment).write(summary, message: nil)
        return ClientExit.ok
    }

    /// Starts one import and waits for it; returns its final status.
    func importBatch(_ rows: [JSONValue], options: Options, progress: Progress, before: Int) async throws -> JSONValue {
        var body: [String: JSONValue] = [
            "prospectList": .array(rows), "conflictAction": .string(options.conflict), "tags": .array(options.tags.map(JSONValue.string)),
            "verifyProspects": .bool(options.verify),
        ]
        let path: String
        if let step = options.step {
            body["stepId"] = .string(step)
            path = "/v1/sequences/prospects/import-with-field-name"
        } else {
            path = "/v1/prospects/import-with-field-name"
        }
        let started = try await client.call(.post, path, body: .object(body))
        guard let requestID = started["requestId"]?.stringValue else {
            throw ClientError.unreadableAnswer(status: 201, excerpt: "no requestId in \(JSONWriter.string(started).prefix(200))")
        }
        while true {
            let status = try await client.call(.get, "/v1/prospects/import-status/\(requestID)")
            progress.show(done: before + Int(status["processedRows"]?.integerValue ?? 0), total: before + rows.count)
            if status["isCompleted"] == true { return status }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// One line on standard error, rewritten in place.
    struct Progress {
        let enabled: Bool

        func show(done: Int, total: Int) {
            guard enabled else { return }
            let width = 30
            let filled = total == 0 ? width : min(width, done * width / total)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) rows".utf8))
        }

        func finish() {
            if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}

/// Records of RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends, a
/// byte-order mark skipped. Reads lazily, one record at a time.
struct CSVReader {
    let bytes: Data
    var position: Data.Index

    init(_ bytes: Data) {
        self.bytes = bytes
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.startIndex + 3 : bytes.startIndex
    }

    /// The next record; nil at the end. A quote still open at the end of the file is an error,
    /// not a last field that swallowed the rest of the file.
    mutating func next() throws -> [String]? {
        guard position < bytes.endIndex else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while position < bytes.endIndex {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if position < bytes.endIndex, bytes[position] == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            case UInt8(ascii: "\r"):
                if position < bytes.endIndex, bytes[position] == UInt8(ascii: "\n") { position += 1 }
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            default: field.append(byte)
            }
        }
        if quoted { throw UsageError("the CSV file ends inside a quoted field: a quote is missing") }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
