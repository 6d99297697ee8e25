import CICACore
import CICAStore
import Foundation
import OpenAPIRuntime

/// The log part of the API, public: the platform's key, its checkpoints and the proofs that tie leaves and
/// checkpoints together.
extension PlatformAPI {
    func getLogKey(_ input: Operations.GetLogKey.Input) async throws -> Operations.GetLogKey.Output {
        .ok(.init(body: .plainText(HTTPBody("\(platform.logKeys.key.verifier)\n"))))
    }

    func getLogCheckpoint(_ input: Operations.GetLogCheckpoint.Input) async throws -> Operations.GetLogCheckpoint.Output {
        guard let checkpoint = try await platform.log.checkpoint(size: nil) else {
            throw NotFound(entity: Message("entity.checkpoint"), key: "latest", hint: nil)
        }
        return .ok(.init(body: .plainText(HTTPBody(checkpoint.note))))
    }

    func getLogCheckpointOfSize(_ input: Operations.GetLogCheckpointOfSize.Input) async throws -> Operations.GetLogCheckpointOfSize.Output {
        guard let checkpoint = try await platform.log.checkpoint(size: input.path.size) else {
            throw NotFound(entity: Message("entity.checkpoint"), key: "\(input.path.size)", hint: Message("api.log.checkpoint.hint"))
        }
        return .ok(.init(body: .plainText(HTTPBody(checkpoint.note))))
    }

    func getLogInclusion(_ input: Operations.GetLogInclusion.Input) async throws -> Operations.GetLogInclusion.Output {
        let (index, size) = (input.query.index, input.query.size)
        guard index < size else {
            throw InvalidInput(field: "index", reason: Message("reason.log.indexBeyondSize"))
        }
        guard let proof = try await platform.log.inclusion(index: index, size: size) else {
            throw NotFound(entity: Message("entity.logTree"), key: "\(size)", hint: Message("api.log.checkpoint.hint"))
        }
        return .ok(.init(body: .json(.init(index: index, size: size, leafHash: MerkleLog.hex(proof.leafHash), proof: proof.proof.map(MerkleLog.hex)))))
    }

    func getLogConsistency(_ input: Operations.GetLogConsistency.Input) async throws -> Operations.GetLogConsistency.Output {
        let (old, new) = (input.query.old, input.query.new)
        guard old <= new else { throw InvalidInput(field: "old", reason: Message("reason.log.oldAfterNew")) }
        guard let proof = try await platform.log.consistency(old: old, new: new) else {
            throw NotFound(entity: Message("entity.logTree"), key: "\(new)", hint: Message("api.log.checkpoint.hint"))
        }
        return .ok(.init(body: .json(.init(old: old, new: new, proof: proof.map(MerkleLog.hex)))))
    }
}
