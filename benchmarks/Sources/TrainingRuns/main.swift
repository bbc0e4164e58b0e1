// training-runs: trains one network on Fashion-MNIST (60,000 train, 10,000 test, from
// `FashionMNIST.load()`) and prints one line per epoch: epoch, train accuracy, test accuracy,
// cumulative wall seconds (training plus the evaluations), with the OpenBLAS core in the header.
// The numbers of benchmarks/README.md "Training runs" come from it. Build and run from
// benchmarks/:
//
//     swift build -c release --product training-runs
//     .build/release/training-runs --model hopfield --hidden 500 --epochs 30 --seed 1
//     .build/release/training-runs --model mlp --hidden 500 --epochs 30 --seed 1 --rate 0.1
//
// `--model hopfield` is `HopfieldTrainer` (EP, SB17's protocol) starting from
// `HopfieldTrainingConfiguration.sb17`; train accuracy is the free phase's on each minibatch
// before its update (what `trainEpoch` reports). `--model mlp` is `MultilayerPerceptron`
// (backprop) with hard-sigmoid hidden and output units and the ½‖y − t‖² loss, SB17's setting;
// train accuracy is `evaluate` on the whole training set after the epoch. Options:
//
//     --hidden N          hidden units (500)          --epochs N       (10)
//     --seed N            initial weights, shuffles, signs of β (1)
//     --batch N           minibatch (20)
//     --rates a,b         Hopfield per-layer rates (0.2,0.1 = SB17's 0.1,0.05)
//     --free-steps N      (20)   --nudged-steps N (4)   --step-size ε (0.5)
//     --beta β            (1 = SB17's 0.5)             --fixed-sign (β always positive)
//     --rate r            MLP learning rate (0.1)     --optimizer sgd|adam (sgd)
//     --momentum m        SGD momentum (0)
//     --decay f           multiply the learning rate(s) by f after every epoch (1: constant)
//     --output-activation hardSigmoid|identity  --loss squaredError|softmaxCrossEntropy
//     --data DIR          the Fashion-MNIST folder (FashionMNIST.defaultDirectory)
import Foundation
import PhysicalNetworks

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("training-runs: \(message)\n".utf8))
    exit(2)
}

struct Options {
    var model = "hopfield"
    var hidden = 500, epochs = 10, seed: UInt64 = 1, batch = 20
    var rates: [Double]? = nil
    var freeSteps: Int? = nil, nudgedSteps: Int? = nil
    var stepSize: Double? = nil, beta: Double? = nil, fixedSign = false
    var rate = 0.1, optimizer = "sgd", momentum = 0.0, decay = 1.0
    var outputActivation = MultilayerPerceptron.Activation.hardSigmoid
    var loss = MultilayerPerceptron.Loss.squaredError
    var data = FashionMNIST.defaultDirectory
}

func parseOptions() -> Options {
    var o = Options()
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        func value() -> String {
            guard let v = arguments.next() else { fail("\(argument) needs a value") }
            return v
        }
        func count() -> Int {
            let text = value()
            guard let n = Int(text), n >= 0 else { fail("\(argument) \(text): not a count") }
            return n
        }
        func real() -> Double {
            let text = value()
            guard let x = Double(text), x.isFinite else { fail("\(argument) \(text): not a number") }
            return x
        }
        switch argument {
        case "--model": o.model = value()
        case "--hidden": o.hidden = count()
        case "--epochs": o.epochs = count()
        case "--seed": o.seed = UInt64(count())
        case "--batch": o.batch = max(count(), 1)
        case "--rates":
            let text = value()
            let rates = text.split(separator: ",").compactMap { Double($0) }
            guard rates.count == 2 else { fail("--rates \(text): expected two numbers a,b") }
            o.rates = rates
        case "--free-steps": o.freeSteps = count()
        case "--nudged-steps": o.nudgedSteps = count()
        case "--step-size": o.stepSize = real()
        case "--beta": o.beta = real()
        case "--fixed-sign": o.fixedSign = true
        case "--rate": o.rate = real()
        case "--optimizer": o.optimizer = value()
        case "--momentum": o.momentum = real()
        case "--decay": o.decay = real()
        case "--output-activation":
            let text = value()
            guard let a = MultilayerPerceptron.Activation(rawValue: text) else { fail("--output-activation \(text): unknown") }
            o.outputActivation = a
        case "--loss":
            let text = value()
            guard let l = MultilayerPerceptron.Loss(rawValue: text) else { fail("--loss \(text): unknown") }
            o.loss = l
        case "--data": o.data = value()
        default: fail("unknown argument \(argument) (see the comment at the top of main.swift)")
        }
    }
    guard o.model == "hopfield" || o.model == "mlp" else { fail("--model \(o.model): expected hopfield or mlp") }
    guard o.optimizer == "sgd" || o.optimizer == "adam" else { fail("--optimizer \(o.optimizer): expected sgd or adam") }
    guard o.decay > 0 && o.decay <= 1 else { fail("--decay \(o.decay): expected 0 < f ≤ 1") }
    guard o.decay == 1 || (o.model == "mlp" && o.optimizer == "sgd" && o.momentum == 0) || o.model == "hopfield" else {
        fail("--decay works with the Hopfield trainer and with plain SGD (no momentum, no Adam: their state would restart)")
    }
    return o
}

let options = parseOptions()
let data: FashionMNIST
do { data = try FashionMNIST.load(directory: options.data) } catch { fail("\(error)") }
let sizes = [data.train.featureCount, options.hidden, data.train.targetCount]
let start = Date()
func seconds() -> Double { Date().timeIntervalSince(start) }
/// One line straight to the descriptor, so that a redirected log shows each epoch as it ends.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
func row(_ epoch: Int, _ train: Double, _ test: Double) {
    say(String(format: "%5d  %.4f  %.4f  %8.1f", epoch, train, test, seconds()))
}

say("# \(CommandLine.arguments.joined(separator: " "))")
say("# OpenBLAS core \(BLASInfo.coreName), \(ProcessInfo.processInfo.activeProcessorCount) cores; Fashion-MNIST \(data.train.count) train, \(data.test.count) test")
switch options.model {
case "hopfield":
    var c = HopfieldTrainingConfiguration.sb17(layerSizes: sizes)
    c.batchSize = options.batch
    if let rates = options.rates { c.learningRates = rates }
    if let n = options.freeSteps { c.freeSteps = n }
    if let n = options.nudgedSteps { c.nudgedSteps = n }
    if let e = options.stepSize { c.stepSize = e }
    if let b = options.beta { c.beta = b }
    if options.fixedSign { c.randomSign = false }
    say("# hopfield \(sizes) batch \(c.batchSize), free \(c.freeSteps), nudged \(c.nudgedSteps), ε \(c.stepSize), β \(c.beta)\(c.randomSign ? " random sign" : ""), rates \(c.learningRates), decay \(options.decay), seed \(options.seed)")
    say("epoch  train   test    wall_s")
    let initialRates = c.learningRates
    var trainer = HopfieldTrainer(configuration: c, seed: options.seed)
    for epoch in 1...max(options.epochs, 1) where options.epochs > 0 {
        if options.decay != 1 && epoch > 1 {
            // The rates are fixed at init; a trainer with the same seed shuffles and draws the
            // signs of β as this one would (both depend on (seed, epoch) only), so the run goes
            // on with the decayed rates and the current parameters.
            let parameters = trainer.parameters
            c.learningRates = initialRates.map { $0 * pow(options.decay, Double(epoch - 1)) }
            trainer = HopfieldTrainer(configuration: c, seed: options.seed)
            trainer.parameters = parameters
        }
        let report = trainer.trainEpoch(on: data.train, epoch: epoch - 1)
        row(epoch, report.trainAccuracy, trainer.accuracy(on: data.test))
    }
default:
    var network = MultilayerPerceptron(layerSizes: sizes, activation: .hardSigmoid,
                                       outputActivation: options.outputActivation, loss: options.loss,
                                       seed: options.seed)
    var optimizer: AnyOptimizer = options.optimizer == "adam"
        ? .adam(Adam(learningRate: options.rate))
        : .sgd(SGD(learningRate: options.rate, momentum: options.momentum))
    say("# mlp \(sizes) hardSigmoid hidden, \(options.outputActivation.rawValue) output, \(options.loss.rawValue), batch \(options.batch), \(options.optimizer) rate \(options.rate)\(options.optimizer == "sgd" ? " momentum \(options.momentum)" : ""), decay \(options.decay), seed \(options.seed)")
    say("epoch  train   test    wall_s")
    for epoch in 1...max(options.epochs, 1) where options.epochs > 0 {
        if options.decay != 1 { optimizer = .sgd(SGD(learningRate: options.rate * pow(options.decay, Double(epoch - 1)))) }
        network.trainEpoch(on: data.train, batchSize: options.batch, epoch: epoch - 1, seed: options.seed,
                           optimizer: &optimizer)
        row(epoch, network.evaluate(data.train).accuracy, network.evaluate(data.test).accuracy)
    }
}
