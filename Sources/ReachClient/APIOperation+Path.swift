import Foundation
import ReachAPI

extension APIOperation {
    /// The operation's path with its parameters filled in, each value escaped as one segment.
    /// Throws `ClientError.missingArgument` naming the first parameter without a value.
    public func path(with values: [String: String]) throws -> String {
        var segment = CharacterSet.urlPathAllowed
        segment.remove(charactersIn: "/")
        var filled = path
        for parameter in pathParameters {
            guard let value = values[parameter.name], !value.isEmpty else { throw ClientError.missingArgument(parameter.name) }
            // A proxy that normalises paths would make `..` name another resource.
            guard value != ".", value != ".." else { throw ClientError.missingArgument(parameter.name) }
            filled = filled.replacingOccurrences(of: "{\(parameter.name)}", with: value.addingPercentEncoding(withAllowedCharacters: segment) ?? value)
        }
        return filled
    }
}
