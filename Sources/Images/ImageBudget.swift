/// The images of one request, admitted in order against the per-request limits (count
/// and total bytes, checked before each image is inspected) and each image's own.
public struct ImageBudget: Sendable {
    public let limits: ImageLimits
    public private(set) var count = 0
    public private(set) var bytes = 0

    public init(limits: ImageLimits) {
        self.limits = limits
    }

    public mutating func admit(_ data: [UInt8], mediaType: String) throws(ImageRefusal) -> ImageInfo {
        guard count < limits.maxImagesPerRequest else {
            throw ImageRefusal(.tooManyImages, "at most \(limits.maxImagesPerRequest) images per request are accepted")
        }
        guard bytes + data.count <= limits.maxRequestBytes else {
            throw ImageRefusal(
                .requestTooLarge, "the request's images come to more than \(limits.maxRequestBytes) bytes, the most accepted per request")
        }
        let info = try ImageInspector.inspect(data, mediaType: mediaType, limits: limits)
        count += 1
        bytes += data.count
        return info
    }
}
