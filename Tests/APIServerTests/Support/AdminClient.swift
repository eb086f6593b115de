import FlintAPI
import Wire

/// Admin calls made the way a partner's program makes them, for tests.
struct AdminClient {
    let connection: ClientConnection
    let key: String

    func issue(partner: String = "acme", scopes: [String] = ["inference"], quota: Quota? = nil, expiresAtMs: Int64 = 0) async throws -> IssueKeyResponse {
        try await call("IssueKey", IssueKeyRequest(partner: partner, name: "test", scopes: scopes, quota: quota, expiresAtMs: expiresAtMs))
    }

    func revoke(_ id: String) async throws -> RevokeKeyResponse {
        try await call("RevokeKey", RevokeKeyRequest(keyID: id))
    }

    func rotate(_ id: String, graceSeconds: UInt32) async throws -> RotateKeyResponse {
        try await call("RotateKey", RotateKeyRequest(keyID: id, gracePeriodSeconds: graceSeconds))
    }

    func list(partner: String = "", includeInactive: Bool = false) async throws -> ListKeysResponse {
        try await call("ListKeys", ListKeysRequest(partner: partner, includeInactive: includeInactive))
    }

    func setQuota(_ target: SetQuotaRequest.Target, _ quota: Quota) async throws -> SetQuotaResponse {
        try await call("SetQuota", SetQuotaRequest(target: target, quota: quota))
    }

    func usage(partner: String = "", groupBy: [UsageGroupBy] = []) async throws -> GetUsageResponse {
        try await call("GetUsage", GetUsageRequest(partner: partner, groupBy: groupBy))
    }

    func call<Request: ProtobufMessage, Response: ProtobufMessage>(_ method: String, _ request: Request) async throws -> Response {
        try await connection.unary("/flint.v1.Admin/" + method, request: request, options: CallOptions(apiKey: key)).message
    }
}

extension ClientConnection {
    /// Calls the test inference method with `key`; the status code it ends with.
    func inferenceStatus(key: String) async -> StatusCode {
        do {
            _ = try await unary(TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: key), responseType: HealthCheckResponse.self)
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }
}
