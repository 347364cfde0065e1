// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ClientValue",
    products: [
        .library(name: "ClientValue", targets: ["ClientValue"]),
        .executable(name: "clientvalue", targets: ["clientvalue"]),
    ],
    targets: [
        .target(name: "ClientValue"),
        .target(name: "ClientValueCLI", dependencies: ["ClientValue"]),
        .executableTarget(name: "clientvalue", dependencies: ["ClientValueCLI"]),
        .executableTarget(name: "Benchmarks", dependencies: ["ClientValue"], path: "Benchmarks"),
        .testTarget(name: "ClientValueTests", dependencies: ["ClientValue"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ClientValueCLITests", dependencies: ["ClientValueCLI", "ClientValue"]),
    ],
    swiftLanguageModes: [.v6]
)
