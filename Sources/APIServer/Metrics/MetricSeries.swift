import Synchronization

/// One labelled series, made on its first use (so `/metrics` shows only what happened) and
/// read without a lock after that: the per-call metrics take one atomic load.
final class LazySeries<Metric: AnyObject & Sendable>: Sendable {
    private let reference = AtomicLazyReference<Metric>()
    private let make: @Sendable () -> Metric

    init(_ make: @escaping @Sendable () -> Metric) {
        self.make = make
    }

    var metric: Metric { reference.load() ?? reference.storeIfNil(make()) }
}

/// Series keyed by label values that are not known up front (model names, backends), made on
/// first use under a lock. At most `maximumKeys` are kept; keys past that share the series
/// of `overflow`, so a label never grows without bound.
final class KeyedSeries<Key: Hashable & Sendable, Metric: AnyObject & Sendable>: Sendable {
    private let table = Mutex<[Key: Metric]>([:])
    private let maximumKeys: Int
    private let overflow: Key
    private let make: @Sendable (Key) -> Metric

    init(maximumKeys: Int, overflow: Key, _ make: @escaping @Sendable (Key) -> Metric) {
        self.maximumKeys = maximumKeys
        self.overflow = overflow
        self.make = make
    }

    subscript(key: Key) -> Metric {
        table.withLock { table in
            if let metric = table[key] { return metric }
            let kept = table.count < maximumKeys ? key : overflow
            if let metric = table[kept] { return metric }
            let metric = make(kept)
            table[kept] = metric
            return metric
        }
    }
}
