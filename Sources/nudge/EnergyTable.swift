import Foundation
import PhysicalNetworks

/// The energy of one update as the terminal shows it: the parts, the physical time, and the
/// digital processors' figures for the same step with the ratio analog/digital.
enum EnergyTable {
    static func joules(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        let units: [(Double, String)] = [(1, "J"), (1e-3, "mJ"), (1e-6, "µJ"), (1e-9, "nJ"), (1e-12, "pJ"), (1e-15, "fJ")]
        let unit = units.first { abs(x) >= $0.0 } ?? units[units.count - 1]
        return String(format: "%.3f %@", x / unit.0, unit.1)
    }

    static func lines(energy: DeepResistiveEnergyReport, digital: DigitalComparison?) -> [String] {
        var lines = [
            "energy per update (minibatch of \(energy.batchSize), mean over the last epoch's \(energy.updates) updates): "
                + "\(joules(energy.perUpdateJoules)), physical time \(String(format: "%.3g", energy.physicalSecondsPerUpdate)) s",
        ]
        for part in energy.perUpdate.parts {
            lines.append("  " + part.name.padding(toLength: 34, withPad: " ", startingAt: 0) + joules(part.joules).leftPadded(12))
        }
        lines.append(String(format: "  per sample %@, per epoch %@ (%d updates); %.0f DAC and %.0f ADC conversions, %.0f pulses per update",
                            joules(energy.perSampleJoules), joules(energy.perEpochJoules), energy.updates,
                            energy.dacConversionsPerUpdate, energy.adcConversionsPerUpdate, energy.pulsesPerUpdate))
        if let digital {
            lines.append("the same update on digital hardware:")
            for baseline in digital.baselines {
                lines.append("  " + baseline.name.padding(toLength: 64, withPad: " ", startingAt: 0)
                             + joules(baseline.energy.total).leftPadded(12)
                             + String(format: "   analog/digital %.2e", energy.perUpdateJoules / baseline.energy.total))
            }
            lines.append("assumptions:")
            lines += (energy.assumptions + digital.assumptions).map { "  - " + $0 }
        }
        return lines
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
