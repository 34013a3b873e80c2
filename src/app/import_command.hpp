// `bluechannel import KIND FILE` and `bluechannel export KIND --to FILE`: CSV import/export of the
// plant and subscriber archive (docs/plant.md). add_import_commands registers both subcommands;
// after parsing and loading the configuration, run() executes whichever was chosen.
#pragma once
#include <functional>
#include <memory>
#include <optional>

namespace CLI {
class App;
}

namespace bc {
struct Config;
}

namespace bc::app {

class ImportCommands {
 public:
  struct State;
  explicit ImportCommands(std::shared_ptr<State> st) : st_(std::move(st)) {}
  // The exit code when an import or export subcommand was given: 0 done (rows may have been
  // rejected, each listed), 2 the file was refused as a whole; nothing for other subcommands.
  std::optional<int> run(const Config& cfg) const;

 private:
  std::shared_ptr<State> st_;
};

// add_common adds the shared flags (--db, --config, …) to a subcommand, as main does for others.
ImportCommands add_import_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_common);

}  // namespace bc::app
