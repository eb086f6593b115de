import Testing

@testable @_spi(Testing) import Wire

/// `TLSConnection` checks that need no peer.
struct TLSConnectionTests {
    @Test func clientOfferingFlintRequiresTheServerToSelectIt() throws {
        try withDevelopmentCertificates { files in
            let connection = try TLSConnection(context: TLSContext(configuration: files.client()))
            let error = connection.applicationProtocolError()
            #expect(error?.code == .alpnMismatch)
            #expect(error?.message == "the server did not select flint/1 (selected: none)")
        }
    }

    @Test func clientOfferingNoALPNAcceptsNone() throws {
        try withDevelopmentCertificates { files in
            let configuration = files.client { $0.testingOverrides.offeredApplicationProtocols = [] }
            let connection = try TLSConnection(context: TLSContext(configuration: configuration))
            #expect(connection.applicationProtocolError() == nil)
        }
    }

    @Test func serverLeavesALPNToTheSelectCallback() throws {
        try withDevelopmentCertificates { files in
            let connection = try TLSConnection(context: TLSContext(configuration: files.serverConfiguration))
            #expect(connection.applicationProtocolError() == nil)
            #expect(connection.handshake().isIncomplete)
        }
    }
}

extension TLSOperationResult {
    var isIncomplete: Bool {
        if case .incomplete = self { true } else { false }
    }
}
