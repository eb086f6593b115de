import FlintAPI
internal import COpenSSL
import NIOCore

/// The outcome of a non-blocking OpenSSL operation. `WANT_READ`/`WANT_WRITE` are
/// `.incomplete` (more bytes must arrive or leave first), never a failure.
enum TLSOperationResult {
    case complete
    case incomplete
    case failed(TLSError)
}

/// The outcome of decrypting inbound records into plaintext.
enum TLSReadResult {
    /// Some plaintext was appended to the buffer; there may be more.
    case read
    /// No more plaintext until more ciphertext arrives.
    case incomplete
    /// The peer sent close_notify.
    case closed
    case failed(TLSError)
}

/// One TLS connection: an OpenSSL `SSL` with two memory BIOs, one carrying ciphertext
/// from the network in and one carrying ciphertext for the network out. It does no I/O of
/// its own; ``TLSHandler`` moves bytes between it and the channel.
final class TLSConnection {
    private let ssl: OpaquePointer
    /// Ciphertext from the network, for OpenSSL to read. Owned by `ssl`.
    private let networkInput: OpaquePointer
    /// Ciphertext produced by OpenSSL, for the network. Owned by `ssl`.
    private let networkOutput: OpaquePointer
    /// Whether this is the client end and offered `flint/1`.
    private let requiresFlintALPN: Bool

    /// The largest plaintext in one TLS record.
    static let maximumRecordSize = 16 * 1024

    init(context: TLSContext) throws {
        let ssl = try context.makeSSL()
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSError.openSSL(.configuration, "BIO_new failed")
        }
        flint_BIO_set_mem_eof_return(input, -1)
        SSL_set_bio(ssl, input, output)
        self.ssl = ssl
        self.networkInput = input
        self.networkOutput = output
        self.requiresFlintALPN = Self.requiresFlintALPN(context.configuration.role)
        try self.setRole(context.configuration.role)
    }

    deinit {
        SSL_free(self.ssl)
    }

    private static func requiresFlintALPN(_ role: TLSConfiguration.Role) -> Bool {
        switch role {
        case .server: false
        case .client(let client):
            client.testingOverrides.offeredApplicationProtocols?
                .contains(TLSConfiguration.applicationProtocol) ?? true
        }
    }

    private func setRole(_ role: TLSConfiguration.Role) throws {
        switch role {
        case .server:
            SSL_set_accept_state(self.ssl)
        case .client(let client):
            SSL_set_connect_state(self.ssl)
            try ServerNameSetup(ssl: self.ssl, client: client).apply()
        }
    }
}

// MARK: - Moving ciphertext

extension TLSConnection {
    /// Hands ciphertext received from the network to OpenSSL.
    func receive(_ ciphertext: ByteBuffer) {
        ciphertext.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            // A memory BIO only fails to take bytes when allocation fails.
            let written = BIO_write(self.networkInput, base, CInt(bytes.count))
            precondition(written == bytes.count, "memory BIO rejected \(bytes.count) bytes")
        }
    }

    /// Takes all ciphertext OpenSSL has produced for the network, or `nil` if none.
    func takeCiphertext(allocator: ByteBufferAllocator) -> ByteBuffer? {
        let pending = Int(flint_BIO_pending(self.networkOutput))
        guard pending > 0 else { return nil }
        var buffer = allocator.buffer(capacity: pending)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { bytes in
            Int(BIO_read(self.networkOutput, bytes.baseAddress, CInt(pending)))
        }
        return buffer
    }
}

// MARK: - TLS operations

extension TLSConnection {
    /// Advances the handshake as far as the received bytes allow.
    func handshake() -> TLSOperationResult {
        OpenSSLErrorQueue.clear()
        let rc = SSL_do_handshake(self.ssl)
        guard rc != 1 else { return .complete }
        switch SSL_get_error(self.ssl, rc) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .incomplete
        default: return .failed(self.handshakeError())
        }
    }

    /// Decrypts records into `plaintext`, appending at most one record's worth.
    func read(into plaintext: inout ByteBuffer) -> TLSReadResult {
        OpenSSLErrorQueue.clear()
        var rc: CInt = 0
        plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.maximumRecordSize) { bytes in
            rc = SSL_read(self.ssl, bytes.baseAddress, CInt(clamping: bytes.count))
            return max(Int(rc), 0)
        }
        guard rc <= 0 else { return .read }
        switch SSL_get_error(self.ssl, rc) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .incomplete
        case SSL_ERROR_ZERO_RETURN: return .closed
        default: return .failed(.openSSL(.readFailed, "decrypting a TLS record failed"))
        }
    }

    /// Encrypts all of `plaintext`. With memory BIOs and renegotiation disabled, a write
    /// after the handshake never has to wait, so "incomplete" is reported as a failure.
    func write(_ plaintext: ByteBuffer) -> TLSError? {
        guard plaintext.readableBytes > 0 else { return nil }
        OpenSSLErrorQueue.clear()
        let rc = plaintext.withUnsafeReadableBytes { bytes in
            SSL_write(self.ssl, bytes.baseAddress, CInt(bytes.count))
        }
        guard rc <= 0 else { return nil }
        let reason = SSL_get_error(self.ssl, rc)
        return .openSSL(.writeFailed, "encrypting a TLS record failed (SSL_get_error \(reason))")
    }

    /// Queues our close_notify. We never wait for the peer's: the channel closes next.
    func shutdown() {
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(self.ssl)
        OpenSSLErrorQueue.clear()
    }
}

// MARK: - Handshake results

extension TLSConnection {
    /// The protocol the server selected by ALPN, if any.
    var negotiatedApplicationProtocol: String? {
        var name: UnsafePointer<UInt8>?
        var length: CUnsignedInt = 0
        SSL_get0_alpn_selected(self.ssl, &name, &length)
        guard let name, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: name, count: Int(length)), as: UTF8.self)
    }

    /// The negotiated version, as OpenSSL names it (`TLSv1.3`).
    var protocolVersion: String {
        String(cString: SSL_get_version(self.ssl))
    }

    /// A client that offered `flint/1` fails unless the server selected it.
    func applicationProtocolError() -> TLSError? {
        guard self.requiresFlintALPN else { return nil }
        let selected = self.negotiatedApplicationProtocol
        guard selected != TLSConfiguration.applicationProtocol else { return nil }
        return TLSError(
            code: .alpnMismatch,
            message: "the server did not select \(TLSConfiguration.applicationProtocol) "
                + "(selected: \(selected ?? "none"))"
        )
    }

    private func handshakeError() -> TLSError {
        let verifying = SSL_get_verify_mode(self.ssl) & SSL_VERIFY_PEER != 0
        let verifyResult = SSL_get_verify_result(self.ssl)
        if verifying, verifyResult != X509_V_OK {
            let reason = String(cString: X509_verify_cert_error_string(verifyResult))
            return .openSSL(.verificationFailed, "certificate verify failed: \(reason)")
        }
        let reason = OpenSSLErrorQueue.peekLastReason() ?? "the peer sent something unexpected"
        return .openSSL(.handshakeFailed, "TLS handshake failed: \(reason)")
    }
}
