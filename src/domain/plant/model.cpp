#include "domain/plant/model.hpp"

namespace bc::plant {

std::string Address::text() const {
  std::string out;
  for (const std::string* part : {&district, &street, &community, &building, &unit, &room}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ' ';
    out += *part;
  }
  return out;
}

}  // namespace bc::plant
