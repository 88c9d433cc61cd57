import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the peer's address for the access log.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// "127.0.0.1:53412", or nil when the request did not come over a socket (in-process tests).
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress.map { address in
            address.ipAddress.map { "\($0):\(address.port ?? 0)" } ?? "\(address)"
        }
    }
}
