import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge sweep FILE.drn --data DATA --parameter KEY --values LIST [--hardware BASE] [any option
/// of 'nudge train'] [--out DIR]`: the same training run at every value of one hardware
/// setting, each in its own run folder DIR/KEY=VALUE/, gathered into DIR/sweep.csv.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train a .drn network once per value of one hardware non-ideality; gather accuracy and energy per update.",
        discussion: """
            KEY is a numeric key of the hardware file (docs/energy.md): levels, dw_min, ctoc, \
            dtod, up_down, stuck, read_noise, read_noise_abs, tolerance, drift, pulse_energy, \
            adc_bits, dac_bits, adc_energy, dac_energy, … Each point starts from --hardware BASE \
            (ideal hardware when not given) with KEY set to the value, and trains with the same \
            seed, data and settings: every option of 'nudge train' for a .drn network applies; \
            --out names the sweep's folder (default runs/sweep-KEY). DIR/sweep.csv has one row per point: \
            parameter,value,test_accuracy,train_accuracy,energy_per_update_joules,\
            programming_pulses_per_update,status. A point whose folder already holds \
            summary.json is read back, not recomputed, so an interrupted sweep resumes where it \
            stopped (each point's row is kept in its folder as sweep_point.csv). 'nudge report \
            DIR' plots it.
            """)

    @OptionGroup var training: TrainCommand

    @Option(help: "The hardware key to sweep (a numeric key of the hardware file).")
    var parameter: String

    @Option(help: "The values, comma-separated (SPICE suffixes allowed), e.g. 4,8,16,64,256.")
    var values: String

    func validate() throws {
        guard training.circuit.file.lowercased().hasSuffix(".drn") else {
            throw ValidationError("nudge sweep trains .drn networks (the layered trainer); \(training.circuit.file) is not one")
        }
        guard training.resume == nil else { throw ValidationError("--resume does not apply to a sweep: run the same sweep again") }
        guard HardwareConfiguration.numericKeys.contains(parameter) else {
            throw ValidationError("--parameter \(parameter) is not a numeric hardware key; one of "
                                  + HardwareConfiguration.numericKeys.joined(separator: ", "))
        }
        _ = try parsedValues()
    }

    func parsedValues() throws -> [Double] {
        let items = values.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty else { throw ValidationError("--values needs at least one value") }
        return try items.map { item in
            guard let value = SpiceQuantity(argument: item)?.value, value.isFinite else {
                throw ValidationError("--values: '\(item)' is not a number")
            }
            return value
        }
    }

    func run() throws {
        try reportingUserErrors {
            let values = try parsedValues()
            let base = try training.loadHardware() ?? .ideal
            let folder = training.out ?? "runs/sweep-\(parameter)"
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw UserFacingError("\(folder): cannot create the sweep folder: \(error.localizedDescription)")
            }
            var points: [(Double, HardwareConfiguration)] = []
            for value in values {
                do { points.append((value, try base.withValue(value, forKey: parameter))) } catch {
                    throw UserFacingError("--parameter \(parameter) = \(value): \(error)")
                }
            }
            print("sweeping \(parameter) over \(values.count) values: \(values.map { String(format: "%g", $0) }.joined(separator: ", "))")
            var rows: [SweepRow] = []
            for (value, hardware) in points {
                let name = String(format: "%@=%g", parameter, value)
                let pointFolder = folder + "/" + name
                if let done = SweepRow.read(from: pointFolder, parameter: parameter, value: value) {
                    print("\(name): done before (\(pointFolder)/summary.json), read back")
                    rows.append(done)
                    continue
                }
                try? FileManager.default.removeItem(atPath: pointFolder)
                var point = training
                point.out = pointFolder
                let (summary, _) = try point.trainLayered(hardware: hardware,
                                                          hardwareFile: (training.hardware ?? "ideal") + " with " + name, quiet: true)
                let row = SweepRow(parameter: parameter, value: value, summary: summary)
                print(row.line)
                rows.append(row)
                try SweepRow.write([row], to: pointFolder + "/" + SweepRow.pointFile)
                try SweepRow.write(rows, to: folder + "/sweep.csv")
            }
            try SweepRow.write(rows, to: folder + "/sweep.csv")
            print("sweep: \(folder)/sweep.csv (nudge report \(folder) plots it)")
        }
    }
}

/// One point of a sweep, as a row of sweep.csv.
struct SweepRow {
    static let header = "parameter,value,test_accuracy,train_accuracy,energy_per_update_joules,programming_pulses_per_update,status"
    var parameter: String
    var value: Double
    var testAccuracy: Double
    var trainAccuracy: Double
    var energyPerUpdate: Double
    var pulsesPerUpdate: Double
    var status: String

    init(parameter: String, value: Double, summary: LayeredTrainingRun.Summary) {
        self.parameter = parameter
        self.value = value
        testAccuracy = summary.testAccuracy
        trainAccuracy = summary.trainAccuracy
        energyPerUpdate = summary.energy?.perUpdateJoules ?? .nan
        pulsesPerUpdate = summary.energy?.pulsesPerUpdate ?? .nan
        status = summary.status
    }

    /// The file in a point's folder that holds its row once its run has finished.
    static let pointFile = "sweep_point.csv"

    /// A point whose run finished before: its row read back from its folder.
    static func read(from folder: String, parameter: String, value: Double) -> SweepRow? {
        guard let text = try? String(contentsOfFile: folder + "/" + pointFile, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n")
        guard lines.count == 2, lines[0] == header else { return nil }
        let fields = lines[1].split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7, fields[0] == parameter, let stored = Double(fields[1]), stored == value else { return nil }
        let numbers = fields[2...5].map { Double($0) ?? .nan }
        var status = fields[6]
        if status.hasPrefix("\"") && status.hasSuffix("\"") && status.count >= 2 {
            status = String(status.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return SweepRow(parameter: parameter, value: value, testAccuracy: numbers[0], trainAccuracy: numbers[1],
                        energyPerUpdate: numbers[2], pulsesPerUpdate: numbers[3], status: status)
    }

    init(parameter: String, value: Double, testAccuracy: Double, trainAccuracy: Double, energyPerUpdate: Double,
         pulsesPerUpdate: Double, status: String) {
        self.parameter = parameter
        self.value = value
        self.testAccuracy = testAccuracy
        self.trainAccuracy = trainAccuracy
        self.energyPerUpdate = energyPerUpdate
        self.pulsesPerUpdate = pulsesPerUpdate
        self.status = status
    }

    var line: String {
        String(format: "%@ = %g: test %.2f%%, train %.2f%%, %@ per update, %.0f pulses per update, %@", parameter, value,
               100 * testAccuracy, 100 * trainAccuracy, EnergyTable.joules(energyPerUpdate), pulsesPerUpdate, status)
    }

    static func write(_ rows: [SweepRow], to path: String) throws {
        func field(_ x: Double) -> String { x.isFinite ? "\(x)" : "nan" }
        func quoted(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        let text = ([header] + rows.map {
            [$0.parameter, field($0.value), field($0.testAccuracy), field($0.trainAccuracy), field($0.energyPerUpdate),
             field($0.pulsesPerUpdate), quoted($0.status)].joined(separator: ",")
        }).joined(separator: "\n") + "\n"
        do { try AtomicFile.write(text, to: path) } catch { throw UserFacingError(error.description) }
    }
}
