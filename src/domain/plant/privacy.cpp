#include "domain/plant/privacy.hpp"

#include "domain/auth/access.hpp"

namespace bc::plant {
using org::Role;

bool shown_by_default(Role r, PiiField f) {
  if (f == PiiField::id_number) return false;  // nobody needs it to do the day's work
  return r != Role::auditor;                   // phones and addresses: everyone who serves the subscriber
}

bool may_reveal(Role r, PiiField) { return auth::has(r, auth::Permission::pii_reveal); }

std::string mask_phone(std::string_view p) {
  if (p.size() <= 4) return std::string(p.size(), '*');
  const std::size_t keep_head = p.size() >= 11 ? 3 : 2, keep_tail = 4;
  if (p.size() <= keep_head + keep_tail) return std::string(p.substr(0, 1)) + std::string(p.size() - 1, '*');
  return std::string(p.substr(0, keep_head)) + std::string(p.size() - keep_head - keep_tail, '*') +
         std::string(p.substr(p.size() - keep_tail));
}

std::string mask_id_number(std::string_view id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') + std::string(id.substr(id.size() - 4));
}

std::string_view to_string(PiiField f) {
  switch (f) {
    case PiiField::phones: return "phones";
    case PiiField::id_number: return "idNumber";
    case PiiField::address: return "address";
  }
  return "";
}

}  // namespace bc::plant
