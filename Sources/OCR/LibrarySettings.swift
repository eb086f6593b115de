internal import CTesseract

/// Settings of the two libraries: Leptonica's messages off, once per process (every failure
/// it reports reaches the caller as an ``OCRError``), and Tesseract's OpenMP loops kept on
/// the thread that runs a recognition (one recognition per worker thread, no extra
/// spinning threads competing for the cores).
public enum LibrarySettings {
    private static let silenced: Void = {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    }()

    static func apply() {
        _ = silenced
    }

    /// Makes OpenMP's parallel regions started from this thread run on it alone; returns
    /// its max active levels after: 0, or -1 when this Tesseract has no OpenMP.
    @discardableResult
    public static func runOpenMPSeriallyOnThisThread() -> Int {
        Int(flint_openmp_run_serially())
    }
}
