import Foundation
import PhysicalNetworks

/// One point of a sweep, as a row of sweep.csv.
struct SweepRow {
    static let header = "parameter,value,test_accuracy,train_accuracy,energy_per_update_joules,programming_pulses_per_update,"
        + "accuracy_after_1_year,status"
    var parameter: String
    var value: Double
    var testAccuracy: Double
    var trainAccuracy: Double
    var energyPerUpdate: Double
    var pulsesPerUpdate: Double
    /// With drifting devices, the accuracy a year after the last programming (NaN otherwise).
    var driftedAccuracy: Double
    var status: String

    init(parameter: String, value: Double, testAccuracy: Double, trainAccuracy: Double, energyPerUpdate: Double,
         pulsesPerUpdate: Double, driftedAccuracy: Double, status: String) {
        self.parameter = parameter
        self.value = value
        self.testAccuracy = testAccuracy
        self.trainAccuracy = trainAccuracy
        self.energyPerUpdate = energyPerUpdate
        self.pulsesPerUpdate = pulsesPerUpdate
        self.driftedAccuracy = driftedAccuracy
        self.status = status
    }

    init(parameter: String, value: Double, summary: LayeredTrainingRun.Summary) {
        self.init(parameter: parameter, value: value, testAccuracy: summary.testAccuracy,
                  trainAccuracy: summary.trainAccuracy, energyPerUpdate: summary.energy?.perUpdateJoules ?? .nan,
                  pulsesPerUpdate: summary.energy?.pulsesPerUpdate ?? .nan,
                  driftedAccuracy: summary.drift.last?.accuracy ?? .nan, status: summary.status)
    }

    /// A value as it names its point's folder: an integer without decimals, else Swift's
    /// shortest exact form (so that distinct values never share a folder).
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The file in a point's folder that holds its row once its run has finished: the header,
    /// the row, and `# <the settings it ran with>`.
    static let pointFile = "sweep_point.csv"

    /// A point whose run finished before with the settings `identity`: its row read back.
    static func read(from folder: String, parameter: String, value: Double, identity: String) -> SweepRow? {
        guard let text = try? String(contentsOfFile: folder + "/" + pointFile, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, lines[0] == header, lines[2] == "# " + identity else { return nil }
        let fields = lines[1].split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 8, fields[0] == parameter, let stored = Double(fields[1]), stored == value else { return nil }
        let numbers = fields[2...6].map { Double($0) ?? .nan }
        var status = fields[7]
        if status.hasPrefix("\"") && status.hasSuffix("\"") && status.count >= 2 {
            status = String(status.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return SweepRow(parameter: parameter, value: value, testAccuracy: numbers[0], trainAccuracy: numbers[1],
                        energyPerUpdate: numbers[2], pulsesPerUpdate: numbers[3], driftedAccuracy: numbers[4], status: status)
    }

    var line: String {
        String(format: "%@ = %@: test %.2f%%, train %.2f%%, %@ per update, %.0f pulses per update, %@", parameter,
               Self.text(value), 100 * testAccuracy, 100 * trainAccuracy, EnergyTable.joules(energyPerUpdate),
               pulsesPerUpdate, status)
            + (driftedAccuracy.isNaN ? "" : String(format: "; %.2f%% a year later", 100 * driftedAccuracy))
    }

    /// Writes `rows` as CSV (atomically), with `# identity` after them when given.
    static func write(_ rows: [SweepRow], to path: String, identity: String? = nil) throws {
        func field(_ x: Double) -> String { x.isFinite ? "\(x)" : "nan" }
        func quoted(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = [header] + rows.map {
            [$0.parameter, field($0.value), field($0.testAccuracy), field($0.trainAccuracy), field($0.energyPerUpdate),
             field($0.pulsesPerUpdate), field($0.driftedAccuracy), quoted($0.status)].joined(separator: ",")
        }
        if let identity { lines.append("# " + identity) }
        do { try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path) } catch { throw UserFacingError(error.description) }
    }
}
