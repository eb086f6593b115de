import FlintAPI
internal import COpenSSL

/// OpenSSL's thread-local error queue, read and cleared around every call.
enum OpenSSLErrorQueue {
    /// Discards stale errors so the next call's failure is reported alone.
    static func clear() {
        ERR_clear_error()
    }

    /// Empties the queue, returning one formatted entry per error, oldest first.
    static func drain() -> [String] {
        var entries: [String] = []
        while let entry = self.next() {
            entries.append(entry)
        }
        return entries
    }

    /// The reason text of the most recent error still queued, without removing it.
    static func peekLastReason() -> String? {
        let code = ERR_peek_last_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return nil }
        return String(cString: reason)
    }

    private static func next() -> String? {
        var data: UnsafePointer<CChar>?
        var flags: CInt = 0
        let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
        guard code != 0 else { return nil }
        let text = self.describe(code)
        guard let data, flags & ERR_TXT_STRING != 0, data.pointee != 0 else { return text }
        return text + " (" + String(cString: data) + ")"
    }

    private static func describe(_ code: UInt) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            ERR_error_string_n(code, buffer.baseAddress, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
    }
}

extension TLSError {
    /// A failure of the OpenSSL call just made, with the queue drained into the error.
    static func openSSL(_ code: Code, _ message: String) -> TLSError {
        TLSError(code: code, message: message, openSSLErrors: OpenSSLErrorQueue.drain())
    }
}

/// One OpenSSL call made with a clean error queue; `false` becomes a ``TLSError``.
enum OpenSSLCall {
    static func check(_ what: String, code: TLSError.Code = .configuration, _ call: () -> Bool) throws {
        OpenSSLErrorQueue.clear()
        guard call() else {
            throw TLSError.openSSL(code, "\(what) failed")
        }
    }
}
