// `bluechannel import|export cables|poles|drop-lines`: the network kinds of the CSV commands, run
// through NetworkService's rules as an administrator (import_command.cpp hands them over).
#pragma once
#include <string>

namespace bc {
struct Config;
}

namespace bc::app {

bool is_network_kind(const std::string& kind);
// Exit code as for the other kinds: 0 done (bad rows listed, also in FILE.errors.csv), 2 refused.
int run_network_import(const Config& cfg, const std::string& kind, const std::string& file, const std::string& encoding,
                       bool dry_run);
int run_network_export(const Config& cfg, const std::string& kind, const std::string& to);

}  // namespace bc::app
