// benchmark-netlists DIRECTORY [OPTION=VALUE ...]
// Writes every benchmark circuit as DIRECTORY/<name>.cir, with the given `.options`
// assignments (e.g. reltol=1e-7), and prints one line per file: name, path, tstep, tstop.
import BenchmarkCircuits
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: benchmark-netlists DIRECTORY [OPTION=VALUE ...]\n".utf8))
    exit(1)
}
let directory = arguments[1]
let options = Array(arguments.dropFirst(2))
for circuit in BenchmarkCircuits.all {
    let path = "\(directory)/\(circuit.name).cir"
    do {
        // Atomic: a complete file or none.
        try circuit.netlist(options: options).write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("benchmark-netlists: cannot write \(path): \(error)\n".utf8))
        exit(1)
    }
    print(circuit.name, path, circuit.outputStep, circuit.stopTime)
}
