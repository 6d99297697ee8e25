// The yardstick for the page benchmark: a Hummingbird application with one route and nothing else (no middleware,
// no database, no rendering), built with the same compiler and flags as the platform. Benchmarks/page-ratio.sh serves
// it next to the platform and reports the platform's pages as a fraction of what this serves in the same run.
import Hummingbird

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 18092
let router = Router()
router.get("/member-states") { _, _ in "Member States" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "bare"))
try await app.runService()
