/// The non-ideal hardware a `DeepResistiveTrainer` trains through (`install(hardware:)`): one
/// device per conductance drawn from a `HardwareConfiguration`, and its converters.
///
/// - **Updates**: the optimizer's change Δg is sent as ⌈|Δg|/Δg_min⌉ pulses, which the device's
///   update model, asymmetry, cycle-to-cycle noise, bounds, levels and stuck state turn into the
///   change it really makes (`DeviceArray.apply`).
/// - **Readings**: each device's measurement ½ΔV², summed over the minibatch in the device's
///   analog accumulator, is read once per measured phase: read noise (`DeviceArray.read`), then
///   the ADC (`HardwarePeripherals.measure`). The nudged-minus-free contrast is formed from the
///   two readings, so read noise and quantization act on the measurement, not on the (β times
///   smaller) gradient — which is why EP under read noise needs a larger β.
///
/// Buffers are made once; an update and a reading allocate nothing.
public final class DeepResistiveHardware {
    public let configuration: HardwareConfiguration
    public internal(set) var devices: DeviceArray
    /// Scratch: one phase's measurements, then their readings.
    var measurement: [Double]
    /// Scratch: the conductances before the optimizer's step.
    var previous: [Double]
    private var desired: [Double]

    init(_ configuration: HardwareConfiguration, count: Int) {
        self.configuration = configuration
        devices = configuration.makeDevices(count: count)
        measurement = [Double](repeating: 0, count: count)
        previous = [Double](repeating: 0, count: count)
        desired = [Double](repeating: 0, count: count)
    }

    /// Whether readings differ from the exact measurements (read noise or an ADC).
    var readsMeasurements: Bool {
        configuration.device.readNoise > 0 || configuration.device.readNoiseAbsolute > 0
            || configuration.peripherals.adc != nil
    }

    /// Readings the ADC clipped to its range since the trainer last took the count.
    public internal(set) var clippedReadings = 0

    /// Reads `measurement` in place: noise, then the ADC (counting the readings outside its range,
    /// which it clips).
    func read() {
        devices.read(&measurement)
        let peripherals = configuration.peripherals
        guard let adc = peripherals.adc else { return }
        for k in measurement.indices {
            if !adc.range.contains(measurement[k]) { clippedReadings += 1 }
            measurement[k] = peripherals.measure(measurement[k])
        }
    }

    /// `values` hold the optimizer's new conductances and `previous` the old: programs the
    /// change onto the devices and leaves in `values` what they hold afterwards. Nil, with the
    /// old conductances back, when a change is not finite.
    func program(_ values: inout [Double]) -> UpdateStatistics? {
        var finite = true
        for k in values.indices {
            desired[k] = values[k] - previous[k]
            finite = finite && desired[k].isFinite
            values[k] = previous[k]
        }
        guard finite else { return nil }
        return devices.apply(desired, to: &values)
    }
}

extension HardwarePeripherals {
    /// `dataset` as the DAC presents it to the network: every feature quantized (unchanged
    /// without a DAC).
    public func converted(_ dataset: Dataset) -> Dataset {
        guard dac != nil else { return dataset }
        return Dataset(featureNames: dataset.featureNames, targetNames: dataset.targetNames,
                       features: dataset.features.map(input), targets: dataset.targets)
    }
}
