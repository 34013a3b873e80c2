// Who sees subscribers' personal data unmasked, and how masked values look. Pure functions.
#pragma once
#include <string>
#include <string_view>

#include "domain/org/enums.hpp"

namespace bc::plant {

enum class PiiField { phones, id_number, address };

// Shown in full by default (the view is still logged).
bool shown_by_default(org::Role r, PiiField f);
// May ask to see it, giving a reason (logged).
bool may_reveal(org::Role r, PiiField f);

std::string mask_phone(std::string_view p);      // 13812345678 → 138****5678
std::string mask_id_number(std::string_view id); // 430103198001011234 → 4301**********1234

std::string_view to_string(PiiField f);

}  // namespace bc::plant
