import Foundation

extension Ngspice {
    /// `count` equally spaced times from `start` to `stop`, both included.
    static func uniformGrid(from start: Double, to stop: Double, count: Int) -> [Double] {
        precondition(count >= 2, "a grid needs at least 2 points, got \(count)")
        let step = (stop - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? stop : start + Double($0) * step }
    }

    /// Linearly interpolates samples `values[k]` taken at increasing `times[k]` onto `grid`:
    /// v(t) = v_k + (v_{k+1} − v_k)(t − t_k)/(t_{k+1} − t_k) for t_k ≤ t ≤ t_{k+1}.
    ///
    /// Every grid time must lie within `times.first...times.last` (up to 1e-9 of the span, to
    /// absorb rounding of the stop time); ngspice never extrapolates and neither does this.
    ///
    /// - Complexity: O(`times.count` + `grid.count`) for an increasing grid.
    static func interpolate(_ values: [Double], at times: [Double], onto grid: [Double]) -> [Double] {
        precondition(values.count == times.count && !times.isEmpty,
                     "\(values.count) values for \(times.count) times")
        guard let first = times.first, let last = times.last else { return [] }
        let slack = 1e-9 * max(last - first, .leastNormalMagnitude)
        var k = 0
        return grid.map { t in
            precondition(t >= first - slack && t <= last + slack,
                         "grid time \(t) outside the simulated span \(first)...\(last)")
            if t < times[k] { k = 0 }
            while k + 1 < times.count - 1, times[k + 1] < t { k += 1 }
            guard k + 1 < times.count else { return values[k] }
            let span = times[k + 1] - times[k]
            let fraction = span > 0 ? min(max((t - times[k]) / span, 0), 1) : 1
            return values[k] + (values[k + 1] - values[k]) * fraction
        }
    }

    /// Every vector of a transient result, linearly interpolated onto `grid` (see
    /// `interpolate(_:at:onto:)`), keyed as in the result.
    static func resample(
        _ result: (time: [Double], vectors: [String: [Double]]), onto grid: [Double]
    ) -> [String: [Double]] {
        result.vectors.mapValues { interpolate($0, at: result.time, onto: grid) }
    }
}
