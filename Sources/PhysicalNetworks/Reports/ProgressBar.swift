import Foundation

/// A progress display on standard error.
///
/// On a terminal (`isatty(STDERR_FILENO)`) it redraws one line in place with `\r`:
///
///     train [###########.............]  42/100  loss 0.0123  0:12 elapsed, 0:17 left
///
/// Otherwise (a log file, a pipe, CI) it prints plain lines, `train 42/100  loss 0.0123  0:12
/// elapsed`, so logs stay readable. Either way it draws at most once per `minimumInterval`
/// seconds (plus the first and the last update), so a fast loop is not slowed by output.
public struct ProgressBar {
    public enum Style: Sendable {
        /// Redraw one line with `\r`.
        case terminal
        /// One line per drawn update.
        case lines

        /// `.terminal` when standard error is a terminal, else `.lines`.
        public static func detect() -> Style { isatty(STDERR_FILENO) != 0 ? .terminal : .lines }
    }

    public let total: Int
    public let label: String
    public let style: Style
    /// Seconds between draws.
    public let minimumInterval: Double
    private let clock: () -> Double
    private let output: (String) -> Void
    private let start: Double
    private var lastDraw: Double?
    private var lastWidth = 0
    private var finished = false

    /// Width of the bar between brackets, in characters.
    static let barWidth = 24

    /// - Parameters:
    ///   - total: number of steps (e.g. epochs), ≥ 1.
    ///   - label: printed first on every line.
    ///   - style: default `.detect()`.
    ///   - minimumInterval: default 0.1 s on a terminal, 1 s for plain lines.
    ///   - clock: seconds from any fixed origin (default: the monotonic clock).
    ///   - output: receives the text to print (default: standard error).
    public init(total: Int, label: String, style: Style = .detect(), minimumInterval: Double? = nil,
                clock: @escaping () -> Double = ProgressBar.monotonicSeconds,
                output: @escaping (String) -> Void = ProgressBar.writeToStandardError) {
        precondition(total >= 1, "a progress bar needs total ≥ 1, got \(total)")
        self.total = total
        self.label = label
        self.style = style
        self.minimumInterval = minimumInterval ?? (style == .terminal ? 0.1 : 1)
        self.clock = clock
        self.output = output
        start = clock()
    }

    /// Reports `completed` of `total` steps with a short status (e.g. `loss 0.0123`); draws if the
    /// interval has passed, or on the first update, or when `completed == total`.
    public mutating func update(completed: Int, status: String = "") {
        let now = clock()
        if let last = lastDraw, now - last < minimumInterval, completed < total { return }
        draw(completed: completed, status: status, now: now)
    }

    /// Draws the final state and, on a terminal, ends the line.
    public mutating func finish(completed: Int? = nil, status: String = "") {
        guard !finished else { return }
        draw(completed: completed ?? total, status: status, now: clock())
        if style == .terminal { output("\n") }
        finished = true
    }

    private mutating func draw(completed: Int, status: String, now: Double) {
        let text = Self.render(label: label, completed: completed, total: total, status: status,
                               elapsed: now - start, style: style)
        lastDraw = now
        switch style {
        case .terminal:
            let width = text.count
            output("\r" + text + String(repeating: " ", count: max(0, lastWidth - width)))
            lastWidth = width
        case .lines:
            output(text + "\n")
        }
    }

    /// The text of one update, without `\r` or newline.
    static func render(label: String, completed: Int, total: Int, status: String, elapsed: Double, style: Style) -> String {
        let done = min(max(completed, 0), total)
        let counter = "\(String(repeating: " ", count: max(0, String(total).count - String(done).count)))\(done)/\(total)"
        var parts = [label]
        if style == .terminal {
            let filled = done * barWidth / total
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]")
        }
        parts.append(counter)
        if !status.isEmpty { parts.append(status) }
        var time = "\(duration(elapsed)) elapsed"
        if style == .terminal, done > 0, done < total {
            time += ", \(duration(elapsed / Double(done) * Double(total - done))) left"
        }
        parts.append(time)
        return parts.filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// `m:ss`, or `h:mm:ss` from one hour.
    static func duration(_ seconds: Double) -> String {
        let whole = seconds.isFinite ? max(0, Int(seconds.rounded())) : 0
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// Seconds on the monotonic clock.
    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Writes `text` to standard error, unbuffered.
    public static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
