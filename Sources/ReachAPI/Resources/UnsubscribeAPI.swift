import ReachJSON

/// The unsubscribe link in every email: public, authenticated by its signature.
public enum UnsubscribeAPI {
    public static let tag = "Unsubscribe"

    static let parameters: [Parameter] = [
        .path("prospectId", .string(minLength: 1, maxLength: 64)),
        .path("sequenceId", .string(minLength: 1, maxLength: 64)),
        .path("signature", .string(minLength: 1, maxLength: 128)),
    ]

    public static let page = APIOperation(
        id: "ReachController_unsubscribePage", method: .get, path: "/unsubscribe/{prospectId}/{sequenceId}/{signature}", tag: tag,
        summary: "The page an unsubscribe link opens",
        description: "Asks the reader to confirm, so that link scanners opening every link of an email do not unsubscribe anyone.",
        parameters: parameters, response: .text(status: 200, contentType: "text/html; charset=utf-8"),
        errors: [DocumentedError(status: 404, code: 4004, message: "This unsubscribe link is not valid")], isExtension: true,
        authentication: .none)

    public static let confirm = APIOperation(
        id: "ReachController_unsubscribe", method: .post, path: "/unsubscribe/{prospectId}/{sequenceId}/{signature}", tag: tag,
        summary: "Unsubscribe (the confirmation form, and RFC 8058 one-click unsubscribe)",
        description: "Mail clients send List-Unsubscribe=One-Click here; the page's button posts here too. Unsubscribing again is not an error.",
        parameters: parameters, response: .text(status: 200, contentType: "text/html; charset=utf-8"),
        errors: [DocumentedError(status: 404, code: 4004, message: "This unsubscribe link is not valid")], isExtension: true,
        authentication: .none)

    public static let all = [page, confirm]
}
