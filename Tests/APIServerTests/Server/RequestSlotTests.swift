import FlintAPI
import NIOCore
import Testing

@testable import APIServer

/// The hand-over of a stream's request from the connection to its call.
@Suite("Request slot")
struct RequestSlotTests {
    @Test("a request that arrived first is taken without waiting, once")
    func deliveredFirst() async throws {
        let slot = RequestSlot()
        #expect(try slot.take() == nil)
        slot.deliver(ByteBuffer(string: "one"))
        slot.deliver(ByteBuffer(string: "two"))
        slot.finish()
        #expect(try slot.take() == ByteBuffer(string: "one"))
        #expect(try slot.take() == nil)
        #expect(try await slot.wait() == nil)
    }

    @Test("a waiting call gets the request when it arrives")
    func waitThenDeliver() async throws {
        let slot = RequestSlot()
        async let received = slot.wait()
        // The waiter may or may not have parked yet: both orders must hand the request over.
        slot.deliver(ByteBuffer(string: "late"))
        #expect(try await received == ByteBuffer(string: "late"))
    }

    @Test("a waiting call learns that no request will come, and a cancelled one stops waiting")
    func finishedOrCancelled() async throws {
        let finished = RequestSlot()
        async let none = finished.wait()
        finished.finish()
        #expect(try await none == nil)

        let cancelled = RequestSlot()
        let task = Task { try await cancelled.wait() }
        task.cancel()
        #expect(try await task.value == nil)
    }

    @Test("a request that cannot be read fails the call, waiting or not")
    func failed() async throws {
        let early = RequestSlot()
        early.fail(RPCError(.internalError, "compressed"))
        early.deliver(ByteBuffer(string: "ignored"))
        let taken = #expect(throws: RPCError.self) { try early.take() }
        #expect(taken?.message == "compressed")

        let waiting = RequestSlot()
        let task = Task { try await waiting.wait() }
        waiting.fail(RPCError(.resourceExhausted, "too large"))
        await #expect(throws: RPCError.self) { try await task.value }
    }
}
