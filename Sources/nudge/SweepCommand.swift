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
            dtod, up_down, stuck, read_noise, read_noise_abs, tolerance, drift, drift_dtod (drift \
            changes only the accuracy a year later, its own column), pulse_energy, adc_bits, \
            dac_bits, adc_energy, dac_energy, … Each point starts from --hardware BASE \
            (ideal hardware when not given) with KEY set to the value, and trains with the same \
            seed, data and settings: every option of 'nudge train' for a .drn network applies; \
            --out names the sweep's folder (default runs/sweep-KEY). DIR/sweep.csv has one row per point: \
            parameter,value,test_accuracy,train_accuracy,energy_per_update_joules,\
            programming_pulses_per_update,accuracy_after_1_year,status. A point whose folder already holds \
            summary.json is read back, not recomputed, so an interrupted sweep resumes where it \
            stopped (each point's row is kept in its folder as sweep_point.csv, with the settings \
            it ran with; a point run with other settings is run again). 'nudge report DIR' plots \
            it.
            """)

    @OptionGroup var training: TrainCommand

    @Option(help: "The hardware key to sweep (a numeric key of the hardware file).")
    var parameter: String

    @Option(parsing: .unconditional, help: "The values, comma-separated (SPICE suffixes allowed), e.g. 4,8,16,64,256 or -0.1,0,0.1.")
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
            let communicator = try ParallelRuntime.communicator()
            try ParallelRuntime.guarding(communicator) { try sweep(communicator) }
        }
    }

    /// Trains this process's points (every `size`-th, from its rank), then rank 0 gathers every
    /// point's row into sweep.csv.
    private func sweep(_ communicator: any Communicator) throws {
        let values = try parsedValues()
        let base = try training.loadHardware() ?? .ideal
        var points: [(Double, HardwareConfiguration)] = []
        for value in values {
            let hardware: HardwareConfiguration
            do { hardware = try base.withValue(value, forKey: parameter) } catch {
                throw UserFacingError("--parameter \(parameter) = \(value): \(error)")
            }
            try TrainCommand.checkLayered(hardware, file: "--parameter \(parameter) = \(value)")
            points.append((value, hardware))
        }
        // Every point is valid: now the folder.
        let folder = training.out ?? "runs/sweep-\(parameter)"
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw UserFacingError("\(folder): cannot create the sweep folder: \(error.localizedDescription)")
        }
        // What a finished point must have been run with to be read back instead of rerun
        // (the options, and the base hardware's settings whatever file they came from).
        let identity = RunFolder.shellQuoted(training.arguments(excludingOut: true)) + " --parameter \(parameter)"
            + " (hardware \(Checkpoint.fingerprint(of: base.fileContents)))"
        let label = communicator.size > 1 ? "process \(communicator.rank) of \(communicator.size): " : ""
        if communicator.isRoot {
            print("sweeping \(parameter) over \(values.count) values: \(values.map { SweepRow.text($0) }.joined(separator: ", "))"
                  + (communicator.size > 1 ? " on \(communicator.size) processes" : ""))
        }
        var rows: [SweepRow?] = Array(repeating: nil, count: points.count)
        for (index, (value, hardware)) in points.enumerated() where index % communicator.size == communicator.rank {
            let name = parameter + "=" + SweepRow.text(value)
            let pointFolder = folder + "/" + name
            if let done = SweepRow.read(from: pointFolder, parameter: parameter, value: value, identity: identity) {
                print("\(label)\(name): done before with the same settings (\(pointFolder)/\(SweepRow.pointFile)), read back")
                rows[index] = done
                continue
            }
            try? FileManager.default.removeItem(atPath: pointFolder)
            var point = training
            point.out = pointFolder
            let (summary, _) = try point.trainLayered(hardware: hardware,
                                                      hardwareFile: (training.hardware ?? "ideal") + " with " + name, quiet: true)
            let row = SweepRow(parameter: parameter, value: value, summary: summary)
            print(label + row.line)
            rows[index] = row
            try SweepRow.write([row], to: pointFolder + "/" + SweepRow.pointFile, identity: identity)
            if communicator.size == 1 { try SweepRow.write(rows.compactMap { $0 }, to: folder + "/sweep.csv") }
        }
        communicator.barrier()
        guard communicator.isRoot else { return }
        // Every process's points, read back from their folders, in the order of --values.
        for (index, (value, _)) in points.enumerated() where rows[index] == nil {
            let pointFolder = folder + "/" + parameter + "=" + SweepRow.text(value)
            guard let row = SweepRow.read(from: pointFolder, parameter: parameter, value: value, identity: identity) else {
                throw UserFacingError("\(pointFolder)/\(SweepRow.pointFile): the point's row is missing after its process finished")
            }
            rows[index] = row
        }
        try SweepRow.write(rows.compactMap { $0 }, to: folder + "/sweep.csv")
        print("sweep: \(folder)/sweep.csv (nudge report \(folder) plots it)")
    }
}
