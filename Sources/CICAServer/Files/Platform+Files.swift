import CICACore
import CICAStore

extension Platform {
    /// The one door for a language version, from the page's form or the API: its next revision with a new title, text or
    /// file. A received file is checked against the upload rules and moved into place inside the writing transaction,
    /// once the version is accepted; a refusal of either removes it, so nothing refused is kept.
    func addVersion(document id: String, language: String?, title: String?, text: String?, file received: DocumentFiles.Received?,
                    declared: String?, filename: String?, actor: Actor) async throws -> LanguageVersion {
        guard let received else {
            return try await documents.addVersion(document: id, language: language, title: title, text: text, file: nil, keep: nil, actor: actor, now: now())
        }
        let stored = try await files.check(received, declared: declared, filename: filename)
        do {
            let files = self.files
            return try await documents.addVersion(document: id, language: language, title: title, text: text, file: stored,
                                                  keep: { try files.keep(received) }, actor: actor, now: now())
        } catch {
            files.discard(received)
            throw error
        }
    }
}

extension Platform {
    /// Moves the kept files no version names and no upload holds into the files directory's `unnamed/`: what a process
    /// that died between keeping a file and committing its row left behind (`cica serve` does it at start). Answers what
    /// it did, for the log.
    public func sweepFiles() async throws -> String? {
        let documents = self.documents
        switch try await files.sweepUnnamed(named: try await documents.fileChecksums(), isNamed: { try await documents.isFileNamed($0) }) {
        case .none: return nil
        case .moved(let names):
            return names.isEmpty ? nil : "Moved \(names.count) kept files no version names into \(files.directory)/unnamed/ (left by a process that stopped between keeping and recording them): \(names.joined(separator: ", "))."
        case .refused(let count):
            return "\(count) kept files in \(files.directory) are named by no version of this database; none was moved (too many, or a database that names no file: is this the right database for this files directory?)."
        }
    }
}
