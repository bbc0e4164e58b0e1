import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge report RUN_DIR`: the run's self-contained HTML page (`RunReport`), RUN_DIR/report.html,
/// with every plotted series as CSV in RUN_DIR/report/.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's (or a sweep's) self-contained HTML report.",
        discussion: """
            RUN_DIR is a training run's folder (metrics.csv, summary.json, baseline_metrics.csv, \
            configuration.json, command.txt) or a sweep's (sweep.csv). The page has the training \
            curves of EP and of the backprop baseline, EP-vs-exact gradient cosine, the energy per \
            update by part (stacked bars), the analog/digital comparison, the sweep's accuracy \
            and energy against the swept value, and the run's configuration; inline SVG, no \
            network access and no JavaScript. Every plotted series is also written as CSV in \
            RUN_DIR/report/. Missing files leave their sections out with a note.
            """)

    @Argument(help: "The run or sweep folder.")
    var runDirectory: String

    func run() throws {
        try reportingUserErrors {
            let path: String
            do { path = try RunReport.write(runFolder: runDirectory) } catch { throw UserFacingError(String(describing: error)) }
            print("report: \(path)")
        }
    }
}
