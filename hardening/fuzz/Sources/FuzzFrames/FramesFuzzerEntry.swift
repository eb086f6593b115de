import FlintFuzzTargets

/// libFuzzer's entry point for the frames target.
@_cdecl("LLVMFuzzerTestOneInput")
public func framesFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runLibFuzzerInput(data, size, through: FrameFuzzing.run)
}
