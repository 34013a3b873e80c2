// Versioned schema migrations, one SQL file per version and dialect, compiled into the binary.
#pragma once
#include <string_view>
#include <vector>

namespace bc::store {

struct EmbeddedMigration {
  std::string_view dialect;  // "sqlite" | "postgresql"
  int version;
  std::string_view name;
  std::string_view sql;
};
const std::vector<EmbeddedMigration>& embedded_migrations();

}  // namespace bc::store
