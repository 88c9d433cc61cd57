import Foundation
import Hummingbird
import NIOCore

/// Builds the `borderplan serve` application over a loaded catalog.
public enum BorderPlanServer {
    /// Seconds an idle keep-alive connection is kept before it is closed (bounds slow clients).
    public static let idleTimeoutSeconds: Int64 = 30

    /// An application bound to `host:port` (port 0: any free port, reported to `onServerRunning`).
    /// Hummingbird's `runService()` stops it gracefully on SIGTERM and SIGINT: in-flight requests finish.
    public static func application(catalog: FeatureCatalog, host: String, port: Int, accessLog: AccessLog? = .standardError, scenarios: ScenarioService? = nil,
                                   webMap: WebMap = WebMap(), kb: KBService? = nil,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return Application(
            responder: KBRouting(inner: OGCResponder(catalog: catalog, fallbackBase: "http://\(shownHost):\(port)", accessLog: accessLog,
                                                     scenarios: scenarios, webMap: webMap), kb: kb),
            server: .http1(configuration: .init(idleTimeout: .seconds(idleTimeoutSeconds))),
            configuration: .init(address: .hostname(host, port: port), serverName: "borderplan"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) })
    }
}
