/// Checks on the free text the admin API stores: partner and key names.
///
/// Deliberate choices: text is stored verbatim (no trimming, no normalization), because
/// every statement binds its values, so quotes and SQL fragments are just characters.
/// What is refused is what makes logs and listings lie or bloat: empty or blank text,
/// more than ``maximumLength`` characters (long input is refused, never truncated), and
/// control, format and line-separator characters (newlines, NUL, bidi overrides).
enum Validation {
    /// The longest partner or key name, in Unicode scalars.
    static let maximumLength = 200

    /// `value` if it is an acceptable label for `field`.
    static func label(_ value: String, field: String) throws(KeyStoreError) -> String {
        // Cheap bound first: four UTF-8 bytes per scalar at most.
        guard value.utf8.count <= 4 * Self.maximumLength, value.unicodeScalars.count <= Self.maximumLength else {
            throw KeyStoreError(code: .invalidArgument, message: "\(field) is longer than \(Self.maximumLength) characters")
        }
        guard value.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw KeyStoreError(code: .invalidArgument, message: "\(field) is empty")
        }
        guard !value.unicodeScalars.contains(where: Self.isForbidden) else {
            throw KeyStoreError(code: .invalidArgument, message: "\(field) contains control characters")
        }
        return value
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator:
            true
        default:
            false
        }
    }
}
