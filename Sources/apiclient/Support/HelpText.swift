/// Text shared by the commands' `--help`.
enum HelpText {
    /// The environment variables every keyed command reads.
    static let environment = """
        Environment:
          FLINT_API_KEY   API key, when --key is not given.
          FLINT_ENDPOINT  Server address, when --endpoint is not given.
          FLINT_CA_FILE   CA certificates (PEM), when --ca is not given; else
                          the local server's <data-dir>/tls/ca.pem if it
                          exists, else the system's trust store.
          FLINT_DATA_DIR  Data directory of a server on this machine (else
                          $XDG_DATA_HOME/flint, else ~/.local/share/flint).
                          With no key given, a call to a server on this
                          machine (127.*, localhost, ::1) uses the key in
                          <data-dir>/admin.key; a remote server never gets it.
        """

    /// The environment variables of a command that needs no key.
    static let connectionEnvironment = """
        Environment:
          FLINT_ENDPOINT  Server address, when --endpoint is not given.
          FLINT_CA_FILE   CA certificates (PEM), when --ca is not given; else
                          the local server's <data-dir>/tls/ca.pem if it
                          exists, else the system's trust store.
          FLINT_DATA_DIR  Data directory of a server on this machine (else
                          $XDG_DATA_HOME/flint, else ~/.local/share/flint).
        """

    static let times = """
        Durations are a whole number and a unit, s, m, h or d (45s, 90m, 12h,
        30d), or several in a row (1h30m). Times are RFC 3339
        (2026-11-01T09:30:00Z, 2026-11-01T10:30:00+01:00) or a UTC day
        (2026-11-01, its midnight). Times are printed in UTC.
        """

    static let exitStatus = """
        Exit status: 0 on success; 1 when the call failed, with one line on
        stderr, "error: <CODE>: <message>"; 64 for a bad flag or value.
        """

    /// A discussion: the command's own text, then examples, then the shared notes. Help is
    /// printed as written, so every line stays under 80 columns.
    static func discussion(_ text: String, examples: [String], notes: [String] = [HelpText.environment, HelpText.exitStatus]) -> String {
        ([text, "Examples:\n" + examples.map { "  " + $0 }.joined(separator: "\n")] + notes).joined(separator: "\n\n")
    }
}

