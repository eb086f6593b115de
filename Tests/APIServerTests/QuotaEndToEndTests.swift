import Foundation
import NIOCore
import Synchronization
import Testing
import FlintAPI
import Wire

/// Quotas and usage through the real server: exact admission under concurrency, denials,
/// live changes, isolation, and the ledger.
@Suite("Quotas and usage end to end")
struct QuotaEndToEndTests {
    /// `count` concurrent test-inference calls with `key`, spread over `connections`.
    static func burst(_ count: Int, key: String, over connections: [ClientConnection]) async -> [StatusCode] {
        await withTaskGroup(of: StatusCode.self) { group in
            for index in 0..<count {
                let connection = connections[index % connections.count]
                group.addTask { await connection.inferenceStatus(key: key) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("a key with 5 requests a minute, burst 5, gets exactly 5 of 20 concurrent calls; 15 are told when to retry")
    func fiveOfTwenty() async throws {
        try await KeysEndToEndTests.withAdmin { _, connection, admin in
            let key = try await admin.issue(quota: Quota(requestsPerMinute: 5, requestBurst: 5)).apiKey
            let denials = Denials()
            let statuses = await withTaskGroup(of: StatusCode.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await connection.unary(TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: key), responseType: HealthCheckResponse.self)
                            return .ok
                        } catch let error as RPCError {
                            denials.add(error)
                            return error.code
                        } catch { return .unknown }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 5)
            #expect(statuses.filter { $0 == .resourceExhausted }.count == 15)
            for error in denials.all {
                #expect(error.retryAfterMs > 0 && error.retryAfterMs <= 12_000)
                guard case .quotaFailure(let failure) = error.details.first else {
                    Issue.record("no QuotaFailure detail")
                    continue
                }
                #expect(failure.scope == .key && failure.limit == .requestsPerMinute && failure.limitValue == 5 && failure.retryable)
            }
        }
    }

    @Test("64 concurrent streams over 4 connections against one key: exactly the burst is admitted")
    func exactUnderConcurrency() async throws {
        try await TestServer.with(extraMethods: { TestMethods.registerInference(in: &$0) }) { server in
            var connections: [ClientConnection] = []
            for _ in 0..<4 { connections.append(try await server.connect()) }
            defer { for connection in connections { Task { await connection.close() } } }
            let admin = AdminClient(connection: connections[0], key: try server.adminKey)
            let key = try await admin.issue(quota: Quota(requestsPerMinute: 1, requestBurst: 40, maxConcurrentStreams: 1000)).apiKey
            let statuses = await Self.burst(64, key: key, over: connections)
            #expect(statuses.filter { $0 == .ok }.count == 40)
            #expect(statuses.filter { $0 == .resourceExhausted }.count == 24)
        }
    }

    @Test("every response's headers carry the request and token buckets")
    func headers() async throws {
        try await KeysEndToEndTests.withAdmin { _, connection, admin in
            let key = try await admin.issue(quota: Quota(requestsPerMinute: 10, tokensPerMinute: 1000)).apiKey
            let response = try await connection.unary(TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: key), responseType: HealthCheckResponse.self)
            #expect(response.headers?.requests == RateLimitState(limit: 10, remaining: 9, resetMs: 6000))
            #expect(response.headers?.tokens?.limit == 1000)
            #expect(response.headers?.tokens?.remaining == 990)
        }
    }

    @Test("a keyed request costs its request before its message is read: undecodable, oversized and never-sent ones too")
    func theRequestIsTakenBeforeDecoding() async throws {
        try await TestServer.with(configure: { $0.requestTimeout = .milliseconds(300) }, extraMethods: { TestMethods.registerInference(in: &$0) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(quota: Quota(requestsPerMinute: 1, requestBurst: 10)).apiKey
            try await BadInputTests.withRaw(server) { raw in
                let headers = { (id: UInt32) in
                    Frame(type: .headers, streamID: id, payload: ByteBuffer(bytes: RequestHeaders(method: TestMethods.inferencePath, authorization: "Bearer " + key).protobufBytes()))
                }
                let garbage = ByteBuffer(bytes: [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
                try await raw.send(headers(1), Frame(type: .message, flags: .endStream, streamID: 1, payload: garbage))
                #expect(try await raw.status(of: 1)?.code == .invalidArgument)
                let oversized = ByteBuffer(bytes: HealthCheckRequest(service: String(repeating: "a", count: 70 << 10)).protobufBytes())
                try await raw.send(headers(3), Frame(type: .message, flags: .endStream, streamID: 3, payload: oversized))
                #expect(try await raw.status(of: 3)?.code == .resourceExhausted)
                try await raw.send(headers(5))
                #expect(try await raw.status(of: 5)?.code == .deadlineExceeded)
            }
            let response = try await connection.unary(TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: key), responseType: HealthCheckResponse.self)
            #expect(response.headers?.requests?.remaining == 10 - 4)
        }
    }

    @Test("SetQuota takes effect on the next call; a partner at its limit does not affect another")
    func liveChangeAndIsolation() async throws {
        try await KeysEndToEndTests.withAdmin { _, connection, admin in
            let acme = try await admin.issue(partner: "acme").apiKey
            let globex = try await admin.issue(partner: "globex").apiKey
            _ = try await admin.setQuota(.partner("acme"), Quota(requestsPerMinute: 1, requestBurst: 1))
            #expect(await connection.inferenceStatus(key: acme) == .ok)
            #expect(await connection.inferenceStatus(key: acme) == .resourceExhausted)
            for _ in 0..<100 { _ = await connection.inferenceStatus(key: acme) }
            #expect(await connection.inferenceStatus(key: globex) == .ok)
            _ = try await admin.setQuota(.partner("acme"), Quota(requestsPerMinute: 1000, requestBurst: 1000))
            #expect(await connection.inferenceStatus(key: acme) == .ok)
        }
    }

    @Test("absurd, inconsistent and oversized quota values are INVALID_ARGUMENT naming the field")
    func badQuotaValues() async throws {
        try await KeysEndToEndTests.withAdmin { _, _, admin in
            let key = try await admin.issue().key!.id
            let bad = [
                Quota(requestsPerMinute: 2_000_000_000_000),
                Quota(tokensPerMinute: 5, tokenBurst: 2_000_000_000_000),
                Quota(maxConcurrentStreams: 5_000_000),
                Quota(dailyTokens: UInt64.max),
            ]
            for quota in bad {
                let error = await #expect(throws: RPCError.self) { _ = try await admin.setQuota(.keyID(key), quota) }
                #expect(error?.code == .invalidArgument)
                guard case .fieldViolation(let violation) = error?.details.first else {
                    Issue.record("no field named for \(quota)")
                    continue
                }
                #expect(violation.field.hasPrefix("quota."))
            }
            let missing = await #expect(throws: RPCError.self) { _ = try await admin.call("SetQuota", SetQuotaRequest(quota: Quota())) as SetQuotaResponse }
            #expect(missing?.code == .invalidArgument)
        }
    }

    @Test("usage records admitted and rejected calls; a partner key reads only its own partner")
    func usage() async throws {
        try await KeysEndToEndTests.withAdmin { _, connection, admin in
            let key = try await admin.issue(partner: "acme", quota: Quota(requestsPerMinute: 2, requestBurst: 2)).apiKey
            _ = try await admin.issue(partner: "globex")
            for _ in 0..<5 { _ = await connection.inferenceStatus(key: key) }
            let rows = try await admin.usage(partner: "acme", groupBy: [.model]).rows
            #expect(rows.map(\.requests).reduce(0, +) == 5)
            #expect(rows.map(\.failedRequests).reduce(0, +) == 3)
            #expect(rows.first { $0.model == "test-model" }?.inputTokens == 6)
            // A second key of the same partner (the first has used its requests).
            let own = AdminClient(connection: connection, key: try await admin.issue(partner: "acme").apiKey)
            #expect(try await own.usage().rows.map(\.requests).reduce(0, +) == 5)
            let other = await #expect(throws: RPCError.self) { _ = try await own.usage(partner: "globex") }
            #expect(other?.code == .permissionDenied)
        }
    }
}

/// Collects the errors concurrent calls saw.
final class Denials: Sendable {
    private let errors = Mutex<[RPCError]>([])
    func add(_ error: RPCError) { errors.withLock { $0.append(error) } }
    var all: [RPCError] { errors.withLock { $0 } }
}
