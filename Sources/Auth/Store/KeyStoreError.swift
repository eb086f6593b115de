import Storage

/// A key-store request that cannot be carried out as asked.
///
/// Storage failures underneath are thrown as `SQLiteError`; this type is for the
/// caller's mistakes and for set-up problems. The ``code`` is extensible; the ``message``
/// names the offending field but never echoes key material or long caller input.
public struct KeyStoreError: Error, Hashable, Sendable {
    /// What kind of failure this is. Compare with the static constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        /// A field is missing, too long, has control characters, or names an unknown scope.
        public static let invalidArgument = Code("invalidArgument")
        /// No key or partner has the given id or name.
        public static let notFound = Code("notFound")
        /// The target is in the wrong state, e.g. rotating a revoked key.
        public static let failedPrecondition = Code("failedPrecondition")
        /// Set-up failed: data directory, pepper file, admin key file, wrong pepper.
        public static let configuration = Code("configuration")
        /// A cryptographic library call failed.
        public static let `internal` = Code("internal")
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}

extension KeyStoreError: CustomStringConvertible {
    public var description: String { "KeyStoreError.\(self.code): \(self.message)" }
}

extension KeyStoreError {
    static func keyNotFound(_ id: KeyID) -> KeyStoreError {
        KeyStoreError(code: .notFound, message: "no key with id \(id)")
    }

    /// A secret file (the pepper, the admin key file) or the data directory could not be
    /// made, read or written: a set-up problem.
    init(_ failure: OwnerOnlyFileError) {
        self.init(code: .configuration, message: failure.message)
    }

    /// The result of `work`, its file failure thrown as a set-up ``KeyStoreError``.
    static func rethrowing<T>(_ work: () throws(OwnerOnlyFileError) -> T) throws(KeyStoreError) -> T {
        do {
            return try work()
        } catch {
            throw KeyStoreError(error)
        }
    }

    static func partnerNotFound() -> KeyStoreError {
        KeyStoreError(code: .notFound, message: "no such partner")
    }
}
