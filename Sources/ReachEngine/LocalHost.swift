#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This machine's name as the kernel gives it (gethostname), read once. Foundation's
/// `ProcessInfo.hostName` may resolve the name through DNS, which on a machine whose resolver
/// does not answer costs seconds each time it is asked.
public enum LocalHost {
    public static let name: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }()
}
