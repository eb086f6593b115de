import NIOCore
import Testing
import Wire

/// SETTINGS and HEADERS are decoded before any key is checked, so they are small.
@Suite struct MetadataSizeTests {
    typealias Machine = ServerConnectionStateMachineTests

    static func oversizedHeaders(_ streamID: UInt32) -> Frame {
        let headers = RequestHeaders(method: "/flint.v1.Health/Check", metadata: ["x": String(repeating: "a", count: ConnectionLimits.maxMetadataPayload)])
        return Machine.frame(.headers, streamID, headers)
    }

    @Test func headersOverTheCapFailTheirStreamAndTheConnectionGoesOn() {
        var machine = Machine.active(limits: ConnectionLimits())
        let action = machine.receivedFrame(Self.oversizedHeaders(1))
        guard case .rejectStream(1, let status, false) = action else {
            Issue.record("expected a stream rejection, got \(action)")
            return
        }
        #expect(status.code == .resourceExhausted)
        #expect(status.details == [.errorInfo(ErrorInfo(reason: "HEADERS_TOO_LARGE"))])
        guard case .openStream(3, _) = machine.receivedFrame(Machine.headers(3)) else {
            Issue.record("the connection did not go on")
            return
        }
        // The oversized stream's id is used up.
        #expect(Machine.goAwayCode(machine.receivedFrame(Machine.headers(1))) == .invalidArgument)
    }

    @Test func settingsOverTheCapEndTheConnection() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits())
        let big = Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: [UInt8](repeating: 0, count: ConnectionLimits.maxMetadataPayload + 1)))
        #expect(Machine.goAwayCode(machine.receivedFrame(big)) == .resourceExhausted)
    }

    @Test func headersAtTheCapAreServed() {
        var machine = Machine.active(limits: ConnectionLimits())
        let padding = ConnectionLimits.maxMetadataPayload - 100
        let headers = RequestHeaders(method: "/flint.v1.Health/Check", metadata: ["x": String(repeating: "a", count: padding)])
        #expect(headers.protobufBytes().count <= ConnectionLimits.maxMetadataPayload)
        guard case .openStream(1, _) = machine.receivedFrame(Machine.frame(.headers, 1, headers)) else {
            Issue.record("headers under the cap were refused")
            return
        }
    }
}
