/// Whether a model service can take calls now: health checks answer NOT_SERVING while it
/// is not (the embedded model loading, restarting or stopped).
public protocol ModelReadiness: Sendable {
    var isReady: Bool { get }
}
