/// The names a development server certificate is valid for: always `localhost`,
/// `127.0.0.1` and `::1`, plus extra DNS names or IP literals.
struct SubjectAlternativeNames {
    private(set) var entries = ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]

    init(extraHostnames: [String]) throws {
        for name in extraHostnames {
            try self.add(name)
        }
    }

    /// The value for OpenSSL's `subjectAltName` extension config syntax.
    var configValue: String {
        self.entries.joined(separator: ",")
    }

    private mutating func add(_ name: String) throws {
        // Commas and spaces would inject more entries into the config string.
        guard !name.isEmpty, !name.contains(where: { $0 == "," || $0.isWhitespace }) else {
            throw TLSError(code: .certificateGeneration, message: "not a valid host name: \"\(name)\"")
        }
        let entry = (ServerNameSetup.isIPAddress(name) ? "IP:" : "DNS:") + name
        if !self.entries.contains(entry) {
            self.entries.append(entry)
        }
    }
}
