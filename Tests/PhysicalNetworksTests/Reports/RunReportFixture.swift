import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Synthetic run folders for the report tests.
enum RunReportFixture {
    static let metrics = """
        epoch,train_cost,train_accuracy,test_cost,test_accuracy,ep_exact_cosine,wall_seconds,energy_per_epoch_joules
        1,0.4,0.5,0.3,0.75,0.5,0.08,1e-06
        2,0.25,0.8,0.2,0.875,nan,0.05,2e-06
        3,0.125,0.9,0.1,0.9375,0.98,0.06,4e-06

        """
    static let baseline = """
        epoch,train_accuracy,test_accuracy,train_loss,test_loss
        1,0.6,0.7,0.3,0.35
        2,0.9,0.85,0.1,0.15
        3,0.95,0.9,0.05,0.1

        """
    static let summary = """
        {"status": "completed", "ep": {"test_accuracy": 0.9375, "epochs": 3}, "openblas_core": "Cooperlake",
         "ep_exact_cosine_per_block": [0.5, 0.25],
         "energy": {"per_update_joules": 1.5e-9, "per_sample_joules": 5e-11, "per_epoch_joules": 3e-8,
                    "physical_seconds_per_update": 4e-6,
                    "parts": [{"name": "resistor heat, free phase", "joules": 1e-9},
                              {"name": "resistor heat, nudged phases", "joules": 4e-10},
                              {"name": "update pulses", "joules": 1e-10}],
                    "assumptions": ["supply at 1 V", "a <b> & c"]},
         "digital": {"baselines": [{"name": "BP MLP, 45 nm (Horowitz 2014)", "joules": 2e-6, "flops": 1000, "bytes": 4000,
                                    "parts": [{"name": "arithmetic", "joules": 5e-7}, {"name": "memory", "joules": 1.5e-6}]},
                                   {"name": "EP digital, 7 nm", "joules": 3e-7}],
                     "assumptions": ["DRAM at 640 pJ per 32-bit word"]},
         "analog_digital_ratio": [{"baseline": "BP MLP, 45 nm (Horowitz 2014)", "ratio": 7.5e-4}]}
        """
    static let configuration = """
        {
          "data" : "digits <small> & \\"quoted\\"",
          "epochs" : 3
        }
        """
    static let sweep = """
        parameter,value,test_accuracy,train_accuracy,energy_per_update_joules,status
        beta,1e-06,0.9,0.92,1e-09,completed
        beta,1e-05,0.91,0.93,1e-08,completed
        beta,0.0001,0.85,0.86,1e-07,completed
        beta,0.001,nan,nan,nan,failed

        """

    /// A run folder with every file the report reads.
    static func makeFullRun(in folder: String) throws {
        try write(metrics, folder, "metrics.csv")
        try write(baseline, folder, "baseline_metrics.csv")
        try write(summary, folder, "summary.json")
        try write(configuration, folder, "configuration.json")
        try write("nudge train circuits/xor.cir --out runs/x\n", folder, "command.txt")
    }

    static func write(_ text: String, _ folder: String, _ name: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    /// Parses `text` as XML, failing the test with the parser's error if it is not well formed.
    static func assertWellFormedXML(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let parser = XMLParser(data: Data(text.utf8))
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
    }
}
