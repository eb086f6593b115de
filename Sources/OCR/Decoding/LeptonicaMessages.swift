import CTesseract

/// Leptonica writes its warnings and errors to stderr; every failure it reports reaches the
/// caller as an ``OCRError`` instead, so its messages are switched off, once per process.
enum LeptonicaMessages {
    private static let silenced: Void = {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    }()

    static func silence() {
        _ = silenced
    }
}
