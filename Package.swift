// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "nudge",
    products: [
        .library(name: "PhysicalNetworks", targets: ["PhysicalNetworks"]),
        .library(name: "QuantumNetworks", targets: ["QuantumNetworks"]),
        .executable(name: "nudge", targets: ["nudge"]),
    ],
    // `swift build --traits MPI` (make mpi): `nudge train` and `nudge sweep` run under mpirun
    // (Open MPI's libopenmpi-dev); the default build needs no MPI.
    traits: [
        .trait(name: "MPI", description: "Data-parallel training and distributed sweeps over MPI (mpirun -n P nudge ...)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            name: "CKLU",
            providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CMPI", pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]),
        .target(
            name: "PhysicalNetworks",
            dependencies: ["CFFTW", "CBLAS", "CKLU", "CZlib"],
            swiftSettings: [.define("NUDGE_INVARIANTS", .when(configuration: .debug))]),
        .target(
            name: "QuantumNetworks",
            dependencies: ["PhysicalNetworks", "CBLAS"]),
        .executableTarget(
            name: "nudge",
            dependencies: [
                "PhysicalNetworks",
                "QuantumNetworks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CMPI", condition: .when(traits: ["MPI"])),
            ]),
        .testTarget(
            name: "PhysicalNetworksTests",
            dependencies: ["PhysicalNetworks"],
            resources: []),
        .testTarget(
            name: "QuantumNetworksTests",
            dependencies: ["QuantumNetworks", "PhysicalNetworks"]),
        .testTarget(
            name: "nudgeTests",
            dependencies: ["nudge", "PhysicalNetworks"]),
    ]
)
