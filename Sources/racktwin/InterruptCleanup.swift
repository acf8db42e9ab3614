import Foundation
import RackTwinIO

/// SIGINT/SIGTERM during `racktwin solve`: remove the results file's temporaries (written as `<file>.tmp-<pid>`,
/// renamed only when complete) and exit 128 + signal, so an interrupted solve leaves no partial output.
final class InterruptCleanup: @unchecked Sendable {
  private var sources: [DispatchSourceSignal] = []

  init(outputs: [String]) {
    let pid = ProcessInfo.processInfo.processIdentifier
    let temporaries = outputs.map { "\($0).tmp-\(pid)" }
    for s in [SIGINT, SIGTERM] {
      Foundation.signal(s, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: s, queue: .global())
      source.setEventHandler {
        for t in temporaries { unlink(t) }
        FileHandle.standardError.write(Data("racktwin: interrupted (signal \(s)); no results written\n".utf8))
        Foundation.exit(128 + s)
      }
      source.resume()
      sources.append(source)
    }
  }
}
