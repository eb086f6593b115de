import FlintFuzzTargets

/// libFuzzer's entry point for the messages target.
@_cdecl("LLVMFuzzerTestOneInput")
public func messagesFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runLibFuzzerInput(data, size, through: MessageFuzzing.run)
}
