import NIOCore
import Testing

@testable import APIServer

/// The hand-over of a stream's request from the connection to its call.
@Suite("Request slot")
struct RequestSlotTests {
    @Test("a request that arrived first is taken without waiting, once")
    func deliveredFirst() async {
        let slot = RequestSlot()
        #expect(slot.take() == nil)
        slot.deliver(ByteBuffer(string: "one"))
        slot.deliver(ByteBuffer(string: "two"))
        slot.finish()
        #expect(slot.take() == ByteBuffer(string: "one"))
        #expect(slot.take() == nil)
        #expect(await slot.wait() == nil)
    }

    @Test("a waiting call gets the request when it arrives")
    func waitThenDeliver() async {
        let slot = RequestSlot()
        async let received = slot.wait()
        // The waiter may or may not have parked yet: both orders must hand the request over.
        slot.deliver(ByteBuffer(string: "late"))
        #expect(await received == ByteBuffer(string: "late"))
    }

    @Test("a waiting call learns that no request will come, and a cancelled one stops waiting")
    func finishedOrCancelled() async {
        let finished = RequestSlot()
        async let none = finished.wait()
        finished.finish()
        #expect(await none == nil)

        let cancelled = RequestSlot()
        let task = Task { await cancelled.wait() }
        task.cancel()
        #expect(await task.value == nil)
    }
}
