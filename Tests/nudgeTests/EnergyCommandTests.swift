import Foundation
import XCTest

/// `nudge energy FILE|RUN_DIR [--json]`: a netlist's relaxation ledger against its closed form, a
/// .drn network's switch-on, a run's energy per update, and the errors.
final class EnergyCommandTests: XCTestCase {
    /// The divider of PHYSICS.md case 1 with 1 mF at its output, charged from zero: the capacitor
    /// ends with ½CV² at V = 1/3 V, and the source delivers the heat plus that.
    func testNetlistLedgerBalancesAndStoresHalfCVSquared() throws {
        let run = try CommandLineRun.run(["energy", "circuits/divider.cir", "--json"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let ledger = try XCTUnwrap(json["ledger"] as? [String: Any])
        let stored = try XCTUnwrap(ledger["stored_change"] as? Double)
        XCTAssertEqual(stored, 0.5 * 1e-3 / 9, accuracy: 1e-6 * 0.5e-3 / 9)
        let delivered = try XCTUnwrap(ledger["total_delivered"] as? Double)
        let heat = try XCTUnwrap(ledger["total_dissipated"] as? Double)
        XCTAssertEqual(delivered, heat + stored, accuracy: 1e-4 * delivered, "at the relaxation's default tolerances")
        XCTAssertNotNil((ledger["delivered"] as? [String: Any])?["v0"], "\(ledger)")
        let table = try CommandLineRun.run(["energy", "circuits/divider.cir"])
        XCTAssertEqual(table.status, 0, table.standardError)
        XCTAssertTrue(table.standardOutput.contains("delivered by sources:"), table.standardOutput)
        XCTAssertTrue(table.standardOutput.contains("v0"), table.standardOutput)
    }

    func testDRNWithoutInputsIsAClearError() throws {
        let run = try CommandLineRun.run(["energy", "circuits/drn_digits.drn"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("inputs = "), run.standardError)
    }

    func testDRNWithInputsReportsItsSwitchOn() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.url.appendingPathComponent("n.drn")
        try "layers = 3 5 2\ngain = 4\ndiode = ideal\nbias_high = 1\nbias_low = 0\ninputs = 0.5 0.2 0.9\ncapacitance = 1p\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try CommandLineRun.run(["energy", file.path, "--json"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(json["settled"] as? Bool, true)
        XCTAssertGreaterThan(try XCTUnwrap(json["transient_heat_joules"] as? Double), 0)
        XCTAssertGreaterThan(try XCTUnwrap(json["stored_energy_joules"] as? Double), 0)
    }

    func testRunFolderPrintsTheEnergyPerUpdate() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run").path
        let train = try CommandLineRun.run(["train", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1", "--batch", "64",
                                            "--probe", "0", "--hardware", "circuits/drn_digits.hardware", "--out", folder])
        XCTAssertEqual(train.status, 0, train.standardError)
        let run = try CommandLineRun.run(["energy", folder])
        XCTAssertEqual(run.status, 0, run.standardError)
        for text in ["energy per update", "programming pulses", "ADC conversions", "analog/digital", "assumptions:"] {
            XCTAssertTrue(run.standardOutput.contains(text), "\(text) in \(run.standardOutput)")
        }
        let json = try CommandLineRun.run(["energy", folder, "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let energy = try XCTUnwrap(object["energy"] as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(energy["programming_pulses_per_update"] as? Double), 0)
        XCTAssertNotNil(object["analog_digital_ratio"])
    }

    func testMissingTargetsAreClearErrors() throws {
        let missing = try CommandLineRun.run(["energy", "no/such/thing"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains("no/such/thing: no such file or run folder"), missing.standardError)
        let scratch = try TemporaryDirectory()
        let empty = try CommandLineRun.run(["energy", scratch.url.path])
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.standardError.contains("summary.json"), empty.standardError)
    }

    /// A malformed hardware file stops `nudge train` before anything is written, at its line.
    func testMalformedHardwareFileIsRefusedAtItsLine() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.url.appendingPathComponent("bad.hardware")
        try "levels = 64\nbounds = 1u 1m\nctoc = lots\n".write(to: file, atomically: true, encoding: .utf8)
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1",
                                          "--hardware", file.path, "--out", folder.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("bad.hardware:3:"), run.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))
    }
}
