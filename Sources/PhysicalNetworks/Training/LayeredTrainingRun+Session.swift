import Foundation

extension LayeredTrainingRun {
    /// What every process of a run prepares alike and does alike each epoch: the trainer (with
    /// its hardware and the checkpoint's state when resuming), the energy meter, and the epoch
    /// itself — the collective operations of a data-parallel run happen here, in the same order
    /// on every process.
    final class Session {
        let configuration: LayeredTrainingConfiguration
        let description: DeepResistiveNetworkDescription
        let trainer: DeepResistiveTrainer
        let meter: ResistiveLayersEnergyMeter
        let communicator: any Communicator
        /// The data as the network sees it (through its DAC, with hardware).
        let train: Dataset
        let test: Dataset
        let fingerprint: String
        var startEpoch = 0
        var records: [MetricsRecord] = []
        var energy: DeepResistiveEnergyReport?
        var epochStarting: (Int) -> Void = { _ in }

        init(_ configuration: LayeredTrainingConfiguration, description: DeepResistiveNetworkDescription,
             train: Dataset, test: Dataset, folder: RunFolder, resume: Bool, communicator: any Communicator) throws {
            self.configuration = configuration
            self.description = description
            self.communicator = communicator
            trainer = try DeepResistiveTrainer(description, configuration: configuration.training, seed: configuration.seed)
            trainer.communicator = communicator
            var (train, test) = (train, test)
            if let hardware = configuration.hardware {
                try trainer.install(hardware: hardware)
                train = hardware.peripherals.converted(train)
                test = hardware.peripherals.converted(test)
            }
            self.train = train
            self.test = test
            meter = ResistiveLayersEnergyMeter(layers: trainer.layers, capacitance: description.capacitance,
                                               phaseDuration: .nan, capacity: configuration.training.batchSize)
            trainer.energyMeter = meter
            fingerprint = Checkpoint.fingerprint(of: configuration.fingerprintText
                                                 + "|\(description)|\(train.contentIdentity);\(test.contentIdentity)")
            if resume {
                let checkpoint = try Checkpoint.load(from: folder.checkpointPath, expectingFingerprint: fingerprint)
                trainer.setParameters(checkpoint.parameters, optimizer: checkpoint.optimizer)
                startEpoch = checkpoint.epoch
                records = try metrics(of: checkpoint, path: folder.checkpointPath)
                energy = try? JSONDecoder().decode(DeepResistiveEnergyReport.self,
                                                   from: Data(contentsOf: URL(fileURLWithPath: folder.file(energyFile))))
                if trainer.hardware != nil { trainer.restoreDevices(try loadDevices(folder, epoch: checkpoint.epoch)) }
            }
            try checkAgreement(folder: folder)
        }

        /// The devices of a run on non-ideal hardware as the checkpoint of `epoch` left them.
        private func loadDevices(_ folder: RunFolder, epoch: Int) throws(RunFileError) -> DeviceArray {
            let path = folder.file(devicesFile(epoch: epoch))
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RunFileError("a run on non-ideal hardware resumes from its devices' state, and this file is missing", path: path)
            }
            do {
                return try Session.decoder.decode(DeviceArray.self, from: data)
            } catch {
                throw RunFileError("cannot read the devices' state: \(error)", path: path)
            }
        }

        /// Writes the devices' state after `epoch` (rank 0, just before that epoch's checkpoint).
        func saveDevices(_ folder: RunFolder, epoch: Int) throws(RunFileError) {
            guard let devices = trainer.hardware?.devices else { return }
            let path = folder.file(devicesFile(epoch: epoch))
            let data: Data
            do { data = try Session.encoder.encode(devices) } catch {
                throw RunFileError("cannot encode the devices' state: \(error)", path: path)
            }
            try AtomicFile.write(String(decoding: data, as: UTF8.self), to: path)
        }

        /// Removes the devices' state of `epoch` once a later checkpoint stands (whatever
        /// moment a run is stopped at, the checkpoint's own epoch has its devices' file).
        func removeDevices(_ folder: RunFolder, epoch: Int) {
            try? FileManager.default.removeItem(atPath: folder.file(devicesFile(epoch: epoch)))
        }

        /// JSON that keeps infinite and NaN values (an unbounded device, an unused stuck value).
        static var encoder: JSONEncoder {
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return encoder
        }

        static var decoder: JSONDecoder {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return decoder
        }

        /// The processes of a parallel run must start alike — the same settings and data, the same
        /// epoch and conductances (each reads the checkpoint itself) — or their collective
        /// operations would not match: every process compares these with the others' (as exact
        /// maxima and minima), and all of them refuse the run together if any differs.
        private func checkAgreement(folder: RunFolder) throws {
            guard communicator.size > 1 else { return }
            // 52-bit digests, exact in a Double.
            let settings = UInt64(fingerprint.prefix(13), radix: 16) ?? 0
            let conductances = trainer.parameters.reduce(UInt64(0)) { ($0 &* 31) ^ $1.bitPattern } >> 12
            let facts = [Double(startEpoch), Double(configuration.epochs), Double(train.count), Double(test.count),
                         Double(settings), Double(conductances)]
            let disagree = facts.contains { communicator.maximum($0) != -communicator.maximum(-$0) }
            if disagree {
                throw RunFileError("the processes do not agree on the run (settings, data, epoch or conductances): "
                                   + "is the run folder on a file system every process sees, and the data the same?",
                                   path: folder.path)
            }
        }

        /// Before an epoch: the phase time measured on sample 0 (every process alike, not part of
        /// the epoch's training time), and the energy meter zeroed.
        func prepareEpoch(_ epoch: Int) {
            epochStarting(epoch)
            let settling = train.isEmpty ? nil : ResistiveLayersSettling(layers: trainer.layers, capacitance: description.capacitance)
                .measure(train, row: 0, parameters: trainer.parameters)
            meter.phaseDuration = settling?.settlingTime ?? .nan
            meter.switchingFactor = settling?.switchingFactor ?? .nan
            meter.reset()
        }

        /// One epoch (after `prepareEpoch`): the minibatches, shared over the processes, and the
        /// energy meter's totals summed over the processes.
        func trainEpoch(_ epoch: Int, progress: (Int, Double) -> Void = { _, _ in }) throws(DeepResistiveTrainingError)
            -> DeepResistiveEpochReport {
            let report = try trainer.trainEpoch(on: train, epoch: epoch, progress: progress)
            if communicator.size > 1 { meter.sum(over: communicator) }
            return report
        }

        /// A process other than rank 0: trains every epoch alongside it and writes nothing. A
        /// failed relaxation fails on every process in the same minibatch (they agree on every
        /// sweep), so it stops here as rank 0 stops, leaving rank 0 to report it.
        func work() throws -> Summary {
            var status = "completed"
            for epoch in startEpoch..<max(configuration.epochs, startEpoch) {
                prepareEpoch(epoch)
                do {
                    _ = try trainEpoch(epoch)
                } catch {
                    status = error.description
                    break
                }
            }
            return Summary(status: status, epochs: max(configuration.epochs, startEpoch), trainAccuracy: .nan,
                           trainCost: .nan, testAccuracy: .nan, testCost: .nan, wallSeconds: .nan, samplesPerSecond: .nan,
                           cosine: .nan, blockCosines: [], baseline: nil, json: .null)
        }
    }
}
