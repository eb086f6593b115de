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

/// Series labelled by values that are not known up front (model names, partners), made on
/// first use under a lock. The first label is the open-ended one: once `maximumKeys` series
/// exist, new values of it count as "other" (the other labels, from small fixed sets, are
/// kept), so a label never grows without bound.
final class KeyedSeries<Metric: AnyObject & Sendable>: Sendable {
    private let table = Mutex<[[String]: Metric]>([:])
    private let labels: [String]
    private let maximumKeys: Int
    private let make: @Sendable (_ dimensions: [(String, String)]) -> Metric

    init(labels: [String], maximumKeys: Int, _ make: @escaping @Sendable (_ dimensions: [(String, String)]) -> Metric) {
        self.labels = labels
        self.maximumKeys = maximumKeys
        self.make = make
    }

    /// The series with these label values, in the order of `labels`.
    subscript(_ values: String...) -> Metric {
        precondition(values.count == labels.count)
        return table.withLock { table in
            if let metric = table[values] { return metric }
            let kept = table.count < maximumKeys ? values : ["other"] + values.dropFirst()
            if let metric = table[kept] { return metric }
            let metric = make(Array(zip(labels, kept)))
            table[kept] = metric
            return metric
        }
    }
}
