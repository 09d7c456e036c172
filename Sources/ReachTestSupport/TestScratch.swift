import Foundation

/// Where tests put their files: one directory per test process under the system's temporary
/// directory, removed when the process exits, so that runs leave nothing behind in /tmp (servers
/// started by tests keep writing into their data directories until they are stopped, so a
/// test's own cleanup could not always remove them).
public enum TestScratch {
    public static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reach-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestScratch.root) }
        return root
    }()

    /// A fresh path inside the root, `prefix-<uuid>suffix`; nothing is created there.
    public static func path(_ prefix: String, suffix: String = "") -> String {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)").path
    }
}
