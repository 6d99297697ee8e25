import Crypto
import Foundation
import CICACore
import CICAStore

/// Moving a deployment: the whole database to a directory and back (`cica export`, `cica import`), the registry's files
/// checked by their checksums, the log's signing keys carried as keys to believe.
extension Platform {
    public func exportDatabase(to directory: URL, progress: @escaping @Sendable (TransferStep) -> Void) async throws -> DatabaseExport.Manifest {
        try await DatabaseTransfer.export(database, to: directory, keys: (logKeys.verifiers, logKeys.distrusted), progress: progress)
    }

    /// Restores an export into this (empty) deployment; the registry's files must be in this deployment's files
    /// directory already (copied with it), each with the checksum the export gives. Then the keys that signed the log's
    /// checkpoints are added to this deployment's key file (as retired keys, or distrusted ones as the export says), so
    /// that `cica verify` believes the checkpoints it restored; the keys added are answered.
    public func importDatabase(from directory: URL, progress: @escaping @Sendable (TransferStep) -> Void) async throws -> (DatabaseExport.Manifest, [String]) {
        let files = self.files
        let manifest = try await DatabaseTransfer.restore(directory, into: database, hasFile: { entry in
            guard let data = FileManager.default.contents(atPath: files.path(of: entry.sha256)), data.count == entry.size else { return false }
            return Hex.string(SHA256.hash(data: data)) == entry.sha256
        }, progress: progress)
        var keys = logKeys
        let known = Set((keys.verifiers + keys.distrusted).map(\.description))
        let trusted = manifest.signers.filter { !known.contains($0) }.compactMap(NoteVerifier.init)
        let distrusted = manifest.distrusted.filter { !known.contains($0) }.compactMap(NoteVerifier.init)
        if !(trusted.isEmpty && distrusted.isEmpty), let path = configuration.logKeyFile {
            keys.retired += trusted
            keys.distrusted += distrusted
            try keys.write(to: path)
        }
        return (manifest, (trusted + distrusted).map(\.description))
    }
}
