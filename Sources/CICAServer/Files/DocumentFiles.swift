import Crypto
import Foundation
import NIOCore
import NIOPosix
import CICACore

/// The registry's files on disk, each named by the SHA-256 of its content (`<directory>/ab/abcdef…`), so that a file is
/// never overwritten and the same content is kept once. Files arrive in `<directory>/incoming/` and are moved into place
/// only when they are accepted; a refused upload leaves nothing. Both ways they are streamed a chunk at a time, the
/// disk read and written on NIO's thread pool, never held whole.
///
/// A file moved into place whose database row then failed to commit is never served (nothing refers to it) and can be
/// removed by comparing the directory with `document_versions`.
struct DocumentFiles: Sendable {
    let directory: String
    let limit: Int
    static let chunk = 128 * 1024

    /// What arrived, in `incoming/` until it is kept or discarded.
    struct Received: Sendable {
        var path: String
        var sha256: String
        var size: Int
        var head: [UInt8]
        var isText: Bool
        /// The open file, whose lock tells `sweepIncoming` that the upload is alive.
        var lock: OpenFile? = nil
    }

    /// A file whose content no longer has its checksum: it is not served.
    struct Damaged: Error { var sha256: String }

    init(directory: String?, limit: Int) throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("cica-files-" + UUID().uuidString).path
        self.limit = limit
        try FileManager.default.createDirectory(atPath: self.directory + "/incoming", withIntermediateDirectories: true)
        sweepIncoming()
    }

    /// Removes what a crashed process left in `incoming/`. Every upload in progress holds a lock on its file (`Receiving`),
    /// and the system drops a process's locks when it dies however it dies: a file nobody holds is a dead upload. Other
    /// instances sharing the directory keep theirs. A file is made under a name beginning with a dot and takes that name
    /// only once locked, so a sweep never finds a live upload unlocked; dot-files are left for a minute (the moment
    /// between making and locking, or a process that died in it). The files directory must be on a filesystem whose
    /// locks every instance sees (a local disk, NFSv4; docs/operations.md#files).
    func sweepIncoming(now: Date = Date()) {
        let incoming = directory + "/incoming"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: incoming)) ?? [] {
            let path = incoming + "/" + name
            if name.hasPrefix(".") {
                let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
                if now.timeIntervalSince(modified) > 60 { unlink(path) }
                continue
            }
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0, Self.isSameFile(descriptor, path) { unlink(path) }
        }
    }

    /// Whether the open file is still the one at `path` (not removed or replaced since it was opened).
    static func isSameFile(_ descriptor: Int32, _ path: String) -> Bool {
        var held = stat(), named = stat()
        return fstat(descriptor, &held) == 0 && lstat(path, &named) == 0 && held.st_ino == named.st_ino && held.st_dev == named.st_dev
    }

    func path(of sha256: String) -> String { "\(directory)/\(sha256.prefix(2))/\(sha256)" }

    /// Writes `body` to `incoming/`, hashing it and checking whether it is text as it passes; refuses it past `limit` bytes.
    func receive<Body: AsyncSequence>(_ body: Body) async throws -> Received where Body.Element == ArraySlice<UInt8> {
        var receiving = try Receiving(files: self)
        do {
            for try await chunk in body { try await receiving.write(chunk) }
            return try receiving.finish()
        } catch {
            receiving.abandon()
            throw error
        }
    }

    /// A file being written: what `receive` does, a chunk at a time, for a body read by parts (a form).
    struct Receiving {
        let files: DocumentFiles
        let path: String
        let handle: OpenFile
        var hasher = SHA256()
        var size = 0
        var head: [UInt8] = []
        var text = TextCheck()

        init(files: DocumentFiles) throws {
            self.files = files
            let name = UUID().uuidString
            path = "\(files.directory)/incoming/\(name)"
            // Made under a dot-name, locked, then named: `sweepIncoming` never sees a live upload without its lock. The lock
            // is held until the file is kept or discarded (the handle closes with its last reference).
            let making = "\(files.directory)/incoming/.\(name)"
            let descriptor = open(making, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            guard flock(descriptor, LOCK_SH) == 0, rename(making, path) == 0 else {
                unlink(making)
                throw CocoaError(.fileWriteUnknown)
            }
            self.handle = OpenFile(handle)
        }

        mutating func write(_ bytes: some Collection<UInt8> & Sendable) async throws {
            size += bytes.count
            if size > files.limit { throw FileTooLarge(limit: files.limit) }
            let data = Data(bytes)
            hasher.update(data: data)
            if head.count < CICACore.FileType.headLength { head += data.prefix(CICACore.FileType.headLength - head.count) }
            text.feed(data)
            let handle = self.handle
            try await NIOThreadPool.singleton.runIfActive { try handle.handle.write(contentsOf: data) }
        }

        mutating func write(_ buffer: ByteBuffer) async throws {
            try await write(Array(buffer.readableBytesView))
        }

        func finish() throws -> Received {
            try handle.handle.synchronize()
            return Received(path: path, sha256: Hex.string(hasher.finalize()), size: size, head: head, isText: text.endedAsText, lock: handle)
        }

        func abandon() {
            try? handle.handle.close()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// A file handle that closes itself when the last reference goes, however the stream using it ends; and any other
    /// files it is asked to hold open (and so locked) as long as it lives.
    final class OpenFile: @unchecked Sendable {
        let handle: FileHandle
        private var held: [FileHandle] = []
        init(_ handle: FileHandle) { self.handle = handle }
        /// Only called by the one task that owns the upload.
        func hold(_ other: FileHandle) { held.append(other) }
        deinit {
            try? handle.close()
            for other in held { try? other.close() }
        }
    }

    /// What the received file is, by its content: for a ZIP container, its directory's entry names decide.
    func detect(_ received: Received) async throws -> CICACore.FileType? {
        var entries: [String]? = nil
        if received.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            entries = try await NIOThreadPool.singleton.runIfActive {
                guard let handle = FileHandle(forReadingAtPath: received.path) else { return [] }
                defer { try? handle.close() }
                let tailStart = max(0, received.size - ZIPDirectory.tailLength)
                try handle.seek(toOffset: UInt64(tailStart))
                let tail = Array(try handle.read(upToCount: received.size - tailStart) ?? Data())
                guard let (offset, size) = ZIPDirectory.locate(tail: tail, fileSize: received.size) else { return [] }
                try handle.seek(toOffset: UInt64(offset))
                return ZIPDirectory.names(directory: Array(try handle.read(upToCount: size) ?? Data()))
            }
        }
        return CICACore.FileType.detect(head: received.head, zipEntries: entries, isText: received.isText)
    }

    /// What the received file is, refused when it breaks an upload rule (the file is then removed).
    func check(_ received: Received, declared: String?, filename: String?) async throws -> StoredFile {
        do {
            let (type, name) = try UploadRules.check(size: received.size, detected: try await detect(received), declared: declared, filename: filename)
            return StoredFile(sha256: received.sha256, size: received.size, type: type, filename: name)
        } catch {
            discard(received)
            throw error
        }
    }

    /// Moves an accepted file into place under its checksum; the same content already kept stays as it is.
    ///
    /// Either way the kept file stays locked (shared) by this upload until `received` goes, after the transaction that
    /// names it: `sweepUnnamed` removes only files nobody holds and no row names. When the kept file this upload relies on
    /// was swept between looking and locking, the upload keeps its own copy instead.
    func keep(_ received: Received) throws {
        let target = path(of: received.sha256)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if let existing = FileHandle(forReadingAtPath: target) {
            flock(existing.fileDescriptor, LOCK_SH)
            var held = stat(), named = stat()
            if fstat(existing.fileDescriptor, &held) == 0, stat(target, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                received.lock?.hold(existing)
                try FileManager.default.removeItem(atPath: received.path)
                return
            }
            try? existing.close()
        }
        try FileManager.default.moveItem(atPath: received.path, toPath: target)
    }

    /// Moves kept files that no row names and nobody holds into `unnamed/`: what a process that died between keeping a
    /// file and committing the row that names it left behind. Moved, not deleted, so that a mistake (a server started on
    /// the wrong database in this directory) loses nothing; and not at all when the database names no file while the
    /// directory holds some, or when more than `limit` would go: then the answer says so, for the operator to look.
    /// `isNamed` is asked again once a file is locked, since an upload may have committed its row in between.
    func sweepUnnamed(named: Set<String>, isNamed: (String) async throws -> Bool, limit: Int = 20) async throws -> UnnamedSweep {
        let manager = FileManager.default
        var candidates: [String] = []
        for prefix in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where prefix.count == 2 {
            for name in (try? manager.contentsOfDirectory(atPath: directory + "/" + prefix)) ?? []
            where Backup.isChecksum(name) && name.hasPrefix(prefix) && !named.contains(name) {
                candidates.append(name)
            }
        }
        guard !candidates.isEmpty else { return .none }
        guard !named.isEmpty, candidates.count <= limit else { return .refused(candidates.count) }
        let quarantine = directory + "/unnamed"
        try manager.createDirectory(atPath: quarantine, withIntermediateDirectories: true)
        var moved: [String] = []
        for name in candidates.sorted() {
            let path = self.path(of: name)
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, Self.isSameFile(descriptor, path), try await !isNamed(name) else { continue }
            if rename(path, quarantine + "/" + name) == 0 { moved.append(name) }
        }
        return .moved(moved)
    }

    enum UnnamedSweep: Equatable {
        case none
        case moved([String])
        /// Too many, or a database that names none: nothing was moved.
        case refused(Int)
    }

    func discard(_ received: Received) {
        try? FileManager.default.removeItem(atPath: received.path)
    }

    /// The file's content, after reading it once to check that its checksum is still the one recorded.
    func verifiedChunks(_ file: StoredFile) async throws -> Chunks {
        var hasher = SHA256()
        for try await chunk in try Chunks(path: path(of: file.sha256)) { chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        guard Hex.string(hasher.finalize()) == file.sha256 else { throw Damaged(sha256: file.sha256) }
        return try Chunks(path: path(of: file.sha256))
    }

    /// A file read a chunk at a time as the reader asks for it (so a slow client holds one chunk, not the file).
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ArraySlice<UInt8>
        let file: OpenFile

        init(path: String) throws {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
            file = OpenFile(handle)
        }

        struct AsyncIterator: AsyncIteratorProtocol {
            let file: OpenFile
            mutating func next() async throws -> ArraySlice<UInt8>? {
                let file = self.file
                let data = try await NIOThreadPool.singleton.runIfActive { try file.handle.read(upToCount: DocumentFiles.chunk) }
                guard let data, !data.isEmpty else { return nil }
                return ArraySlice(data)
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(file: file) }
    }
}
