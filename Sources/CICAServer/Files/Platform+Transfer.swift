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
    /// directory already (copied with it), each with the checksum the export gives. Answers the manifest and the keys
    /// whose signatures are on the restored checkpoints and that this deployment does not know yet: the command checks
    /// the log with them, and only then `trust`s them.
    public func importDatabase(from directory: URL, progress: @escaping @Sendable (TransferStep) -> Void)
        async throws -> (manifest: DatabaseExport.Manifest, trusted: [NoteVerifier], distrusted: [NoteVerifier]) {
        let files = self.files
        let manifest = try await DatabaseTransfer.restore(directory, into: database, hasFile: { entry in
            guard let data = FileManager.default.contents(atPath: files.path(of: entry.sha256)), data.count == entry.size else { return false }
            return Hex.string(SHA256.hash(data: data)) == entry.sha256
        }, progress: progress)
        let known = Set((logKeys.verifiers + logKeys.distrusted).map(\.description))
        return (manifest, manifest.signers.filter { !known.contains($0) }.compactMap(NoteVerifier.init),
                manifest.distrusted.filter { !known.contains($0) }.compactMap(NoteVerifier.init))
    }

    /// Adds keys to this deployment's key file: as retired keys, whose checkpoints are believed, or as distrusted ones.
    public func trust(_ trusted: [NoteVerifier], distrusted: [NoteVerifier]) throws {
        guard !(trusted.isEmpty && distrusted.isEmpty), let path = configuration.logKeyFile else { return }
        var keys = logKeys
        keys.retired += trusted
        keys.distrusted += distrusted
        try keys.write(to: path)
    }
}
