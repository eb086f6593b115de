import NIOCore
import Testing
import Wire

@Suite(.timeLimit(.minutes(1)))
struct TLSCloseTests {
    @Test func serverSendsCloseNotifyWhenItCloses() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let client = try await TestClient.connect(port: server.port, files.client())
                _ = try await client.handshake()
                try await client.channel.writeAndFlush(ByteBuffer(bytes: EchoHandler.closeRequest))
                let events = await client.eventsUntilClosed()
                #expect(events.count == 2)
                #expect(events.first.map(isCloseNotify) == true)
                #expect(events.last.map(isClosed) == true)
            }
        }
    }

    @Test func clientSendsCloseNotifyWhenItCloses() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let serverEvents = EventReader(server.events)
                let client = try await TestClient.connect(port: server.port, files.client())
                _ = try await client.handshake()
                try await client.channel.close()
                let events = await serverEvents.collect(until: isClosed)
                #expect(events.contains(where: isCloseNotify))
                #expect(!events.contains { $0.tlsError != nil })
            }
        }
    }
}

func isCloseNotify(_ event: ConnectionEvent) -> Bool {
    if case .closeNotifyReceived = event { true } else { false }
}
