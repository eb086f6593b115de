extension ServerToolLimits {
    /// Returns `text` when it fits `maxOutputBytes`, else a failure naming the sizes.
    func capped(_ text: String) throws(ServerToolFailure) -> String {
        let bytes = text.utf8.count
        guard bytes <= maxOutputBytes else {
            throw ServerToolFailure("the result is \(bytes) bytes, over the \(maxOutputBytes)-byte output limit")
        }
        return text
    }
}
