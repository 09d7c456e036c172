import ReachJSON

/// The open pixel and click links written into sent emails: public, authenticated by their
/// signatures. Each request is recorded as an `email-opened` or `email-link-clicked` event.
public enum TrackingAPI {
    public static let tag = "Tracking"

    static let invalidLink = DocumentedError(status: 404, code: 4004, message: "This tracking link is not valid")

    public static let open = APIOperation(
        id: "ReachController_trackOpen", method: .get, path: "/t/o/{messageId}/{signature}", tag: tag,
        summary: "The open-tracking pixel of a sent email",
        description: "A 1×1 transparent GIF that no cache keeps; each load records email-opened.",
        parameters: [.path("messageId", .string(minLength: 1, maxLength: 64)), .path("signature", .string(minLength: 1, maxLength: 128))],
        response: .text(status: 200, contentType: "image/gif"), errors: [invalidLink], isExtension: true, authentication: .none)

    public static let click = APIOperation(
        id: "ReachController_trackClick", method: .get, path: "/t/c/{messageId}/{signature}", tag: tag,
        summary: "A tracked link of a sent email",
        description: """
            Records email-link-clicked and redirects to `url`. The signature covers the URL: a link never redirects anywhere else. Links \
            longer than 2,048 bytes are left untracked in emails, so that the tracked link stays within what mail clients and servers accept.
            """,
        parameters: [
            .path("messageId", .string(minLength: 1, maxLength: 64)), .path("signature", .string(minLength: 1, maxLength: 128)),
            .query("url", .string(minLength: 1, maxLength: 2048), required: true),
        ],
        response: .redirect(status: 302), errors: [invalidLink], isExtension: true, authentication: .none)

    public static let all = [open, click]
}
