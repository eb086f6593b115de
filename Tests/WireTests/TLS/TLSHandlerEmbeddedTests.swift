import NIOCore
import NIOEmbedded
import Testing
import Wire

/// The handler without sockets: two embedded channels with bytes moved by hand.
@Suite(.timeLimit(.minutes(1)))
struct TLSHandlerEmbeddedTests {
    @Test func heldWritesFollowTheHandshakeInOrder() throws {
        try withDevelopmentCertificates { files in
            let pair = try EmbeddedPair(files)
            let first = pair.client.eventLoop.makePromise(of: Void.self)
            pair.client.write(ByteBuffer(string: "one,"), promise: first)
            pair.client.writeAndFlush(ByteBuffer(string: "two"), promise: nil)
            try pair.shuttleUntilQuiet()
            try first.futureResult.wait()
            #expect(try pair.serverPlaintext() == "one,two")
        }
    }

    @Test func writesBeyondThePendingLimitFailTheConnection() throws {
        try withDevelopmentCertificates { files in
            let context = try TLSContext(configuration: files.client())
            let channel = EmbeddedChannel(handler: try TLSHandler(context: context, maximumPendingWriteBytes: 8))
            try channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            let fits = channel.eventLoop.makePromise(of: Void.self)
            let overflows = channel.eventLoop.makePromise(of: Void.self)
            channel.write(ByteBuffer(string: "12345678"), promise: fits)
            channel.write(ByteBuffer(string: "9"), promise: overflows)
            #expect(throws: TLSError.self) { try overflows.futureResult.wait() }
            #expect(throws: TLSError.self) { try fits.futureResult.wait() }
            #expect(throws: TLSError.self) { try channel.throwIfErrorCaught() }
            #expect(!channel.isActive)
        }
    }

    @Test func handshakeTimesOutOnTheInjectedClock() throws {
        try withDevelopmentCertificates { files in
            let context = try TLSContext(configuration: files.server(handshakeTimeout: .seconds(2)))
            let channel = EmbeddedChannel(handler: try TLSHandler(context: context))
            try channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(1999))
            #expect(channel.isActive)
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
            #expect(!channel.isActive)
            #expect(throws: TLSError(code: .handshakeTimeout, message: "no TLS handshake within 2 s")) {
                try channel.throwIfErrorCaught()
            }
        }
    }

    @Test func closeDuringTheHandshakeFailsHeldWrites() throws {
        try withDevelopmentCertificates { files in
            let pair = try EmbeddedPair(files)
            let held = pair.client.eventLoop.makePromise(of: Void.self)
            pair.client.writeAndFlush(ByteBuffer(string: "never sent"), promise: held)
            try pair.client.close().wait()
            #expect(throws: ChannelError.ioOnClosedChannel) { try held.futureResult.wait() }
        }
    }
}

/// A client and a server `TLSHandler`, each on an `EmbeddedChannel`.
struct EmbeddedPair {
    let client: EmbeddedChannel
    let server: EmbeddedChannel

    init(_ files: DevelopmentCertificateAuthority.Files) throws {
        self.client = EmbeddedChannel(handler: try TLSHandler(context: TLSContext(configuration: files.client())))
        self.server = EmbeddedChannel(
            handler: try TLSHandler(context: TLSContext(configuration: files.serverConfiguration))
        )
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
        try self.server.connect(to: address).wait()
        try self.client.connect(to: address).wait()
    }

    /// Moves ciphertext both ways until neither side has anything to send.
    func shuttleUntilQuiet() throws {
        var moved = true
        while moved {
            moved = try Self.move(from: self.client, to: self.server)
            moved = try Self.move(from: self.server, to: self.client) || moved
        }
    }

    /// All plaintext the server has passed on, as a string.
    func serverPlaintext() throws -> String {
        var text = ""
        while let buffer = try self.server.readInbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    private static func move(from source: EmbeddedChannel, to target: EmbeddedChannel) throws -> Bool {
        var moved = false
        while let bytes = try source.readOutbound(as: ByteBuffer.self) {
            try target.writeInbound(bytes)
            moved = true
        }
        return moved
    }
}
