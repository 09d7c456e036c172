import ReachAPI

public enum ReachVersion {
    public static let current = APICatalog.version
}
