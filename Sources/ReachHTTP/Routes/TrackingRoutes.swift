import ReachAPI
import ReachCore

/// The open pixel and click links of sent emails.
struct TrackingRoutes {
    let engagement: EngagementService
    let links: EmailLinks
    let clock: any WallClock

    func register(on router: inout APIRouter) {
        router.add(TrackingAPI.open) { request in
            guard let message = links.verifyOpen(message: request.parameter("messageId") ?? "", signature: request.parameter("signature") ?? "", now: clock.now)
            else { throw Self.invalidLink }
            try await engagement.opened(message)
            return .uncached(Self.transparentGIF, contentType: "image/gif")
        }
        router.add(TrackingAPI.click) { request in
            let target = request.parameter("url") ?? ""
            guard let message = links.verifyClick(
                message: request.parameter("messageId") ?? "", target: target, signature: request.parameter("signature") ?? "", now: clock.now)
            else { throw Self.invalidLink }
            try await engagement.clicked(message, target: target)
            return .redirect(to: target)
        }
    }

    static let invalidLink = ReachError.notFound("This tracking link is not valid")

    /// The smallest transparent GIF: 1×1, one palette entry, transparent.
    static let transparentGIF: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]
}
