internal import COpenSSL

/// Reading and writing PEM through OpenSSL BIOs.
enum PEMIO {
    /// Opens `path` and parses one object with `parse`.
    static func read(from path: String, _ parse: (OpaquePointer) -> OpaquePointer?) throws -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let bio = BIO_new_file(path, "r") else {
            throw TLSError.openSSL(.certificateGeneration, "opening \(path) failed")
        }
        defer { BIO_free(bio) }
        guard let object = parse(bio) else {
            throw TLSError.openSSL(.certificateGeneration, "reading PEM from \(path) failed")
        }
        return object
    }

    /// Runs `encode` against a memory BIO and returns what it wrote.
    static func write(_ encode: (OpaquePointer) -> Bool) throws -> [UInt8] {
        OpenSSLErrorQueue.clear()
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw TLSError.openSSL(.certificateGeneration, "BIO_new failed")
        }
        defer { BIO_free(bio) }
        guard encode(bio) else {
            throw TLSError.openSSL(.certificateGeneration, "encoding PEM failed")
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = flint_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
}
