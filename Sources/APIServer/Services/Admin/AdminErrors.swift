import Auth
import RateLimit
import FlintAPI

/// Key-store and quota errors in wire terms. Messages never carry a key.
enum AdminErrors {
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KeyStoreError {
            throw rpcError(error)
        }
    }

    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as KeyStoreError {
            throw rpcError(error)
        }
    }

    static func validating(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as QuotaLimitsError {
            throw RPCError(.invalidArgument, "invalid quota: \(error.message)",
                           details: [.fieldViolation(FieldViolation(field: "quota.\(error.field)", description: error.message))])
        }
    }

    static func keyID(_ text: String) throws(RPCError) -> KeyID {
        guard let id = KeyID(text) else {
            throw RPCError(.notFound, "no key with that id", details: [.fieldViolation(FieldViolation(field: "key_id", description: "not a key id"))])
        }
        return id
    }

    static func rpcError(_ error: KeyStoreError) -> RPCError {
        switch error.code {
        case .invalidArgument: RPCError(.invalidArgument, error.message)
        case .notFound: RPCError(.notFound, error.message)
        case .failedPrecondition: RPCError(.failedPrecondition, error.message)
        default: RPCError(.internalError, "the key store failed")
        }
    }
}
